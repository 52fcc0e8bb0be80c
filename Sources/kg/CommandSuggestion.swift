import ArgumentParser
import Foundation
import KnowledgeGraph

extension KG {
    /// Runs kg; a misspelt subcommand (`kg querry`) gets "did you mean 'query'?"
    /// instead of argument-parser's "unexpected argument".
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, !first.hasPrefix("-"), first != "help" {
            let names = configuration.subcommands.compactMap { $0.configuration.commandName }
            if !names.contains(first) {
                let suggestion = EditDistance.suggestion(for: first, among: names)
                let error = KGError(.usage, "'\(first)' is not a kg command",
                                    suggestion: (suggestion.map { "did you mean 'kg \($0)'? " } ?? "") + "the commands: " + names.joined(separator: ", "))
                Foundation.exit(Terminal.report(error).rawValue)
            }
        }
        main(arguments)
    }
}
