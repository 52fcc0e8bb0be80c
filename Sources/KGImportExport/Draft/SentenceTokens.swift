import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// A word or punctuation mark of a sentence, as `kg draft` reads it.
/// Words keep inner hyphens, apostrophes and dots ("Xiaomi-Produkten",
/// "OpenAI’s", "JD.com", "16.000"), so a name inside a compound is found
/// by looking into the word, never across words.
struct SentenceToken: Sendable, Hashable {
    var text: String
    var isWord: Bool
    /// Offset of the token in the sentence, in characters.
    var offset: Int

    var lower: String { text.lowercased() }
}

/// Cuts a sentence into ``SentenceToken``s.
enum SentenceTokens {
    private static let joiners: Set<Character> = ["-", "'", "’", ".", "&", "/", "_", "+"]

    static func tokenize(_ text: String) -> [SentenceToken] {
        let chars = Array(text)
        var out: [SentenceToken] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if isWordChar(c) {
                var j = i + 1
                while j < chars.count {
                    if isWordChar(chars[j]) { j += 1; continue }
                    if joiners.contains(chars[j]), j + 1 < chars.count, isWordChar(chars[j + 1]) { j += 1; continue }
                    break
                }
                out.append(SentenceToken(text: String(chars[i..<j]), isWord: true, offset: i))
                i = j
            } else {
                out.append(SentenceToken(text: String(c), isWord: false, offset: i))
                i += 1
            }
        }
        return out
    }

    static func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber }

    /// The words of a phrase or name, lower-cased when `lower`.
    static func words(_ text: String) -> [String] {
        tokenize(text).filter(\.isWord).map(\.text)
    }
}
