import Foundation
import KnowledgeGraph
import KnowledgeGraphServer
import KGTestTools
import Testing

/// The query routes over real HTTP on loopback: answers, evidence, formats,
/// and the error statuses of bad queries and limits.
@Suite("HTTP API: queries")
struct HTTPQueryTests {
    @Test("POST /api/query answers who licenses patents to Xiaomi, with the evidence of each row")
    func queryWithEvidence() async throws {
        let server = try await TestServer.start()
        let answer = try await server.query("MATCH (who)-[:licenses_patents_to]->(\"Xiaomi\") RETURN DISTINCT who", ["why": .bool(true)])
        #expect(answer.status == 200)
        #expect(answer.header("Content-Type")?.hasPrefix("application/json") == true)
        #expect(Set(firstColumnNames(answer)) == ["Nokia", "Microsoft"])
        let evidence = answer.json?["evidence"]?.arrayValue ?? []
        #expect(evidence.count == 2)
        for items in evidence {
            let first = items.arrayValue?.first
            #expect(first?["quote"]?.stringValue?.isEmpty == false)
            #expect(first?["file"]?.stringValue?.hasSuffix(".txt") == true)
        }
        // The Nokia article gives its date; the Microsoft one gives none, and none is made up.
        let published = evidence.flatMap { $0.arrayValue ?? [] }.compactMap { $0["published"]?.stringValue }
        #expect(published.contains("2017-07"))
        try await server.stop()
    }

    @Test("Parameters bind $names; table, csv and dot formats")
    func parametersAndFormats() async throws {
        let server = try await TestServer.start()
        let text = "MATCH (who)-[:licenses_patents_to]->($company) RETURN DISTINCT who.name AS name ORDER BY name"
        let json = try await server.query(text, ["params": .object(["company": .string("Xiaomi")])])
        #expect(json.status == 200)
        #expect(json.json?["display"]?.arrayValue?.compactMap { $0.arrayValue?.first?.stringValue } == ["Microsoft", "Nokia"])
        let csv = try await server.query(text, ["params": .object(["company": .string("Xiaomi")]), "format": .string("csv")])
        #expect(csv.status == 200)
        #expect(csv.text == "name\r\nMicrosoft\r\nNokia\r\n")
        let table = try await server.query(text, ["params": .object(["company": .string("Xiaomi")]), "format": .string("table")])
        #expect(table.text.contains("Microsoft") && table.text.contains("(2 rows)"))
        let picture = "MATCH (who)-[:licenses_patents_to]->(\"Xiaomi\") RETURN DISTINCT who"
        let dot = try await server.query(picture, ["format": .string("dot")])
        #expect(dot.status == 200)
        #expect(dot.text.hasPrefix("digraph"))
        #expect(dot.text.contains("URL=\"/?node=nokia\""))
        try await server.stop()
    }

    @Test("The svg format draws the answer through Graphviz, nodes linked to their pages", .requires(.graphviz))
    func svgFormat() async throws {
        let server = try await TestServer.start()
        let picture = "MATCH (who)-[:licenses_patents_to]->(\"Xiaomi\") RETURN DISTINCT who"
        let svg = try await server.query(picture, ["format": .string("svg")])
        #expect(svg.status == 200)
        #expect(svg.header("Content-Type") == "image/svg+xml")
        #expect(svg.text.contains("<svg") && svg.text.contains("Nokia") && svg.text.contains("/?node=xiaomi"))
        try await server.stop()
    }

    @Test("A query that does not parse is a 400 with the CLI's error value: code, message, span, suggestion")
    func badQuery() async throws {
        let server = try await TestServer.start()
        let syntax = try await server.query("MATCH (a RETURN a")
        #expect(syntax.status == 400)
        #expect(syntax.errorCode?.hasPrefix("KGP") == true)
        #expect(syntax.error?["line"] == .int(1))
        #expect(syntax.error?["span"]?["start"]?["column"] != nil)
        let unknown = try await server.query("MATCH (\"Xiaomy\")-[:develops]->(p) RETURN p")
        #expect(unknown.status == 400)
        #expect(unknown.errorCode == "KGB006")
        #expect(unknown.error?["suggestion"]?.stringValue?.contains("Xiaomi") == true)
        #expect(unknown.error?["column"] == .int(8))
        try await server.stop()
    }

    @Test("Bad request bodies are 400s (KGH003): not JSON, no query, an unknown member, a bad limit")
    func badBodies() async throws {
        let server = try await TestServer.start()
        let cases: [(String, String)] = [
            ("not json", "KGH003"), ("[1, 2]", "KGH003"), ("{\"params\": {}}", "KGH003"),
            ("{\"query\": \"MATCH (n) RETURN n\", \"limit\": 3}", "KGH003"),
            ("{\"query\": \"MATCH (n) RETURN n\", \"timeout\": -1}", "KGH003"),
            ("{\"query\": \"MATCH (n) RETURN n\", \"max_rows\": 0}", "KGH003"),
            ("{\"query\": \"MATCH (n) RETURN n\", \"format\": \"xml\"}", "KGH003"),
            ("{\"query\": \"MATCH (n) RETURN n\", \"params\": [1]}", "KGU003"),
        ]
        for (body, code) in cases {
            let answer = try await server.post("/api/query", text: body, headers: ["Content-Type": "application/json"])
            #expect(answer.status == 400, "\(body)")
            #expect(answer.errorCode == code, "\(body)")
        }
        try await server.stop()
    }

    @Test("Limits: the time limit is a 408 (KGE001), the row limit a 422 (KGE002), a large body a 413 (KGH002)")
    func limits() async throws {
        let server = try await TestServer.start(limits: ServerLimits(rowLimit: 50_000_000, maxBodyBytes: 4096))
        let rows = try await server.query("MATCH (a), (b) RETURN a, b", ["max_rows": .int(10)])
        #expect(rows.status == 422)
        #expect(rows.errorCode == "KGE002")
        let slow = try await server.query(SlowQuery.text, ["timeout": .double(0.2)])
        #expect(slow.status == 408)
        #expect(slow.errorCode == "KGE001")
        let large = try await server.query("MATCH (n) RETURN n // " + String(repeating: "x", count: 5000))
        #expect(large.status == 413)
        #expect(large.errorCode == "KGH002")
        let stillUp = try await server.query("MATCH (n:Company) RETURN count(*)")
        #expect(stillUp.status == 200)
        try await server.stop()
    }

    @Test("A request may lower the server's limits, never raise them")
    func limitsAreClamped() async throws {
        let server = try await TestServer.start(limits: ServerLimits(rowLimit: 10))
        let raised = try await server.query("MATCH (a), (b) RETURN a, b", ["max_rows": .int(1_000_000)])
        #expect(raised.status == 422)
        #expect(raised.errorCode == "KGE002")
        #expect(raised.error?["message"]?.stringValue?.contains("10 rows") == true)
        try await server.stop()
    }

    @Test("POST /api/ask answers a plain-word question through kg ask, with the query it made and how it read it")
    func ask() async throws {
        let server = try await TestServer.start()
        let answer = try await server.post("/api/ask", json: .object(["question": .string("who licenses patents to Xiaomi"), "why": .bool(true)]))
        #expect(answer.status == 200)
        #expect(Set(firstColumnNames(answer)) == ["Nokia", "Microsoft"])
        #expect(answer.json?["query_text"]?.stringValue?.contains("licenses_patents_to") == true)
        #expect(answer.json?["understood"]?.arrayValue?.isEmpty == false)
        #expect(answer.json?["evidence"]?.arrayValue?.count == 2)
        let unknownWords = try await server.post("/api/ask", json: .object(["question": .string("frobnicate the quux")]))
        #expect(unknownWords.status == 400)
        #expect(unknownWords.errorCode?.hasPrefix("KG") == true)
        let noQuestion = try await server.post("/api/ask", json: .object(["query": .string("MATCH (n) RETURN n")]))
        #expect(noQuestion.status == 400)
        #expect(noQuestion.errorCode == "KGH003")
        try await server.stop()
    }

    @Test("POST /api/ask with format svg draws the answer", .requires(.graphviz))
    func askSVG() async throws {
        let server = try await TestServer.start()
        let svg = try await server.post("/api/ask", json: .object(["question": .string("who licenses patents to Xiaomi"), "format": .string("svg")]))
        #expect(svg.status == 200)
        #expect(svg.text.contains("<svg") && svg.text.contains("Nokia"))
        try await server.stop()
    }
}

/// A query that runs for a long time on the seed graph (every four nodes in
/// order of their names: 51^4, nearly seven million rows, each compared;
/// little memory), stopped by its time limit.
enum SlowQuery {
    static let text = "MATCH (a), (b), (c), (d) WHERE a.name < b.name AND b.name < c.name AND c.name < d.name RETURN count(*)"
}
