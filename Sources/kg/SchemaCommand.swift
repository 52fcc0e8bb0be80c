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
              kg schema --width 80      tables fitted into 80 columns

            On a terminal (or with $COLUMNS) the tables fit its width: the last \
            column wraps, nothing is cut. In a pipe lines are whole.
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

    @Option(name: .customLong("width"), help: ArgumentHelp("Fit the tables into lines this many columns wide, wrapping the last column (default: the terminal's width, $COLUMNS; whole lines in a pipe).", valueName: "n"))
    var lineWidth: Int?

    func validate() throws {
        if let lineWidth, lineWidth < 20 { throw ValidationError("--width must be at least 20, not \(lineWidth)") }
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
            case .table:
                // Fitted into the line (nothing cut) unless --max-width asks for cut cells.
                let line = width.maxWidth == nil ? Terminal.lineWidth(lineWidth) : lineWidth
                Terminal.output(try report.text(maxWidth: width.cellWidth, lineWidth: line))
            case .json: Terminal.output(try report.json().serialized + "\n")
            }
        }
    }
}
