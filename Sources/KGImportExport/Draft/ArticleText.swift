import Foundation
import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// A news article as `kg draft` reads it: its text, checked (UTF-8, not
/// empty, not larger than ``ArticleText/maximumBytes``), and its sentences.
///
///     let article = try ArticleText.read(path: "data/articles/002_0f96c8cdbb6431ce.txt")
///     for sentence in article.sentences { print(sentence.text) }
public struct ArticleText: Sendable {
    /// The largest article kg drafts from (4 MiB): a news article is a few
    /// kilobytes; anything much larger is not one.
    public static let maximumBytes = 4 << 20

    /// The article as it is in the file.
    public let text: String
    /// Its sentences, in order (``SentenceSplitter``).
    public let sentences: [ArticleSentence]
    /// The date of a dateline the text starts with (`date 2017-07 Während …`,
    /// as news exports write it), or nil. It is not part of the first sentence.
    public let dateline: PartialDate?

    /// An article from text already in memory (`name` is for messages).
    public init(text: String, name: String = "article") throws(KGError) {
        guard text.utf8.count <= Self.maximumBytes else {
            throw KGError(.articleTooLarge, "the article '\(name)' has \(text.utf8.count) bytes, more than the \(Self.maximumBytes) kg drafts from",
                          file: name, suggestion: "draft from the article's text alone (a news article is a few kilobytes), or split it")
        }
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw KGError(.emptyArticle, "the article '\(name)' is empty", file: name,
                          suggestion: "give a plain-text file that holds the article's text")
        }
        self.text = text
        var sentences = SentenceSplitter.sentences(of: text)
        let dateline = Self.dateline(of: text)
        if let (date, word) = dateline, let first = sentences.first, first.text.hasPrefix(word) {
            let rest = first.text.dropFirst(word.count).drop(while: { $0.isWhitespace })
            if rest.isEmpty { sentences.removeFirst() } else { sentences[0].text = String(rest) }
            self.dateline = date
        } else {
            self.dateline = nil
        }
        self.sentences = sentences
    }

    /// A leading `date YYYY[-MM[-DD]]` (after any whitespace): the date, and
    /// the words as written.
    static func dateline(of text: String) -> (PartialDate, String)? {
        let head = text.drop(while: { $0.isWhitespace }).prefix(32)
        let words = head.split(whereSeparator: { $0.isWhitespace }).prefix(2)
        guard words.count == 2, words[0].lowercased() == "date",
              let date = PartialDate(String(words[1])) else { return nil }
        let written = head.prefix(upTo: words[1].endIndex)
        return (date, String(written))
    }

    /// Reads an article file: plain text in UTF-8 (a byte-order mark is
    /// dropped). A missing file is KGD003, a folder or device KGD008, text
    /// that is not UTF-8 KGR002, an empty file KGR001, one too large KGR003.
    public static func read(path: String) throws(KGError) -> ArticleText {
        switch InputFile.kind(of: path) {
        case .missing:
            throw KGError(.fileNotFound, "there is no article file '\(path)'", file: path, suggestion: "check the path (a plain-text file of the article)")
        case .regular:
            break
        default:
            throw KGError(.notARegularFile, "'\(path)' is not a regular file", file: path, suggestion: "give a plain-text file of the article")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw KGError(.articleUnreadable, "cannot read the article '\(path)'", file: path, suggestion: "check that you may read the file")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: maximumBytes + 1) ?? Data() } catch {
            throw KGError(.articleUnreadable, "cannot read the article '\(path)': \(error.localizedDescription)", file: path)
        }
        guard data.count <= maximumBytes else {
            throw KGError(.articleTooLarge, "the article '\(path)' is larger than the \(maximumBytes) bytes kg drafts from", file: path,
                          suggestion: "draft from the article's text alone (a news article is a few kilobytes), or split it")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw KGError(.articleNotUTF8, "the article '\(path)' is not UTF-8 text", file: path,
                          suggestion: "convert it first, e.g. iconv -f latin1 -t utf-8 '\(path)' > article.txt")
        }
        return try ArticleText(text: text, name: path)
    }

    /// Whether `quote` stands in the article verbatim, by the rule `kg import`
    /// checks quotes with (``QuoteMatch``): a substring of it once runs of
    /// whitespace in both are collapsed to one space; nothing else is normalised.
    public func containsVerbatim(_ quote: String) -> Bool {
        QuoteMatch.occurs(quote.trimmingCharacters(in: .whitespacesAndNewlines), in: text)
    }
}

/// One sentence of an article: its text exactly as the article has it.
public struct ArticleSentence: Sendable, Hashable {
    /// The sentence, verbatim (no line break inside).
    public var text: String
    /// Which paragraph it is in (0 first); a blank line starts a new one.
    public var paragraph: Int
    /// Whether the sentence is a line of its own without closing punctuation
    /// (a headline or a caption).
    public var isHeading: Bool

    /// A sentence as ``SentenceSplitter`` cuts it.
    public init(text: String, paragraph: Int, isHeading: Bool) {
        self.text = text
        self.paragraph = paragraph
        self.isHeading = isHeading
    }

    /// A question ("Was verkauft Xiaomi nicht?") states nothing.
    public var isQuestion: Bool { text.hasSuffix("?") }
}
