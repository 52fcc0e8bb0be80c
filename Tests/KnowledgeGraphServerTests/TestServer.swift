import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KnowledgeGraph
import KnowledgeGraphServer
import Testing

/// A graph file built from the seed in a temporary folder of its own.
final class SeedGraphFile: @unchecked Sendable {
    let directory: String
    let path: String

    init() throws {
        directory = NSTemporaryDirectory() + "kg-server-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/seed.sqlite"
        try SeedGraph.build(at: path)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

/// An answer as a client sees it.
struct HTTPAnswer: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as JSON (nil when it is not).
    var json: JSONValue? { try? JSONParser.parse(text) }

    /// The error object of an error answer.
    var error: [String: JSONValue]? { json?.objectValue?["error"]?.objectValue }
    var errorCode: String? {
        if case .string(let code)? = error?["code"] { return code }
        return nil
    }

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}

/// A kg HTTP server on an ephemeral loopback port, for one test, spoken to
/// over real HTTP with URLSession.
final class TestServer: @unchecked Sendable {
    let graph: SeedGraphFile
    let server: KGHTTPServer
    let base: String
    let port: Int
    let task: Task<Void, any Error>
    private let session: URLSession

    static func start(graph: SeedGraphFile? = nil, limits: ServerLimits = ServerLimits(), readers: Int = 4,
                      token: AccessToken? = nil, busyTimeout: Int32 = 5000, allowedHosts: [String] = [],
                      shutdownDeadline: Double = 10) async throws -> TestServer {
        let graph = try graph ?? SeedGraphFile()
        let server = try KGHTTPServer(configuration: ServerConfiguration(graphPath: graph.path, address: ListenAddress(port: 0),
                                                                         readers: readers, limits: limits, writeToken: token,
                                                                         busyTimeout: busyTimeout, allowedHosts: allowedHosts,
                                                                         shutdownDeadline: shutdownDeadline))
        let bound = AsyncStream<ListenAddress>.makeStream()
        let task = Task {
            try await server.run(handlingSignals: false) { address in
                bound.continuation.yield(address)
                bound.continuation.finish()
            }
        }
        var address: ListenAddress?
        for await a in bound.stream { address = a }
        guard let address, address.port > 0 else { throw KGError(.storage, "the test server did not start") }
        return TestServer(graph: graph, server: server, base: "http://127.0.0.1:\(address.port)", port: address.port, task: task)
    }

    private init(graph: SeedGraphFile, server: KGHTTPServer, base: String, port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.graph = graph
        self.server = server
        self.base = base
        self.task = task
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 120
        session = URLSession(configuration: configuration)
    }

    /// Shuts down gracefully and waits until the server has stopped.
    func stop() async throws {
        await server.shutdown()
        try await task.value
    }

    func request(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]) async throws -> HTTPAnswer {
        guard let url = URL(string: base + path) else { throw KGError(.usage, "bad test URL \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw KGError(.storage, "not an HTTP answer") }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields[String(describing: name)] = String(describing: value) }
        return HTTPAnswer(status: http.statusCode, headers: fields, body: data)
    }

    func get(_ path: String) async throws -> HTTPAnswer { try await request("GET", path) }

    func post(_ path: String, json: JSONValue) async throws -> HTTPAnswer {
        try await request("POST", path, body: Data(json.serialized.utf8), headers: ["Content-Type": "application/json"])
    }

    func post(_ path: String, text: String, headers: [String: String] = [:]) async throws -> HTTPAnswer {
        try await request("POST", path, body: Data(text.utf8), headers: headers)
    }

    func query(_ text: String, _ extra: [String: JSONValue] = [:]) async throws -> HTTPAnswer {
        try await post("/api/query", json: .object(["query": .string(text)].merging(extra) { $1 }))
    }
}

extension JSONValue {
    subscript(_ key: String) -> JSONValue? { objectValue?[key] }

    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}

/// The names of the nodes in an answer's first column.
func firstColumnNames(_ answer: HTTPAnswer) -> [String] {
    (answer.json?["rows"]?.arrayValue ?? []).compactMap { $0.arrayValue?.first?["name"]?.stringValue }
}
