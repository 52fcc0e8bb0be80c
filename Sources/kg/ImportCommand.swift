import ArgumentParser
import Foundation
import KnowledgeGraph

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a graph text file (.kg), or nodes and edges from CSV, into a graph, all or nothing.",
        discussion: """
            Two forms:
              kg import FILE               graph text (docs/graph-text-format.md);
                                           every fact must carry evidence
              kg import --nodes NODES.csv --edges EDGES.csv [--schema FILE.kgs]
                                           CSV; either file may be left out

            CSV: nodes.csv has the header id,kind,name,props and edges.csv
            src,type,dst,props. props is a JSON object (an empty field means {});
            the edge props valid_from and valid_to (2017, 2017-07, 2017-07-14)
            become the edge's period. Fields with commas, quotes or line breaks
            are in double quotes, with "" for a quote (RFC 4180).

            The graph is named by --db or KG_DB (kg import does not write into
            the seed graph unless it is named). A --db graph that does not exist is created: with --schema, or else
            with a schema inferred from the data (every kind and edge type seen,
            open to any property), which is stored in the graph. An existing
            graph checks the rows against its own schema (and --schema, if given).

            Importing merges: a node or edge the graph holds is not added again (its new
            aliases, properties and evidence are); importing the same file twice changes
            nothing. A property the graph holds with another value is refused (KGC001)
            unless --update, which keeps the old value in the history (kg log). CSV
            evidence: optional columns source,quote (and aliases on nodes), with
            --sources sources.csv naming the documents (key,file,title,published,...).

            On any error nothing is written (a graph this import created is
            removed) and the first problem is shown with its file, line and column.

            --check (or --dry-run) reads the whole file against the graph and
            reports every error (up to 100, then how many more), each with its
            line and column, and writes nothing: the graph file stays byte for
            byte as it was. Clean, it says what the import would add. Exit
            status 0 only when there is no error.

            Quotes: an evidence quote whose source names a file (file="x.txt":
            a name with an extension) must occur in that article, found in the
            graph text file's folder or its articles/ subfolder; runs of
            whitespace may differ, nothing else (KGI013 shows the closest
            passage). A source whose file cannot be read is a warning; a source
            such as file="curator" (no extension) names no file and is not
            checked. --no-quote-check skips the check.

            Examples:
              kg import my-articles.kg --db deals.sqlite
              kg import --check my-articles.kg --db deals.sqlite     # every error, nothing written
              kg import --check --verbose data/seed.kg --db deals.sqlite   # where each quote stands in its article
              kg import --nodes nodes.csv --edges edges.csv --db companies.sqlite
              kg import --nodes n.csv --edges e.csv --schema s.kgs --db s.sqlite
            """
    )

    @OptionGroup var graph: GraphOptions

    @Argument(help: ArgumentHelp("A graph text file to load ('-' for standard input).", valueName: "file"), completion: .file(extensions: ["kg"]))
    var file: String?

    @Option(help: ArgumentHelp("A CSV file of nodes: id,kind,name,props.", valueName: "nodes.csv"), completion: .file(extensions: ["csv"]))
    var nodes: String?

    @Option(help: ArgumentHelp("A CSV file of edges: src,type,dst,props.", valueName: "edges.csv"), completion: .file(extensions: ["csv"]))
    var edges: String?

    @Option(help: ArgumentHelp("With CSV: a schema file (.kgs) the data must follow (stored in a new graph).", valueName: "file"), completion: .file(extensions: ["kgs"]))
    var schema: String?

    @Option(help: ArgumentHelp("With CSV: a file of the sources evidence names: key,file,title,published,language,author.", valueName: "sources.csv"))
    var sources: String?

    @Flag(help: "Where the file gives an existing property another value, replace it (the old value stays in the history) instead of refusing.")
    var update = false

    @Option(help: ArgumentHelp("Why (kept in the history, kg log).", valueName: "text"))
    var reason: String?

    @Flag(name: [.customLong("check"), .customLong("dry-run")],
          help: "Report every error of the file (up to 100) and what the import would add; write nothing.")
    var check = false

    @Flag(name: .customLong("no-quote-check"), help: "Do not check that evidence quotes occur in the articles their sources name.")
    var noQuoteCheck = false

    @Flag(help: "With --check: also say where each quote was found in its article (line:column).")
    var verbose = false

    func validate() throws {
        let csv = nodes != nil || edges != nil
        if file != nil, csv {
            throw ValidationError("give either a graph text FILE or --nodes/--edges CSV files, not both")
        }
        if file == nil, !csv {
            throw ValidationError("nothing to import: give a graph text FILE, or --nodes NODES.csv --edges EDGES.csv")
        }
        if sources != nil, !csv {
            throw ValidationError("--sources goes with CSV import (--nodes/--edges); graph text declares its sources with 'source' lines")
        }
        if schema != nil, !csv {
            throw ValidationError("--schema goes with CSV import (--nodes/--edges); a graph text file follows the graph's own schema")
        }
    }

    func run() throws {
        // The seed graph is the tutorial's: an analyst's facts go into a graph of their own.
        if graph.location.isDefault {
            throw Terminal.report(KGError(.usage, "kg import needs the graph to write into: --db FILE or KG_DB (without them it would write into the seed graph)",
                                          suggestion: "kg init --db mine.sqlite --empty, then kg import FILE --db mine.sqlite; to add to the seed graph itself, name it: --db ~/.local/share/kg/seed.sqlite"))
        }
        if let file {
            try importGraphText(file)
        } else {
            try importCSV()
        }
    }

    private func importGraphText(_ file: String) throws {
        var text: String?
        try Terminal.run {
            text = try readInputFile(file)
        }
        try Terminal.run(source: text, sourceName: file) {
            let store = try graph.open(mode: .readWrite)
            let options = GraphTextImporter.Options(update: update, command: HistoryCommandText.current, reason: reason,
                                                    articleFolders: noQuoteCheck ? nil : ArticleQuotes.folders(besideFile: file))
            let importer = GraphTextImporter(store: store, options: options)
            if check {
                let diagnostics = ImportDiagnostics(limit: Self.errorLimit)
                let summary = importer.check(text!, file: file, into: diagnostics)
                try reportCheck(diagnostics, summary: summary, what: file, source: text)
                return
            }
            let summary = try importer.importText(text!, file: file)
            for note in summary.notes { Terminal.note("kg: \(file): \(note)") }
            for warning in summary.warnings { Terminal.note("kg: warning: \(file): \(warning)") }
            Terminal.note("kg: imported \(file): \(summary)" + (summary.write.map { " (write \($0))" } ?? " (nothing changed)"))
        }
    }

    /// How many errors --check shows.
    static let errorLimit = 100

    /// Prints what --check found: every error (rendered with its line), the
    /// warnings, notes and, when clean, what the import would do. Throws the
    /// exit status of the first error when there was any.
    private func reportCheck(_ diagnostics: ImportDiagnostics, summary: WriteSummary, what: String, source: String?) throws {
        let errors = diagnostics.sortedErrors
        for error in errors {
            // CSV errors name their own file; graph text errors the text read.
            let text = error.file == nil || error.file == what ? source : error.sourceLineFromFile()
            _ = Terminal.report(error, source: text, sourceName: error.file ?? what)
        }
        if diagnostics.omitted > 0 {
            Terminal.note("… and \(Plural.count(diagnostics.omitted, "more error", "more errors")) (--check shows the first \(Self.errorLimit))")
        }
        for warning in diagnostics.warnings { Terminal.note("kg: warning: \(what): \(warning)") }
        if verbose { for position in diagnostics.quotePositions { Terminal.note("kg: \(what): \(position)") } }
        if let first = errors.first {
            Terminal.note("kg: checked \(what): \(Plural.count(diagnostics.errorCount, "error")); nothing was written")
            throw ExitCode(first.code.exitStatus)
        }
        for note in summary.notes { Terminal.note("kg: \(what): \(note)") }
        Terminal.note("kg: checked \(what): no errors; nothing was written; the import would do: \(summary)")
    }

    /// `--check` of CSV files: against the existing graph, as the merging import reads them.
    private func checkCSV() throws {
        var options = CSVImportOptions()
        options.command = HistoryCommandText.current
        options.reason = reason
        options.update = update
        var nodesInput: CSVInput?, edgesInput: CSVInput?
        var store: GraphStore?
        try Terminal.run(sourceName: "input") {
            if let schema { options.schema = try SchemaParser.parse(try readInputFile(schema), file: schema) }
            options.sources = try sources.map { p throws(KGError) in try CSVInput(path: p) }
            nodesInput = try nodes.map { p throws(KGError) in try CSVInput(path: p) }
            edgesInput = try edges.map { p throws(KGError) in try CSVInput(path: p) }
            guard FileManager.default.fileExists(atPath: graph.location.path) else {
                throw KGError(.fileNotFound, "kg import --check reads the rows against a graph, and '\(graph.location.path)' does not exist",
                              suggestion: "create it first (kg init --db \(graph.location.path) --empty, or with --schema), then check")
            }
            store = try graph.open(mode: .readWrite)
        }
        let diagnostics = ImportDiagnostics(limit: Self.errorLimit)
        let summary = CSVImporter(store: store!, options: options).check(nodes: nodesInput, edges: edgesInput, into: diagnostics)
        try reportCheck(diagnostics, summary: summary, what: [nodes, edges].compactMap { $0 }.joined(separator: " and "), source: nil)
    }

    private func importCSV() throws {
        if check { return try checkCSV() }
        let progress = ProgressLine()
        do {
            var options = CSVImportOptions()
            if let schema {
                options.schema = try SchemaParser.parse(try readInputFile(schema), file: schema)
            }
            options.progress = { progress.update($0) }
            options.command = HistoryCommandText.current
            options.reason = reason
            options.update = update
            options.sources = try sources.map { p throws(KGError) in try CSVInput(path: p) }
            let location = graph.location
            if graph.readOnly {
                throw KGError(.readOnly, "kg import writes to the graph, and --read-only forbids writing", suggestion: "drop --read-only")
            }
            let summary = try CSVImporter.importFiles(nodes: nodes, edges: edges, into: location, busyTimeout: graph.busyTimeout,
                                                      options: options) { Terminal.note($0) }
            progress.finish()
            if let inferred = summary.inferredSchema {
                Terminal.note("kg: no --schema given: inferred \(inferred.kindOrder.count) kinds and \(inferred.edgeTypeOrder.count) edge types from the data and stored them in the graph")
            }
            let files = [nodes, edges].compactMap { $0 }.joined(separator: " and ")
            if let merged = summary.merge {
                for note in merged.notes { Terminal.note("kg: \(files): \(note)") }
                Terminal.note("kg: imported \(files) into \(location.path)\(summary.createdGraph ? " (new graph)" : ""): \(merged)"
                              + (merged.write.map { " (write \($0))" } ?? " (nothing changed)"))
                return
            }
            for note in summary.notes { Terminal.note("kg: \(files): \(note)") }
            let rate = summary.seconds > 0 ? Int((Double(summary.nodes + summary.edges) / summary.seconds).rounded()) : 0
            Terminal.note("kg: imported \(files) into \(location.path)\(summary.createdGraph ? " (new graph)" : ""): \(Plural.count(summary.nodes, "node")), \(Plural.count(summary.edges, "edge")) in \(String(format: "%.2f", summary.seconds)) s (\(rate) rows/s; nodes \(String(format: "%.2f", summary.nodeSeconds)) s, edges \(String(format: "%.2f", summary.edgeSeconds)) s, indexes \(String(format: "%.2f", summary.indexSeconds)) s, commit \(String(format: "%.2f", summary.commitSeconds)) s)")
        } catch {
            progress.finish()
            let kgError = KGError.wrap(error)
            throw Terminal.report(kgError, source: kgError.sourceLineFromFile(), sourceName: kgError.file ?? "input")
        }
    }
}

/// A progress line on stderr (rows and rows/s), only when stderr is a terminal.
private final class ProgressLine {
    private let enabled = Terminal.stderrIsTerminal
    private var shown = false

    func update(_ progress: CSVImportProgress) {
        guard enabled else { return }
        let text: String
        switch progress.phase {
        case .indexes:
            text = progress.rows == 0 ? "building indexes…" : "built \(progress.rows) indexes in \(String(format: "%.1f", progress.seconds)) s"
        case .nodes, .edges:
            let rate = progress.seconds > 0 ? Int(Double(progress.rows) / progress.seconds) : 0
            text = "importing \(progress.phase.rawValue): \(progress.rows) rows, \(rate) rows/s"
        }
        Terminal.noteRaw("\r\u{1B}[Kkg: " + TerminalText.escape(text))
        shown = true
    }

    func finish() {
        guard shown else { return }
        Terminal.noteRaw("\r\u{1B}[K")
        shown = false
    }
}
