import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// A fresh temporary directory per test, removed when the value is dropped.
final class TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "kg-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

enum Fixtures {
    /// The repository root (tests read Schema/, data/ and docs from it).
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The seed articles the seed graph quotes, kept in the repository
    /// (`data/articles/`), so the quotes are checked on every machine.
    static var seedArticlesDirectory: String { repositoryRoot + "/data/articles" }

    /// A graph built from the seed, shared by read-only tests.
    static func seedStore(in dir: TemporaryDirectory) throws -> GraphStore {
        let path = dir.file("seed.sqlite")
        try SeedGraph.build(at: path)
        return try GraphStore.open(at: path)
    }

    /// The built `kg` executable.
    static var kgExecutable: String {
        let env = ProcessInfo.processInfo.environment
        if let explicit = env["KG_BINARY"] { return explicit }
        let bundle = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("kg").path
        if FileManager.default.isExecutableFile(atPath: bundle) { return bundle }
        for config in ["debug", "release"] {
            let path = repositoryRoot + "/.build/\(config)/kg"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return repositoryRoot + "/.build/debug/kg"
    }
}

/// The result of running the `kg` executable.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `kg` with arguments, an environment (merged over a clean one with
/// HOME and XDG_DATA_HOME in `home`), and optional standard input.
func runKG(_ arguments: [String], home: String, environment: [String: String] = [:], input: String? = nil,
           directory: String? = nil) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Fixtures.kgExecutable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var env = ["HOME": home, "XDG_DATA_HOME": home + "/data", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
    env.merge(environment) { $1 }
    process.environment = env
    let out = Pipe(), err = Pipe(), inp = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inp
    // kg may end before it reads its input (a usage error, a refused file):
    // writing into the closed pipe must then fail quietly (EPIPE), not kill
    // the test process with SIGPIPE, nor trap in FileHandle.write(_:).
    signal(SIGPIPE, SIG_IGN)
    try process.run()
    if let input { try? inp.fileHandleForWriting.write(contentsOf: Data(input.utf8)) }
    try? inp.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs `body`, expecting it to throw a KGError, and returns it.
func expectKGError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> KGError? {
    do {
        try body()
        Issue.record("expected an error, but none was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as KGError {
        return error
    } catch {
        Issue.record("expected a KGError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
