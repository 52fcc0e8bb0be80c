import ArgumentParser
import KnowledgeGraph

struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Give a node's property a new value, with a reason and its evidence (the old value stays in the history).",
        discussion: """
            NODE is a key, name or alias. VALUE is read like graph text: 2011, 3.5, true
            bare; anything else as a string; null removes the property; the property
            'name' renames the node. Checked against the schema; one recorded write.
            The same as importing the graph text: set KEY PROPERTY=VALUE reason="…"

            Evidence: --evidence SOURCE "quote" names the sentence that states the
            new value (checked against the source's article when its file can be
            read, as kg import does). Without it the value is the curator's
            statement: it is recorded as evidence of the source 'curator' (declared
            when the graph lacks it) quoting the reason, and kg show prints it.

            When the node's evidence quotes the old value (founded in 2004) and no
            article's quote states the new one, kg set refuses (KGC013) and names
            the quote; --update sets it anyway and records the quote as superseded
            for that property (kg log --changes).

            Examples:
              kg set Xiaomi founded 2010 --reason "the Microsoft article gives 2010" \\
                 --evidence microsoft-xiaomi "Der 2010 gegründete Smartphone-Hersteller …"
              kg set Xiaomi founded 2009 --update --reason "the register says 2009"
              kg set baidu industry null --reason "not stated by the article"
            """
    )

    /// The source of a value without evidence: the curator's own statement (as in data/seed.kg).
    static let curatorSource = "source curator file=\"curator\" lang=en title=\"[the curator's own knowledge, not an article]\"\n"

    @OptionGroup var graph: GraphOptions
    @Argument(help: "The node: key, name or alias.") var node: String
    @Argument(help: "The property (or 'name').") var property: String
    @Argument(help: "The new value (null removes the property).") var value: String
    @OptionGroup var correction: CorrectionOptions
    @Flag(help: "Set the value even where the node's evidence quotes another one (the quote is recorded as superseded).")
    var update = false

    func run() throws {
        let (store, keys) = try openForCorrection(graph, resolving: [node], source: node)
        let assignment = property == "name" ? "name=" + HistoryCommandText.quotedString(value)
                                             : "\(property)=\(HistoryCommandText.graphTextValue(value))"
        var text = "set \(keys[0]) \(assignment)\(correction.attributes())\n"
        if correction.given != nil {
            text += correction.evidenceLines()
        } else if value != "null" {
            // No evidence: the value is the curator's statement, with the reason as its words.
            var declared = false
            try Terminal.run { declared = try store.source(key: "curator") != nil }
            if !declared { text = Self.curatorSource + text }
            let statement = "\(property)=\(value), set by the curator: \(correction.reason)"
            text += "  evidence curator \(HistoryCommandText.quotedString(statement))\n"
        }
        try applyCorrection(text, store: store, what: "kg set", correction: correction, update: update, guardQuotedValues: true)
    }
}
