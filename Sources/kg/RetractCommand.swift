import ArgumentParser
import KnowledgeGraph

struct RetractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retract",
        abstract: "Withdraw a node or an edge, with a reason: it leaves every answer but stays in the history.",
        discussion: """
            Examples:
              kg retract edge xiaomi develops xiaomi-mi-mix --reason "the article says Microsoft's apps, not the phone"
              kg retract node dueros --cascade --reason "duplicate of baidu-dueros"
              kg retract edge baidu develops dueros --reason "the article retracts it" \\
                 --evidence baidu-xiaomi "the sentence that says so, verbatim"
            A node with edges needs --cascade, and kg lists the edges that go with it.
            kg revert N (the write's number, kg log) brings a retracted fact back.
            """,
        subcommands: [Node.self, Edge.self]
    )

    struct Node: ParsableCommand {
        // The names given, not derived from the type name: that costs every
        // kg start a String(describing:) of the type (conformance lookups).
        static let configuration = CommandConfiguration(commandName: "node", abstract: "Withdraw a node, its aliases and evidence (and with --cascade its edges).")
        @OptionGroup var graph: GraphOptions
        @Argument(help: "The node: key, name or alias.") var node: String
        @Flag(help: "Take the node's edges too (listed in the answer).") var cascade = false
        @OptionGroup var correction: CorrectionOptions

        func run() throws {
            let (store, keys) = try openForCorrection(graph, resolving: [node], source: node)
            let text = "retract node \(keys[0])\(cascade ? " cascade=true" : "")\(correction.attributes())\n" + correction.evidenceLines()
            try applyCorrection(text, store: store, what: "kg retract", correction: correction)
        }
    }

    struct Edge: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "edge", abstract: "Withdraw one edge and its evidence.")
        @OptionGroup var graph: GraphOptions
        @Argument(help: "The source node: key, name or alias.") var source: String
        @Argument(help: "The edge type.") var type: String
        @Argument(help: "The target node: key, name or alias.") var target: String
        @Option(help: ArgumentHelp("With several edges of the type between the two: the one valid from this date.", valueName: "date")) var from: String?
        @Option(help: ArgumentHelp("… and until this date.", valueName: "date")) var to: String?
        @OptionGroup var correction: CorrectionOptions

        func run() throws {
            let (store, keys) = try openForCorrection(graph, resolving: [source, target], source: nil)
            var text = "retract edge \(keys[0]) \(type) \(keys[1])"
            if let from { text += " from=\(HistoryCommandText.graphTextValue(from))" }
            if let to { text += " to=\(HistoryCommandText.graphTextValue(to))" }
            text += correction.attributes() + "\n" + correction.evidenceLines()
            try applyCorrection(text, store: store, what: "kg retract", correction: correction)
        }
    }
}
