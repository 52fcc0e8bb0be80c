import ArgumentParser
import Foundation
import KnowledgeGraph

/// `--db FILE`, `--read-only` and `--busy-timeout MS`, shared by every
/// command that reads or writes a graph.
struct GraphOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The graph file. Default: $KG_DB, else the seed graph (~/.local/share/kg/seed.sqlite).", valueName: "file"))
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
    /// `--read-only` overrides the mode a command asks for.
    func open(mode: GraphStore.AccessMode = .automatic) throws(KGError) -> GraphStore {
        try location.open(mode: readOnly ? .readOnly : mode, busyTimeout: busyTimeout) { Terminal.note($0) }
    }
}

/// Writing to the terminal: results to stdout, everything else to stderr.
enum Terminal {
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
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
        FileHandle.standardError.write(Data(renderer.render(error, source: source, sourceName: sourceName).utf8))
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

    /// Writes to stdout.
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Reads a whole input file as UTF-8, with kg errors for a missing or
/// undecodable file.
func readInputFile(_ path: String) throws(KGError) -> String {
    let data: Data
    if path == "-" {
        data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
        guard FileManager.default.fileExists(atPath: path) else {
            throw KGError(.fileNotFound, "no such file: '\(path)'")
        }
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw KGError(.storage, "cannot read '\(path)'")
        }
        data = contents
    }
    guard let text = String(validating: data, as: UTF8.self) else {
        let offset = Array(data).firstInvalidUTF8Offset ?? 0
        throw KGError(.invalidEncoding, "'\(path)' is not valid UTF-8 (first bad byte at offset \(offset))", file: path)
    }
    return text
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
