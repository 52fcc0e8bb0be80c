import ArgumentParser
import Foundation
import KnowledgeGraph

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Show the graph's schema: kinds, edge types with phrases and counts, derived types, named queries.",
        discussion: """
            Examples:
              kg schema
              kg schema --format json
              kg schema --source        the schema text stored in the graph (.kgs)
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @OptionGroup var graph: GraphOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format: table or json.", valueName: "table|json"))
    var format: Format = .table

    @Flag(help: "Print the schema text (.kgs) stored in the graph instead.")
    var source = false

    @OptionGroup var width: WidthOptions

    func validate() throws {
        if source && format == .json { throw ValidationError("--source prints the schema text; it does not go with --format json") }
    }

    func run() throws {
        try Terminal.run {
            let store = try graph.open(mode: .readOnly)
            if source {
                Terminal.output(store.schema.source.hasSuffix("\n") ? store.schema.source : store.schema.source + "\n")
                return
            }
            let report = SchemaReport(store: store)
            switch format {
            case .table: Terminal.output(try report.text(maxWidth: width.cellWidth))
            case .json: Terminal.output(try report.json().serialized + "\n")
            }
        }
    }
}
