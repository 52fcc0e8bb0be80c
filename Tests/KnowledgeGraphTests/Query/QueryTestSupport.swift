import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Runs queries against a freshly built seed graph.
final class SeedQueries {
    let dir = TemporaryDirectory()
    let store: GraphStore
    let engine: QueryEngine

    init() throws {
        store = try Fixtures.seedStore(in: dir)
        engine = QueryEngine(store: store)
    }

    func run(_ text: String, _ parameters: [String: Value] = [:], facts: Bool = false) throws -> QueryResult {
        try engine.execute(text, options: .init(parameters: parameters, tracksFacts: facts))
    }

    /// The rows as plain text cells (node names, dates as text).
    func table(_ text: String, _ parameters: [String: Value] = [:]) throws -> [[String]] {
        let result = try run(text, parameters)
        var formatter = ResultFormatter(store: store)
        return result.rows.map { $0.map { formatter.text($0) } }
    }

    /// The first column as a set of texts.
    func column(_ text: String, _ parameters: [String: Value] = [:]) throws -> Set<String> {
        Set(try table(text, parameters).map { $0[0] })
    }

    func error(_ text: String, _ parameters: [String: Value] = [:], limits: QueryLimits = QueryLimits(),
               cancellation: CancellationFlag? = nil) -> KGError? {
        expectKGError { _ = try self.engine.execute(text, options: .init(parameters: parameters, limits: limits, cancellation: cancellation)) }
    }
}
