import Foundation
import KnowledgeGraph
import KnowledgeGraphServer
import KGTestTools
import Testing

/// Node reports, the schema, named queries and pictures over HTTP.
@Suite("HTTP API: nodes, schema, named queries, pictures")
struct HTTPGraphTests {
    @Test("GET /api/nodes/{name}: by name, key or alias (percent-encoded); an unknown name is a 404 with KGB006")
    func nodes() async throws {
        let server = try await TestServer.start()
        let xiaomi = try await server.get("/api/nodes/Xiaomi")
        #expect(xiaomi.status == 200)
        #expect(xiaomi.json?["key"] == .string("xiaomi"))
        #expect(xiaomi.json?["kind"] == .string("Company"))
        #expect(xiaomi.json?["report"]?.stringValue?.contains("Nokia") == true)
        let alias = try await server.get("/api/nodes/%E5%B0%8F%E7%B1%B3")   // 小米
        #expect(alias.json?["key"] == .string("xiaomi"))
        let spaced = try await server.get("/api/nodes/FAW%20Car")
        #expect(spaced.status == 200)
        let unknown = try await server.get("/api/nodes/Xiaomy")
        #expect(unknown.status == 404)
        #expect(unknown.errorCode == "KGB006")
        #expect(unknown.error?["suggestion"]?.stringValue?.contains("Xiaomi") == true)
        try await server.stop()
    }

    @Test("GET /api/schema lists kinds, edge types and derived types")
    func schema() async throws {
        let server = try await TestServer.start()
        let schema = try await server.get("/api/schema")
        #expect(schema.status == 200)
        let kinds = schema.json?["kinds"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(kinds.contains("Company") && kinds.contains("Agreement"))
        let types = schema.json?["edge_types"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(types.contains("licensor"))
        let derived = schema.json?["derived_types"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(derived.contains("licenses_patents_to"))
        #expect(schema.json?["text"]?.stringValue?.isEmpty == false)
        try await server.stop()
    }

    @Test("Named queries: listed, run with parameters; an unknown one is a 404 (KGU002), a wrong parameter a 400")
    func namedQueries() async throws {
        let server = try await TestServer.start()
        let list = try await server.get("/api/queries")
        let names = list.json?["queries"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(names.contains("licensors"))
        let run = try await server.post("/api/queries/licensors", json: .object(["params": .object(["company": .string("Xiaomi")])]))
        #expect(run.status == 200)
        let display = (run.json?["display"]?.arrayValue ?? []).compactMap { $0.arrayValue?.first?.stringValue }
        #expect(Set(display).isSuperset(of: ["Nokia", "Microsoft"]))
        #expect(run.json?["query_text"]?.stringValue?.contains("MATCH") == true)
        let defaults = try await server.post("/api/queries/licensors", text: "")
        #expect(defaults.status == 200)
        let unknown = try await server.post("/api/queries/licensers", json: .object([:]))
        #expect(unknown.status == 404)
        #expect(unknown.errorCode == "KGU002")
        #expect(unknown.error?["suggestion"]?.stringValue?.contains("licensors") == true)
        let wrong = try await server.post("/api/queries/licensors", json: .object(["params": .object(["firm": .string("Xiaomi")])]))
        #expect(wrong.status == 400)
        #expect(wrong.errorCode == "KGU003")
        try await server.stop()
    }

    @Test("GET /api/dot draws a neighbourhood as DOT; bad parameters are 400s, an unknown node a 404")
    func dot() async throws {
        let server = try await TestServer.start()
        let dot = try await server.get("/api/dot?around=Xiaomi&hops=1")
        #expect(dot.status == 200)
        #expect(dot.header("Content-Type")?.hasPrefix("text/vnd.graphviz") == true)
        #expect(dot.text.hasPrefix("digraph") && dot.text.contains("Nokia"))
        let zero = try await server.get("/api/dot?around=Xiaomi&hops=0")
        #expect(zero.status == 200)
        #expect(!zero.text.contains("Nokia"))
        for bad in ["/api/dot", "/api/dot?around=Xiaomi&hops=99", "/api/dot?around=Xiaomi&hops=-1", "/api/dot?around=Xiaomi&format=png",
                    "/api/dot?around=Xiaomi&collapse=maybe"] {
            let answer = try await server.get(bad)
            #expect(answer.status == 400, "\(bad)")
            #expect(answer.errorCode == "KGH003", "\(bad)")
        }
        let unknown = try await server.get("/api/dot?around=Nobody")
        #expect(unknown.status == 404)
        #expect(unknown.errorCode == "KGB006")
        try await server.stop()
    }

    @Test("GET /api/dot with format svg draws the neighbourhood, nodes linked to their pages", .requires(.graphviz))
    func dotSVG() async throws {
        let server = try await TestServer.start()
        let svg = try await server.get("/api/dot?around=%E5%B0%8F%E7%B1%B3&hops=1&collapse=true&format=svg")
        #expect(svg.status == 200)
        #expect(svg.text.contains("<svg") && svg.text.contains("xlink:href=\"/?node=nokia\""))
        try await server.stop()
    }

    @Test("An unknown route is a 404 with KGH001, as JSON")
    func unknownRoute() async throws {
        let server = try await TestServer.start()
        for (method, path) in [("GET", "/api/nothing"), ("DELETE", "/api/nothing"), ("GET", "/../etc/passwd")] {
            let answer = try await server.request(method, path)
            #expect(answer.status == 404, "\(method) \(path)")
            #expect(answer.errorCode == "KGH001", "\(method) \(path)")
        }
        try await server.stop()
    }
}
