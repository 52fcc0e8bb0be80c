import ArgumentParser
import Foundation
import KnowledgeGraph

struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "An interactive shell: queries ended by ';', questions in plain words, :commands.",
        discussion: """
            On a terminal: line editing and history (libedit; history kept in \
            $XDG_DATA_HOME/kg/shell_history), Tab completes keywords, kinds, edge \
            types and node names. From a pipe or --file it runs the script and \
            prints each answer; the exit status is that of the first error.

            A line starting with MATCH, EXPLAIN or PROFILE is a query, ended by ';' \
            (it may span lines); a line starting with ':' is a command (:help); \
            any other line is a question (kg ask). Ctrl-D or :quit leaves; Ctrl-C \
            cancels a running statement and the shell goes on; at the prompt it leaves.

            Examples:
              kg shell
              kg shell --db deals.sqlite
              printf 'who licenses patents to Xiaomi?\\n:format json\\n' | kg shell
              kg shell --file session.kgsh
            """
    )

    @OptionGroup var graph: GraphOptions
    @OptionGroup var width: WidthOptions

    @Option(help: ArgumentHelp("Run the statements of this file instead of reading standard input.", valueName: "file"),
            completion: .file())
    var file: String?

    @OptionGroup var budget: BudgetOptions

    func run() throws {
        var status: Int32 = 0
        try Terminal.run {
            let store = try graph.open(mode: .readOnly)
            let session = ShellSession(store: store)
            session.limits = try budget.limits()
            session.maxWidth = width.cellWidth
            session.color = Terminal.colorAllowed(forStderr: false)
            let interactive = file == nil && isatty(0) == 1
            let lines: () -> String?
            if let file {
                let text = try readInputFile(file)
                var pending = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
                lines = { pending.popFirst() }
            } else if interactive {
                LineEditor.completer = { word, line in session.completions(for: word, in: line) }
                LineEditor.start(historyFile: Self.historyPath())
                Terminal.output("kg shell on \(store.path) (schema '\(store.schema.name)'). :help for help, Ctrl-D to leave.\n")
                lines = { LineEditor.readLine(prompt: session.prompt) }
            } else {
                lines = { Swift.readLine(strippingNewline: true) }
            }
            defer { if interactive { LineEditor.stop() } }
            // Ctrl-C while a statement runs cancels it (KGE003) and the shell
            // goes on; at the prompt it leaves the shell (status 130).
            while let line = lines() {
                let interrupts = Interrupts.install()
                session.cancellation = interrupts.cancellation
                let out = session.feed(line)
                interrupts.remove()
                Self.emit(out)
                if status == 0 { status = out.status }
                if out.quit { break }
            }
            let rest = session.finish()
            Self.emit(rest)
            if status == 0 { status = rest.status }
            if interactive { Terminal.output("\n") }
        }
        // On a terminal an error is shown and the shell goes on; a script ends with the first error's status.
        if status != 0 && !(file == nil && isatty(0) == 1) { throw ExitCode(status) }
    }

    private static func emit(_ out: ShellSession.Output) {
        if !out.text.isEmpty { Terminal.output(out.text) }
        if !out.error.isEmpty { Terminal.noteRaw(out.error) }
    }

    private static func historyPath() -> String? {
        let env = ProcessInfo.processInfo.environment
        guard let base = env["XDG_DATA_HOME"].flatMap({ $0.isEmpty ? nil : $0 }) ?? env["HOME"].map({ $0 + "/.local/share" }) else { return nil }
        let dir = base + "/kg"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/shell_history"
    }
}
