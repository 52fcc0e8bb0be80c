import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// In-memory adjacency is an index, never a cache of answers: after any
/// write, through this connection, another connection or another process,
/// the next query sees the new graph.
@Suite struct AdjacencyFreshnessTests {
    static let schema = """
        schema chain
        kind N
        edge next: N -- N
        """

    func chain(_ store: GraphStore, _ n: Int) throws {
        try store.write {
            var previous: NodeRecord?
            for i in 0..<n {
                let id = try store.addNode(key: "n\(i)", kind: "N", name: "Node \(i)")
                let node = NodeRecord(id: id, key: "n\(i)", kind: "N", name: "Node \(i)")
                if let previous { try store.addEdge(type: "next", from: previous, to: node) }
                previous = node
            }
        }
    }

    let reach = "MATCH (s = \"n0\")-[:next]-+(x) WHERE x <> s RETURN count(DISTINCT x)"

    @Test func writesThroughAnyConnectionOrProcessAreSeen() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("g.sqlite")
        let store = try GraphStore.create(at: path, schema: try SchemaParser.parse(Self.schema))
        try chain(store, 10)
        let engine = QueryEngine(store: store)
        #expect(try engine.execute(reach).rows == [[.int(9)]])
        #expect(store.adjacency.loadedTypes == ["next"])

        // Another connection adds a node and an edge.
        let other = try GraphStore.open(at: path)
        try other.write {
            let id = try other.addNode(key: "n10", kind: "N", name: "Node 10")
            try other.addEdge(type: "next", from: try other.node(key: "n9")!, to: NodeRecord(id: id, key: "n10", kind: "N", name: "Node 10"))
        }
        #expect(try engine.execute(reach).rows == [[.int(10)]])

        // This connection writes.
        try store.write {
            let id = try store.addNode(key: "n11", kind: "N", name: "Node 11")
            try store.addEdge(type: "next", from: try store.node(key: "n10")!, to: NodeRecord(id: id, key: "n11", kind: "N", name: "Node 11"))
        }
        #expect(try engine.execute(reach).rows == [[.int(11)]])

        // Another process imports more.
        let text = "source s file=\"f\"\nnode N n12 \"Node 12\"\n  evidence s \"q\"\n  next n11\n    evidence s \"q\"\n"
        let file = dir.file("more.kg")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try runKG(["import", file, "--db", path], home: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try engine.execute(reach).rows == [[.int(12)]])
    }
}
