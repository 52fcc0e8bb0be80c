import ArgumentParser
import KnowledgeGraph

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a graph text file (.kg) into a graph, all or nothing.",
        discussion: """
            The file format is described in docs/graph-text-format.md. Every fact \
            must carry evidence. On any error nothing is written and the first \
            problem is shown with its line and column.

            Example:
              kg import my-articles.kg --db deals.sqlite
            """
    )

    @OptionGroup var graph: GraphOptions

    @Argument(help: ArgumentHelp("The graph text file to load ('-' for standard input).", valueName: "file"))
    var file: String

    func run() throws {
        var text: String?
        try Terminal.run {
            text = try readInputFile(file)
        }
        try Terminal.run(source: text, sourceName: file) {
            let store = try graph.open(mode: .readWrite)
            let summary = try GraphTextImporter(store: store).importText(text!, file: file)
            Terminal.note("kg: imported \(file): \(summary.nodes) nodes, \(summary.edges) edges, \(summary.aliases) aliases, \(summary.evidence) pieces of evidence, \(summary.sources) sources")
        }
    }
}
