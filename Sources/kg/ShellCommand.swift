import ArgumentParser
import Foundation
import KnowledgeGraph

struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "An interactive shell: queries ended by ';', questions in plain words, :commands.",
        discussion: """
            On a terminal: line editing (the arrows, Home/End, Ctrl-A/E/K/U/W, \
            UTF-8 and CJK text), history (one entry per statement, written as \
            it runs, in $XDG_DATA_HOME/kg/shell_history), Tab completes keywords, \
            kinds, edge types and node names, and long answers go through \
            $PAGER (--no-pager, :pager off). From a pipe or --file it runs the \
            script and prints each answer; the exit status is that of the first error.

            A line starting with MATCH, EXPLAIN or PROFILE is a query, ended by ';' \
            (it may span lines); a line starting with ':' (or '.', as in sqlite3) \
            is a command (:help); any other line is a question (kg ask). exit, \
            quit, \\q, Ctrl-D or :quit leaves; help is :help. Ctrl-C at the prompt \
            drops the line and the statement being typed; while a statement runs \
            it cancels the statement; the shell goes on either way.

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

    @Flag(name: .customLong("no-pager"), help: "Never show answers through $PAGER (also :pager off).")
    var noPager = false

    @OptionGroup var budget: BudgetOptions

    func run() throws {
        var status: Int32 = 0
        let interactive = file == nil && isatty(0) == 1 && (isatty(1) == 1 || isatty(2) == 1)
        try Terminal.run {
            let store = try graph.open(mode: .readOnly)
            let session = ShellSession(store: store)
            session.limits = try budget.limits()
            session.maxWidth = width.cellWidth
            session.lineWidth = width.maxWidth == nil ? Terminal.lineWidth(nil) : nil
            session.color = Terminal.colorAllowed(forStderr: false)
            session.pager = !noPager
            let lines: () -> LineEditor.Input
            var editor: LineEditor?
            defer { editor?.close() }
            if let file {
                let text = try readInputFile(file)
                var pending = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
                lines = { pending.popFirst().map(LineEditor.Input.line) ?? .end }
            } else if interactive {
                let lineEditor = LineEditor(output: isatty(1) == 1 ? 1 : 2)
                editor = lineEditor
                var history = ShellHistory(path: Self.historyPath())
                var historyFailed = false
                lineEditor.history = history.entries
                lineEditor.completer = { word, line in session.completions(for: word, in: line) }
                // Each statement goes into the history as it starts to run.
                session.onStatement = { statement in
                    do { try history.add(statement) } catch {
                        if !historyFailed { Terminal.noteRaw(DiagnosticRenderer(useColor: false).render(KGError.wrap(error))) }
                        historyFailed = true
                    }
                    lineEditor.history = history.entries
                }
                Terminal.output("kg shell on \(store.path) (schema '\(store.schema.name)'). :help for help, Ctrl-D to leave.\n")
                lines = { lineEditor.readLine(prompt: session.prompt) }
            } else {
                lines = { Swift.readLine(strippingNewline: true).map(LineEditor.Input.line) ?? .end }
            }
            // Ctrl-C while a statement runs cancels it (KGE003) and the shell
            // goes on; at the prompt (a key in raw mode) it drops the line and
            // the statement being typed.
            reading: while true {
                let text: String
                switch lines() {
                case .end: break reading
                case .interrupted:
                    session.cancelPending()
                    continue
                case .line(let line): text = line
                }
                // A history entry typed over several lines comes back whole: its lines in order.
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    // The terminal as it was while the statement runs: Ctrl-C is SIGINT, which cancels it.
                    let out = editor.map { $0.suspended { Self.feed(String(line), to: session) } } ?? Self.feed(String(line), to: session)
                    Self.emit(out, page: interactive && session.pager)
                    if status == 0 { status = out.status }
                    if out.quit { break reading }
                }
            }
            let rest = session.finish()
            Self.emit(rest, page: false)
            if status == 0 { status = rest.status }
        }
        // On a terminal an error is shown and the shell goes on; a script ends with the first error's status.
        if status != 0 && !interactive { throw ExitCode(status) }
    }

    private static func feed(_ line: String, to session: ShellSession) -> ShellSession.Output {
        let interrupts = Interrupts.install()
        defer { interrupts.remove() }
        session.cancellation = interrupts.cancellation
        return session.feed(line)
    }

    private static func emit(_ out: ShellSession.Output, page: Bool) {
        if !out.text.isEmpty { Pager.output(out.text, enabled: page) }
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
