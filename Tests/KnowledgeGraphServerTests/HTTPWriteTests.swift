import Foundation
import KnowledgeGraph
import KnowledgeGraphServer
import Testing

/// Writes: closed unless allowed, and then only with the token; atomic.
@Suite("HTTP API: writes")
struct HTTPWriteTests {
    static let token = "s3cret-token-for-tests-0123456789"
    static let graphText = """
        source http-test file="http-test.txt" published=2024-05-01
        node Company acme "Acme Widgets"
          evidence http-test "Acme Widgets makes widgets."
        """

    @Test("A read-only server refuses writes with 403 (KGH004)")
    func readOnly() async throws {
        let server = try await TestServer.start()
        let answer = try await server.post("/api/write", text: Self.graphText, headers: ["Authorization": "Bearer \(Self.token)"])
        #expect(answer.status == 403)
        #expect(answer.errorCode == "KGH004")
        try await server.stop()
    }

    @Test("With --allow-writes: no or a wrong token is a 401 (KGH005); the right one writes, and readers see it")
    func tokenAndWrite() async throws {
        let server = try await TestServer.start(token: try AccessToken(Self.token))
        let none = try await server.post("/api/write", text: Self.graphText)
        #expect(none.status == 401)
        #expect(none.errorCode == "KGH005")
        #expect(none.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        for wrong in ["Bearer s3cret-token-for-tests-012345678", "Bearer s3cret-token-for-tests-0123456789x", "Basic abc", "Bearer "] {
            let answer = try await server.post("/api/write", text: Self.graphText, headers: ["Authorization": wrong])
            #expect(answer.status == 401, "\(wrong)")
        }
        let before = try await server.get("/api/nodes/acme")
        #expect(before.status == 404)
        let write = try await server.post("/api/write", text: Self.graphText, headers: ["Authorization": "Bearer \(Self.token)"])
        #expect(write.status == 200)
        #expect(write.json?["written"]?["nodes"] == .int(1))
        let again = try await server.post("/api/write", text: Self.graphText, headers: ["Authorization": "Bearer \(Self.token)"])
        #expect(again.status == 200, "the same text again merges: \(again.text)")
        #expect(again.json?["written"]?["nodes"] == .int(0))
        let after = try await server.get("/api/nodes/acme")
        #expect(after.status == 200)
        #expect(after.json?["name"] == .string("Acme Widgets"))
        let count = try await server.query("MATCH (c = \"Acme Widgets\") RETURN c.key")
        #expect(count.json?["display"] == .array([.array([.string("acme")])]))
        try await server.stop()
    }

    @Test("Graph text that breaks a rule is a 400 and writes nothing")
    func atomic() async throws {
        let server = try await TestServer.start(token: try AccessToken(Self.token))
        let bad = Self.graphText + "\nedge acme licensor nobody-at-all\n  evidence http-test \"Acme Widgets makes widgets.\"\n"
        let answer = try await server.post("/api/write", text: bad, headers: ["Authorization": "Bearer \(Self.token)"])
        #expect(answer.status == 400)
        #expect(answer.errorCode?.hasPrefix("KGI") == true || answer.errorCode?.hasPrefix("KGS") == true)
        let acme = try await server.get("/api/nodes/acme")
        #expect(acme.status == 404)
        try await server.stop()
    }

    @Test("The token compares whole: a prefix, a longer text or another of the same length does not match")
    func tokenComparison() throws {
        let token = try AccessToken("abcdefghijklmnop\n")
        #expect(token.matches(Array("abcdefghijklmnop".utf8)))
        #expect(!token.matches(Array("abcdefghijklmno".utf8)))
        #expect(!token.matches(Array("abcdefghijklmnopq".utf8)))
        #expect(!token.matches(Array("abcdefghijklmnoq".utf8)))
        #expect(!token.matches([UInt8]()))
        #expect(throws: KGError.self) { try AccessToken("short") }
    }
}
