import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KnowledgeGraph
import KnowledgeGraphServer
import Testing

/// The page, the OpenAPI document, parallel readers and graceful shutdown.
@Suite("HTTP server: page, OpenAPI, concurrency, shutdown")
struct HTTPServingTests {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    @Test("GET / is the page, with its own script and style only, under a strict Content-Security-Policy")
    func page() async throws {
        let server = try await TestServer.start()
        let page = try await server.get("/")
        #expect(page.status == 200)
        #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
        let policy = page.header("Content-Security-Policy") ?? ""
        #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self'") && !policy.contains("unsafe"))
        #expect(page.text.contains("id=\"box\""))
        #expect(!page.text.contains("http://") && !page.text.contains("https://") && !page.text.contains("<script>"))
        let script = try await server.get("/app.js")
        #expect(script.status == 200)
        #expect(script.header("Content-Type")?.hasPrefix("text/javascript") == true)
        #expect(!script.text.contains("innerHTML") && !script.text.contains("eval("))
        let style = try await server.get("/app.css")
        #expect(style.status == 200)
        #expect(!style.text.contains("@import") && !style.text.contains("url("))
        try await server.stop()
    }

    @Test("The OpenAPI document names every route of the router, and every path in it is a route; docs/openapi.json is the same text")
    func openAPI() async throws {
        let server = try await TestServer.start()
        let served = try await server.get("/api/openapi.json")
        #expect(served.status == 200)
        guard case .object(let paths)? = served.json?["paths"] else {
            Issue.record("no paths in the OpenAPI document")
            return
        }
        var documented: Set<String> = []
        for (path, operations) in paths {
            for method in operations.objectValue?.keys ?? [:].keys where ["get", "post", "put", "delete", "patch"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(Set(server.server.routes) == documented)
        #expect(server.server.routes.count == 15)
        let file = try String(contentsOfFile: Self.repositoryRoot + "/docs/openapi.json", encoding: .utf8)
        #expect(file.trimmingCharacters(in: .whitespacesAndNewlines) == served.text.trimmingCharacters(in: .whitespacesAndNewlines),
                "docs/openapi.json differs from the served document (Sources/KnowledgeGraphServer/Web/OpenAPIDocument.swift)")
        try await server.stop()
    }

    @Test("A slow query does not hold up others: short queries are answered while it runs")
    func slowQueryDoesNotBlock() async throws {
        let server = try await TestServer.start(limits: ServerLimits(timeLimit: 60, rowLimit: 50_000_000), readers: 3)
        let slowDone = Flag()
        let slow = Task {
            defer { slowDone.set() }
            return try await server.query(SlowQuery.text, ["timeout": .double(20)])
        }
        // Wait until the slow query holds a reader.
        try await waitUntil { server.server.busyReaders > 0 || slowDone.isSet }
        try #require(!slowDone.isSet, "the slow query ended at once")
        var answeredWhileSlowRan = 0
        for _ in 0..<10 {
            let short = try await server.query("MATCH (who)-[:licenses_patents_to]->(\"Xiaomi\") RETURN DISTINCT who")
            #expect(short.status == 200)
            #expect(Set(firstColumnNames(short)) == ["Nokia", "Microsoft"])
            if !slowDone.isSet { answeredWhileSlowRan += 1 }
        }
        // The slow query runs 20 s; a short one takes milliseconds. Even on a
        // machine busy with the rest of the suite and other builds (8 s was
        // once too short on two loaded cores), short ones finish inside it
        // (the pool's own test holds a session open without any timing).
        #expect(answeredWhileSlowRan >= 1, "short queries answered while the slow one ran: \(answeredWhileSlowRan) of 10")
        let slowAnswer = try await slow.value
        #expect(slowAnswer.status == 408 || slowAnswer.status == 200)
        try await server.stop()
    }

    @Test("A write waiting for another process's lock holds up no reader, and runs once the lock is free")
    func blockedWriteDoesNotBlockReaders() async throws {
        let graph = try SeedGraphFile()
        let server = try await TestServer.start(graph: graph, token: try AccessToken(HTTPWriteTests.token), busyTimeout: 60_000)
        // Another process's writer: a write transaction held open on its own connection.
        let path = graph.path
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let locked = Flag()
        let locker = Thread {
            guard let other = try? GraphStore.open(at: path, mode: .readWrite) else {
                holding.signal()
                return
            }
            _ = try? other.write {
                try other.setMeta("test_lock", "held")
                locked.set()
                holding.signal()
                release.wait()
            }
        }
        locker.start()
        holding.wait()
        try #require(locked.isSet, "the other process's writer could not take the lock")
        let writeDone = Flag()
        let write = Task {
            defer { writeDone.set() }
            return try await server.post("/api/write", text: HTTPWriteTests.graphText, headers: ["Authorization": "Bearer \(HTTPWriteTests.token)"])
        }
        for _ in 0..<5 {
            let read = try await server.get("/api/nodes/Xiaomi")
            #expect(read.status == 200)
        }
        #expect(!writeDone.isSet, "the write waits for the lock, which is still held")
        release.signal()
        let written = try await write.value
        #expect(written.status == 200)
        let acme = try await server.get("/api/nodes/acme")
        #expect(acme.status == 200)
        try await server.stop()
    }

    @Test("Graceful shutdown: a running query is cancelled and answered (KGE003, 503), then the server stops and refuses connections")
    func gracefulShutdown() async throws {
        let server = try await TestServer.start(limits: ServerLimits(timeLimit: 60, rowLimit: 50_000_000))
        let done = Flag()
        let inFlight = Task {
            defer { done.set() }
            return try await server.query(SlowQuery.text, ["timeout": .double(55)])
        }
        try await waitUntil { server.server.busyReaders > 0 || done.isSet }
        try #require(!done.isSet, "the slow query ended at once")
        let start = Date()
        try await server.stop()
        // Its own limit is 55 s; cancelled, it ends at once (the bound leaves room for a loaded machine).
        #expect(Date().timeIntervalSince(start) < 40, "the query's own 55 s limit held up the shutdown")
        let answer = try await inFlight.value
        #expect(answer.status == 503)
        #expect(answer.errorCode == "KGE003")
        await #expect(throws: (any Error).self) { _ = try await server.get("/api/schema") }
    }

    @Test("kg serve --http on SIGTERM: the running query is cancelled and answered (KGE003), then kg says so and exits 0")
    func sigterm() async throws {
        let kg = ProcessInfo.processInfo.environment["KG_BINARY"] ?? Self.repositoryRoot + "/.build/debug/kg"
        guard FileManager.default.isExecutableFile(atPath: kg) else {
            Issue.record("no kg executable at \(kg) (swift build first)")
            return
        }
        let graph = try SeedGraphFile()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kg)
        process.arguments = ["serve", "--http", "127.0.0.1:0", "--db", graph.path, "--max-rows", "100000000"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let log = StderrLog(errors.fileHandleForReading)
        guard let base = await log.firstMatch(of: "http://127.0.0.1:") else {
            process.terminate()
            Issue.record("kg serve did not say where it listens: \(log.text)")
            return
        }
        let port = base.split(separator: ":").last.map { $0.prefix { $0.isNumber } } ?? ""
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/api/query"))
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(JSONValue.object(["query": .string(SlowQuery.text), "timeout": .double(50)]).serialized.utf8)
        // A first, quick request: the client is set up and the server answers, so
        // the slow request below reaches the server well before SIGTERM does.
        let schemaURL = try #require(URL(string: "http://127.0.0.1:\(port)/api/schema"))
        _ = try await URLSession.shared.data(from: schemaURL)
        let inFlight = Task { try await URLSession.shared.data(for: request) }
        try await Task.sleep(nanoseconds: 2_000_000_000)   // the query is running (it may run 50 s)
        let signalled = Date()
        kill(process.processIdentifier, SIGTERM)
        let (body, response) = try await inFlight.value
        #expect((response as? HTTPURLResponse)?.statusCode == 503)
        #expect(String(decoding: body, as: UTF8.self).contains("KGE003"))
        #expect(Date().timeIntervalSince(signalled) < 40, "the query was not cancelled (its own limit is 50 s)")
        try await process.exit()
        #expect(process.terminationStatus == 0)
        #expect(await log.firstMatch(of: "kg: stopped") != nil)
    }

    @Test("kg serve refuses bad --http usage before it opens anything: exit 64 with the code")
    func serveUsage() throws {
        let kg = ProcessInfo.processInfo.environment["KG_BINARY"] ?? Self.repositoryRoot + "/.build/debug/kg"
        guard FileManager.default.isExecutableFile(atPath: kg) else {
            Issue.record("no kg executable at \(kg) (swift build first)")
            return
        }
        let home = NSTemporaryDirectory() + "kg-serve-usage-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: home) }
        let cases: [([String], String)] = [
            (["serve", "--http", "nonsense"], "KGU015"), (["serve", "--http", "8080", "--allow-writes"], "KGU001"),
            (["serve", "--http", "8080", "--stdio"], "KGU001"), (["serve"], "KGU001"),
            (["serve", "--http", "8080", "--allow-writes", "--token-file", home + "/missing"], "KGU016"),
        ]
        for (arguments, code) in cases {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: kg)
            process.arguments = arguments
            process.environment = ["HOME": home, "XDG_DATA_HOME": home + "/data", "NO_COLOR": "1"]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 64, "\(arguments)")
            #expect(text.contains(code), "\(arguments): \(text)")
        }
        #expect(!FileManager.default.fileExists(atPath: home + "/data/kg/seed.sqlite"), "no graph is built for a usage error")
    }

    @Test("--http addresses: PORT is loopback; ADDRESS:PORT and [IPv6]:PORT; bad ones are KGU015")
    func addresses() throws {
        #expect(try ListenAddress.parse("8080") == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(try ListenAddress.parse("0.0.0.0:80") == ListenAddress(host: "0.0.0.0", port: 80))
        #expect(try ListenAddress.parse("[::1]:0") == ListenAddress(host: "::1", port: 0))
        #expect(try ListenAddress.parse("localhost:9000").isLoopback)
        #expect(!(try ListenAddress.parse("0.0.0.0:9000").isLoopback))
        for bad in ["", "http", "70000", "-1", "1.2.3.4:", ":80", "::1:80", "[::1]80", "a b:80", "８０"] {
            #expect(throws: KGError.self, "\(bad)") { try ListenAddress.parse(bad) }
        }
    }
}

/// Standard error of a child process, collected as it comes.
final class StderrLog: @unchecked Sendable {
    private let lock = NSLock()
    private var collected = ""
    private var ended = false

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                lock.withLock { collected += String(decoding: data, as: UTF8.self) }
            }
            lock.withLock { ended = true }
        }
    }

    var text: String { lock.withLock { collected } }

    /// The rest of the first line holding `needle`, once it has been written (nil if it never is).
    func firstMatch(of needle: String) async -> String? {
        while true {
            let (text, done) = lock.withLock { (collected, ended) }
            if let range = text.range(of: needle) {
                return String(text[range.lowerBound...].prefix { $0 != "\n" })
            }
            if done { return nil }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
    }
}

/// Waits (polling) until `condition` holds; fails after a minute.
func waitUntil(_ condition: () -> Bool) async throws {
    for _ in 0..<12_000 {
        if condition() { return }
        try await Task.sleep(nanoseconds: 5_000_000)
    }
    throw KGError(.storage, "the condition did not come true within a minute")
}

/// A flag set once from any task.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
