import ArgumentParser
import Foundation
import KnowledgeGraph

/// `--db FILE`, `--read-only` and `--busy-timeout MS`, shared by every
/// command that reads or writes a graph.
struct GraphOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The graph file. Default: $KG_DB, else the seed graph (~/.local/share/kg/seed.sqlite).", valueName: "file"),
            completion: .file(extensions: ["sqlite", "db"]))
    var db: String?

    @Flag(name: .customLong("read-only"), help: "Open the graph read-only: a command that writes fails (KGD004) and the file is never modified.")
    var readOnly = false

    @Option(name: .customLong("busy-timeout"), parsing: .unconditional, help: ArgumentHelp("How long a write waits for another writer's lock before failing (KGD005), in milliseconds.", valueName: "ms"))
    var busyTimeout: Int32 = 5000

    func validate() throws {
        guard busyTimeout >= 0 else { throw ValidationError("--busy-timeout must be 0 or more milliseconds") }
    }

    var location: GraphLocation { GraphLocation.resolve(explicit: db) }

    /// Opens the graph, building the default seed graph on first use.
    /// `--read-only` overrides the mode a command asks for. `memoryMapped`
    /// (for one-shot reading commands) reads the file through a memory map,
    /// with ``MappedGraphGuard`` turning a truncation under the map into a
    /// clean error exit.
    func open(mode: GraphStore.AccessMode = .automatic, memoryMapped: Bool = false) throws(KGError) -> GraphStore {
        if memoryMapped { MappedGraphGuard.install(graph: try location.requirePath()) }
        return try location.open(mode: readOnly ? .readOnly : mode, busyTimeout: busyTimeout, memoryMapped: memoryMapped) { Terminal.note($0) }
    }
}

/// Writing to the terminal: results to stdout, everything else to stderr.
enum Terminal {
    /// A line on stderr. When stderr itself cannot be written there is no
    /// one to tell: the line is dropped (never a trap).
    static func note(_ text: String) {
        _ = StandardStream.write(text + "\n", to: 2)
    }

    /// Raw text on stderr (progress lines), dropped when stderr fails.
    static func noteRaw(_ text: String) {
        _ = StandardStream.write(text, to: 2)
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }
    static var stdoutIsTerminal: Bool { isatty(1) == 1 }

    static func colorAllowed(forStderr: Bool) -> Bool {
        let env = ProcessInfo.processInfo.environment
        if env["NO_COLOR"].map({ !$0.isEmpty }) ?? false { return false }
        if env["TERM"] == "dumb" { return false }
        return forStderr ? stderrIsTerminal : stdoutIsTerminal
    }

    /// Renders `error` on stderr and returns the exit code to leave with.
    static func report(_ error: KGError, source: String? = nil, sourceName: String = "query") -> ExitCode {
        let renderer = DiagnosticRenderer(useColor: colorAllowed(forStderr: true))
        _ = StandardStream.write(renderer.render(error, source: source, sourceName: sourceName), to: 2)
        return ExitCode(error.code.exitStatus)
    }

    /// Runs `body`, turning a KGError into a rendered message and exit status.
    static func run(source: String? = nil, sourceName: String = "query", _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw report(KGError.wrap(error), source: source, sourceName: sourceName)
        }
    }

    /// The widest a table cell may be: `--max-width`, else 80 columns on a
    /// terminal, else no limit (a pipe gets every cell whole).
    static func cellWidth(_ explicit: Int?) -> Int? {
        explicit ?? (stdoutIsTerminal ? 80 : nil)
    }

    /// Writes to stdout. When stdout cannot be written (a full disk, a
    /// closed pipe), kg reports KGD006 on stderr and exits with status 74:
    /// a partial answer never ends with status 0. (A reader that closed the
    /// pipe is not told: it has gone.)
    static func output(_ text: String) {
        guard let failure = StandardStream.write(text, to: 1) else { return }
        outputFailed(failure)
    }

    /// Writes UTF-8 bytes to stdout, like ``output(_:)``.
    static func output(bytes: [UInt8]) {
        guard let failure = StandardStream.write(bytes, to: 1) else { return }
        outputFailed(failure)
    }

    private static func outputFailed(_ failure: Int32) -> Never {
        if failure != EPIPE {
            _ = report(KGError(.storage, "cannot write to standard output: \(String(cString: strerror(failure)))",
                               suggestion: "check the disk or the program reading kg's output"))
        }
        exit(ErrorCode.storage.exitStatus)
    }
}

/// The longest line kg reads from a graph text, query or schema input (16 MiB):
/// an input without line breaks (`/dev/zero`, a runaway pipe) is refused
/// when it passes this, instead of filling memory.
let maxInputLineBytes = 16 << 20

/// Reads a whole input file as UTF-8, with kg errors for a missing,
/// non-regular or undecodable file. `-` reads standard input as a stream,
/// refusing a line longer than ``maxInputLineBytes``.
func readInputFile(_ path: String) throws(KGError) -> String {
    let data: Data
    if path == "-" {
        data = try readStandardInput()
    } else {
        guard FileManager.default.fileExists(atPath: path) else {
            throw KGError(.fileNotFound, "no such file: '\(path)'")
        }
        if case .special(let what) = InputFile.kind(of: path) {
            throw KGError(.notARegularFile, "'\(path)' is \(what), not a regular file: kg reads input only from regular files",
                          suggestion: "copy the data into a file first, or pipe it to kg with '-' (standard input)")
        }
        if InputFile.kind(of: path) == .directory {
            throw KGError(.notARegularFile, "'\(path)' is a folder, not a file")
        }
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw KGError(.storage, "cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        data = contents
    }
    guard let text = String(validating: data, as: UTF8.self) else {
        let offset = Array(data).firstInvalidUTF8Offset ?? 0
        throw KGError(.invalidEncoding, "'\(path)' is not valid UTF-8 (first bad byte at offset \(offset))", file: path)
    }
    return text
}

/// Standard input, read in chunks; a line longer than ``maxInputLineBytes`` is refused.
private func readStandardInput() throws(KGError) -> Data {
    var data = Data()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var lineLength = 0
    var line = 1
    while true {
        let got = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
        if got < 0 {
            if errno == EINTR { continue }
            throw KGError(.storage, "cannot read standard input: \(String(cString: strerror(errno)))")
        }
        if got == 0 { return data }
        for byte in chunk[0..<got] {
            if byte == 0x0A { lineLength = 0; line += 1 } else { lineLength += 1 }
        }
        if lineLength > maxInputLineBytes {
            throw KGError(.lineTooLong, "line \(line) of standard input is longer than \(maxInputLineBytes >> 20) MiB", span: .line(line), file: "-",
                          suggestion: "kg reads text inputs line by line; no line may be longer than 16 MiB")
        }
        data.append(contentsOf: chunk[0..<got])
    }
}

extension Array where Element == UInt8 {
    var firstInvalidUTF8Offset: Int? {
        var iterator = makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): offset += String(s).utf8.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
