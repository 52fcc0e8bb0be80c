/// Tells German from English by counting common words: enough for
/// `kg draft` when `--lang` is not given.
///
///     LanguageDetector.detect("Xiaomi und Ikea schließen eine Partnerschaft.")   // "de"
public enum LanguageDetector {
    static let stopWords: [String: Set<String>] = [
        "de": ["der", "die", "das", "und", "ist", "nicht", "mit", "sich", "auf", "für", "den", "dem", "ein", "eine", "einen",
               "auch", "von", "zu", "im", "wird", "hat", "sind", "werden", "bei", "dass", "noch", "wie", "nach", "aus", "oder"],
        "en": ["the", "and", "is", "of", "to", "in", "that", "with", "for", "on", "as", "it", "was", "are", "be", "by",
               "this", "has", "have", "from", "an", "will", "its", "which", "or", "at", "but", "not", "were", "their"],
    ]

    /// "de" or "en", whichever has more stop words in `text` (English on a tie).
    public static func detect(_ text: String) -> String {
        var counts: [String: Int] = [:]
        for word in SentenceTokens.words(text) {
            let w = word.lowercased()
            for (language, words) in stopWords where words.contains(w) { counts[language, default: 0] += 1 }
        }
        return (counts["de"] ?? 0) > (counts["en"] ?? 0) ? "de" : "en"
    }
}
