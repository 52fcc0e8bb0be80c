import KGModel

/// One word of a question, as written and folded for matching.
struct QuestionToken: Sendable, Hashable {
    /// The word as written (for node names: "FAW", "Car", "小米").
    var text: String
    /// Lower case, apostrophes and accents kept: "faw", "licenses".
    var folded: String
    /// Written in quotes: always part of a node name.
    var isQuoted: Bool
    /// The possessive `'s` (or `’s`) that followed a word: "Xiaomi's".
    var isPossessive: Bool
    /// Where the word is in the question (line 1).
    var span: SourceSpan

    /// Whether the first letter is upper case (a name, or the first word).
    var isCapitalised: Bool { text.first.map { $0.isUppercase } ?? false }
    /// A word with a letter that has no case (Chinese, Japanese): a name, never a phrase word.
    var hasUncasedLetter: Bool { text.contains { $0.isLetter && !$0.isUppercase && !$0.isLowercase } }
}

/// Splits a question into words: white space and punctuation separate them;
/// hyphens, dots and digits inside a word stay (`o1-mini`, `QwQ-32B`);
/// `"…"` or `„…“` keeps a quoted name as one word; `'s` after a word becomes
/// a possessive marker.
enum QuestionTokenizer {
    static func tokenize(_ question: String) -> [QuestionToken] {
        let characters = Array(question)
        var tokens: [QuestionToken] = []
        var offsets: [Int] = []   // UTF-8 offset of each character
        var offset = 0
        for c in characters { offsets.append(offset); offset += c.utf8.count }
        offsets.append(offset)

        func span(_ from: Int, _ to: Int) -> SourceSpan {
            SourceSpan(start: SourcePosition(line: 1, column: from + 1, offset: offsets[from]),
                       end: SourcePosition(line: 1, column: to + 1, offset: offsets[to]))
        }
        let openingQuotes: [Character: Character] = ["\"": "\"", "„": "“", "“": "”", "«": "»", "»": "«", "‚": "‘", "「": "」"]
        let apostrophes: Set<Character> = ["'", "’", "`"]
        func isWordCharacter(_ c: Character) -> Bool {
            c.isLetter || c.isNumber || c == "_" || c.unicodeScalars.allSatisfy { $0.properties.generalCategory == .nonspacingMark }
        }

        var i = 0
        while i < characters.count {
            let c = characters[i]
            if let closing = openingQuotes[c] {
                let start = i
                var j = i + 1
                while j < characters.count, characters[j] != closing, !(closing == "“" && characters[j] == "\"") { j += 1 }
                let text = String(characters[(i + 1)..<min(j, characters.count)]).trimmedSpaces
                if !text.isEmpty {
                    tokens.append(QuestionToken(text: text, folded: text.lowercased(), isQuoted: true, isPossessive: false,
                                                span: span(start, min(j + 1, characters.count))))
                }
                i = j + 1
                continue
            }
            if apostrophes.contains(c) {
                // 's after a word: possessive. A lone apostrophe: punctuation.
                if !tokens.isEmpty, i + 1 < characters.count,
                   characters[i + 1] == "s" || characters[i + 1] == "S",
                   i > 0, isWordCharacter(characters[i - 1]) || openingQuotes.values.contains(characters[i - 1]),
                   i + 2 >= characters.count || !isWordCharacter(characters[i + 2]) {
                    tokens.append(QuestionToken(text: "'s", folded: "'s", isQuoted: false, isPossessive: true, span: span(i, i + 2)))
                    i += 2
                    continue
                }
                i += 1
                continue
            }
            if isWordCharacter(c) {
                let start = i
                var j = i
                while j < characters.count {
                    let d = characters[j]
                    if isWordCharacter(d) { j += 1; continue }
                    // Inner hyphens, dots and en dashes join: o1-mini, Nokia–Xiaomi, 3.5
                    if (d == "-" || d == "." || d == "–" || d == "&" || d == "+"), j + 1 < characters.count, isWordCharacter(characters[j + 1]) { j += 1; continue }
                    break
                }
                let text = String(characters[start..<j])
                tokens.append(QuestionToken(text: text, folded: text.lowercased(), isQuoted: false, isPossessive: false, span: span(start, j)))
                i = j
                continue
            }
            i += 1   // white space and punctuation
        }
        return tokens
    }
}

extension String {
    /// Without leading and trailing white space.
    package var trimmedSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
