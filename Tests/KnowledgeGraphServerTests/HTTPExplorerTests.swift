import Foundation
import KnowledgeGraph
import KnowledgeGraphServer
import Testing

/// The routes behind the page's explorer and query box: a node's edges
/// grouped with counts and paged, an edge's evidence and agreement, and
/// whether a text parses as a query.
@Suite("HTTP API: the explorer (neighbourhood, edges, parse)")
struct HTTPExplorerTests {
    static func int(_ value: JSONValue?) -> Int? {
        if case .int(let n)? = value { return Int(n) }
        return nil
    }

    static func group(_ answer: HTTPAnswer, _ id: String) -> JSONValue? {
        answer.json?["groups"]?.arrayValue?.first { $0["id"]?.stringValue == id }
    }

    @Test("GET /api/neighbourhood: the node, its edges grouped by type with counts, the first N of each by the stated order, paging")
    func neighbourhood() async throws {
        let server = try await TestServer.start()
        let answer = try await server.get("/api/neighbourhood?node=Xiaomi&limit=1&order=name")
        #expect(answer.status == 200)
        #expect(answer.json?["node"]?["key"] == .string("xiaomi"))
        let licensees = try #require(Self.group(answer, "licensee"))
        #expect(Self.int(licensees["count"]) == 2)
        #expect(licensees["direction"] == .string("in"))
        let first = licensees["members"]?.arrayValue ?? []
        #expect(first.count == 1)
        #expect(first.first?["kind"] == .string("Agreement"))
        // The second page holds the other one, in name order.
        let next = try await server.get("/api/neighbourhood?node=Xiaomi&limit=1&order=name&group=licensee&offset=1")
        let second = Self.group(next, "licensee")?["members"]?.arrayValue ?? []
        #expect(second.count == 1)
        let names = (first + second).compactMap { $0["name"]?.stringValue }
        #expect(names == names.sorted() && Set(names).count == 2)
        // Only the asked group is listed; the others are counted.
        #expect(Self.group(next, "licensor")?["members"]?.arrayValue?.isEmpty == true)
        #expect(Self.int(Self.group(next, "licensor")?["count"]) == 2)
        try await server.stop()
    }

    @Test("Filters for edge types and kinds; unknown types, orders and nodes are errors with their codes")
    func filters() async throws {
        let server = try await TestServer.start()
        let types = try await server.get("/api/neighbourhood?node=Xiaomi&types=licensor,develops")
        let ids = Set((types.json?["groups"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue })
        #expect(ids == ["licensor", "develops"])
        let kinds = try await server.get("/api/neighbourhood?node=Xiaomi&kinds=Company")
        for group in kinds.json?["groups"]?.arrayValue ?? [] {
            for member in group["members"]?.arrayValue ?? [] { #expect(member["kind"] == .string("Company")) }
        }
        #expect(!(kinds.json?["groups"]?.arrayValue ?? []).contains { $0["id"] == .string("licensor") })
        let unknownType = try await server.get("/api/neighbourhood?node=Xiaomi&types=licenser")
        #expect(unknownType.status == 400)
        #expect(unknownType.errorCode == "KGB002")
        let badOrder = try await server.get("/api/neighbourhood?node=Xiaomi&order=size")
        #expect(badOrder.status == 400)
        let unknown = try await server.get("/api/neighbourhood?node=Xiaomy")
        #expect(unknown.status == 404)
        #expect(unknown.errorCode == "KGB006")
        try await server.stop()
    }

    @Test("GET /api/edges/{id}: the edge's ends, its evidence (quote, article, date) and its agreement with the parties")
    func edge() async throws {
        let server = try await TestServer.start()
        let answer = try await server.get("/api/neighbourhood?node=Xiaomi&types=licensee&limit=10")
        let members = Self.group(answer, "licensee")?["members"]?.arrayValue ?? []
        let id = try #require(Self.int(members.first?["edge"]))
        let edge = try await server.get("/api/edges/\(id)")
        #expect(edge.status == 200)
        #expect(edge.json?["type"] == .string("licensee"))
        #expect(edge.json?["to"]?["key"] == .string("xiaomi"))
        let agreement = try #require(edge.json?["agreement"])
        let parties = (agreement["parties"]?.arrayValue ?? []).compactMap { $0["key"]?.stringValue }
        #expect(parties.contains("xiaomi") && parties.count >= 2)
        let quotes = (edge.json?["evidence"]?.arrayValue ?? []) + (agreement["evidence"]?.arrayValue ?? [])
        #expect(!quotes.isEmpty && quotes.allSatisfy { $0["quote"]?.stringValue?.isEmpty == false && $0["file"] != nil })
        let unknown = try await server.get("/api/edges/999999")
        #expect(unknown.status == 404)
        #expect(unknown.errorCode == "KGC005")
        try await server.stop()
    }

    @Test("POST /api/parse: RETURN, comments and several lines are queries; a plain question is not")
    func parse() async throws {
        let server = try await TestServer.start()
        let queries = [
            "RETURN EXISTS { MATCH (\"Nokia\")-[:licenses_patents_to]->(\"Xiaomi\") }",
            "-- who licenses to Xiaomi\nMATCH (who)-[:licenses_patents_to]->(\"Xiaomi\")\n-- once each\nRETURN DISTINCT who",
            "EXPLAIN MATCH (c:Company) RETURN c",
        ]
        for text in queries {
            let answer = try await server.post("/api/parse", json: .object(["query": .string(text)]))
            #expect(answer.status == 200)
            #expect(answer.json?["query"] == .bool(true), "\(text)")
        }
        let question = try await server.post("/api/parse", json: .object(["query": .string("who licenses patents to Xiaomi")]))
        #expect(question.json?["query"] == .bool(false))
        #expect(question.json?["error"]?["code"]?.stringValue?.hasPrefix("KG") == true)
        let bad = try await server.post("/api/parse", json: .object(["text": .string("RETURN 1")]))
        #expect(bad.status == 400)
        try await server.stop()
    }
}
