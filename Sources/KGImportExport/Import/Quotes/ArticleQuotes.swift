import Foundation
import KGModel
import KGStorage
import KGSQLite

/// Finds the quotes of evidence in the articles their sources name
/// (`source KEY file="NAME"`), by the rule of ``QuoteMatch``.
///
/// A source's file is looked for in each of ``folders`` in turn (for
/// `kg import dir/news.kg`: `dir`, then `dir/articles`); an absolute `file=`
/// is read as it is. A `file=` without an extension (`file="curator"`,
/// `file="analyst"`) names who stated the fact, not a file: its quotes are
/// not checked. Articles are read once and kept.
public final class ArticleQuotes {
    /// What checking one quote found.
    public enum Outcome: Sendable, Equatable {
        /// The quote is in the article at `path`, starting at `position`.
        case found(path: String, position: QuoteMatch.Position)
        /// The quote is not in the article at `path`; `closest` is the
        /// article's sentence nearest to it, if one is near.
        case notFound(path: String, closest: String?)
        /// The source's file could not be read at any of `tried`: not checked.
        case unreadable(tried: [String])
        /// The source names no file (no extension): not checked.
        case notAFile
    }

    /// Where sources' files are looked for, in order.
    public let folders: [String]
    private var articles: [String: (path: String, text: String, collapsed: QuoteMatch.CollapsedText)?] = [:]

    public init(folders: [String]) {
        self.folders = folders
    }

    /// The folders for a graph text file at `path`: its folder, then that
    /// folder's `articles` subfolder (standard input: the current folder).
    public static func folders(besideFile path: String?) -> [String] {
        let folder: String
        if let path, path != "-" {
            let parent = (path as NSString).deletingLastPathComponent
            folder = parent
        } else {
            folder = ""
        }
        return [folder, folder.isEmpty ? "articles" : (folder as NSString).appendingPathComponent("articles")]
    }

    /// Whether a source's `file=` value names a file (it has an extension:
    /// `001_nokia.txt`, `note.md`), not a person or institution (`curator`).
    public static func namesAFile(_ file: String) -> Bool {
        let last = (file as NSString).lastPathComponent
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return false }
        return last.index(after: dot) != last.endIndex
    }

    /// The paths tried for a source's file, in order.
    public func candidatePaths(for file: String) -> [String] {
        if file.hasPrefix("/") { return [file] }
        return folders.map { $0.isEmpty ? file : ($0 as NSString).appendingPathComponent(file) }
    }

    /// Checks one quote against the article of `source`.
    public func check(_ quote: String, source: SourceRecord) -> Outcome {
        guard Self.namesAFile(source.file) else { return .notAFile }
        guard let article = article(for: source.file) else { return .unreadable(tried: candidatePaths(for: source.file)) }
        if let position = article.collapsed.locate(quote) { return .found(path: article.path, position: position) }
        return .notFound(path: article.path, closest: QuoteMatch.closestPassage(to: quote, in: article.text))
    }

    private func article(for file: String) -> (path: String, text: String, collapsed: QuoteMatch.CollapsedText)? {
        if let cached = articles[file] { return cached }
        var found: (path: String, text: String, collapsed: QuoteMatch.CollapsedText)? = nil
        for path in candidatePaths(for: file) {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                  let data = FileManager.default.contents(atPath: path), let text = String(validating: data, as: UTF8.self) else { continue }
            found = (path, text, QuoteMatch.CollapsedText(text))
            break
        }
        articles[file] = found
        return found
    }
}
