import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

@Suite struct StoreTests {
    @Test func createdGraphIsMarkedVersionedAndHoldsItsSchema() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("g.sqlite")
        _ = try GraphStore.create(at: path)
        let store = try GraphStore.open(at: path)
        #expect(store.schema.name == "company")
        #expect(store.schema.kinds["Agreement"] != nil)
        let db = try SQLiteDatabase(path: path, mode: .readOnly)
        #expect(try db.queryOne("PRAGMA application_id") { Int32($0.int64(0)) } == GraphStore.applicationID)
        #expect(try db.queryOne("PRAGMA user_version") { $0.int(0) } == GraphStore.currentVersion)
        #expect(try db.queryOne("PRAGMA journal_mode") { $0.string(0) } == "wal")
        // STRICT tables refuse a wrongly typed value.
        #expect(throws: SQLiteError.self) {
            try store.db.run("INSERT INTO nodes(id, key, kind, name, name_folded) VALUES ('x', 'k', 'Company', 'n', 'n')")
        }
    }

    @Test func refusesFilesThatAreNotGraphsWithoutTouchingThem() throws {
        let dir = TemporaryDirectory()
        let text = dir.file("notes.txt")
        try "just some notes\n".write(toFile: text, atomically: true, encoding: .utf8)
        let empty = dir.file("empty.sqlite")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        let other = dir.file("other.sqlite")
        do {
            let db = try SQLiteDatabase(path: other)
            try db.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1)")
        }
        for path in [text, empty, other] {
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let error = expectKGError { _ = try GraphStore.open(at: path) }
            #expect(error?.code == .notAGraph, "\(path)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "\(path) was modified")
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        }
        #expect(expectKGError { _ = try GraphStore.open(at: dir.file("missing.sqlite")) }?.code == .fileNotFound)
    }

    @Test func refusesAGraphFromANewerKG() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("g.sqlite")
        do {
            let store = try GraphStore.create(at: path)
            try store.db.execute("PRAGMA user_version = \(GraphStore.currentVersion + 1)")
        }
        let error = expectKGError { _ = try GraphStore.open(at: path) }
        #expect(error?.code == .newerVersion)
        #expect(error?.message.contains("newer kg") == true)
    }

    @Test func refusesAMarkedFileWithoutAGraphUntouched() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("g.sqlite")
        do {
            // A version-0 file marked as a kg graph, holding a table kg never made:
            // it is refused as it is (no migration runs on a file that is not kg's).
            let db = try SQLiteDatabase(path: path)
            try db.execute("PRAGMA application_id = \(GraphStore.applicationID)")
            try db.execute("CREATE TABLE scratch(x)")
        }
        let before = GraphFile.bytes(path)
        let error = expectKGError { _ = try GraphStore.open(at: path) }
        #expect(error?.code == .notAGraph)
        let db = try SQLiteDatabase(path: path, mode: .readOnly)
        #expect(try db.queryOne("PRAGMA user_version") { $0.int(0) } == 0)
        #expect(GraphFile.bytes(path) == before)
    }

    @Test func readOnlyGraphRefusesWrites() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("g.sqlite")
        _ = try GraphStore.create(at: path)
        let store = try GraphStore.open(at: path, mode: .readOnly)
        #expect(store.isReadOnly)
        let error = expectKGError {
            _ = try store.write { try store.addNode(key: "x", kind: "Company", name: "X") }
        }
        #expect(error?.code == .readOnly)
    }

    @Test func aliasesAndNamesResolveCaseInsensitively() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        try store.write {
            let id = try store.addNode(key: "xiaomi", kind: "Company", name: "Xiaomi")
            try store.addAlias(node: id, alias: "小米")
            try store.addNode(key: "apple-inc", kind: "Company", name: "Apple")
            try store.addNode(key: "apple-fruit", kind: "Product", name: "Apple")
        }
        #expect(try store.resolve("xiaomi").key == "xiaomi")
        #expect(try store.resolve("XIAOMI").key == "xiaomi")
        #expect(try store.resolve("小米").key == "xiaomi")
        let unknown = expectKGError { _ = try store.resolve("Xiaomy") }
        #expect(unknown?.code == .unknownNode)
        #expect(unknown?.suggestion?.contains("Xiaomi") == true)
        let ambiguous = expectKGError { _ = try store.resolve("apple") }
        #expect(ambiguous?.code == .ambiguousNode)
        #expect(ambiguous?.message.contains("apple-inc") == true)
        #expect(ambiguous?.message.contains("apple-fruit") == true)
        #expect(try store.resolve("apple-fruit").kind == "Product")
    }

    @Test func edgesKeepPartialDatePrecision() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        let edge = try store.write { () throws -> Int64 in
            let a = try store.addNode(key: "a", kind: "Company", name: "A")
            let b = try store.addNode(key: "b", kind: "Company", name: "B")
            return try store.addEdge(type: "rates", from: try store.node(id: a)!, to: try store.node(id: b)!,
                                     period: DatePeriod(from: PartialDate("2017-07"), to: PartialDate("2019")))
        }
        let record = try #require(try store.edge(id: edge))
        #expect(record.period.from?.description == "2017-07")
        #expect(record.period.to?.description == "2019")
        #expect(record.period.from?.precision == .month)
    }
}
