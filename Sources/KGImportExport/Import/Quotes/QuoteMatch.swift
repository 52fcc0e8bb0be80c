import Foundation
import KGModel
import KGStorage
import KGSQLite

/// The rule for "a quote occurs in an article", shared by `kg import`'s quote
/// check and `kg draft`: the quote is a substring of the article after every
/// run of whitespace in both (spaces, tabs, line breaks) is collapsed to one
/// space. Nothing else is normalised: case, punctuation, typographic quotes
/// and dashes must be as the article writes them.
///
///     QuoteMatch.locate("beide  Firmen\nMobilfunkpatente", in: article)   // line:column of "beide" in the article
public enum QuoteMatch {
    /// Where a quote starts in an article: 1-based line and column (in characters).
    public struct Position: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var description: String { "\(line):\(column)" }
        public init(line: Int, column: Int) { self.line = line; self.column = column }
    }

    /// `text` with every run of whitespace replaced by one space.
    public static func collapsed(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var inSpace = false
        for c in text {
            if c.isWhitespace {
                if !inSpace { result.append(" ") }
                inSpace = true
            } else {
                result.append(c)
                inSpace = false
            }
        }
        return result
    }

    /// Whether `quote` occurs in `article` by the rule above.
    public static func occurs(_ quote: String, in article: String) -> Bool {
        locate(quote, in: article) != nil
    }

    /// Where `quote` first occurs in `article` by the rule above, or nil.
    public static func locate(_ quote: String, in article: String) -> Position? {
        CollapsedText(article).locate(quote)
    }

    /// An article read once for many quotes: its characters with whitespace
    /// runs collapsed, and where each stands in the original.
    public struct CollapsedText: Sendable {
        let characters: [Character]
        let positions: [Position]

        public init(_ text: String) {
            var characters: [Character] = []
            var positions: [Position] = []
            var line = 1, column = 1, inSpace = false
            for c in text {
                if c.isWhitespace {
                    if !inSpace { characters.append(" "); positions.append(Position(line: line, column: column)) }
                    inSpace = true
                } else {
                    characters.append(c)
                    positions.append(Position(line: line, column: column))
                    inSpace = false
                }
                if c.isNewline { line += 1; column = 1 } else { column += 1 }
            }
            self.characters = characters
            self.positions = positions
        }

        /// Where `quote` first occurs, by the rule of ``QuoteMatch``.
        public func locate(_ quote: String) -> Position? {
            let needle = Array(collapsed(quote))
            guard !needle.isEmpty, let start = firstIndex(of: needle, in: characters) else { return nil }
            // A quote that starts with a space starts at the whitespace run: report the next character.
            let shown = needle.first == " " && start + 1 < positions.count ? start + 1 : start
            return positions[shown]
        }
    }

    /// The passage of `article` closest to a quote that does not occur in it:
    /// the sentence (or line) sharing the longest common stretch of characters
    /// with the quote, when that stretch is at least a third of the quote (and
    /// 8 characters); nil when no sentence comes that near.
    public static func closestPassage(to quote: String, in article: String) -> String? {
        let needle = Array(collapsed(quote))
        guard needle.count >= 8 else { return nil }
        var best: (length: Int, passage: String)? = nil
        for sentence in sentences(of: collapsed(article)) {
            let length = longestCommonStretch(needle, Array(sentence))
            if length > (best?.length ?? 0) { best = (length, sentence) }
        }
        guard let best, best.length >= max(8, needle.count / 3) else { return nil }
        return best.passage
    }

    /// Sentences of collapsed text: split after . ! ? followed by a space.
    static func sentences(of text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previous: Character? = nil
        for c in text {
            if c == " ", let p = previous, ".!?".contains(p) {
                let trimmed = current.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { result.append(trimmed) }
                current = ""
            } else {
                current.append(c)
            }
            previous = c
        }
        let trimmed = current.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty { result.append(trimmed) }
        return result
    }

    /// The length of the longest run of characters both arrays share.
    static func longestCommonStretch(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        var best = 0
        for i in 1...a.count {
            for j in 1...b.count {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : 0
                if current[j] > best { best = current[j] }
            }
            swap(&previous, &current)
        }
        return best
    }

    fileprivate static func firstIndex(of needle: [Character], in haystack: [Character]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        let first = needle[0]
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
