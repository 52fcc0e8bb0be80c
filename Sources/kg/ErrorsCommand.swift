import ArgumentParser
import KnowledgeGraph

struct ErrorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "errors",
        abstract: "List kg's error codes with their exit status and meaning."
    )

    @Flag(help: "Print the catalogue as Markdown (docs/errors.md).")
    var markdown = false

    func run() {
        if markdown {
            Terminal.output(ErrorCode.markdownCatalogue)
            return
        }
        Terminal.output(ErrorCode.allCases.map { "\($0.rawValue)  \($0.summary)" }.joined(separator: "\n") + "\n")
    }
}
