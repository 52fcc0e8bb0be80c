import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KnowledgeGraph
@testable import KnowledgeGraphServer
import Testing

/// The server against clients that do not play by the rules: web pages on
/// other origins (DNS rebinding, simple cross-origin requests), bodies that
/// cost more than their size, clients that never finish (docs/reliability.md,
/// "The server's threat model").
@Suite("HTTP server: hostile clients", .serialized)
struct HTTPHostileClientTests {
    @Test("DNS rebinding: a Host header naming none of the server's addresses is a 421 (KGH010); its address, localhost and --allow-host names are answered")
    func hostHeader() async throws {
        let server = try await TestServer.start(allowedHosts: ["kg.example.org"])
        for host in ["evil.example", "127.0.0.1.evil.example", "evil.example:\(server.port)", "localhost.evil.example", "10.1.2.3"] {
            let answer = try #require(try await RawHTTPConnection.fetch(port: server.port, path: "/api/schema", host: host))
            #expect(answer.status == 421, "Host: \(host)")
            #expect(answer.body.contains("\"KGH010\""), "Host: \(host)")
            #expect(!answer.body.contains("\"kinds\""), "Host: \(host): the graph must not be in the answer")
        }
        let page = try #require(try await RawHTTPConnection.fetch(port: server.port, path: "/", host: "evil.example"))
        #expect(page.status == 421)
        for host in ["127.0.0.1:\(server.port)", "127.0.0.1", "localhost:\(server.port)", "LOCALHOST", "kg.example.org", "kg.example.org:80"] {
            let answer = try #require(try await RawHTTPConnection.fetch(port: server.port, path: "/api/schema", host: host))
            #expect(answer.status == 200, "Host: \(host)")
        }
        try await server.stop()
    }

    @Test("Allowed hosts: loopback, wildcard and named listening addresses")
    func allowedHosts() {
        let loopback = AllowedHosts(address: ListenAddress(port: 8080), extra: [])
        #expect(loopback.accepts(authority: "127.0.0.1:8080"))
        #expect(loopback.accepts(authority: "[::1]:8080"))
        #expect(loopback.accepts(authority: "localhost."))
        #expect(!loopback.accepts(authority: "192.168.1.5"))
        #expect(!loopback.accepts(authority: "127.0.0.1.nip.io"))
        #expect(!loopback.accepts(authority: ""))
        let any = AllowedHosts(address: ListenAddress(host: "0.0.0.0", port: 8080), extra: ["KG.Internal."])
        #expect(any.accepts(authority: "192.168.1.5:8080"))
        #expect(any.accepts(authority: "kg.internal"))
        #expect(!any.accepts(authority: "evil.example"))
    }

    @Test("A method a path does not take is a 405 with Allow (KGH008); a path without routes stays a 404")
    func methodNotAllowed() async throws {
        let server = try await TestServer.start()
        for (method, path, allow) in [("GET", "/api/query", "POST"), ("DELETE", "/api/query", "POST"), ("PUT", "/api/schema", "GET"),
                                      ("POST", "/api/schema", "GET"), ("TRACE", "/", "GET"), ("PATCH", "/api/queries/licensors", "POST"),
                                      ("DELETE", "/api/nodes/Xiaomi", "GET")] {
            let answer = try await server.request(method, path)
            #expect(answer.status == 405, "\(method) \(path)")
            #expect(answer.header("Allow") == allow, "\(method) \(path)")
            #expect(answer.errorCode == "KGH008", "\(method) \(path)")
        }
        let missing = try await server.request("DELETE", "/api/nothing")
        #expect(missing.status == 404)
        #expect(missing.errorCode == "KGH001")
        try await server.stop()
    }

    @Test("Every route of the router answers TRACE with a 405 that names its methods (the 405 check and the router are one list)")
    func everyRouteKnowsItsMethods() async throws {
        let server = try await TestServer.start()
        var methods: [String: Set<String>] = [:]
        for route in server.server.routes {
            let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
            methods[parts[1], default: []].insert(parts[0])
        }
        #expect(methods.count > 10)
        for (path, allowed) in methods {
            let concrete = path.replacingOccurrences(of: #"\{[a-z]+\}"#, with: "1", options: .regularExpression)
            let answer = try await server.request("TRACE", concrete)
            #expect(answer.status == 405, "TRACE \(concrete)")
            #expect(Set((answer.header("Allow") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) == allowed,
                    "TRACE \(concrete): \(answer.header("Allow") ?? "no Allow")")
        }
        try await server.stop()
    }

    @Test("Simple cross-origin requests: a JSON route refuses text/plain, form and multipart bodies with 415 (KGH009) and runs nothing")
    func contentType() async throws {
        let server = try await TestServer.start()
        let body = #"{"query": "MATCH (n) RETURN count(*)"}"#
        for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", nil] as [String?] {
            for path in ["/api/query", "/api/ask", "/api/queries/licensors"] {
                let answer = try await server.post(path, text: body, headers: type.map { ["Content-Type": $0] } ?? [:])
                #expect(answer.status == 415, "\(path) \(type ?? "no type")")
                #expect(answer.errorCode == "KGH009", "\(path) \(type ?? "no type")")
            }
        }
        let json = try await server.post("/api/query", text: body, headers: ["Content-Type": "application/json; charset=utf-8"])
        #expect(json.status == 200)
        let named = try await server.request("POST", "/api/queries/licensors")
        #expect(named.status == 200, "a named query without a body needs no Content-Type")
        try await server.stop()
    }

    @Test("A limit the client set is a 4xx with its code, never a 503: max_rows 422 (KGE002), timeout 408 (KGE001)")
    func clientLimits() async throws {
        let server = try await TestServer.start(limits: ServerLimits(rowLimit: 50_000_000))
        let rows = try await server.query("MATCH (a), (b) RETURN a, b", ["max_rows": .int(3)])
        #expect(rows.status == 422)
        #expect(rows.errorCode == "KGE002")
        let slow = try await server.query(SlowQuery.text, ["timeout": .double(0.1)])
        #expect(slow.status == 408)
        #expect(slow.errorCode == "KGE001")
        let nullLimits = try await server.query("MATCH (n:Company) RETURN count(*)", ["timeout": .null, "max_rows": .null])
        #expect(nullLimits.status == 200, "null limits are the server's, as the OpenAPI document says")
        try await server.stop()
    }

    @Test("A chunked body over --max-body is a 413 (KGH002), without NIO's internal text")
    func chunkedTooLarge() async throws {
        let server = try await TestServer.start(limits: ServerLimits(maxBodyBytes: 4096))
        let connection = try RawHTTPConnection(port: server.port)
        var request = "POST /api/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        let chunk = String(repeating: " ", count: 1000)
        for _ in 0..<6 { request += String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n" }
        request += "0\r\n\r\n"
        try? connection.send(request)
        let answer = try #require(try await connection.answer())
        #expect(answer.status == 413)
        #expect(answer.body.contains("\"KGH002\""))
        #expect(!answer.body.contains("NIO"))
        try await server.stop()
    }

    @Test("Request bodies count against the memory budget: a body whose parsing would not fit is a 413 before it is parsed")
    func bodyBudget() async throws {
        let server = try await TestServer.start(limits: ServerLimits(memoryLimit: 2 << 20, maxBodyBytes: 1 << 20))
        // 300 KB of nested one-item lists: about 50 times that once parsed.
        let nested = Array(repeating: "[[1]]", count: 50_000).joined(separator: ",")
        let answer = try await server.post("/api/query", text: #"{"query":"RETURN size($p)","params":{"p":[\#(nested)]}}"#,
                                           headers: ["Content-Type": "application/json"])
        #expect(answer.status == 413)
        #expect(answer.errorCode == "KGH002")
        #expect(answer.error?["message"]?.stringValue?.contains("memory") == true)
        #expect(server.server.admission.reservedBytes == 0, "the refused request holds nothing")
        // A flat request of the same size fits.
        let flat = String(repeating: "x", count: 250_000)
        let fits = try await server.query("RETURN size($p)", ["params": .object(["p": .string(flat)])])
        #expect(fits.status == 200)
        #expect(server.server.admission.reservedBytes == 0, "answered requests give their reservation back")
        try await server.stop()
    }

    @Test("The admission budget: requests wait their turn while the budget is taken, and one that can never fit is refused at once")
    func admission() async throws {
        let admission = RequestAdmission(capacity: 1000, maxReading: 2, maxWaiting: 1)
        let first = try await admission.reserve(600, what: "first")
        await #expect(throws: KGError.self) { _ = try await admission.reserve(1001, what: "huge") }
        let waiting = Task { try await admission.reserve(600, what: "second") }
        try await Task.sleep(nanoseconds: 100_000_000)
        // One waits already: the next is refused as overload (KGH006).
        do {
            _ = try await admission.reserve(10, what: "third")
            Issue.record("a third request was admitted past the waiting line")
        } catch let error as KGError {
            #expect(error.code == .serverBusy)
        }
        first.release()
        let second = try await waiting.value
        #expect(admission.reservedBytes == 600)
        second.release()
        #expect(admission.reservedBytes == 0)
    }

    @Test("Shutdown cancels running queries (KGE003, 503) and drops a client that never finishes its body after the deadline")
    func shutdownDeadline() async throws {
        let server = try await TestServer.start(limits: ServerLimits(timeLimit: 120, rowLimit: 50_000_000), shutdownDeadline: 2)
        let slow = Task { try await server.query(SlowQuery.text, ["timeout": .double(100)]) }
        try await waitUntil { server.server.busyReaders > 0 }
        // Half a body, and the connection kept open.
        let stalled = try RawHTTPConnection(port: server.port)
        try stalled.send("POST /api/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"query\":")
        try await Task.sleep(nanoseconds: 200_000_000)
        let start = Date()
        try await server.stop()
        let took = Date().timeIntervalSince(start)
        #expect(took < 30, "shutdown took \(took) s (deadline 2 s; the query may run 100 s, the stalled client forever)")
        let answer = try await slow.value
        #expect(answer.status == 503)
        #expect(answer.errorCode == "KGE003")
    }

    @Test("A port another program listens on is KGD009, with no internal function signature")
    func portInUse() async throws {
        let first = try await TestServer.start()
        let graph = try SeedGraphFile()
        let second = try KGHTTPServer(configuration: ServerConfiguration(graphPath: graph.path, address: ListenAddress(port: first.port)))
        do {
            try await second.run(handlingSignals: false)
            Issue.record("a second server listened on the same port")
        } catch let error as KGError {
            #expect(error.code == .addressInUse)
            #expect(error.message.contains("127.0.0.1:\(first.port)"))
            #expect(!error.message.contains("("))
        }
        try await first.stop()
    }

    @Test("A token file the group or others can read is refused (KGU016); one only its owner reads is taken")
    func tokenFilePermissions() throws {
        let directory = NSTemporaryDirectory() + "kg-token-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/token"
        try Data("0123456789abcdef0123456789abcdef\n".utf8).write(to: URL(fileURLWithPath: path))
        for mode in [0o644, 0o640, 0o604] {
            chmod(path, mode_t(mode))
            do {
                _ = try AccessToken.read(from: path)
                Issue.record("mode \(String(mode, radix: 8)) was accepted")
            } catch {
                #expect(error.code == .tokenFile)
                #expect(error.suggestion?.contains("chmod 600") == true)
            }
        }
        chmod(path, 0o600)
        let token = try AccessToken.read(from: path)
        #expect(token.matches(Array("0123456789abcdef0123456789abcdef".utf8)))
    }

    @Test("The OpenAPI document states the server's constraints: minLength, minimum, nullable, and a relative server URL")
    func openAPIConstraints() async throws {
        let server = try await TestServer.start()
        let document = try #require(try await server.get("/api/openapi.json").json)
        #expect(document["servers"]?.arrayValue?.first?["url"]?.stringValue == "/")
        let schemas = document["components"]?["schemas"]
        let query = schemas?["QueryRequest"]?["properties"]
        #expect(query?["query"]?["minLength"] == .int(1))
        #expect(query?["max_rows"]?["minimum"] == .int(1))
        #expect(query?["max_rows"]?["nullable"] == .bool(true))
        #expect(query?["timeout"]?["nullable"] == .bool(true))
        #expect(query?["timeout"]?["exclusiveMinimum"] == .bool(true))
        #expect(schemas?["AskRequest"]?["properties"]?["question"]?["minLength"] == .int(1))
        #expect(schemas?["QueryRequest"]?["additionalProperties"] == .bool(false))
        let queryResponses = document["paths"]?["/api/query"]?["post"]?["responses"]
        for status in ["415", "421", "422"] {
            #expect(queryResponses?[status] != nil, "POST /api/query documents \(status)")
        }
        try await server.stop()
    }
}
