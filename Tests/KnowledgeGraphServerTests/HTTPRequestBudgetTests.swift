import Foundation
import KnowledgeGraph
import KnowledgeGraphServer
import Testing

/// `kg serve --http` keeps one budget per query request, from its text to
/// its rendered answer (docs/reliability.md, "The query budget").
@Suite("HTTP API: one budget per request")
struct HTTPRequestBudgetTests {
    @Test("Rendering an answer counts against the request's memory limit (KGE005, 422); the server goes on")
    func renderingIsBudgeted() async throws {
        let graph = try SeedGraphFile()
        do {
            // A node whose name is 1 MiB: the answer holds it once, every rendered row shows it.
            let store = try GraphStore.open(at: graph.path, mode: .readWrite)
            try store.write { _ = try store.addNode(key: "big", kind: "Company", name: String(repeating: "x", count: 1 << 20), props: [:]) }
        }
        let server = try await TestServer.start(graph: graph, limits: ServerLimits(memoryLimit: 16 << 20))
        for format in ["json", "table", "csv"] {
            let big = try await server.query(#"MATCH (a = "big"), (b) RETURN a, b LIMIT 60"#, ["format": .string(format)])
            #expect(big.status == 422, "\(format): \(big.text.prefix(300))")
            #expect(big.errorCode == "KGE005", "\(format)")
            let small = try await server.query(#"MATCH (a = "big"), (b) RETURN a, b LIMIT 2"#, ["format": .string(format)])
            #expect(small.status == 200, "\(format): \(small.text.prefix(300))")
        }
        let stillUp = try await server.query("MATCH (n:Company) RETURN count(*)")
        #expect(stillUp.status == 200)
        try await server.stop()
    }

    @Test("A long list literal counts against the request's memory limit while it is parsed")
    func queryTextIsBudgeted() async throws {
        let server = try await TestServer.start(limits: ServerLimits(memoryLimit: 2 << 20))
        let list = "[" + Array(repeating: "1", count: 20_000).joined(separator: ",") + "]"
        let answer = try await server.query("RETURN size(\(list))")
        #expect(answer.status == 422, "\(answer.text.prefix(300))")
        #expect(answer.errorCode == "KGE005")
        let small = try await server.query("RETURN size([1, 2, 3])")
        #expect(small.status == 200)
        try await server.stop()
    }
}
