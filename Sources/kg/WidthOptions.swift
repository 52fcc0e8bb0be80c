import ArgumentParser
import KnowledgeGraph

/// `--max-width N`, shared by the commands that print tables. The value may
/// start with '-' (`--max-width -3` is a wrong value, not a missing one).
struct WidthOptions: ParsableArguments {
    @Option(name: .customLong("max-width"), parsing: .unconditional, help: ArgumentHelp("Cut table cells wider than this many columns, with …  (default: 80 on a terminal, no limit in a pipe).", valueName: "n"))
    var maxWidth: Int?

    func validate() throws {
        if let maxWidth, maxWidth < 1 { throw Terminal.report(KGError(.usage, "--max-width must be at least 1, not \(maxWidth)")) }
    }

    /// The widest a cell may be for this run.
    var cellWidth: Int? { Terminal.cellWidth(maxWidth) }
}
