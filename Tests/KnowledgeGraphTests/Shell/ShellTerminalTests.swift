import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import KnowledgeGraph

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
            let end = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
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

        /// Reads until `text` has appeared (or the shell stops printing for a
        /// long while, a guard against hanging: the expectation then fails).
        @discardableResult
        func waitFor(_ text: String) -> Bool {
            var quiet = 0
            while !output.contains(text) && quiet < 300 {
                var fd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                if poll(&fd, 1, 100) > 0 {
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    let n = read(master, &buffer, buffer.count)
                    if n <= 0 { break }
                    output += String(decoding: buffer[0..<n], as: UTF8.self)
                    quiet = 0
                } else {
                    quiet += 1
                }
            }
            return output.contains(text)
        }

        deinit {
            if process.isRunning { process.terminate() }
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
        #expect(terminal.output.contains("query: MATCH (who)-[:licenses_patents_to]->(\"Xiaomi\")"))
        // Tab completes the kind; the query spans two lines.
        terminal.output = ""
        terminal.type("MATCH (c:Comp\t")
        #expect(terminal.waitFor("any"))   // the rest of "Company", drawn after "Comp"
        terminal.type(") WHERE c.key = \"sonos\"\r")
        #expect(terminal.waitFor("...> "))
        terminal.type("RETURN c.name AS answer;\r")
        #expect(terminal.waitFor("(1 row)"))
        #expect(terminal.output.contains("Sonos"))
        #expect(!terminal.output.contains("error["))   // (c:Comp) would be an unknown kind
        // History: the up arrow brings the last line back.
        terminal.type("who is the CEO of Nokia?\r")
        #expect(terminal.waitFor("Rajeev Suri"))
        terminal.output = ""
        terminal.type("\u{1B}[A\r")
        #expect(terminal.waitFor("Rajeev Suri"))
        // Ctrl-D leaves with status 0.
        terminal.type("\u{4}")
        terminal.process.waitUntilExit()
        #expect(terminal.process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: home.path + "/data/kg/shell_history"))
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
}
