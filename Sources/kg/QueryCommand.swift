import ArgumentParser
import Dispatch
import Foundation
import KnowledgeGraph

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Answer a path query over the graph.",
        discussion: """
            A query matches patterns of nodes and edges and returns what you ask for:

              MATCH (who)-[:licenses_patents_to]->(Xiaomi) RETURN DISTINCT who
              MATCH (Xiaomi)-[:partner_of]-{1,2}(c:Company) RETURN DISTINCT c
              MATCH p = SHORTEST (IKEA)-[:partner_of]-+(Microsoft) RETURN p, length(p)
              MATCH (a:Agreement)-[:licensee]->($company) AS OF 2018 RETURN a, a.date

            In parentheses a lower-case word is a variable, (c) or (who); a capitalised
            word, a quoted string or a $parameter names a node (by key, name or alias,
            case-insensitively): (Xiaomi), ("faw-car"), ($company). $name is bound with
            --param name=value. --file reads a script of queries separated by ';'
            ('-' for standard input). The language is described in docs/query-language.md.

            Examples:
              kg query --why "MATCH (x)-[:licenses_patents_to]->(Xiaomi) RETURN DISTINCT x"
              kg query -f json --param c=Xiaomi "MATCH (x)-[:partner_of]-(\\$c) RETURN x"
              kg query "EXPLAIN MATCH (x)-[:licensor]-(a)-[:licensee]->(Xiaomi) RETURN x"
            """
    )

    @OptionGroup var graph: GraphOptions

    @Option(name: .shortAndLong, help: "Output format: table, json, jsonl (one JSON object per row), csv, line (one line per column, for wide rows), or dot / graphml (every node and edge the matched paths touch).",
            completion: .list(["table", "json", "jsonl", "csv", "line", "dot", "graphml"]))
    var format: String = "table"

    @Option(name: .customLong("param"), help: ArgumentHelp("A parameter: name=value (repeatable).", valueName: "name=value"))
    var parameters: [String] = []

    @Flag(help: "Print under each row the evidence it rests on (article, date, quote).")
    var why = false

    @Flag(name: .customLong("spreadsheet-safe"), help: "With --format csv: prefix cells that start with = + - @ or a tab with ' so spreadsheets do not run them as formulas (changes those values).")
    var spreadsheetSafe = false

    @Flag(help: "In table and CSV cells, show nodes by their key instead of their name (to join with kg export's nodes.csv).")
    var keys = false

    @Option(help: ArgumentHelp("Read the query, or a script of queries separated by ';', from a file ('-': standard input; FIFOs and <(…) work).", valueName: "file"), completion: .file(extensions: ["kgq"]))
    var file: String?

    @OptionGroup var budget: BudgetOptions

    @OptionGroup var width: WidthOptions

    @Flag(help: "With --format dot: draw each agreement as edges between its parties (as kg dot does).")
    var collapseAgreements = false

    @Flag(name: .customLong("no-pager"), help: "Never show a long answer through $PAGER (on a terminal it is).")
    var noPager = false

    @Argument(help: "The query text ('-' reads it from standard input).")
    var text: String?

    func run() throws {
        var source = ""
        var limits = QueryLimits()
        try Terminal.run {
            limits = try budget.limits()
            // A text longer than the memory limit could never be parsed within it.
            source = try QueryInput.read(text: text, file: file, memoryLimit: limits.memoryLimit)
        }
        // Ctrl-C from here on cancels the query (KGE003, exit 130), also while
        // the graph is being opened. (Before, while reading standard input,
        // it simply stops kg: nothing is open yet.)
        let interrupts = Interrupts.install()
        defer { interrupts.remove() }
        // One budget for the request from here to its last byte written: the
        // text held, its tokens and syntax tree, every query of the script
        // and the rendering of its answer (docs/reliability.md).
        let request = QueryBudget(limits: limits, cancellation: interrupts.cancellation)
        try Terminal.run(source: source, sourceName: file ?? "query") {
            try request.charge(source.utf8.count)
            let drawing = format == "dot" || format == "graphml"
            if collapseAgreements && format != "dot" {
                throw KGError(.usage, "--collapse-agreements shapes a DOT picture; it goes with --format dot", suggestion: "add --format dot")
            }
            guard let outputFormat = ResultFormatter.Format(rawValue: drawing ? "table" : format) else {
                throw KGError(.usage, "unknown format '\(format)'", suggestion: "formats: table, json, jsonl, csv, line, dot, graphml")
            }
            let parameters = try QueryInput.parameters(self.parameters)
            let store = try graph.open(mode: .readOnly, memoryMapped: true)
            let engine = QueryEngine(store: store)
            interrupts.attach(store.interruptHandle)
            defer { interrupts.attach(nil) }   // before the store (and its connection) goes away
            let options = QueryEngine.Options(parameters: parameters, tracksFacts: why || drawing, budget: request)
            // A script: several queries separated by ';', run in order; the
            // first error stops it (its position is in the whole text).
            var queries = try Parser.parseScript(source, budget: request)
            // No query at all: the parser's own error for one query (KGP002 "expected MATCH …").
            if queries.isEmpty { queries = [try Parser.parse(source, budget: request)] }
            for (index, query) in queries.enumerated() {
                // What one query of the script holds (its answer, its text) is released once it is written.
                let mark = request.bytes
                defer { request.release(downTo: mark) }
                let result = try engine.execute(query, options: options)
                for warning in result.warnings { Terminal.note(warning.description) }
                if drawing {
                    let answer = Subgraph(nodes: result.touchedNodes, edges: result.touchedEdges)
                    Terminal.output(format == "dot" ? try DotExporter(store: store, options: DotOptions(collapseAgreements: collapseAgreements)).render(answer)
                                                    : try GraphMLExporter(store: store).render(answer))
                    continue
                }
                if index > 0 && outputFormat != .json && outputFormat != .jsonl { Terminal.output("\n") }
                var formatter = ResultFormatter(store: store)
                formatter.spreadsheetSafe = spreadsheetSafe
                formatter.nodesAsKeys = keys
                formatter.budget = request
                if let plan = result.planText, result.columns != ["plan"] {
                    Terminal.note(plan.trimmingCharacters(in: .newlines))
                }
                if result.columns == ["plan"], let plan = result.planText, outputFormat == .table {
                    Terminal.output(plan)
                } else {
                    Pager.output(try formatter.format(result, as: outputFormat, why: why, color: Terminal.colorAllowed(forStderr: false),
                                                      maxWidth: width.cellWidth), enabled: !noPager)
                }
            }
        }
    }
}

/// Reading query text and parameters from the command line.
enum QueryInput {
    /// The query text; a file longer than `memoryLimit` (the request's
    /// --max-memory) is refused with KGE005 as soon as that much is read.
    static func read(text: String?, file: String?, memoryLimit: Int = QueryLimits.defaultMemoryLimit) throws(KGError) -> String {
        switch (text, file) {
        case (nil, nil): throw KGError(.usage, "no query given", suggestion: "pass the query text, --file FILE, or '-' to read standard input")
        case (.some, .some): throw KGError(.usage, "give the query either as text or with --file, not both")
        case (let t?, nil): return t == "-" ? try readQueryFile("-", memoryLimit: memoryLimit) : t
        case (nil, let f?): return try readQueryFile(f, memoryLimit: memoryLimit)
        }
    }

    /// The largest query file or script read (a device that never ends is refused).
    static let maximumFileBytes = 16 << 20

    /// Reads `--file`: a regular file, `-` (standard input), a FIFO or a
    /// process substitution such as `<(…)` (`/dev/fd/N`), read as a stream.
    /// Standard input (`-`) is read the same way, with the same bounds.
    static func readQueryFile(_ path: String, memoryLimit: Int = QueryLimits.defaultMemoryLimit) throws(KGError) -> String {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw KGError(.fileNotFound, "no such file: '\(path)'")
            }
            guard !isDirectory.boolValue, let file = FileHandle(forReadingAtPath: path) else {
                throw KGError(.storage, "cannot read '\(path)'\(isDirectory.boolValue ? ": it is a directory" : "")")
            }
            handle = file
        }
        defer { if path != "-" { try? handle.close() } }
        var data = Data()
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 16) ?? Data() } catch {
                throw KGError(.storage, "cannot read '\(path)': \(error.localizedDescription)")
            }
            if chunk.isEmpty { break }
            data.append(chunk)
            guard data.count <= maximumFileBytes else {
                throw KGError(.storage, "'\(path)' is longer than \(maximumFileBytes >> 20) MiB; a query file is not that long")
            }
            guard data.count <= memoryLimit else {
                throw QueryBudget(limits: QueryLimits(memoryLimit: memoryLimit)).memoryError()
            }
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let offset = Array(data).firstInvalidUTF8Offset ?? 0
            throw KGError(.invalidEncoding, "'\(path)' is not valid UTF-8 (first bad byte at offset \(offset))", file: path)
        }
        return text
    }

    /// `name=value` pairs; a value that is a whole number becomes a number.
    /// `example` is how the command takes a parameter, for the hint.
    static func parameters(_ pairs: [String], example: String = "--param company=Xiaomi") throws(KGError) -> [String: Value] {
        var out: [String: Value] = [:]
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw KGError(.invalidParameter, "'\(pair)' is not name=value", suggestion: "for example \(example)")
            }
            let name = String(pair[..<eq])
            let raw = String(pair[pair.index(after: eq)...])
            guard name.first.map({ $0.isLetter || $0 == "_" }) == true, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw KGError(.invalidParameter, "'\(name)' is not a parameter name (letters, digits, _)")
            }
            out[name] = Int64(raw).map(Value.int) ?? .string(raw)
        }
        return out
    }
}
