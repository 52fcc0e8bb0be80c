import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

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
        let counts = count(text)
        return counts.de > counts.en ? "de" : "en"
    }

    /// The language of one sentence of an article in `language`: the other
    /// language only when the sentence clearly is in it (an English quote in
    /// a German article: three stop words more, or two and none of the article's).
    static func detect(sentence: String, in language: String) -> String {
        let counts = count(sentence)
        if language == "de", counts.en >= counts.de + 3 || (counts.en >= 2 && counts.de == 0) { return "en" }
        if language == "en", counts.de >= counts.en + 3 || (counts.de >= 2 && counts.en == 0) { return "de" }
        return language
    }

    private static func count(_ text: String) -> (de: Int, en: Int) {
        var de = 0, en = 0
        for word in SentenceTokens.words(text) {
            let w = word.lowercased()
            if stopWords["de"]!.contains(w) { de += 1 }
            if stopWords["en"]!.contains(w) { en += 1 }
        }
        return (de, en)
    }
}
