import ArgumentParser
import KnowledgeGraph

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a node: its properties, agreements and relations, with evidence.",
        discussion: """
            NAME is a key, a name or an alias (case-insensitive): xiaomi, Xiaomi, 小米.

            Examples:
              kg show Xiaomi
              kg show "FAW Car"
              kg show nokia-xiaomi-cross-license-2017
            """
    )

    @OptionGroup var graph: GraphOptions

    @Argument(help: "The node's key, name or alias.")
    var name: String

    func run() throws {
        try Terminal.run {
            let store = try graph.open(mode: .readOnly, memoryMapped: true)
            let report = try store.snapshot { () throws(KGError) -> String in
                try NodeReport(store: store).render(try store.resolve(name))
            }
            Terminal.output(report)
        }
    }
}
