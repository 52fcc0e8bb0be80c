import Foundation
import KGModel
import KGStorage
import KGSQLite

/// Options of a CSV import.
public struct CSVImportOptions {
    /// A schema the data must follow (`--schema`). A new graph is created
    /// with it; the rows for an existing graph are checked against it as well
    /// as against the graph's own schema. Nil: an existing graph's own
    /// schema, or for a new graph one inferred from the data.
    public var schema: GraphSchema?
    /// The longest line accepted, in bytes.
    public var maxLineBytes: Int
    /// Secondary indexes of a table are dropped before the load and built
    /// again after it (in the same transaction) when at least this many rows
    /// go into it and no fewer than it already holds.
    public var bulkIndexThreshold: Int
    /// Called now and then (about every quarter second) while rows load,
    /// always on the thread that called the importer.
    public var progress: ((CSVImportProgress) -> Void)?
    /// Whether the files are read and checked on a second thread while the
    /// calling thread writes (for a graph that holds no nodes yet; rows for a
    /// graph with nodes are read on the calling thread, which looks them up).
    var readOnWorkerThread = true
    /// What the history records as the write's command (default "import CSV").
    public var command: String?
    /// Why, for the history.
    public var reason: String?
    /// Where the file gives an existing node's property another value,
    /// replace it instead of refusing (rows for a graph that holds nodes, or
    /// with evidence columns, are merged like graph text).
    public var update = false
    /// A CSV file of the sources evidence columns name: key,file[,title,published,language,author].
    public var sources: CSVInput?

    public init(schema: GraphSchema? = nil, maxLineBytes: Int = 16 << 20, bulkIndexThreshold: Int = 10_000,
                progress: ((CSVImportProgress) -> Void)? = nil) {
        self.schema = schema
        self.maxLineBytes = maxLineBytes
        self.bulkIndexThreshold = bulkIndexThreshold
        self.progress = progress
    }
}

/// How far an import has come.
public struct CSVImportProgress: Sendable {
    public enum Phase: String, Sendable {
        case nodes, edges, indexes
    }
    public var phase: Phase
    /// Rows of the current phase so far.
    public var rows: Int
    /// Seconds since the phase began.
    public var seconds: Double
}

/// What an import added.
public struct CSVImportSummary: Sendable {
    public var nodes = 0
    public var edges = 0
    /// The history record of the load (kg log), nil when nothing changed.
    public var write: Int64?
    /// Values read in the schema's spelling (``GraphSchema`` allowed values), one line each.
    public var notes: [String] = []
    /// For rows merged into a graph (see ``CSVImportOptions``): everything the write did.
    public var merge: WriteSummary?
    /// Whether the graph file was created by this import.
    public var createdGraph = false
    /// The schema inferred from the data and stored in the graph (a new graph without `--schema`).
    public var inferredSchema: GraphSchema?
    /// Wall time of the load, and of its parts: nodes, edges, building indexes, commit.
    public var seconds = 0.0
    public var nodeSeconds = 0.0
    public var edgeSeconds = 0.0
    public var indexSeconds = 0.0
    public var commitSeconds = 0.0
}

/// Loads nodes and edges from CSV files into a graph in one transaction: all
/// of it or nothing.
///
/// - `nodes.csv`: header `id,kind,name,props`; `id` becomes the node key.
/// - `edges.csv`: header `src,type,dst,props`; `src` and `dst` name ids from
///   nodes.csv or keys of nodes already in the graph; the props `valid_from`
///   and `valid_to` (partial dates) become the edge's period.
/// - `props` is a JSON object; an empty field means `{}`.
///
/// Every row is checked against the schema (once per kind, and once per edge
/// type and pair of end kinds, plus the properties where the schema declares
/// any). Errors are ``KGError``s naming the file, line and column.
///
///     let summary = try CSVImporter.importFiles(nodes: "nodes.csv", edges: "edges.csv", database: "g.sqlite")
public struct CSVImporter {
    public let store: GraphStore
    public var options: CSVImportOptions

    public init(store: GraphStore, options: CSVImportOptions = CSVImportOptions()) {
        self.store = store
        self.options = options
    }

    /// Imports into an open graph, checked against its schema (and against
    /// ``CSVImportOptions/schema`` when given). On any error the graph is
    /// left exactly as it was. Either input may be nil.
    @discardableResult
    public func importCSV(nodes: CSVInput?, edges: CSVInput?) throws(KGError) -> CSVImportSummary {
        if try CSVMergeImport.isNeeded(nodes: nodes, edges: edges, options: options, graphHasNodes: (try? store.statistics().nodeCount ?? 0) ?? 0 > 0) {
            guard nodes != nil || edges != nil else { throw KGError(.usage, "nothing to import: give a nodes file, an edges file or both") }
            let document = try CSVMergeImport.document(nodes: nodes, edges: edges, sources: options.sources, options: options)
            return try CSVMergeImport.apply(document, to: store, nodes: nodes, edges: edges, sources: options.sources, options: options)
        }
        let readers = try Self.prepare(nodes: nodes, edges: edges, options: options)
        var checks = [store.schema]
        if let extra = options.schema, extra.source != store.schema.source { checks.append(extra) }
        return try CSVLoad(store: store, options: options, checks: checks, infer: false).run(nodes: readers.nodes, edges: readers.edges)
    }

    /// Imports CSV files into the graph a command names: the default graph
    /// (built from the seed on first use, `notice` is told so) is opened and
    /// imported into; a graph named by path is opened, or created when it does
    /// not exist (see ``importFiles(nodes:edges:database:options:)``).
    ///
    ///     let location = GraphLocation.resolve(explicit: "companies.sqlite")
    ///     let summary = try CSVImporter.importFiles(nodes: "nodes.csv", edges: "edges.csv", into: location)
    @discardableResult
    public static func importFiles(nodes: String?, edges: String?, into location: GraphLocation, busyTimeout: Int32 = 5000,
                                   options: CSVImportOptions = CSVImportOptions(),
                                   notice: (String) -> Void = { _ in }) throws(KGError) -> CSVImportSummary {
        guard location.isDefault else {
            return try importFiles(nodes: nodes, edges: edges, database: try location.requirePath(), options: options)
        }
        let store = try location.open(mode: .readWrite, busyTimeout: busyTimeout, notice: notice)
        return try CSVImporter(store: store, options: options)
            .importCSV(nodes: try nodes.map { p throws(KGError) in try CSVInput(path: p) },
                       edges: try edges.map { p throws(KGError) in try CSVInput(path: p) })
    }

    /// Imports CSV files into the graph at `database`, creating it when it
    /// does not exist: with ``CSVImportOptions/schema``, or else with a schema
    /// inferred from the data (every kind and edge type seen, open to any
    /// property; see ``CSVImportSummary/inferredSchema``). On any error an
    /// existing graph is left exactly as it was and a graph this import
    /// created is removed.
    @discardableResult
    public static func importFiles(nodes: String?, edges: String?, database: String,
                                   options: CSVImportOptions = CSVImportOptions()) throws(KGError) -> CSVImportSummary {
        try InputFile.requireRegularOrMissing(database, role: "graph file")
        let nodesInput = try nodes.map { path throws(KGError) in try CSVInput(path: path) }
        let edgesInput = try edges.map { path throws(KGError) in try CSVInput(path: path) }

        let fm = FileManager.default
        let isNew = !fm.fileExists(atPath: database) || ((try? fm.attributesOfItem(atPath: database)[.size] as? Int) ?? 0) == 0
        guard isNew else {
            let store = try GraphStore.open(at: database, mode: .readWrite)
            if try CSVMergeImport.isNeeded(nodes: nodesInput, edges: edgesInput, options: options, graphHasNodes: try store.statistics().nodeCount > 0) {
                return try CSVImporter(store: store, options: options).importCSV(nodes: nodesInput, edges: edgesInput)
            }
            let readers = try prepare(nodes: nodesInput, edges: edgesInput, options: options)
            var checks = [store.schema]
            if let extra = options.schema, extra.source != store.schema.source { checks.append(extra) }
            return try CSVLoad(store: store, options: options, checks: checks, infer: false).run(nodes: readers.nodes, edges: readers.edges)
        }
        // A new graph is built in a temporary file beside the target and
        // renamed into place when complete: an interrupted import leaves no
        // half-made graph (and what it leaves, the next import removes).
        NewGraphFile.removeStale(for: database)
        let temporary = NewGraphFile.temporaryPath(for: database)
        NewGraphFile.remove(temporary)
        if try CSVMergeImport.isNeeded(nodes: nodesInput, edges: edgesInput, options: options, graphHasNodes: false) {
            // Evidence columns into a new graph: read the rows first, create the
            // graph (with --schema or one inferred from the rows), then merge.
            let document = try CSVMergeImport.document(nodes: nodesInput, edges: edgesInput, sources: options.sources, options: options)
            let schema: GraphSchema
            if let given = options.schema { schema = given } else { schema = try CSVMergeImport.inferredSchema(document) }
            do {
                var summary: CSVImportSummary
                do {
                    let store = try GraphStore.create(at: temporary, schema: schema)
                    summary = try CSVMergeImport.apply(document, to: store, nodes: nodesInput, edges: edgesInput, sources: options.sources, options: options)
                    try store.checkpoint()
                }   // the store is closed here, before the rename
                summary.createdGraph = true
                if options.schema == nil { summary.inferredSchema = schema }
                try NewGraphFile.moveIntoPlace(temporary, database)
                return summary
            } catch {
                NewGraphFile.remove(temporary)
                throw KGError.wrap(error)
            }
        }
        let readers = try prepare(nodes: nodesInput, edges: edgesInput, options: options)
        do {
            var summary = try createAndLoad(database: temporary, readers: readers, options: options)
            summary.createdGraph = true
            try NewGraphFile.moveIntoPlace(temporary, database)
            return summary
        } catch {
            // The store is closed by now (it lived in createAndLoad).
            NewGraphFile.remove(temporary)
            throw error
        }
    }

    private static func createAndLoad(database: String, readers: (nodes: CSVReader?, edges: CSVReader?),
                                      options: CSVImportOptions) throws(KGError) -> CSVImportSummary {
        let schema: GraphSchema
        if let given = options.schema { schema = given } else { schema = try SchemaParser.parse("schema inferred\n", file: "the inferred schema") }
        try schema.checkDerivedDefinitions()
        let store = try GraphStore.create(at: database, schema: schema)
        // Nobody else has the new file open: load it with a rollback journal
        // (each page written once), then go back to WAL, with everything in
        // the main file before it is renamed into place.
        try store.setJournalMode(.delete)
        let load = CSVLoad(store: store, options: options, checks: options.schema.map { [$0] } ?? [], infer: options.schema == nil)
        let summary = try load.run(nodes: readers.nodes, edges: readers.edges)
        try store.setJournalMode(.wal)
        try store.checkpoint()
        return summary
    }

    static let nodeHeader = ["id", "kind", "name", "props"]
    static let edgeHeader = ["src", "type", "dst", "props"]

    /// Checks both inputs before anything is written: not empty, valid
    /// UTF-8, no line over the limit, the expected header. Returns readers
    /// positioned after their headers.
    static func prepare(nodes: CSVInput?, edges: CSVInput?, options: CSVImportOptions) throws(KGError) -> (nodes: CSVReader?, edges: CSVReader?) {
        guard nodes != nil || edges != nil else {
            throw KGError(.usage, "nothing to import: give a nodes file, an edges file or both")
        }
        var result: (nodes: CSVReader?, edges: CSVReader?) = (nil, nil)
        if let nodes {
            try CSVReader.validate(nodes, maxLineBytes: options.maxLineBytes)
            result.nodes = try header(nodes, expected: nodeHeader, other: edgeHeader, what: "nodes")
        }
        if let edges {
            try CSVReader.validate(edges, maxLineBytes: options.maxLineBytes)
            result.edges = try header(edges, expected: edgeHeader, other: nodeHeader, what: "edges")
        }
        return result
    }

    private static func header(_ input: CSVInput, expected: [String], other: [String], what: String) throws(KGError) -> CSVReader {
        let reader = CSVReader(input)
        guard try reader.next() else {
            throw KGError(.emptyInput, "'\(input.name)' is empty", span: .line(1), file: input.name)
        }
        let names = (0..<reader.fieldCount).map { reader.string($0) }
        if names == expected { return reader }
        let want = expected.joined(separator: ",")
        let line = names.count == 1 ? names[0] : names.joined(separator: ",")
        let span = SourceSpan(start: SourcePosition(line: reader.recordLine, column: 1, offset: reader.recordStart),
                              end: SourcePosition(line: reader.recordLine, column: 1 + min(line.count, 200), offset: reader.recordStart))
        var suggestion = "the first line of a \(what) file is '\(want)'"
        if names.count == 1 {
            for (delimiter, label) in [(";", "semicolons"), ("\t", "tabs"), ("|", "'|'")] where names[0].contains(delimiter) {
                let parts = names[0].components(separatedBy: delimiter)
                if parts.count == expected.count {
                    suggestion = "the fields seem to be separated by \(label): kg reads comma-separated values with the header '\(want)'"
                    break
                }
            }
        } else if names == other {
            suggestion = "this is the header of \(what == "nodes" ? "an edges" : "a nodes") file: are --nodes and --edges swapped?"
        } else if names.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == expected {
            suggestion = "write the header exactly '\(want)' (lower case, no spaces)"
        }
        let shown = line.count > 80 ? String(line.prefix(80)) + "…" : line
        throw KGError(.csvHeader, "the \(what) file must start with the header '\(want)', not '\(shown)'", span: span, file: input.name,
                      suggestion: suggestion)
    }
}

extension CSVImporter {
    /// `kg import --check` of CSV files into this importer's graph: every
    /// error (up to the limit of `diagnostics`), each naming its file, line
    /// and column; nothing is written. Returns what the import would do.
    public func check(nodes: CSVInput?, edges: CSVInput?, into diagnostics: ImportDiagnostics) -> WriteSummary {
        CSVMergeImport.check(nodes: nodes, edges: edges, in: store, options: options, into: diagnostics)
    }
}
