import ArgumentParser

/// `--max-width N`, shared by the commands that print tables.
struct WidthOptions: ParsableArguments {
    @Option(name: .customLong("max-width"), help: ArgumentHelp("Cut table cells wider than this many columns, with …  (default: 80 on a terminal, no limit in a pipe).", valueName: "n"))
    var maxWidth: Int?

    func validate() throws {
        if let maxWidth, maxWidth < 1 { throw ValidationError("--max-width must be at least 1, not \(maxWidth)") }
    }

    /// The widest a cell may be for this run.
    var cellWidth: Int? { Terminal.cellWidth(maxWidth) }
}
