import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// `kg shell` on a pseudo-terminal (openpty): prompts, line editing with
/// tab completion, history, and Ctrl-D, as a user at a terminal meets them.
/// Runs without a real terminal, so it runs in CI.
@Suite struct ShellTerminalTests {
    final class Terminal {
        let master: Int32
        let process = Process()
        var output = ""

        init(arguments: [String], home: String) throws {
            var master: Int32 = -1, slave: Int32 = -1
            guard openpty(&master, &slave, nil, nil, nil) == 0 else { throw CocoaError(.fileReadUnknown) }
            self.master = master
            process.executableURL = URL(fileURLWithPath: Fixtures.kgExecutable)
            process.arguments = arguments
            process.environment = ["HOME": home, "XDG_DATA_HOME": home + "/data", "TERM": "vt100", "NO_COLOR": "1",
                                   "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
            // Not closed on dealloc: the slave end is closed once, below (a second close could hit a
            // descriptor another test has opened since).
            let end = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
            process.standardInput = end
            process.standardOutput = end
            process.standardError = end
            try process.run()
            close(slave)
        }

        func type(_ text: String) {
            var bytes = Array(text.utf8)
            _ = write(master, &bytes, bytes.count)
        }

        /// Reads what the shell prints until `done` holds (or the shell stops
        /// printing for a long while, a guard against hanging: then false).
        private func read(until done: () -> Bool) -> Bool {
            var quiet = 0
            while !done() && quiet < 300 {
                var fd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                if poll(&fd, 1, 100) > 0 {
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    let n = Glibc.read(master, &buffer, buffer.count)
                    if n <= 0 { break }
                    output += String(decoding: buffer[0..<n], as: UTF8.self)
                    quiet = 0
                } else {
                    quiet += 1
                }
            }
            return done()
        }

        /// Reads until `text` has appeared.
        @discardableResult
        func waitFor(_ text: String) -> Bool {
            read { output.contains(text) }
        }

        /// Waits for the prompt after `text`.
        func waitForPrompt(_ prompt: String = "kg> ", after text: String) -> Bool {
            let start = output.range(of: text, options: .backwards)?.upperBound ?? output.endIndex
            let offset = output.distance(from: output.startIndex, to: start)
            return read { output[output.index(output.startIndex, offsetBy: offset)...].contains(prompt) }
        }

        /// Waits for the process to end (a guard: at most about 30 s, then it is
        /// killed), typing `again` each second should it still be running.
        func waitForExit(typingEachSecond again: String? = nil) -> Bool {
            for tick in 0..<300 {
                guard process.isRunning else { break }
                if let again, tick % 10 == 9 { type(again) }
                var fd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                var buffer = [UInt8](repeating: 0, count: 4096)
                if poll(&fd, 1, 100) > 0, case let n = Glibc.read(master, &buffer, buffer.count), n > 0 {
                    output += String(decoding: buffer[0..<n], as: UTF8.self)
                } else {
                    usleep(100_000)   // the terminal is closed (the shell is leaving), or quiet
                }
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit(); return false }
            process.waitUntilExit()
            return true
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
            close(master)
        }
    }

    @Test func promptsCompletionHistoryAndCtrlD() throws {
        let home = TemporaryDirectory()
        let db = home.file("g.sqlite")
        try SeedGraph.build(at: db)
        let terminal = try Terminal(arguments: ["shell", "--db", db], home: home.path)
        #expect(terminal.waitFor("kg> "))
        // A question in plain words.
        terminal.type("who licenses patents to Xiaomi?\r")
        #expect(terminal.waitFor("Nokia"))
        #expect(terminal.waitForPrompt(after: "Nokia"))
        #expect(terminal.output.contains("query: MATCH (who)-[:licenses_patents_to]->(\"Xiaomi\")"))
        // Tab completes the kind; the query spans two lines.
        terminal.output = ""
        terminal.type("MATCH (c:Comp\t")
        #expect(terminal.waitFor("any"))   // the rest of "Company", drawn after "Comp"
        terminal.type(") WHERE c.key = \"sonos\"\r")
        #expect(terminal.waitForPrompt("...> ", after: "sonos"))
        terminal.type("RETURN c.name AS answer;\r")
        #expect(terminal.waitFor("(1 row)"))
        #expect(terminal.waitForPrompt(after: "(1 row)"))
        #expect(terminal.output.contains("Sonos"))
        #expect(!terminal.output.contains("error["))   // (c:Comp) would be an unknown kind
        // History: the up arrow brings the last line back.
        terminal.type("who is the CEO of Nokia?\r")
        #expect(terminal.waitFor("Rajeev Suri"))
        #expect(terminal.waitForPrompt(after: "Rajeev Suri"))
        terminal.output = ""
        terminal.type("\u{1B}[A\r")
        #expect(terminal.waitFor("Rajeev Suri"))
        #expect(terminal.waitForPrompt(after: "Rajeev Suri"))
        // Ctrl-D on an empty line leaves with status 0.
        terminal.type("\u{4}")
        #expect(terminal.waitForExit(typingEachSecond: ":quit\r"))
        #expect(terminal.process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: home.path + "/data/kg/shell_history"))
    }

    /// Ctrl-C while a statement runs cancels that statement and the shell goes
    /// on (the next query is not cancelled by it). (The test signals the
    /// process as the terminal would: the pty is not its controlling terminal.)
    @Test func ctrlCCancelsTheRunningStatementAndTheShellGoesOn() throws {
        let home = TemporaryDirectory()
        let db = home.file("g.sqlite")
        try SeedGraph.build(at: db)
        let terminal = try Terminal(arguments: ["shell", "--db", db, "--timeout", "120"], home: home.path)
        #expect(terminal.waitFor("kg> "))
        terminal.type("MATCH (a),(b),(c),(d),(e),(f) WHERE a <> b AND b <> c AND c <> d AND d <> e AND e <> f RETURN count(*);\r")
        usleep(800_000)
        #expect(terminal.process.isRunning)
        kill(terminal.process.processIdentifier, SIGINT)
        #expect(terminal.waitFor("error[KGE003]"))
        #expect(terminal.waitForPrompt(after: "error[KGE003]"))
        terminal.output = ""
        terminal.type("MATCH (c:Company) WHERE c.key = \"sonos\" RETURN c.name AS answer;\r")
        #expect(terminal.waitFor("(1 row)"))
        #expect(terminal.output.contains("Sonos"))
        #expect(!terminal.output.contains("error["))
        #expect(terminal.waitForPrompt(after: "(1 row)"))
        terminal.type(":quit\r")
        #expect(terminal.waitForExit(typingEachSecond: ":quit\r"))
        #expect(terminal.process.terminationStatus == 0)
    }

    @Test func aScriptFromAPipePrintsEachAnswer() throws {
        let home = TemporaryDirectory()
        let script = "who is the CEO of Nokia?\nMATCH (c)\n  WHERE c.key = \"ikea\"\n  RETURN c.name;\n:format csv\nXiaomi's partners\n"
        let result = try runKG(["shell"], home: home.path, input: script)
        #expect(result.status == 0)
        #expect(result.stdout.contains("Rajeev Suri"))
        #expect(result.stdout.contains("IKEA\n"))
        #expect(result.stdout.contains("x\r\nBaidu\r\n"))
        let failing = try runKG(["shell"], home: home.path, input: "MATCH (Xiaomy) RETURN 1;\nwho is the CEO of Nokia?\n")
        #expect(failing.status == 64)
        #expect(failing.stderr.contains("did you mean 'Xiaomi'?"))
        #expect(failing.stdout.contains("Rajeev Suri"))
    }

    /// Ctrl-C at the prompt drops the line and the statement being typed,
    /// and the shell stays (before: it left with status 130 and lost the
    /// session's history).
    @Test func ctrlCAtThePromptCancelsTheLineAndTheShellStays() throws {
        let home = TemporaryDirectory()
        let db = home.file("g.sqlite")
        try SeedGraph.build(at: db)
        let terminal = try Terminal(arguments: ["shell", "--db", db], home: home.path)
        #expect(terminal.waitFor("kg> "))
        terminal.type("MATCH (c:Company)\r")
        #expect(terminal.waitFor("...> "))
        terminal.type("WHERE c.key = \"nokia\"\u{3}")
        #expect(terminal.waitFor("^C"))
        #expect(terminal.waitForPrompt(after: "^C"))
        terminal.type("half a line\u{3}")
        #expect(terminal.waitForPrompt(after: "half a line^C"))
        terminal.output = ""
        // Had the pending MATCH survived, this would be a syntax error.
        terminal.type("MATCH (c) WHERE c.key = \"sonos\" RETURN c.name AS answer;\r")
        #expect(terminal.waitFor("(1 row)"))
        #expect(terminal.output.contains("Sonos"))
        #expect(!terminal.output.contains("error["))
        #expect(terminal.process.isRunning)
        terminal.type("\u{4}")
        #expect(terminal.waitForExit(typingEachSecond: ":quit\r"))
        #expect(terminal.process.terminationReason == .exit)
        #expect(terminal.process.terminationStatus == 0)
        let history = try String(contentsOfFile: home.path + "/data/kg/shell_history", encoding: .utf8)
        #expect(history == "MATCH (c) WHERE c.key = \"sonos\" RETURN c.name AS answer;\n")
    }

    /// Chinese typed at the prompt arrives whole (before: `who is 小米` arrived as `who is`).
    @Test func chineseTypedAtThePromptArrivesIntact() throws {
        let home = TemporaryDirectory()
        let db = home.file("g.sqlite")
        try SeedGraph.build(at: db)
        let terminal = try Terminal(arguments: ["shell", "--db", db], home: home.path)
        #expect(terminal.waitFor("kg> "))
        terminal.type("who is 小米?\r")
        #expect(terminal.waitFor("rows)"))
        // 小米 is an alias of Xiaomi: the question was read with it.
        #expect(terminal.output.contains("query: MATCH (\"Xiaomi\")-[fact]-() RETURN DISTINCT fact"))
        #expect(terminal.output.contains("kg> who is 小米?"))
        #expect(terminal.waitForPrompt(after: "rows)"))
        // Editing counts 小 and 米 as one character each: Left, Backspace removes 小.
        terminal.output = ""
        terminal.type("who is 小米\u{1B}[D\u{7F}\u{5}?\r")
        #expect(terminal.waitForPrompt(after: "who is 米?"))
        terminal.type("exit\r")
        #expect(terminal.waitForExit(typingEachSecond: "exit\r"))
        #expect(terminal.process.terminationStatus == 0)
        let history = try String(contentsOfFile: home.path + "/data/kg/shell_history", encoding: .utf8)
        #expect(history == "who is 小米?\nwho is 米?\nexit\n")
    }

    /// History: one entry per statement, written as it runs (before: line by
    /// line, at exit only); Up brings a statement of three lines back whole.
    @Test func historyHasOneEntryPerStatementWrittenAsItRuns() throws {
        let home = TemporaryDirectory()
        let db = home.file("g.sqlite")
        try SeedGraph.build(at: db)
        let historyFile = home.path + "/data/kg/shell_history"
        let terminal = try Terminal(arguments: ["shell", "--db", db], home: home.path)
        #expect(terminal.waitFor("kg> "))
        terminal.type("MATCH (c)\r")
        #expect(terminal.waitFor("...> "))
        terminal.type("  WHERE c.key = \"ikea\"\r")
        #expect(terminal.waitForPrompt("...> ", after: "ikea"))
        terminal.type("  RETURN c.name AS answer;\r")
        #expect(terminal.waitFor("(1 row)"))
        #expect(terminal.waitForPrompt(after: "(1 row)"))
        // Written while the shell still runs.
        #expect(terminal.process.isRunning)
        #expect((try? String(contentsOfFile: historyFile, encoding: .utf8)) == "MATCH (c)\\n  WHERE c.key = \"ikea\"\\n  RETURN c.name AS answer;\n")
        terminal.output = ""
        terminal.type("\u{1B}[A")
        #expect(terminal.waitFor("RETURN c.name AS answer;"))
        #expect(terminal.output.contains("MATCH (c)↵  WHERE c.key = \"ikea\"↵  RETURN c.name AS answer;"))
        terminal.type("\r")
        #expect(terminal.waitFor("(1 row)"))
        #expect(terminal.output.contains("IKEA"))
        #expect(!terminal.output.contains("error["))
        #expect(terminal.waitForPrompt(after: "(1 row)"))
        terminal.type("\\q\r")
        #expect(terminal.waitForExit(typingEachSecond: "\\q\r"))
        #expect(terminal.process.terminationStatus == 0)
        // The same statement again is one entry; then \\q.
        #expect(ShellHistory(path: historyFile).entries == ["MATCH (c)\n  WHERE c.key = \"ikea\"\n  RETURN c.name AS answer;", "\\q"])
    }
}
