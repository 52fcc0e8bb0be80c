import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Queries that would run for hours or return millions of rows: the time
/// and row limits stop them (KGE001, KGE002), and Ctrl-C cancels them with
/// exit status 130 (KGE003), through the real command line.
@Suite(.serialized) struct ReliabilityRunawayQueryTests {
    /// The seed graph plus 2 000 companies: a three-way cross join is 10^10 rows.
    static func bigGraph(in home: TemporaryDirectory) throws -> String {
        let db = try SeedTemplate.copy(to: home.file("big.sqlite"))
        let store = try GraphStore.open(at: db, mode: .readWrite)
        try GraphTextImporter(store: store).importText(BigGraphText.make(nodes: 2_000, edges: 2_000, prefix: "run"))
        return db
    }

    /// Joined by WHERE, so it is not counted part by part (a product of
    /// counts, as `MATCH (a), (b), (c) RETURN count(*)` is): it really walks them.
    static let crossJoin = "MATCH (a), (b), (c) WHERE a <> b AND b <> c RETURN count(*)"

    @Test func timeLimitStopsAQueryThroughTheCommandLine() throws {
        let home = TemporaryDirectory()
        let db = try Self.bigGraph(in: home)
        let before = try GraphFile.digest(db)
        let started = Date()
        let r = try runKG(["query", "--db", db, "--timeout", "0.5", Self.crossJoin], home: home.path)
        let elapsed = Date().timeIntervalSince(started)
        #expect(r.status == 65)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("error[KGE001]"), "\(r.stderr)")
        #expect(elapsed < 15, "stopped only after \(elapsed) s")
        let serve = try runKG(["serve", "--stdio", "--db", db, "--timeout", "0.3"], home: home.path,
                              input: #"{"id":1,"query":"\#(Self.crossJoin)"}"# + "\n" + #"{"id":2,"query":"MATCH (c:Company) RETURN count(*)"}"# + "\n")
        let lines = serve.stdout.split(separator: "\n").map(String.init)
        #expect(serve.status == 0)
        #expect(lines.count == 2)
        #expect(lines.first?.contains(#""code":"KGE001""#) == true, "\(lines)")
        #expect(lines.last?.contains(#""rows":[[2021]]"#) == true, "\(lines)")
        #expect(try GraphFile.digest(db) == before)
    }

    @Test func rowLimitStopsAQueryThroughTheCommandLine() throws {
        let home = TemporaryDirectory()
        let db = try Self.bigGraph(in: home)
        for format in ["table", "json", "csv"] {
            let r = try runKG(["query", "--db", db, "--max-rows", "1000", "--format", format, "MATCH (a), (b) RETURN a, b"], home: home.path)
            #expect(r.status == 65, "\(format)")
            #expect(r.stdout.isEmpty, "\(format): no partial answer")
            #expect(r.stderr.hasPrefix("error[KGE002]"), "\(r.stderr)")
        }
        let under = try runKG(["query", "--db", db, "--max-rows", "1000", "--format", "csv", "MATCH (a:Person) RETURN a.key"], home: home.path)
        #expect(under.status == 0)
        let run = try runKG(["serve", "--stdio", "--db", db, "--max-rows", "10"], home: home.path,
                            input: #"{"id":1,"query":"MATCH (a), (b) RETURN a.key, b.key"}"# + "\n")
        #expect(run.stdout.contains(#""code":"KGE002""#), "\(run.stdout)")
    }

    /// SIGINT while a query runs: kg stops it, says KGE003 and exits 130,
    /// at several moments of its run. The graph is untouched.
    @Test func ctrlCCancelsARunningQueryWithStatus130() throws {
        let home = TemporaryDirectory()
        let db = try Self.bigGraph(in: home)
        let before = try GraphFile.digest(db)
        var outcomes: [String] = []
        for (i, delay) in [0.3, 0.1, 0.6, 1.0, 0.3].enumerated() {
            let arguments = i == 4 ? ["query", "--db", db, "--why", "--format", "json", Self.crossJoin] : ["query", "--db", db, Self.crossJoin]
            let process = try KGProcess(arguments, home: home.path, label: "sigint\(i)")
            usleep(useconds_t(delay * 1_000_000))
            let (r, reaction) = sendCtrlC(to: process)
            #expect(r.stdout.isEmpty)
            #expect(reaction < 5, "took \(reaction) s to stop")
            outcomes.append(String(format: "%.1f s → exit %d in %.3f s", delay, r.status, reaction))
        }
        #expect(try GraphFile.integrity(db) == "ok")
        #expect(try GraphFile.digest(db) == before)
        print("ctrl-c: " + outcomes.joined(separator: "; "))
    }
}
