import ArgumentParser
import KnowledgeGraph

struct RevertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revert",
        abstract: "Undo write N (see kg log): remove what it added, restore what it retracted or changed.",
        discussion: """
            The revert is a write of its own, so it is in the log too. Refused, with the
            reason, when a later write depends on write N (it added to, changed or
            retracted what write N added): revert that one first.

            Example:
              kg log
              kg revert 3 --reason "imported into the wrong graph"
            """
    )

    @OptionGroup var graph: GraphOptions
    @Argument(help: "The number of the write to undo.") var write: Int64
    @Option(help: ArgumentHelp("Why (kept in the history).", valueName: "text")) var reason: String?

    func run() throws {
        try Terminal.run {
            let store = try graph.open(mode: .readWrite)
            let summary = try store.revert(write, command: HistoryCommandText.current, reason: reason)
            Terminal.note("kg: \(summary)" + (summary.write.map { " (write \($0))" } ?? ""))
        }
    }
}
