import ArgumentParser
import KnowledgeGraph

struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Give a node's property a new value, with a reason (the old value stays in the history).",
        discussion: """
            NODE is a key, name or alias. VALUE is read like graph text: 2011, 3.5, true
            bare; anything else as a string; null removes the property; the property
            'name' renames the node. Checked against the schema; one recorded write.
            The same as importing the graph text: set KEY PROPERTY=VALUE reason="…"

            Examples:
              kg set Xiaomi founded 2010 --reason "the Microsoft article gives 2010" \\
                 --source microsoft-xiaomi --quote "Der 2010 gegründete Smartphone-Hersteller …"
              kg set baidu industry null --reason "not stated by the article"
            """
    )

    @OptionGroup var graph: GraphOptions
    @Argument(help: "The node: key, name or alias.") var node: String
    @Argument(help: "The property (or 'name').") var property: String
    @Argument(help: "The new value (null removes the property).") var value: String
    @OptionGroup var correction: CorrectionOptions

    func run() throws {
        let (store, keys) = try openForCorrection(graph, resolving: [node], source: node)
        let assignment = property == "name" ? "name=" + HistoryCommandText.quotedString(value)
                                             : "\(property)=\(HistoryCommandText.graphTextValue(value))"
        let text = "set \(keys[0]) \(assignment)\(correction.attributes())\n" + correction.evidenceLines()
        try applyCorrection(text, store: store, what: "kg set", reason: correction.reason)
    }
}
