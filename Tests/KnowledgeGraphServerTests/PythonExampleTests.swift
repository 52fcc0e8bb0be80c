import Foundation
import KGTestTools
import KnowledgeGraph
import Testing

/// The Python examples of docs/python.md, run as they are written: the HTTP
/// one against a server on a free port, the stdio one against the kg binary.
/// Skipped (with a message) without python3, unless KG_REQUIRE_TOOLS=1.
@Suite("docs/python.md: the Python examples run", .serialized)
struct PythonExampleTests {
    static var python: String? {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : RequiredTool.which("python3")
    }

    /// The ```python blocks of docs/python.md, in order.
    static func examples() throws -> [String] {
        let text = try String(contentsOfFile: HTTPServingTests.repositoryRoot + "/docs/python.md", encoding: .utf8)
        return text.components(separatedBy: "```python\n").dropFirst().map { $0.components(separatedBy: "\n```").first ?? "" }
    }

    /// Runs `code` with python3 and `environment`; its standard output, or nil when python3 is missing.
    static func run(_ code: String, environment: [String: String]) async throws -> (status: Int32, output: String, errors: String)? {
        guard let python else {
            if RequiredTool.everyToolRequired {
                Issue.record("python3 is missing and KG_REQUIRE_TOOLS=1")
            } else {
                Issue.record("docs/python.md is not run: python3 is not installed (apt-get install python3)", severity: .warning)
            }
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", code]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both pipes at once (a full one would stall the program), off the shared threads.
        async let outData = output.fileHandleForReading.readAll()
        async let errData = errors.fileHandleForReading.readAll()
        let (out, err) = try await (outData, errData)
        try await process.exit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test("The HTTP example (urllib) queries, asks, and reads an error value")
    func http() async throws {
        let examples = try Self.examples()
        try #require(examples.count == 2, "docs/python.md has an HTTP and a stdio example")
        let server = try await TestServer.start()
        let result = try await Self.run(examples[0], environment: ["KG_URL": server.base])
        try await server.stop()
        guard let result else { return }
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("'Microsoft'") && result.output.contains("'Nokia'"), "\(result.output)")
        #expect(result.output.contains("licenses_patents_to"), "\(result.output)")
        #expect(result.output.contains("KGB001"), "\(result.output)")
    }

    @Test("The stdio example drives kg serve --stdio: a query and a question")
    func stdio() async throws {
        let kg = ProcessInfo.processInfo.environment["KG_BINARY"] ?? HTTPServingTests.repositoryRoot + "/.build/debug/kg"
        guard FileManager.default.isExecutableFile(atPath: kg) else {
            Issue.record("no kg executable at \(kg) (swift build first)")
            return
        }
        let graph = try SeedGraphFile()
        guard let result = try await Self.run(try Self.examples()[1], environment: ["KG": kg, "KG_DB": graph.path]) else { return }
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("'Microsoft'") && result.output.contains("'Nokia'"), "\(result.output)")
        #expect(result.output.contains("licenses_patents_to"), "\(result.output)")
    }
}
