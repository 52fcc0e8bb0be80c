import ArgumentParser
import KnowledgeGraph

/// `--timeout`, `--max-rows` and `--max-memory`: the budget of every query a
/// command runs (`kg query`, `kg run`, `kg serve`). Values are read as text
/// and checked by ``QueryLimits`` (finite, positive, in range), so that
/// `--timeout inf`, `--timeout -1` or `--max-memory 2X` are usage errors
/// (KGU001, exit 64) that say what is wrong. A value may start with '-'
/// (`--timeout -1` is a wrong value, not a missing one).
struct BudgetOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("Stop a query that runs longer than this many seconds (more than 0, at most 604800; default 60).", valueName: "seconds"))
    var timeout: String?

    @Option(name: .customLong("max-rows"), parsing: .unconditional,
            help: ArgumentHelp("Stop a query whose answer has more rows than this (at least 1; default 5000000).", valueName: "rows"))
    var maxRows: String?

    @Option(name: .customLong("max-memory"), parsing: .unconditional,
            help: ArgumentHelp("Stop a query whose intermediate state needs more memory than this: 512M, 2G, … (1M to 1T; default 1G).", valueName: "size"))
    var maxMemory: String?

    /// The limits; a usage error (KGU001) for a value out of range.
    func limits() throws(KGError) -> QueryLimits {
        try QueryLimits(timeout: timeout, maxRows: maxRows, maxMemory: maxMemory)
    }

    func validate() throws {
        do { _ = try limits() } catch { throw Terminal.report(error) }
    }
}
