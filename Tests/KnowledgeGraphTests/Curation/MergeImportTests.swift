import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Item 1: importing merges, is idempotent, refuses conflicts unless --update.
@Suite struct MergeImportTests {
    @Test func reimportingTheSeedIntoTheSeedGraphChangesNothingAndSaysSo() throws {
        let dir = TemporaryDirectory()
        let store = try Fixtures.seedStore(in: dir)
        let before = try store.contentDigest()
        let writes = try store.writeLog().count
        let stats = try store.statistics()
        let summary = try GraphTextImporter(store: store).importText(BuiltinResources.seedGraph, file: "data/seed.kg")
        #expect(summary.description == "0 added; \(stats.nodeCount) nodes and \(stats.edgeCount) edges unchanged; 0 pieces of evidence added")
        #expect(summary.write == nil)
        #expect(try store.contentDigest() == before)
        #expect(try store.writeLog().count == writes, "a write that changes nothing is not recorded")
    }

    @Test func aNodeBlockForAnExistingKeyAddsAliasesPropertiesAndEvidence() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        let summary = try GraphTextImporter(store: store).importText("""
            source note file="note.txt"
            node Company acme "Acme" founded=1999 country="US"
              alias "Acme Rockets"
              evidence note "Acme is an American company."
            """)
        #expect(summary.description == "1 alias and 1 source added; 1 node merged; 1 piece of evidence added; 1 property added")
        let acme = try store.resolve("Acme Rockets")
        #expect(acme.key == "acme" && acme.props["country"] == .string("US") && acme.props["founded"] == .int(1999))
        #expect(try store.evidence(forNode: acme.id).count == 2)
        #expect(try store.statistics().nodeCount == 3)
    }

    @Test func aDifferentValueIsAConflictShowingBothValuesAndTheirEvidence() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        let before = try store.contentDigest()
        let text = "source note file=\"note.txt\"\nnode Company acme \"Acme\" founded=2001\n  evidence note \"Acme was founded in 2001.\"\n"
        let error = expectKGError { try GraphTextImporter(store: store).importText(text, file: "fix.kg") }
        #expect(error?.code == .propertyConflict)
        #expect(error?.file == "fix.kg" && error?.span?.start.line == 2 && error?.span?.start.column == 26)
        #expect(error?.message.contains("founded=1999") == true && error?.message.contains("founded=2001") == true)
        #expect(error?.message.contains("Acme, founded in 1999, builds rockets.") == true, "the graph's evidence")
        #expect(error?.message.contains("Acme was founded in 2001.") == true, "the file's evidence")
        #expect(error?.suggestion?.contains("--update") == true)
        #expect(try store.contentDigest() == before, "nothing written")
    }

    @Test func updateReplacesTheValueAndKeepsTheOldOneInHistory() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        let text = "source note file=\"note.txt\"\nnode Company acme \"Acme\" founded=2001\n  evidence note \"Acme was founded in 2001.\"\n"
        let summary = try GraphTextImporter(store: store, options: .init(update: true, reason: "the note is newer")).importText(text, file: "fix.kg")
        #expect(summary.propertiesUpdated == 1)
        #expect(try store.node(key: "acme")?.props["founded"] == .int(2001))
        let history = try store.propertyHistory(key: "acme", property: "founded")
        #expect(history.count == 1 && history[0].old == .int(1999) && history[0].new == .int(2001) && history[0].write == summary.write)
        #expect(try store.writeLog().last?.reason == "the note is newer")
    }

    @Test func anEqualEdgeReceivesTheNewEvidenceInsteadOfASecondEdge() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        let summary = try GraphTextImporter(store: store).importText("""
            source note file="note.txt"
            edge acme develops rocket
              evidence note "The rocket is Acme's."
            edge acme rates globex from=2020
              evidence art "Acme and Globex work together since 2020."
            edge acme rates globex from=2021
              evidence note "A second partnership from 2021."
            """)
        #expect(summary.description == "1 edge and 1 source added; 1 edge unchanged; 1 edge merged; 2 pieces of evidence added")
        let acme = try store.resolve("Acme")
        let develops = try store.edges(of: acme.id, outgoing: true).filter { $0.type == "develops" }
        #expect(develops.count == 1)
        #expect(try store.evidence(forEdge: develops[0].id).map(\.quote).sorted() == ["Acme, founded in 1999, builds rockets.", "The rocket is Acme's."])
    }

    @Test func anotherKindIsRefusedAndSchemaRulesStillApply() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        let kind = expectKGError { try GraphTextImporter(store: store).importText("node Product acme \"Acme\"\n  evidence art \"q\"\n") }
        #expect(kind?.code == .kindConflict)
        let schema = expectKGError { try GraphTextImporter(store: store).importText("node Company acme \"Acme\" founded=\"old\"\n  evidence art \"q\"\n") }
        #expect(schema?.code == .propertyType)
        let endpoint = expectKGError { try GraphTextImporter(store: store).importText("edge rocket licensor acme\n  evidence art \"q\"\n") }
        #expect(endpoint?.code == .endpointViolation)
    }

    @Test func summariesUseCorrectPlurals() {
        var s = WriteSummary()
        #expect(s.description == "0 added; 0 pieces of evidence added")
        s.nodes = 1; s.evidence = 1; s.edgesUnchanged = 1
        #expect(s.description == "1 node added; 1 edge unchanged; 1 piece of evidence added")
        s.nodes = 2; s.edges = 3; s.aliases = 1; s.nodesUnchanged = 51; s.edgesUnchanged = 75; s.evidence = 3; s.propertiesUpdated = 2
        #expect(s.description == "2 nodes, 3 edges and 1 alias added; 51 nodes and 75 edges unchanged; 3 pieces of evidence added; 2 properties updated")
    }
}
