import ArgumentParser
import Foundation
import KnowledgeGraph

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole graph as graph text (kg), CSV files, JSON lines or GraphML, to import elsewhere.",
        discussion: """
            --format kg       graph text: sources, nodes (aliases, evidence), edges (evidence);
                              kg import FILE into an empty graph of the same schema gives the same graph
            --format csv      nodes.csv, edges.csv and sources.csv in the folder -o DIR (or the files
                              --nodes, --edges, --sources): one row per node and per edge, evidence
                              as a JSON array in the column 'evidence'; read back with
                              kg import --nodes nodes.csv --edges edges.csv --sources sources.csv
                              (--headers gephi: the columns Id, Label, Source, Target, Type for Gephi)
            --format jsonl    one JSON object per source, node and edge, for programs
            --format graphml  GraphML for networkx, Gephi, yEd, Cytoscape (evidence as data)
            Without -o, kg, jsonl and graphml go to standard output. A file is replaced
            whole or not at all: on any error (a full disk) the earlier export stays as it
            was; the CSV files are replaced all together or not at all.

            Examples:
              kg export --format kg -o deals.kg
              kg init --db copy.sqlite --empty && kg import deals.kg --db copy.sqlite
              kg export --format csv -o deals-csv/
              kg export --format graphml -o deals.graphml
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case kg, csv, jsonl, graphml }

    @OptionGroup var graph: GraphOptions
    @Option(help: "kg, csv, jsonl or graphml.") var format: Format = .kg
    @Option(name: .shortAndLong, help: ArgumentHelp("The file (kg, jsonl, graphml) or folder (csv) to write.", valueName: "path")) var output: String?
    @Option(help: ArgumentHelp("With csv: the nodes file.", valueName: "file")) var nodes: String?
    @Option(help: ArgumentHelp("With csv: the edges file.", valueName: "file")) var edges: String?
    @Option(help: ArgumentHelp("With csv: the sources file.", valueName: "file")) var sources: String?
    @Option(help: ArgumentHelp("With csv: the column names, kg (what kg import reads) or gephi (Id, Label, Source, Target, Type).",
                               valueName: "kg|gephi"))
    var headers: CSVGraphExporter.Headers?

    func validate() throws {
        if format == .csv, output == nil, nodes == nil || edges == nil {
            throw ValidationError("--format csv writes files: give -o DIR, or --nodes FILE --edges FILE (and --sources FILE)")
        }
        if format != .csv, nodes != nil || edges != nil || sources != nil || headers != nil {
            throw ValidationError("--nodes, --edges, --sources and --headers go with --format csv")
        }
    }

    func run() throws {
        try Terminal.run {
            let store = try graph.open(mode: .readOnly, memoryMapped: true)
            switch format {
            case .kg:
                try write(to: output) { sink throws(KGError) in try GraphTextExporter(store: store).export(to: sink) }
            case .jsonl:
                try write(to: output) { sink throws(KGError) in try JSONLinesGraphExporter(store: store).export(to: sink) }
            case .graphml:
                try write(to: output) { sink throws(KGError) in
                    let text = try store.snapshot { () throws(KGError) -> String in try GraphMLExporter(store: store).render(try store.wholeGraph()) }
                    try sink(text)
                }
            case .csv:
                try writeCSV(store)
            }
        }
    }

    /// The three CSV files, replaced together (``OutputFile/replace(_:_:)-([String],_)``).
    /// A folder -o made for them is removed again when the export fails.
    private func writeCSV(_ store: GraphStore) throws(KGError) {
        var paths = (nodes: nodes, edges: edges, sources: sources)
        var createdFolder: String?
        if let output {
            if InputFile.kind(of: output) == .missing {
                do { try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true) }
                catch { throw KGError(.storage, "cannot create the folder '\(output)': \(error.localizedDescription)") }
                createdFolder = output
            }
            paths = (paths.nodes ?? output + "/nodes.csv", paths.edges ?? output + "/edges.csv", paths.sources ?? output + "/sources.csv")
        }
        let list = [paths.nodes, paths.edges, paths.sources].compactMap { $0 }
        do {
            try OutputFile.replace(list) { (files: [OutputFile]) throws(KGError) in
                let s = files.count > 2 ? files[2] : nil
                try CSVGraphExporter(store: store, headers: headers ?? .kg)
                    .export(nodes: { t throws(KGError) in try files[0].write(t) }, edges: { t throws(KGError) in try files[1].write(t) },
                            sources: { t throws(KGError) in try s?.write(t) })
            }
        } catch {
            if let createdFolder { _ = rmdir(createdFolder) }
            throw error
        }
        Terminal.note("kg: wrote \(list.joined(separator: ", "))")
    }

    private func write(to path: String?, _ body: ((String) throws(KGError) -> Void) throws(KGError) -> Void) throws(KGError) {
        if let path, path != "-" {
            try OutputFile.replace(path) { file throws(KGError) in try body { t throws(KGError) in try file.write(t) } }
            Terminal.note("kg: wrote \(path)")
        } else {
            var buffer = ""
            try body { t in
                buffer += t
                if buffer.utf8.count > 1 << 16 { Terminal.output(buffer); buffer = "" }
            }
            Terminal.output(buffer)
        }
    }
}

extension CSVGraphExporter.Headers: ExpressibleByArgument {}
