import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// A deterministic random source (SplitMix64), so every random test repeats
/// exactly with its seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }
}

/// Where a marker `‸` stands in a text: the 1-based line and column (in
/// characters) of the character after it, and the text without the marker.
/// Test cases write the expected error position into the input itself.
func unmark(_ marked: String) -> (text: String, line: Int, column: Int) {
    guard let range = marked.range(of: "‸") else { return (marked, 0, 0) }
    let before = Array(marked[..<range.lowerBound].unicodeScalars)
    let newlines = before.indices.filter { before[$0] == "\n" }
    var column = before.count - (newlines.last.map { $0 + 1 } ?? 0) + 1
    if newlines.isEmpty, before.first == "\u{FEFF}" { column -= 1 }   // a byte-order mark is not part of line 1
    return (marked.replacingCharacters(in: range, with: ""), newlines.count + 1, column)
}

/// A seed graph built once per test process; tests copy or open it.
enum SeedTemplate {
    static let directory: String = {
        let dir = NSTemporaryDirectory() + "kg-reliability-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: SeedTemplate.directory) }
        return dir
    }()

    /// The path of a complete, checkpointed seed graph (never written to).
    static let path: String = {
        let path = directory + "/seed.sqlite"
        try! SeedGraph.build(at: path)
        return path
    }()

    /// A private copy of the seed graph at `destination`.
    static func copy(to destination: String) throws -> String {
        try FileManager.default.copyItem(atPath: path, toPath: destination)
        return destination
    }
}

/// Runs `kg` without waiting: stdout and stderr go to files, so a killed or
/// slow process can never block on a full pipe.
final class KGProcess {
    let process = Process()
    let stdoutPath: String
    let stderrPath: String
    let started: Date

    init(_ arguments: [String], home: String, environment: [String: String] = [:], stdin: String? = nil,
         label: String = UUID().uuidString) throws {
        process.executableURL = URL(fileURLWithPath: Fixtures.kgExecutable)
        process.arguments = arguments
        var env = ["HOME": home, "XDG_DATA_HOME": home + "/data", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                   "NO_COLOR": "1", "SWIFT_BACKTRACE": "enable=no"]
        env.merge(environment) { $1 }
        process.environment = env
        stdoutPath = home + "/\(label).out"
        stderrPath = home + "/\(label).err"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        if let stdin {
            let inputPath = home + "/\(label).in"
            _ = FileManager.default.createFile(atPath: inputPath, contents: Data(stdin.utf8))
            process.standardInput = FileHandle(forReadingAtPath: inputPath)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        started = Date()
        try process.run()
    }

    var pid: pid_t { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to end (killing it after `timeout` seconds).
    @discardableResult
    func wait(timeout: TimeInterval = 60) -> CommandResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        if process.isRunning {
            signal(SIGKILL)
            Issue.record("kg \(process.arguments ?? []) did not end within \(timeout) s; killed")
        }
        process.waitUntilExit()
        return result
    }

    var result: CommandResult {
        CommandResult(status: process.terminationStatus,
                      stdout: (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")
    }

    /// Whether the process ended because of an uncaught signal.
    var diedOfSignal: Bool { process.terminationReason == .uncaughtSignal }
}

/// Large graph text files for crash and concurrency tests: `nodes` companies
/// with `edges` rating edges, every fact with evidence, keys prefixed so that
/// several files can go into one graph.
enum BigGraphText {
    static func make(nodes: Int, edges: Int, prefix: String = "big", seed: UInt64 = 1) -> String {
        var random = SeededRandom(seed: seed)
        var outgoing = Array(repeating: [Int](), count: nodes)
        for _ in 0..<edges { outgoing[random.int(0..<nodes)].append(random.int(0..<nodes)) }
        var out = "source \(prefix)-src file=\"\(prefix).txt\" published=2024-01 lang=en\n"
        out.reserveCapacity(nodes * 80 + edges * 30)
        for i in 0..<nodes {
            out += "node Company \(prefix)-\(i) \"\(prefix.capitalized) Company \(i)\" founded=\(1900 + i % 120)\n"
            for target in outgoing[i] {
                out += "  rates \(prefix)-\(target)\n    evidence \(prefix)-src \"\(prefix) company \(i) rates company \(target).\"\n"
            }
            out += "  evidence \(prefix)-src \"\(prefix) company \(i) rates its peers.\"\n"
        }
        return out
    }
}

/// Facts about a graph file, read through a fresh connection.
enum GraphFile {
    static func integrity(_ path: String) throws -> String {
        let db = try SQLiteDatabase(path: path, mode: .readOnly)
        return try db.query("PRAGMA integrity_check") { $0.string(0) }.joined(separator: "; ")
    }

    static func digest(_ path: String) throws -> String {
        try GraphStore.open(at: path, mode: .readOnly).contentDigest()
    }

    static func nodeCount(_ path: String) throws -> Int {
        try GraphStore.open(at: path, mode: .readOnly).statistics().nodeCount
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }
}

/// Whether this process runs as root, where file permissions do not stop writes.
var runningAsRoot: Bool { geteuid() == 0 }

/// The check every malformed-input catalogue makes: on a fresh copy of the
/// seed graph, `body` given the text of `marked` (without its `‸`) must fail
/// with `code` at the marked line and column, leaving the graph's content as
/// it was. Returns the error for further checks.
@discardableResult
func expectRefusedAtMark(_ marked: String, _ code: ErrorCode, sourceLocation: SourceLocation = #_sourceLocation,
                         _ body: (GraphStore, String) throws -> Void) throws -> KGError? {
    let dir = TemporaryDirectory()
    let store = try GraphStore.open(at: try SeedTemplate.copy(to: dir.file("g.sqlite")), mode: .readWrite)
    let before = try store.contentDigest()
    let (text, line, column) = unmark(marked)
    let error = expectKGError({ try body(store, text) }, sourceLocation: sourceLocation)
    let shown = error.map(String.init(describing:)) ?? "no error"
    #expect(error?.code == code, "\(shown)", sourceLocation: sourceLocation)
    #expect(error?.span?.start.line == line, "\(shown)", sourceLocation: sourceLocation)
    #expect(error?.span?.start.column == column, "\(shown)", sourceLocation: sourceLocation)
    #expect(try store.contentDigest() == before, sourceLocation: sourceLocation)
    return error
}

/// Ctrl-C on a running `kg` process: checks it is still running, sends
/// SIGINT, waits, and checks kg cancelled (not died of the signal) with
/// exit 130 and KGE003. Returns the result and how long kg took to stop.
/// `label` prefixes the messages of the checks.
func sendCtrlC(to process: KGProcess, label: String = "") -> (result: CommandResult, reaction: TimeInterval) {
    let prefix = label.isEmpty ? "" : label + ": "
    #expect(process.isRunning, "\(prefix)the query ended before Ctrl-C")
    let sent = Date()
    process.signal(SIGINT)
    let r = process.wait(timeout: 20)
    let reaction = Date().timeIntervalSince(sent)
    #expect(!process.diedOfSignal, "\(prefix)kg died of the signal")
    #expect(r.status == 130, "\(prefix)\(r.stderr)")
    #expect(r.stderr.hasPrefix("error[KGE003]"), "\(prefix)\(r.stderr)")
    return (r, reaction)
}
