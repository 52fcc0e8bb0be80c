import CSQLite
import Foundation
import Testing
@testable import KnowledgeGraph

/// Hostile files, devices, outputs and protocol lines (issue 11, I/O part).
/// Each test names the finding it guards.
@Suite(.serialized) struct HostileIOTests {
    // MARK: Finding 6: the graph file is data, never code

    /// Runs SQL on a file with SQLite's plain C API (no defensive mode), as an
    /// attacker's tool would, to plant objects kg must refuse.
    static func plant(_ path: String, _ sql: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw KGError(.storage, "cannot open \(path)") }
        defer { sqlite3_close(db) }
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "?"
            sqlite3_free(message)
            throw KGError(.storage, "planting failed: \(text)")
        }
    }

    /// The name of Xiaomi in a graph, read with the plain C API.
    static func xiaomiName(_ path: String) throws -> String {
        try GraphStore.open(at: path, mode: .readOnly).resolve("xiaomi").name
    }

    static func csvFiles(rows: Int, in dir: TemporaryDirectory) throws -> (nodes: String, edges: String) {
        var nodes = "id,kind,name,props\n", edges = "src,type,dst,props\n"
        for i in 0..<rows {
            nodes += "h\(i),Company,Hostile \(i),\n"
            edges += "h\(i),supplies,h\((i + 1) % rows),\n"
        }
        try nodes.write(toFile: dir.file("nodes.csv"), atomically: true, encoding: .utf8)
        try edges.write(toFile: dir.file("edges.csv"), atomically: true, encoding: .utf8)
        return (dir.file("nodes.csv"), dir.file("edges.csv"))
    }

    /// Finding 6: index SQL with extra statements (the import rebuilt indexes
    /// from it), a trigger, a view, an extra index: every one is refused with
    /// KGD007 on open, nothing in it runs, and the other graph file it aims
    /// at keeps every byte.
    @Test(arguments: [
        ("edges_out", "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'CREATE INDEX edges_out ON edges (type, src, dst); ATTACH ''VICTIM'' AS v; UPDATE v.nodes SET name = ''Pwned'' WHERE key = ''xiaomi''' WHERE name = 'edges_out'"),
        ("t", "ATTACH 'VICTIM' AS v; DETACH v; CREATE TRIGGER t AFTER INSERT ON nodes BEGIN UPDATE nodes SET name = 'Pwned'; END"),
        ("v", "CREATE VIEW v AS SELECT * FROM nodes"),
        ("evil", "CREATE INDEX evil ON nodes (name)"),
        ("kg_meta", "DROP TABLE kg_meta; CREATE TABLE kg_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL, extra TEXT DEFAULT 'x') STRICT, WITHOUT ROWID"),
    ])
    func plantedSchemaObjectsAreRefusedAndNothingRuns(object: String, sql: String) throws {
        let dir = TemporaryDirectory()
        let victim = try SeedTemplate.copy(to: dir.file("victim.sqlite"))
        let attacker = try SeedTemplate.copy(to: dir.file("attacker.sqlite"))
        try Self.plant(attacker, sql.replacingOccurrences(of: "VICTIM", with: victim))
        let victimBytes = GraphFile.bytes(victim)
        let attackerBytes = GraphFile.bytes(attacker)
        let csv = try Self.csvFiles(rows: 10_000, in: dir)

        // The library refuses to open it.
        let error = expectKGError { _ = try GraphStore.open(at: attacker, mode: .readWrite) }
        #expect(error?.code == .unexpectedSchemaObject)
        #expect(error?.message.contains("unexpected schema object '\(object)'") == true, "\(String(describing: error))")

        // A 10,000-row import (which drops and rebuilds indexes) through the CLI.
        let result = try runKG(["import", "--nodes", csv.nodes, "--edges", csv.edges, "--db", attacker], home: dir.path)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("error[KGD007]"), "\(result.stderr)")
        for command in [["stats", "--db", attacker], ["query", "--db", attacker, "MATCH (n) RETURN count(*)"], ["show", "--db", attacker, "Xiaomi"]] {
            let other = try runKG(command, home: dir.path)
            #expect(other.status == 65 && other.stderr.contains("KGD007"), "\(command): \(other.stderr)")
        }
        #expect(GraphFile.bytes(victim) == victimBytes, "the other file was changed")
        #expect(GraphFile.bytes(attacker) == attackerBytes, "the refused file was changed")
        #expect(try Self.xiaomiName(victim) == "Xiaomi")
    }

    /// Finding 6: the indexes a bulk load rebuilds come from kg's own DDL, and
    /// a graph loaded that way is still one kg accepts (same schema objects).
    @Test func bulkLoadRebuildsIndexesFromKgsOwnDefinitions() throws {
        let dir = TemporaryDirectory()
        let csv = try Self.csvFiles(rows: 12_000, in: dir)
        let path = try SeedTemplate.copy(to: dir.file("g.sqlite"))
        let store = try GraphStore.open(at: path, mode: .readWrite)
        let indexes = try store.secondaryIndexes(on: .edges).map(\.name)
        #expect(indexes == ["edges_in", "edges_out"] || indexes.contains("edges_out"), "\(indexes)")
        let summary = try CSVImporter.importFiles(nodes: csv.nodes, edges: csv.edges, database: path)
        #expect(summary.nodes == 12_000)
        let reopened = try GraphStore.open(at: path, mode: .readOnly)
        #expect(try reopened.statistics().nodeCount == 51 + 12_000)
    }

    /// Finding 22: a file with kg's application id but no tables is a clear
    /// KGD error, not "SQLite error 1".
    @Test func applicationIDWithoutTablesIsAClearError() throws {
        let dir = TemporaryDirectory()
        for version in [0, 1] {
            let path = dir.file("marked-\(version).sqlite")
            try Self.plant(path, "PRAGMA application_id = \(GraphStore.applicationID); PRAGMA user_version = \(version); CREATE TABLE filler(x); DROP TABLE filler")
            let result = try runKG(["stats", "--db", path], home: dir.path)
            #expect(result.status == 65, "\(result.stderr)")
            #expect(result.stderr.contains("error[KGD00"), "\(result.stderr)")
            #expect(!result.stderr.contains("SQLite error"), "\(result.stderr)")
        }
    }
}
