import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// One case (at least) per binder and executor error code: the code, where
/// it points, and a helpful suggestion where there is one.
@Suite struct QueryErrorCatalogueTests {
    struct Case: CustomStringConvertible, Sendable {
        var query: String
        var code: ErrorCode
        var line: Int
        var column: Int
        var suggestion: String? = nil
        var description: String { "\(code.rawValue): \(query)" }
    }

    static let cases: [Case] = [
        Case(query: "MATCH (c:Compny) RETURN c", code: .unknownKind, line: 1, column: 10, suggestion: "did you mean 'Company'?"),
        Case(query: "MATCH (a)-[:licensr]->(b) RETURN a", code: .unknownEdgeType, line: 1, column: 13, suggestion: "did you mean 'licensor'?"),
        Case(query: "MATCH (c:Company {colour: 'red'}) RETURN c", code: .unknownProperty, line: 1, column: 19),
        Case(query: "MATCH (c:Company) RETURN c.foundd", code: .unknownProperty, line: 1, column: 26, suggestion: "did you mean 'founded'?"),
        Case(query: "MATCH (c:Company) RETURN d", code: .unknownVariable, line: 1, column: 26),
        Case(query: "MATCH (c = $company) RETURN c", code: .missingParameter, line: 1, column: 12, suggestion: "pass it with --param company=VALUE"),
        Case(query: "MATCH (Xiaomy)-[:develops]->(p) RETURN p", code: .unknownNode, line: 1, column: 8, suggestion: "did you mean 'Xiaomi'?"),
        Case(query: "MATCH (c:Company)\nRETURN frobnicate(c)", code: .unknownFunction, line: 2, column: 8),
        Case(query: "MATCH (c:Company) WHERE count(*) > 1 RETURN c", code: .invalidAggregate, line: 1, column: 25),
        Case(query: "MATCH (c:Company) RETURN length(c, c)", code: .invalidArgument, line: 1, column: 26),
        Case(query: "MATCH (c)-[c:develops]->(p) RETURN p", code: .variableConflict, line: 1, column: 12),
        Case(query: "MATCH (x:Person = Xiaomi) RETURN x", code: .typeMismatch, line: 1, column: 7),
        Case(query: "MATCH (a)-[e:partner_of]-+(b) RETURN a", code: .invalidPattern, line: 1, column: 12),
        Case(query: "MATCH p = SHORTEST (a)-[:develops]->(b) RETURN p", code: .invalidPattern, line: 1, column: 11),
        Case(query: "MATCH (c:Company) WHERE c.name RETURN c", code: .runtimeType, line: 1, column: 25),
        Case(query: "MATCH (c:Company) RETURN c AS OF 2018", code: .unexpectedToken, line: 1, column: 34),
    ]

    @Test(arguments: cases)
    func reportsCodeAndPosition(_ c: Case) throws {
        let q = try SeedQueries()
        let error = q.error(c.query)
        #expect(error?.code == c.code)
        #expect(error?.span?.start.line == c.line)
        #expect(error?.span?.start.column == c.column)
        if let suggestion = c.suggestion {
            #expect(error?.suggestion?.contains(suggestion) == true, "suggestion: \(error?.suggestion ?? "none")")
        }
    }

    @Test func ambiguousNamesListTheCandidates() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        try GraphTextImporter(store: store).importText("""
            source s file="f"
            node Company apple-inc "Apple"
              evidence s "q"
            node Product apple-fruit "Apple"
              evidence s "q"
            """)
        let error = expectKGError { _ = try QueryEngine(store: store).execute("MATCH (Apple)-->(x) RETURN x") }
        #expect(error?.code == .ambiguousNode)
        #expect(error?.message.contains("apple-inc") == true)
        #expect(error?.message.contains("apple-fruit") == true)
        #expect(error?.span?.start.column == 8)
    }

    @Test func limitsStopRunawayQueries() throws {
        let q = try SeedQueries()
        let rows = q.error("MATCH (a), (b), (c) RETURN a, b, c", limits: QueryLimits(rowLimit: 1000))
        #expect(rows?.code == .rowLimit)
        #expect(rows?.suggestion?.contains("LIMIT") == true)
        let slow = q.error("MATCH (a), (b), (c) RETURN count(*)", limits: QueryLimits(timeLimit: 0))
        #expect(slow?.code == .timeLimit)
        let flag = CancellationFlag()
        flag.cancel()
        #expect(q.error("MATCH (a), (b), (c) RETURN count(*)", cancellation: flag)?.code == .cancelled)
    }

    @Test func everyCodeIsInTheDocumentedCatalogue() throws {
        let docs = try String(contentsOfFile: Fixtures.repositoryRoot + "/docs/errors.md", encoding: .utf8)
        #expect(docs == ErrorCode.markdownCatalogue, "docs/errors.md is stale: run kg errors --markdown > docs/errors.md")
        #expect(Set(ErrorCode.allCases.map(\.rawValue)).count == ErrorCode.allCases.count)
    }
}
