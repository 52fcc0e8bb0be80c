import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// A graph file truncated by another program while kg reads it: a clean
/// error (KGD006), never a death by SIGBUS. Library users and long-lived
/// processes read the file with read(2) (a truncated page is an error value);
/// the one-shot commands of the `kg` executable read it through a memory map,
/// with a SIGBUS handler that ends kg with KGD006 and status 74.
@Suite struct TruncatedGraphTests {
    /// A checkpointed graph of the seed plus `nodes` companies (everything in
    /// the main file, nothing in the write-ahead log), at `path`.
    static func bigGraph(at path: String, nodes: Int) throws {
        _ = try SeedTemplate.copy(to: path)
        let store = try GraphStore.open(at: path, mode: .readWrite)
        _ = try GraphTextImporter(store: store).importText(BigGraphText.make(nodes: nodes, edges: nodes, prefix: "cut"), file: "cut.kg")
        try store.checkpoint()
    }

    /// Cuts the file down to its first `pages` pages of 4 KiB.
    static func truncate(_ path: String, pages: Int) {
        #expect(Foundation.truncate(path, off_t(pages * 4096)) == 0, "cannot truncate \(path)")
    }

    @Test func aGraphTruncatedUnderAnOpenStoreIsAnErrorForTheNextRead() throws {
        let home = TemporaryDirectory()
        let path = home.file("cut.sqlite")
        try Self.bigGraph(at: path, nodes: 3000)
        let store = try GraphStore.open(at: path, mode: .readOnly)
        let engine = QueryEngine(store: store)
        let before = try engine.execute("MATCH (c = $key) RETURN c.key", parameters: ["key": .string("cut-7")])
        #expect(before.rows == [[.string("cut-7")]])

        Self.truncate(path, pages: 4)
        // Every page past the fourth is gone: a read that meets one fails,
        // it neither ends the process nor counts what is left.
        let error = expectKGError { _ = try engine.execute("MATCH (c:Company) RETURN count(c)") }
        #expect(error?.code == .storage, "\(String(describing: error))")
    }

    @Test func kgExportOfAGraphTruncatedWhileItReadsEndsWithKGD006NotSIGBUS() throws {
        let home = TemporaryDirectory()
        let path = home.file("cut.sqlite")
        try Self.bigGraph(at: path, nodes: 8000)

        // `kg export` writes its lines as it reads the nodes; with standard
        // output a pipe nobody reads, it stops after a few pipe-fulls, with
        // the graph open and most nodes not read yet. Then the file is cut.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Fixtures.kgExecutable)
        process.arguments = ["export", "--format", "jsonl", "--db", path]
        process.environment = ["HOME": home.path, "XDG_DATA_HOME": home.path + "/data", "NO_COLOR": "1", "SWIFT_BACKTRACE": "enable=no",
                               "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let first = out.fileHandleForReading.availableData   // kg is reading the nodes now
        #expect(!first.isEmpty)
        Self.truncate(path, pages: 4)
        let rest = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationReason == .exit, "kg died of signal \(process.terminationStatus)")
        #expect(process.terminationStatus == 74, "status \(process.terminationStatus): \(stderr)")
        #expect(stderr.contains("KGD006"), "\(stderr)")
        // Not the whole graph: the export stopped where the file ended.
        let lines = (first + rest).split(separator: UInt8(ascii: "\n")).count
        #expect(lines < 8000, "\(lines) lines")
    }
}
