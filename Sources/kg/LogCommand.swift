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
    @Flag(help: "Also list what each write retracted or changed (old and new values).") var changes = false

    func run() throws {
        try Terminal.run {
            let store = try graph.open(mode: .readOnly)
            let log = try store.writeLog()
            var out = ""
            for write in log {
                if format == .json {
                    var object = write.json.objectValue ?? [:]
                    if changes {
                        object["changes"] = .array(try store.changes(ofWrite: write.id).map { change in
                            var c: [String: JSONValue] = ["action": .string(change.action), "entity": .string(change.entity),
                                                          "target": .string(change.target), "data": change.data]
                            if let reason = change.reason { c["reason"] = .string(reason) }
                            return .object(c)
                        })
                    }
                    out += JSONValue.object(object).serialized + "\n"
                } else {
                    out += write.text
                    if changes { for change in try store.changes(ofWrite: write.id) { out += "      \(change.text)\n" } }
                }
            }
            if log.isEmpty && format == .text { out = "no writes yet\n" }
            Terminal.output(out)
        }
    }
}
