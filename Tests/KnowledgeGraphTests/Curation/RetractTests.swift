import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Item 2: set and retract, from graph text; retracted facts leave every answer.
@Suite struct RetractTests {
    @Test func aRetractedEdgeLeavesQueriesShowStatsAndExportsButStaysInHistory() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        #expect(try CurationFixtures.answer(store, "MATCH (a = \"Acme\")-[:develops]->(p) RETURN p.key") == ["rocket"])
        let summary = try GraphTextImporter(store: store).importText("retract edge acme develops rocket reason=\"Acme only sells it\"\n")
        #expect(summary.edgesRetracted == 1 && summary.evidenceRetracted == 1)
        #expect(try CurationFixtures.answer(store, "MATCH (a = \"Acme\")-[:develops]->(p) RETURN p.key").isEmpty)
        #expect(try store.statistics().edgeCount == 1)
        let acme = try store.resolve("Acme")
        #expect(try !NodeReport(store: store).render(acme).contains("develops"))
        #expect(try !GraphTextExporter(store: store).export().contains("edge acme develops rocket"))
        var jsonl = ""
        try JSONLinesGraphExporter(store: store).export { jsonl += $0 }
        #expect(!jsonl.contains("\"edge_type\":\"develops\""))
        let log = try store.writeLog()
        #expect(log.last?.action == "retract")
        #expect(log.last?.summary == "0 added; 0 pieces of evidence added; 1 edge and 1 piece of evidence retracted")
    }

    @Test func aNodeWithEdgesNeedsCascadeAndTheRefusalListsThem() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        let before = try store.contentDigest()
        let error = expectKGError { try GraphTextImporter(store: store).importText("retract node acme reason=\"duplicate\"\n") }
        #expect(error?.code == .retractNeedsCascade)
        #expect(error?.message.contains("acme develops rocket") == true && error?.message.contains("acme rates globex from=2020") == true)
        #expect(try store.contentDigest() == before)
        let summary = try GraphTextImporter(store: store).importText("retract node acme cascade=true reason=\"duplicate\"\n")
        #expect(summary.nodesRetracted == 1 && summary.edgesRetracted == 2)
        #expect(throws: KGError.self) { try store.resolve("ACME Corp") }
        #expect(try store.statistics().edgeCount == 0)
        let reference = expectKGError { try GraphTextImporter(store: store).importText("edge acme develops rocket\n  evidence art \"q\"\n") }
        #expect(reference?.code == .unknownNodeReference && reference?.message.contains("retracted") == true)
    }

    @Test func setChangesAPropertyWithReasonAndEvidence() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        let summary = try GraphTextImporter(store: store).importText("""
            set acme founded=2001 name="Acme Inc." reason="the register says 2001"
              evidence art "Acme was registered in 2001."
            set globex industry="trade" reason="the article says so"
            """)
        #expect(summary.propertiesUpdated == 2 && summary.propertiesAdded == 1 && summary.evidence == 1)
        let acme = try store.resolve("Acme Inc.")
        #expect(acme.props["founded"] == .int(2001))
        #expect(try store.evidence(forNode: acme.id).contains { $0.quote == "Acme was registered in 2001." })
        #expect(try store.propertyHistory(key: "acme", property: "founded").first?.old == .int(1999))
        let removal = try GraphTextImporter(store: store).importText("set globex industry=null reason=\"not stated\"\n")
        #expect(removal.propertiesUpdated == 1)
        #expect(try store.node(key: "globex")?.props["industry"] == nil)
    }

    @Test(arguments: [
        ("retract node acme\n", ErrorCode.missingReason),
        ("set acme founded=2001\n", .missingReason),
        ("retract edge acme develops globex reason=\"x\"\n", .unknownEdge),
        ("retract node nobody reason=\"x\"\n", .unknownNodeReference),
        ("set acme founded=\"old\" reason=\"x\"\n", .propertyType),
        ("retract edge acme develops rocket reason=\"x\"\n  alias \"no\"\n", .importSyntax),
    ])
    func badCorrectionsAreRefusedAndChangeNothing(text: String, code: ErrorCode) throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        let before = try store.contentDigest()
        let writes = try store.writeLog().count
        let error = expectKGError { try GraphTextImporter(store: store).importText(text) }
        #expect(error?.code == code)
        #expect(try store.contentDigest() == before)
        #expect(try store.writeLog().count == writes)
    }

    @Test func twoEqualTypedEdgesMustBeToldApart() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        try GraphTextImporter(store: store).importText("edge acme rates globex from=2022\n  evidence art \"Again in 2022.\"\n")
        let ambiguous = expectKGError { try GraphTextImporter(store: store).importText("retract edge acme rates globex reason=\"x\"\n") }
        #expect(ambiguous?.code == .ambiguousEdge)
        let none = expectKGError { try GraphTextImporter(store: store).importText("retract edge acme rates globex from=2023 reason=\"x\"\n") }
        #expect(none?.code == .unknownEdge)
        let summary = try GraphTextImporter(store: store).importText("retract edge acme rates globex from=2022 reason=\"x\"\n")
        #expect(summary.edgesRetracted == 1)
        #expect(try CurationFixtures.answer(store, "MATCH (a = \"Acme\")-[r:rates]->(b) RETURN b.key") == ["globex"])
    }
}
