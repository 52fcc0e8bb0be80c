import ArgumentParser
import Foundation
import KnowledgeGraph

/// `--reason`, `--evidence SOURCE "quote"` (or `--source` and `--quote`): why
/// a fact changes or goes, and the sentence that says so.
struct CorrectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Why the fact changes or goes (kept in the history, kg log).", valueName: "text"))
    var reason: String

    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("The source the correction rests on and its sentence, verbatim: --evidence microsoft-xiaomi \"Der 2010 gegründete …\".",
                               valueName: "source> <quote"))
    var evidence: [String] = []

    @Option(help: ArgumentHelp("The key of the source document the correction rests on (with --quote; or use --evidence).", valueName: "key"))
    var source: String?

    @Option(help: ArgumentHelp("The sentence of --source the correction rests on, verbatim.", valueName: "sentence"))
    var quote: String?

    @Flag(name: .customLong("no-quote-check"), help: "Do not check that the quote occurs in the article its source names.")
    var noQuoteCheck = false

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must say why") }
        if (source == nil) != (quote == nil) { throw ValidationError("--source and --quote go together") }
        if !evidence.isEmpty && evidence.count != 2 {
            throw ValidationError("--evidence takes two values: the source's key and the quote, e.g. --evidence microsoft-xiaomi \"Der 2010 gegründete …\"")
        }
        if !evidence.isEmpty && source != nil { throw ValidationError("give the evidence once: --evidence SOURCE \"quote\", or --source and --quote") }
    }

    /// The evidence given, as source key and quote.
    var given: (source: String, quote: String)? {
        if evidence.count == 2 { return (evidence[0], evidence[1]) }
        if let source, let quote { return (source, quote) }
        return nil
    }

    /// ` reason="…"` and the evidence line, as graph text.
    func attributes() -> String { " reason=" + HistoryCommandText.quotedString(reason) }

    func evidenceLines() -> String {
        guard let given else { return "" }
        return "  evidence \(given.source) \(HistoryCommandText.quotedString(given.quote))\n"
    }

    /// Where the quote's article is looked for: the current folder and the
    /// graph file's folder, each with its articles/ subfolder.
    func articleFolders(graph: GraphStore) -> [String]? {
        guard !noQuoteCheck else { return nil }
        let graphFolder = (graph.path as NSString).deletingLastPathComponent
        return ArticleQuotes.folders(besideFile: nil) + (graphFolder.isEmpty ? [] : ArticleQuotes.folders(besideFile: graph.path))
    }
}

/// Opens the graph for writing and resolves `names` (key, name or alias) to
/// node keys, in order; an error is reported against `source`.
func openForCorrection(_ graph: GraphOptions, resolving names: [String], source: String?) throws -> (store: GraphStore, keys: [String]) {
    var store: GraphStore?
    var keys: [String] = []
    try Terminal.run(source: source, sourceName: "node") {
        let opened = try graph.open(mode: .readWrite)
        store = opened
        keys = try names.map { try opened.resolve($0).key }
    }
    return (store!, keys)
}

/// Runs a correction written as graph text through the importer (the same
/// rules, one recorded write) and reports what it did.
func applyCorrection(_ text: String, store: GraphStore, what: String, correction: CorrectionOptions, update: Bool = false, guardQuotedValues: Bool = false) throws {
    try Terminal.run(source: text, sourceName: what) {
        let options = GraphTextImporter.Options(update: update, command: HistoryCommandText.current, reason: correction.reason,
                                                articleFolders: correction.articleFolders(graph: store), guardQuotedValues: guardQuotedValues)
        let summary = try GraphTextImporter(store: store, options: options).importText(text)
        for warning in summary.warnings { Terminal.note("kg: warning: \(warning)") }
        Terminal.note("kg: \(summary)" + (summary.write.map { " (write \($0))" } ?? " (nothing changed)"))
    }
}
