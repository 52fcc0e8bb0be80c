import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// `kg import` killed with SIGKILL at random moments: the graph file must
/// always pass SQLite's integrity check, open, and hold either the graph from
/// before the import or the complete import, never anything in between.
@Suite(.serialized) struct ReliabilityCrashRecoveryTests {
    static let nodes = 3_000
    static let edges = 6_000
    static let iterations = 30
    static let seed: UInt64 = 0x4B47_4B49_4C4C   // "KGKILL"

    /// Where a kill landed, judged just before it was sent.
    enum Moment: String, CaseIterable {
        /// The process was starting or parsing: it did not hold the write lock.
        case beforeWrite = "before the write transaction"
        /// The process held the write lock (a probing BEGIN IMMEDIATE was busy).
        case midWrite = "inside the write transaction"
        /// The import had committed (the graph holds it) but the process still ran.
        case afterCommit = "after the commit, before exit"
        /// The process had already exited.
        case completed = "after the process ended"
    }

    @Test func killedImportLeavesTheOldGraphOrTheNewOne() throws {
        let home = TemporaryDirectory()
        let big = home.file("big.kg")
        try BigGraphText.make(nodes: Self.nodes, edges: Self.edges, prefix: "crash").write(toFile: big, atomically: true, encoding: .utf8)
        let base = try SeedTemplate.copy(to: home.file("base.sqlite"))
        let before = try GraphFile.digest(base)

        // One complete import: the digest after it, how long it takes, and
        // when it takes the write lock (after reading and parsing the file).
        let full = home.file("full.sqlite")
        try FileManager.default.copyItem(atPath: base, toPath: full)
        let fullProcess = try KGProcess(["import", big, "--db", full], home: home.path, label: "full")
        var writeStarts: Double?
        while fullProcess.isRunning {
            if writeStarts == nil, Self.writeLockIsHeld(full) { writeStarts = Date().timeIntervalSince(fullProcess.started) }
            usleep(3_000)
        }
        let complete = fullProcess.wait()
        let importSeconds = Date().timeIntervalSince(fullProcess.started)
        #expect(complete.status == 0, "\(complete.stderr)")
        // Kill times: uniformly from a little before the write transaction
        // starts to a little after the import ends, so that most kills land
        // in the write and some on either side of it.
        let earliest = (writeStarts ?? 0) * 0.8, latest = importSeconds * 1.1
        let after = try GraphFile.digest(full)
        #expect(after != before)
        #expect(try GraphFile.nodeCount(full) == GraphFile.nodeCount(base) + Self.nodes)

        var random = SeededRandom(seed: Self.seed)
        var moments: [Moment: Int] = [:]
        var inconsistencies: [String] = []
        for iteration in 0..<Self.iterations {
            let path = home.file("g\(iteration).sqlite")
            try FileManager.default.copyItem(atPath: base, toPath: path)
            let delay = Double.random(in: earliest...latest, using: &random)
            let process = try KGProcess(["import", big, "--db", path], home: home.path, label: "kill\(iteration)")
            usleep(useconds_t(delay * 1_000_000))
            let wasRunning = process.isRunning
            let holdsWriteLock = wasRunning && Self.writeLockIsHeld(path)
            process.signal(SIGKILL)
            let result = process.wait(timeout: 30)

            // Reopen as the next kg would, then check the file and its content.
            let store = try GraphStore.open(at: path)
            let integrity = try store.db.query("PRAGMA integrity_check") { $0.string(0) }.joined(separator: "; ")
            let digest = try store.contentDigest()
            let moment: Moment
            if !wasRunning || !process.diedOfSignal {
                moment = .completed
                #expect(result.status == 0, "iteration \(iteration): \(result.stderr)")
            } else if digest == after {
                moment = .afterCommit
            } else {
                moment = holdsWriteLock ? .midWrite : .beforeWrite
            }
            moments[moment, default: 0] += 1
            if integrity != "ok" || (digest != before && digest != after) || (moment == .completed && digest != after) {
                inconsistencies.append("iteration \(iteration) (kill after \(String(format: "%.3f", delay)) s, \(moment.rawValue)): integrity \(integrity), digest \(digest)")
            }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        #expect(inconsistencies.isEmpty, "\(inconsistencies.joined(separator: "\n"))")
        let summary = Moment.allCases.map { "\(moments[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", ")
        print("crash-kill: \(Self.iterations) kills of kg import (\(Self.nodes) nodes, \(Self.edges) edges; one import \(String(format: "%.2f", importSeconds)) s, "
              + "write lock from \(String(format: "%.2f", writeStarts ?? -1)) s; kills between \(String(format: "%.2f", earliest)) and \(String(format: "%.2f", latest)) s): "
              + "\(summary); \(inconsistencies.count) inconsistent")
        // The random delays must actually exercise the interesting case.
        #expect(moments[.midWrite, default: 0] > 0, "no kill landed inside the write transaction: \(summary)")
    }

    /// Whether another connection holds the graph's write lock right now: a
    /// `BEGIN IMMEDIATE` with no busy timeout fails with SQLITE_BUSY.
    static func writeLockIsHeld(_ path: String) -> Bool {
        guard let probe = try? SQLiteDatabase(path: path, mode: .readWrite, busyTimeout: 0) else { return false }
        do {
            try probe.execute("BEGIN IMMEDIATE")
            try? probe.execute("ROLLBACK")
            return false
        } catch let error as SQLiteError {
            return error.isBusy
        } catch {
            return false
        }
    }
}
