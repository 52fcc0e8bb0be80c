import ArgumentParser
import KnowledgeGraph

/// The `kg` command line: a thin layer over the KnowledgeGraph library.
@main
struct KG: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kg",
        abstract: "A knowledge-graph store with its own path-query language, on SQLite.",
        discussion: """
            kg keeps companies, people, products and agreements as a graph, with the \
            evidence (article, date, sentence) of every fact.

            Which graph: --db FILE, else $KG_DB, else the seed graph at \
            ~/.local/share/kg/seed.sqlite, built on first use from the five seed articles.

            Start with:
              kg ask --why "who licenses patents to Xiaomi?"
              kg shell                the interactive shell (queries, questions)
              kg run --list           the named questions (kg run licensors company=Xiaomi)
              kg show Xiaomi          everything about Xiaomi, with evidence
              kg stats                what the graph holds
              kg dot --around Xiaomi --render svg -o xiaomi.svg
            """,
        version: "kg \(KGVersion.current) (SQLite \(KGVersion.sqlite))",
        subcommands: [AskCommand.self, QueryCommand.self, SchemaCommand.self, RunCommand.self, ShowCommand.self, ServeCommand.self, DotCommand.self, InitCommand.self, ImportCommand.self, DraftCommand.self, NewCommand.self, SetCommand.self, RetractCommand.self, LogCommand.self, RevertCommand.self, ExportCommand.self, StatsCommand.self, ErrorsCommand.self, ShellCommand.self, CompletionsCommand.self]
    )

    /// Starts kg: a closed output pipe is an error value, not a signal.
    static func main() {
        StandardStream.ignoreBrokenPipe()
        refuseArgumentsThatAreNotUTF8()
        refuseUnknownCommand()
        main(nil)
    }
}
