import ArgumentParser
import KnowledgeGraph

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List the graph's writes: number, time, what wrote, why, and the counts.",
        discussion: """
            Every import, merge, update, retract and revert is one write. kg revert N undoes write N.
            --format json prints one JSON object per write (id, at, action, command, reason, counts, reverts, reverted_by).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var graph: GraphOptions
    @Option(help: "text or json.") var format: Format = .text

    func run() throws {
        try Terminal.run {
            let store = try graph.open(mode: .readOnly)
            let log = try store.writeLog()
            var out = ""
            for write in log {
                out += format == .json ? write.json.serialized + "\n" : write.text
            }
            if log.isEmpty && format == .text { out = "no writes yet\n" }
            Terminal.output(out)
        }
    }
}
