import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

@Suite struct PartialDateTests {
    @Test func parsesAndKeepsPrecision() throws {
        let d = try #require(PartialDate("2017-07"))
        #expect(d.precision == .month)
        #expect(d.description == "2017-07")
        #expect(PartialDate("2017-02-30") == nil)
        #expect(PartialDate("17-07") == nil)
    }
}
