import ArgumentParser
import Foundation
import KnowledgeGraph

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole graph as graph text (kg), CSV files or JSON lines, to import elsewhere.",
        discussion: """
            --format kg     graph text: sources, nodes (aliases, evidence), edges (evidence);
                            kg import FILE into an empty graph of the same schema gives the same graph
            --format csv    nodes.csv, edges.csv and sources.csv in the folder -o DIR (or the files
                            --nodes, --edges, --sources); read back with
                            kg import --nodes nodes.csv --edges edges.csv --sources sources.csv
            --format jsonl  one JSON object per source, node and edge, for programs
            Without -o, kg and jsonl go to standard output.

            Examples:
              kg export --format kg -o deals.kg
              kg init --db copy.sqlite --empty && kg import deals.kg --db copy.sqlite
              kg export --format csv -o deals-csv/
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case kg, csv, jsonl }

    @OptionGroup var graph: GraphOptions
    @Option(help: "kg, csv or jsonl.") var format: Format = .kg
    @Option(name: .shortAndLong, help: ArgumentHelp("The file (kg, jsonl) or folder (csv) to write.", valueName: "path")) var output: String?
    @Option(help: ArgumentHelp("With csv: the nodes file.", valueName: "file")) var nodes: String?
    @Option(help: ArgumentHelp("With csv: the edges file.", valueName: "file")) var edges: String?
    @Option(help: ArgumentHelp("With csv: the sources file.", valueName: "file")) var sources: String?

    func validate() throws {
        if format == .csv, output == nil, nodes == nil || edges == nil {
            throw ValidationError("--format csv writes files: give -o DIR, or --nodes FILE --edges FILE (and --sources FILE)")
        }
        if format != .csv, nodes != nil || edges != nil || sources != nil {
            throw ValidationError("--nodes, --edges and --sources go with --format csv")
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
            case .csv:
                var paths = (nodes: nodes, edges: edges, sources: sources)
                if let output {
                    do { try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true) }
                    catch { throw KGError(.storage, "cannot create the folder '\(output)': \(error.localizedDescription)") }
                    paths = (paths.nodes ?? output + "/nodes.csv", paths.edges ?? output + "/edges.csv", paths.sources ?? output + "/sources.csv")
                }
                let n = try OutputFile(paths.nodes!), e = try OutputFile(paths.edges!)
                let s = try paths.sources.map { p throws(KGError) in try OutputFile(p) }
                try CSVGraphExporter(store: store).export(nodes: { t throws(KGError) in try n.write(t) }, edges: { t throws(KGError) in try e.write(t) },
                                                          sources: { t throws(KGError) in try s?.write(t) })
                try n.close(); try e.close(); try s?.close()
                Terminal.note("kg: wrote \([paths.nodes, paths.edges, paths.sources].compactMap { $0 }.joined(separator: ", "))")
            }
        }
    }

    private func write(to path: String?, _ body: ((String) throws(KGError) -> Void) throws(KGError) -> Void) throws(KGError) {
        if let path {
            let file = try OutputFile(path)
            try body { t throws(KGError) in try file.write(t) }
            try file.close()
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

/// A file written through a buffer; created (or emptied) when opened.
private final class OutputFile {
    let path: String
    let handle: FileHandle
    var buffer = ""

    init(_ path: String) throws(KGError) {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw KGError(.storage, "cannot write '\(path)'")
        }
        self.handle = handle
    }

    func write(_ text: String) throws(KGError) {
        buffer += text
        if buffer.utf8.count > 1 << 16 { try flush() }
    }

    func flush() throws(KGError) {
        do { try handle.write(contentsOf: Data(buffer.utf8)) } catch { throw KGError(.storage, "cannot write '\(path)': \(error.localizedDescription)") }
        buffer = ""
    }

    func close() throws(KGError) {
        try flush()
        try? handle.close()
    }
}
