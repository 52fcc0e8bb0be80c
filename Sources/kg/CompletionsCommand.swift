import ArgumentParser

struct CompletionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions",
        abstract: "Print a shell completion script (bash, zsh or fish) for kg.",
        discussion: """
            The script completes commands, options, formats, graph and input files \
            by extension, and the names and parameters of named queries.

            Install:
              kg completions bash > ~/.local/share/bash-completion/completions/kg
              kg completions zsh > ~/.zfunc/_kg      (with fpath+=~/.zfunc)
              kg completions fish > ~/.config/fish/completions/kg.fish
            """
    )

    enum Shell: String, ExpressibleByArgument, CaseIterable {
        case bash, zsh, fish
    }

    @Argument(help: ArgumentHelp("The shell: bash, zsh or fish.", valueName: "shell"))
    var shell: Shell

    func run() {
        let kind: CompletionShell
        switch shell {
        case .bash: kind = .bash
        case .zsh: kind = .zsh
        case .fish: kind = .fish
        }
        Terminal.output(KG.completionScript(for: kind))
    }
}
