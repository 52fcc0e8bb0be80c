import ArgumentParser
import Foundation
import KnowledgeGraph

struct DotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dot",
        abstract: "Draw a node's neighbourhood or the whole graph as GraphViz DOT or GraphML.",
        discussion: """
            Writes DOT text (or GraphML with --format graphml) to standard output or \
            to -o FILE. With --render svg|png|pdf, kg runs Graphviz's dot (from PATH) \
            and writes the picture to -o FILE.

            --hops counts a step through an agreement (Xiaomi -> agreement -> Nokia) \
            as one hop, so --hops 1 shows a company's agreements and their other \
            parties; --strict-hops counts it as two. --collapse-agreements draws each \
            agreement as an edge between its parties (licensor -> licensee, seller -> \
            buyer, supplier -> customer, partners without direction). Style legend and \
            escaping rules: docs/dot-export.md.

            Examples:
              kg dot --around Xiaomi > xiaomi.dot
              kg dot --around 小米 --hops 2 --types party,licensor,licensee
              kg dot --around Xiaomi --collapse-agreements --legend --render svg -o xiaomi.svg
              kg dot --all --cluster kind --render png -o graph.png
              kg dot --all --format graphml -o graph.graphml
            """
    )

    enum Cluster: String, ExpressibleByArgument, CaseIterable {
        case none, kind
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case dot, graphml
    }

    enum RenderFormat: String, ExpressibleByArgument, CaseIterable {
        case svg, png, pdf
    }

    @OptionGroup var graph: GraphOptions

    @Option(help: ArgumentHelp("Draw the neighbourhood of this node (key, name or alias).", valueName: "name"))
    var around: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("How far from the --around node to go (0 or more; default 1).", valueName: "n"))
    var hops: Int?

    @Option(help: ArgumentHelp("Follow only these stored edge types, comma-separated (e.g. party,licensor,licensee).", valueName: "types"))
    var types: String?

    @Flag(help: "Count a step through an agreement (node -> agreement -> party) as two hops, not one.")
    var strictHops = false

    @Flag(help: "Draw the whole graph.")
    var all = false

    @Flag(help: "Add a legend: one sample node per kind drawn.")
    var legend = false

    @Option(help: ArgumentHelp("Group nodes into boxes: none, or one box per kind.", valueName: "none|kind"))
    var cluster: Cluster = .none

    @Flag(help: "Draw each agreement as edges between its parties, labelled with its kind and date.")
    var collapseAgreements = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Refuse to draw more nodes than this (at least 1).", valueName: "n"))
    var maxNodes: Int = DotOptions.defaultMaxNodes

    @Option(help: ArgumentHelp("A title above the picture.", valueName: "text"))
    var title: String?

    @Option(help: ArgumentHelp("The output format: dot or graphml.", valueName: "dot|graphml"))
    var format: Format = .dot

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"), completion: .file())
    var output: String?

    @Option(help: ArgumentHelp("Run Graphviz dot to make a picture (needs -o).", valueName: "svg|png|pdf"))
    var render: RenderFormat?

    func run() throws {
        try Terminal.run {
            try checkUsage()
            let store = try graph.open(mode: .readOnly, memoryMapped: true)
            // One read transaction from the walk to the last record read.
            let (subgraph, bytes) = try store.snapshot { () throws(KGError) -> (Subgraph, [UInt8]) in
                let subgraph: Subgraph
                if let around {
                    let center = try store.resolve(around)
                    subgraph = try store.neighbourhood(of: center.id, hops: hops ?? 1, types: try typeList(),
                                                       agreementsAsOneHop: !strictHops, maxNodes: format == .dot ? maxNodes : nil)
                } else {
                    subgraph = try store.wholeGraph()
                }
                switch format {
                case .dot:
                    let options = DotOptions(legend: legend, cluster: cluster == .kind ? .kind : .none,
                                             collapseAgreements: collapseAgreements, maxNodes: maxNodes, title: title)
                    return (subgraph, try DotExporter(store: store, options: options).renderBytes(subgraph))
                case .graphml:
                    return (subgraph, Array(try GraphMLExporter(store: store).render(subgraph).utf8))
                }
            }

            if let render, let output {
                let text = String(decoding: bytes, as: UTF8.self)
                let runner = try GraphvizRunner.locate()
                if render != .svg, let warning = FontCoverage.warning(forLabels: text) { Terminal.note(warning) }
                let picture = try runner.render(text, format: render.rawValue)
                try write(picture, to: output)
                Terminal.note("kg: wrote \(output) (a subgraph of \(Plural.count(subgraph.nodes.count, "node")) and \(Plural.count(subgraph.edges.count, "edge")))")
            } else if let output, output != "-" {
                try write(Data(bytes), to: output)
            } else {
                Terminal.output(String(decoding: bytes, as: UTF8.self))
            }
        }
    }

    private func checkUsage() throws(KGError) {
        if all == (around != nil) {
            throw KGError(.usage, all ? "--all and --around exclude each other" : "say what to draw: --around NAME or --all",
                          suggestion: "for example: kg dot --around Xiaomi")
        }
        if all && (hops != nil || types != nil || strictHops) {
            throw KGError(.usage, "--hops, --types and --strict-hops go with --around, not --all")
        }
        if let hops, hops < 0 {
            throw KGError(.usage, "--hops must be 0 or more, not \(hops)")
        }
        if maxNodes < 1 {
            throw KGError(.usage, "--max-nodes must be at least 1, not \(maxNodes)")
        }
        if let render {
            if output == nil || output == "-" {
                throw KGError(.usage, "--render \(render.rawValue) needs -o FILE: a picture is not written to the terminal",
                              suggestion: "kg dot ... --render \(render.rawValue) -o picture.\(render.rawValue)")
            }
            if format == .graphml {
                throw KGError(.usage, "--render draws DOT; it does not go with --format graphml")
            }
        }
        if format == .graphml && (legend || cluster != .none || collapseAgreements || title != nil) {
            throw KGError(.usage, "--legend, --cluster, --collapse-agreements and --title shape the DOT picture; GraphML has no drawing")
        }
    }

    private func typeList() throws(KGError) -> [String]? {
        guard let types else { return nil }
        let list = types.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if list.isEmpty { throw KGError(.usage, "--types needs at least one edge type, e.g. --types party,licensor") }
        return list
    }

    /// Writes the output through ``OutputFile``: a regular file (or a new
    /// one) replaced whole or not at all; a device, FIFO or socket
    /// (`/dev/null`, `/dev/stdout`, a pipe) as a stream into it, never
    /// replaced; a folder is refused.
    private func write(_ data: Data, to path: String) throws(KGError) {
        if InputFile.kind(of: path) == .directory {
            throw KGError(.notARegularFile, "'\(path)' is a folder, not a file to write", suggestion: "give a file path, e.g. -o \(path)/picture.svg")
        }
        try OutputFile.write(data, to: path)
    }
}
