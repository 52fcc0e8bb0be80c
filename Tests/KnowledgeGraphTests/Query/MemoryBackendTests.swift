import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// The storage seam: the seed graph copied into the in-memory backend
/// (Tests/KnowledgeGraphTests/Support/MemoryGraph.swift, no SQL) answers every
/// question exactly as the SQLite file does, through the same engine, and
/// `kg show`'s report reads the same from it.
@Suite struct MemoryBackendTests {
    static let questions: [(String, [String: Value])] = [
        ("MATCH (c:Company) RETURN c.key ORDER BY c.key", [:]),
        ("MATCH (who)-[:licenses_patents_to]->(\"Xiaomi\") RETURN DISTINCT who.name ORDER BY who.name", [:]),
        ("MATCH (c = $company)<-[:party]-(a:Agreement)-[:party]->(p) WHERE p <> c RETURN p.name, a.key ORDER BY p.name, a.key",
         ["company": .string("Xiaomi")]),
        ("MATCH (x = \"Xiaomi\")-[*1..2]-(y) RETURN count(DISTINCT y)", [:]),
        ("MATCH p = SHORTEST (\"Nokia\")-[]-+(\"Xiaomi\") RETURN length(p)", [:]),
        ("MATCH (a:Agreement) RETURN a.kind, count(*) ORDER BY a.kind", [:]),
        ("MATCH (a:Agreement)-[:party]->(c) RETURN c.name, count(a) AS n ORDER BY n DESC, c.name LIMIT 5", [:]),
    ]

    /// Rows as text, through the formatter of the backend that answered.
    static func table(_ result: QueryResult, _ store: any GraphReading) -> [[String]] {
        var formatter = ResultFormatter(store: store)
        return result.rows.map { $0.map { formatter.text($0) } }
    }

    @Test func theSeedGraphAnswersTheSameFromBothBackends() throws {
        let dir = TemporaryDirectory()
        let sqlite = try Fixtures.seedStore(in: dir)
        let memory = try MemoryGraph(copying: sqlite)
        #expect(try memory.statistics() == sqlite.statistics())
        let onFile = QueryEngine(store: sqlite)
        let inMemory = GraphQueryEngine(store: memory)
        for (text, parameters) in Self.questions {
            let expected = Self.table(try onFile.execute(text, parameters: parameters), sqlite)
            let actual = Self.table(try inMemory.execute(text, parameters: parameters), memory)
            #expect(!expected.isEmpty, "\(text)")
            #expect(actual == expected, "\(text)")
        }
        #expect(memory.reads == Self.questions.count)
    }

    @Test func namedQueriesAnswerTheSameFromBothBackends() throws {
        let dir = TemporaryDirectory()
        let sqlite = try Fixtures.seedStore(in: dir)
        let memory = try MemoryGraph(copying: sqlite)
        for query in NamedQuery.builtin.values.sorted(by: { $0.name < $1.name }) {
            let parameters = try query.bind([:])
            let expected = Self.table(try QueryEngine(store: sqlite).execute(query.text, parameters: parameters), sqlite)
            let actual = Self.table(try GraphQueryEngine(store: memory).execute(query.text, parameters: parameters), memory)
            #expect(actual == expected, "\(query.name)")
        }
    }

    @Test func unknownNamesAreErrorsOnBothBackends() throws {
        let dir = TemporaryDirectory()
        let sqlite = try Fixtures.seedStore(in: dir)
        let memory = try MemoryGraph(copying: sqlite)
        let text = "MATCH (\"Nobody Inc\")-[:party]-(x) RETURN x"
        let onFile = expectKGError { _ = try QueryEngine(store: sqlite).execute(text) }
        let inMemory = expectKGError { _ = try GraphQueryEngine(store: memory).execute(text) }
        #expect(onFile?.code == .unknownNode)
        #expect(inMemory?.code == .unknownNode)
    }

    @Test func theNodeReportReadsTheSameFromBothBackends() throws {
        let dir = TemporaryDirectory()
        let sqlite = try Fixtures.seedStore(in: dir)
        let memory = try MemoryGraph(copying: sqlite)
        let xiaomi = try sqlite.resolve("Xiaomi")
        let onFile = try NodeReport(store: sqlite).render(xiaomi)
        let inMemory = try NodeReport(store: memory).render(xiaomi)
        #expect(onFile.contains("Xiaomi"))
        #expect(inMemory == onFile)
    }

    /// A read that fails while an answer is formatted is an error, not a
    /// "#17" in the table with exit status 0.
    @Test func aFailedReadWhileFormattingIsAnError() throws {
        let dir = TemporaryDirectory()
        let memory = try MemoryGraph(copying: try Fixtures.seedStore(in: dir))
        let result = try GraphQueryEngine(store: memory).execute("MATCH (c:Company) RETURN c LIMIT 3")
        #expect(result.rows.count == 3)
        var good = ResultFormatter(store: memory)
        let table = try good.format(result, as: .table)
        #expect(!table.contains("#"))
        memory.failsRecordReads = true
        var formatter = ResultFormatter(store: memory)
        let error = expectKGError { _ = try formatter.format(result, as: .table) }
        #expect(error?.code == .storage)
        var json = ResultFormatter(store: memory)
        #expect(expectKGError { _ = try json.format(result, as: .json) }?.code == .storage)
    }
}
