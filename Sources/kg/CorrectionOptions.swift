import ArgumentParser
import KnowledgeGraph

/// `--reason`, `--source` and `--quote`: why a fact changes or goes, and the
/// sentence that says so.
struct CorrectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Why the fact changes or goes (kept in the history, kg log).", valueName: "text"))
    var reason: String

    @Option(help: ArgumentHelp("The key of the source document the correction rests on (with --quote).", valueName: "key"))
    var source: String?

    @Option(help: ArgumentHelp("The sentence of --source the correction rests on, verbatim.", valueName: "sentence"))
    var quote: String?

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must say why") }
        if (source == nil) != (quote == nil) { throw ValidationError("--source and --quote go together") }
    }

    /// ` reason="…"` and the evidence line, as graph text.
    func attributes() -> String { " reason=" + HistoryCommandText.quotedString(reason) }

    func evidenceLines() -> String {
        guard let source, let quote else { return "" }
        return "  evidence \(source) \(HistoryCommandText.quotedString(quote))\n"
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
func applyCorrection(_ text: String, store: GraphStore, what: String, reason: String) throws {
    try Terminal.run(source: text, sourceName: what) {
        let summary = try GraphTextImporter(store: store, options: .init(command: HistoryCommandText.current, reason: reason)).importText(text)
        Terminal.note("kg: \(summary)" + (summary.write.map { " (write \($0))" } ?? " (nothing changed)"))
    }
}
