import ArgumentParser
import KnowledgeGraph

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Print a graph text block to fill in for a new node of a kind, made from the graph's schema.",
        discussion: """
            The block has the kind's required properties on the node line (a one-of
            property lists its values), the optional ones in a comment, an evidence
            line, and the edges the kind may have, commented out. Placeholders are
            upper case, so a block not filled in fails kg import --check.

            Examples:
              kg new agreement > deal.kg          # then edit deal.kg
              kg import --check deal.kg --db deals.sqlite
              kg new node Company --db supply.sqlite   # from that graph's own schema
            """
    )

    @OptionGroup var graph: GraphOptions

    @Argument(help: ArgumentHelp("The kind (agreement, company, …; any case), optionally after the word 'node'.", valueName: "kind"))
    var words: [String]

    func validate() throws {
        let rest = words.first == "node" ? Array(words.dropFirst()) : words
        guard rest.count == 1 else { throw ValidationError("name one kind: kg new agreement, or kg new node Company") }
    }

    func run() throws {
        let word = words.first == "node" ? words[1] : words[0]
        try Terminal.run(source: word, sourceName: "kind") {
            let store = try graph.open(mode: .readOnly)
            let kind = try GraphTextTemplate.kind(named: word, in: store.schema)
            Terminal.output(GraphTextTemplate.block(for: kind, schema: store.schema))
        }
    }
}
