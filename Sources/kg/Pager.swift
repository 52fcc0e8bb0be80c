import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Long answers through a pager, as psql and git show them: when stdout is
/// a terminal and the text has more lines than the terminal, it goes to
/// `$PAGER` (run by /bin/sh; unset: `less`, with `LESS=FRX` unless `LESS`
/// is set; empty: no pager). Anything else is written as it is.
enum Pager {
    /// Writes `text` to stdout, through the pager when it is taller than the
    /// terminal and `enabled` (`--no-pager`, `:pager off`).
    static func output(_ text: String, enabled: Bool = true) {
        guard enabled, Terminal.stdoutIsTerminal, let rows = terminalRows(), countLines(text, atLeast: rows) >= rows,
              let command = command(), run(command, text) else {
            Terminal.output(text)
            return
        }
    }

    private static func terminalRows() -> Int? {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return nil }
        return Int(size.ws_row)
    }

    private static func countLines(_ text: String, atLeast limit: Int) -> Int {
        var n = 0
        for byte in text.utf8 where byte == 0x0A {
            n += 1
            if n >= limit { break }
        }
        return n
    }

    /// The pager to run, or nil for none.
    private static func command() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let pager = env["PAGER"] { return pager.trimmingCharacters(in: .whitespaces).isEmpty ? nil : pager }
        let path = env["PATH"] ?? "/usr/bin:/bin"
        let found = path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/less") }
        return found ? "less" : nil
    }

    /// Runs the pager with `text` on its standard input; false when it
    /// could not start (the text was not shown).
    private static func run(_ command: String, _ text: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        if environment["LESS"] == nil { environment["LESS"] = "FRX" }
        process.environment = environment
        let pipe = Pipe()
        process.standardInput = pipe
        // Ctrl-C in the pager is the pager's: kg waits for it to end.
        let previous = signal(SIGINT, SIG_IGN)
        defer { signal(SIGINT, previous) }
        do { try process.run() } catch { return false }
        // The pager may quit before reading everything (q): EPIPE is not an error here.
        _ = StandardStream.write(text, to: pipe.fileHandleForWriting.fileDescriptor)
        try? pipe.fileHandleForWriting.close()
        process.waitUntilExit()
        // 127: the shell did not find the pager; the text was not shown.
        return !(process.terminationReason == .exit && process.terminationStatus == 127)
    }
}
