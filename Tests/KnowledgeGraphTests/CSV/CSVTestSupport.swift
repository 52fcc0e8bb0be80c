import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Shared data for the CSV import tests.
enum CSVFixtures {
    static let nodeHeader = "id,kind,name,props"
    static let edgeHeader = "src,type,dst,props"

    /// A strict schema: closed kind company with typed props, a typed edge, a symmetric edge.
    static let schemaText = """
        schema test

        kind company
          prop country: string
          prop founded: int
        kind person open
        kind product open

        edge works_for: person -> company
          prop since: int
        edge develops: company -> product open
        edge partner_of: company -- company
        """

    static var schema: GraphSchema { try! SchemaParser.parse(schemaText, file: "test.kgs") }

    /// The graph the error catalogue starts from (ids c1, c2, p1, r1).
    static let baseNodes = nodes(
        #"c1,company,Acme,"{""country"":""DE"",""founded"":1999}""#,
        "c2,company,Globex,{}",
        "p1,person,Ada,",
        #"r1,product,Widget,"{""category"":""tool""}""#)
    static let baseEdges = edges(
        #"p1,works_for,c1,"{""since"":2019}""#,
        "c1,develops,r1,{}",
        #"c1,partner_of,c2,"{""valid_from"":""2017-07""}""#)

    /// A nodes file: the header, then the rows, each ending with a line feed.
    static func nodes(_ rows: String...) -> String { ([nodeHeader] + rows).map { $0 + "\n" }.joined() }
    static func edges(_ rows: String...) -> String { ([edgeHeader] + rows).map { $0 + "\n" }.joined() }

    /// Writes `text` to `name` in `dir` and returns the path.
    static func write(_ text: String, _ name: String, in dir: TemporaryDirectory) -> String {
        write(Array(text.utf8), name, in: dir)
    }

    static func write(_ bytes: [UInt8], _ name: String, in dir: TemporaryDirectory) -> String {
        let path = dir.file(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// The names of the indexes of the graph's tables.
    static func indexNames(_ path: String) throws -> [String] {
        let db = try SQLiteDatabase(path: path, mode: .readOnly)
        return try db.query("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name") { $0.string(0) }
    }

    /// Whether the database file or any of its companions exist.
    static func anyFileExists(_ path: String) -> Bool {
        ["", "-wal", "-shm", "-journal"].contains { FileManager.default.fileExists(atPath: path + $0) }
    }

    /// A deterministic graph of `companies` companies with people, products
    /// and edges of every shape, written by the test itself.
    static func generated(companies: Int) -> (nodes: String, edges: String, nodeCount: Int, edgeCount: Int) {
        var nodes = nodeHeader + "\n"
        var edges = edgeHeader + "\n"
        var nodeCount = 0, edgeCount = 0
        var seed: UInt64 = 42
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        for c in 0..<companies {
            nodes += "c\(c),company,\"Company \(c), Ltd\",\"{\"\"country\"\":\"\"C\(c % 7)\"\",\"\"founded\"\":\(1950 + c % 70)}\"\n"
            nodeCount += 1
        }
        for p in 0..<companies * 3 {
            nodes += "p\(p),person,Person \(p),\(p % 2 == 0 ? "" : "{}")\n"
            nodeCount += 1
            edges += "p\(p),works_for,c\(next(companies)),\"{\"\"since\"\":\(2000 + p % 20)}\"\n"
            edgeCount += 1
        }
        for r in 0..<companies {
            nodes += "r\(r),product,\"Product \"\"\(r)\"\"\",\"{\"\"version\"\": \(r % 5)}\"\n"
            nodeCount += 1
            edges += "c\(r),develops,r\(r),{}\n"
            edgeCount += 1
        }
        for c in 0..<companies * 2 {
            let a = next(companies), b = next(companies)
            edges += "c\(a),partner_of,c\(b),\"{\"\"valid_from\"\":\"\"\(2000 + c % 20)-0\(1 + c % 9)\"\"}\"\n"
            edgeCount += 1
        }
        return (nodes, edges, nodeCount, edgeCount)
    }
}
