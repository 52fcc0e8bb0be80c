import KGModel
import KGStorage
import KGSQLite
/// The quote check of an import: each evidence quote whose source names a
/// readable file must occur in it (``QuoteMatch``), else KGI013 with the
/// article's closest passage. A source whose file cannot be read is a
/// warning; a source that names no file (`file="curator"`) is not checked.
extension GraphTextImporter {
    /// Checks every quote of `document` when ``Options/articleFolders`` is
    /// set. Without `diagnostics` the first quote not found is thrown; with
    /// it every one is recorded (and where each found quote starts). Returns
    /// the warnings.
    func checkQuotes(of document: GraphTextDocument, diagnostics: ImportDiagnostics?) throws(KGError) -> [String] {
        guard let folders = options.articleFolders else { return [] }
        let articles = ArticleQuotes(folders: folders)
        var declared: [String: SourceRecord] = [:]
        for source in document.sources where declared[source.record.key] == nil { declared[source.record.key] = source.record }
        var warned = Set<String>()
        var warnings: [String] = []
        var items = document.nodes.filter { !$0.evidenceFromQuote }.flatMap(\.evidence) + document.allEdges.flatMap(\.evidence)
        items += document.updates.flatMap(\.evidence) + document.retractions.flatMap(\.evidence)
        var seen = Set<String>()
        // In file order, so that --verbose lists the quotes as the file has them.
        items.sort { ($0.span.start.line, $0.span.start.column) < ($1.span.start.line, $1.span.start.column) }
        for item in items {
            // The same quote of the same source, given for several facts, is checked once.
            guard seen.insert(item.sourceKey + "\u{0}" + item.quote).inserted else { continue }
            // An unknown source is the importer's error (KGI003), not the quote check's.
            let stored = declared[item.sourceKey] == nil ? try store.source(key: item.sourceKey) : nil
            guard let source = declared[item.sourceKey] ?? stored else { continue }
            switch articles.check(item.quote, source: source) {
            case .notAFile: continue
            case .found(let path, let position):
                diagnostics?.quotePositions.append("line \(item.span.start.line): quote found in \(path) at \(position)")
            case .unreadable(let tried):
                guard warned.insert(source.key).inserted else { continue }
                warnings.append("source '\(source.key)' names the file '\(source.file)', which cannot be read (tried "
                                + tried.joined(separator: ", ") + "): its quotes are not checked")
            case .notFound(let path, let closest):
                let error = KGError(.quoteNotInArticle,
                                    "the quote is not in the article of source '\(source.key)' (\(path)): „\(ResultFormatter.singleLine(Self.shortened(item.quote)))“",
                                    span: item.quoteSpan ?? item.span,
                                    suggestion: (closest.map { "the closest passage of the article: „\(Self.shortened($0, to: 300))“; " } ?? "")
                                        + "a quote is copied verbatim (only runs of whitespace may differ); --no-quote-check skips the check")
                guard let diagnostics else { throw error }
                diagnostics.record(error)
            }
        }
        diagnostics?.warnings += warnings
        return warnings
    }

    static func shortened(_ text: String, to limit: Int = 120) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
