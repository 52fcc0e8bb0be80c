import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// Splits an article into sentences without changing a character of them:
/// a line break ends a sentence (a headline has no full stop) unless the
/// next line goes on in lower case (a wrapped paragraph), a blank line
/// starts a paragraph, and within a line `.`, `!` or `?` ends a
/// sentence when whitespace and a capital letter, digit or opening quote
/// follow, unless the word before is an abbreviation ("Prof.", "z.B.") or an
/// ordinal number ("28. November").
public enum SentenceSplitter {
    /// Abbreviations that end in a full stop without ending the sentence
    /// (German and English, lower case, without the stop).
    static let abbreviations: Set<String> = [
        "prof", "dr", "nr", "bzw", "ca", "vs", "inc", "corp", "ltd", "co", "mr", "mrs", "ms", "st", "jr", "sr",
        "z.b", "u.a", "d.h", "u.s", "e.g", "i.e", "etc", "jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep",
        "sept", "okt", "oct", "nov", "dez", "dec", "mio", "mrd", "bzgl", "ggf", "evtl", "usw", "vgl", "no",
    ]

    /// The sentences of `text`, each verbatim, with its paragraph.
    public static func sentences(of text: String) -> [ArticleSentence] {
        var out: [ArticleSentence] = []
        var paragraph = 0
        var sawText = false
        // Lines of a wrapped paragraph are joined where a line ends mid-sentence and the
        // next one goes on in lower case; the line break stays in the sentence, verbatim.
        var lines: [String] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine)
            if let last = lines.last, last.contains(where: { !$0.isWhitespace }),
               let lastChar = last.last(where: { !$0.isWhitespace }), !".!?:\"“”»".contains(lastChar),
               let first = line.first(where: { !$0.isWhitespace }), first.isLowercase {
                lines[lines.count - 1] = last + "\n" + line
            } else {
                lines.append(line)
            }
        }
        for line in lines {
            guard line.contains(where: { !$0.isWhitespace }) else {
                if sawText { paragraph += 1; sawText = false }
                continue
            }
            sawText = true
            let parts = split(line: line)
            for (i, part) in parts.enumerated() {
                let heading = parts.count == 1 && !part.contains("\n") && !(part.last.map { ".!?:\"“”»".contains($0) } ?? false)
                _ = i
                out.append(ArticleSentence(text: part, paragraph: paragraph, isHeading: heading))
            }
        }
        return out
    }

    /// The sentences of one line, trimmed of surrounding whitespace.
    static func split(line: String) -> [String] {
        let chars = Array(line)
        var out: [String] = []
        var start = 0
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "." || c == "!" || c == "?" {
                var end = i + 1
                while end < chars.count, "\"“”»«)’'".contains(chars[end]) { end += 1 }
                if end < chars.count, chars[end].isWhitespace {
                    var next = end
                    while next < chars.count, chars[next].isWhitespace { next += 1 }
                    if next < chars.count, startsSentence(chars[next]), !(c == "." && isAbbreviationOrOrdinal(chars, before: i)) {
                        append(chars[start..<end], to: &out)
                        start = next
                        i = next
                        continue
                    }
                }
            }
            i += 1
        }
        append(chars[start..<chars.count], to: &out)
        return out
    }

    private static func append(_ slice: ArraySlice<Character>, to out: inout [String]) {
        let s = String(slice).trimmingCharacters(in: .whitespaces)
        if !s.isEmpty { out.append(s) }
    }

    private static func startsSentence(_ c: Character) -> Bool {
        c.isUppercase || c.isNumber || "\"„“«»'‘([@#".contains(c)
    }

    /// Whether the full stop at `index` closes an abbreviation or an ordinal ("28.").
    private static func isAbbreviationOrOrdinal(_ chars: [Character], before index: Int) -> Bool {
        var j = index
        while j > 0, !chars[j - 1].isWhitespace, !"([„\"“".contains(chars[j - 1]) { j -= 1 }
        let word = String(chars[j..<index])
        if word.isEmpty { return false }
        if word.count <= 2, word.allSatisfy(\.isNumber) { return true }
        if word.count == 1, word.first!.isLetter { return true }
        return abbreviations.contains(word.lowercased())
    }
}
