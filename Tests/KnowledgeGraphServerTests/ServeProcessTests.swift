import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KnowledgeGraph
import Testing

/// `kg serve --http` as a process: what its user sees on the terminal, and
/// how it answers signals.
@Suite("kg serve --http as a process: signals, a taken port, the token file", .serialized)
struct ServeProcessTests {
    static var kg: String? {
        let path = ProcessInfo.processInfo.environment["KG_BINARY"] ?? HTTPServingTests.repositoryRoot + "/.build/debug/kg"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Starts kg serve --http on a free port; returns the process, its stderr and the port.
    static func serve(_ extra: [String], graph: SeedGraphFile) async throws -> (Process, StderrLog, Int)? {
        guard let kg else {
            Issue.record("no kg executable (swift build first)")
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kg)
        process.arguments = ["serve", "--http", "127.0.0.1:0", "--db", graph.path] + extra
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let log = StderrLog(errors.fileHandleForReading)
        guard let base = await log.firstMatch(of: "http://127.0.0.1:") else {
            process.terminate()
            Issue.record("kg serve did not say where it listens: \(log.text)")
            return nil
        }
        let port = Int(base.split(separator: ":").last.map { $0.prefix { $0.isNumber } } ?? "") ?? 0
        return (process, log, port)
    }

    /// Lets the server take in what was sent: one whole request answered on
    /// another connection, then a second.
    static func settle(port: Int) async throws {
        _ = try await RawHTTPConnection.fetch(port: port, path: "/api/queries", host: "127.0.0.1")
        try await Task.sleep(nanoseconds: 1_000_000_000)
    }

    @Test("A second SIGTERM ends kg serve at once, even while a client holds the graceful shutdown with half a body")
    func secondSignal() async throws {
        let graph = try SeedGraphFile()
        guard let (process, log, port) = try await Self.serve([], graph: graph) else { return }
        let stalled = try RawHTTPConnection(port: port)
        try stalled.send("POST /api/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"query\":")
        try await Self.settle(port: port)
        kill(process.processIdentifier, SIGTERM)
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(process.isRunning, "the first signal waits for the request in flight")
        let signalled = Date()
        kill(process.processIdentifier, SIGTERM)
        try await process.exit()
        #expect(Date().timeIntervalSince(signalled) < 3)
        #expect(process.terminationStatus == 128 + SIGTERM)
        #expect(await log.firstMatch(of: "second signal") != nil)
    }

    @Test("One SIGTERM with a client that never finishes its body: connections are dropped after the shutdown deadline")
    func shutdownDeadline() async throws {
        let graph = try SeedGraphFile()
        guard let (process, log, port) = try await Self.serve([], graph: graph) else { return }
        let stalled = try RawHTTPConnection(port: port)
        try stalled.send("POST /api/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"query\":")
        try await Self.settle(port: port)
        let signalled = Date()
        kill(process.processIdentifier, SIGTERM)
        try await process.exit()
        #expect(Date().timeIntervalSince(signalled) < 45, "the 10 s deadline held (the stalled client would hold it forever)")
        #expect(await log.firstMatch(of: "kg: stopped") != nil, "\(log.text)")
    }

    @Test("A taken port is a clear KGD009 error, exit 74, without an internal function signature")
    func portTaken() async throws {
        let graph = try SeedGraphFile()
        guard let (first, _, port) = try await Self.serve([], graph: graph), let kg = Self.kg else { return }
        defer { first.terminate() }
        let second = Process()
        second.executableURL = URL(fileURLWithPath: kg)
        second.arguments = ["serve", "--http", "127.0.0.1:\(port)", "--db", graph.path]
        let errors = Pipe()
        second.standardError = errors
        try second.run()
        let text = String(decoding: try await errors.fileHandleForReading.readAll(), as: UTF8.self)
        try await second.exit()
        #expect(second.terminationStatus == 74)
        #expect(text.contains("KGD009"), "\(text)")
        #expect(text.contains("already listens on 127.0.0.1:\(port)"), "\(text)")
        #expect(!text.contains("bind(") && !text.contains("descriptor"), "\(text)")
    }

    @Test("kg serve refuses a --token-file others can read, and says how to fix it")
    func worldReadableToken() async throws {
        guard let kg = Self.kg else { Issue.record("no kg executable"); return }
        let graph = try SeedGraphFile()
        let path = graph.directory + "/token"
        try Data("0123456789abcdef0123456789abcdef\n".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o644)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kg)
        process.arguments = ["serve", "--http", "127.0.0.1:0", "--db", graph.path, "--allow-writes", "--token-file", path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: try await errors.fileHandleForReading.readAll(), as: UTF8.self)
        try await process.exit()
        #expect(process.terminationStatus == 64)
        #expect(text.contains("KGU016") && text.contains("chmod 600"), "\(text)")
    }
}
