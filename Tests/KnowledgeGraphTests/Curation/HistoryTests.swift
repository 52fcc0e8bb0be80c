import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Item 3: every write is recorded; kg revert N undoes it or says why not;
/// old graph files migrate.
@Suite struct HistoryTests {
    @Test func everyWriteIsRecordedAndEachFactKnowsItsWrite() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        try GraphTextImporter(store: store).importText("set acme founded=2001 reason=\"register\"\n")
        try GraphTextImporter(store: store).importText("retract edge acme develops rocket reason=\"wrong\"\n")
        let log = try store.writeLog()
        #expect(log.map(\.action) == ["import", "update", "retract"])
        #expect(log[0].command == "import base.kg")
        #expect(log[0].summary == "3 nodes, 2 edges, 1 alias and 1 source added; 5 pieces of evidence added")
        #expect(log[0].counts.objectValue?["nodes_added"] == .int(3))
        #expect(log[2].reason == nil && log.allSatisfy { !$0.at.isEmpty })
        #expect(try store.addedBy(node: try store.resolve("Acme").id) == 1)
        try GraphTextImporter(store: store).importText("node Company initech \"Initech\"\n  evidence art \"q\"\n")
        #expect(try store.addedBy(node: try store.resolve("Initech").id) == 4)
    }

    @Test func revertingAnImportRemovesWhatItAdded() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        let before = try store.contentDigest()
        let added = try GraphTextImporter(store: store).importText("""
            source note file="note.txt"
            node Company initech "Initech"
              evidence note "Initech exists."
            node Company acme "Acme" country="US"
              alias "Acme Rockets"
              evidence note "Acme is American."
            edge initech rates acme
              evidence note "Initech works with Acme."
            """)
        #expect(try store.contentDigest() != before)
        let revert = try store.revert(added.write!, command: "test")
        #expect(revert.reverted == added.write)
        #expect(try store.contentDigest() == before, "the graph is as it was before the import")
        #expect(try store.writeLog().first { $0.id == added.write }?.revertedBy == revert.write)
        let again = expectKGError { _ = try store.revert(added.write!, command: "test") }
        #expect(again?.code == .revertRefused)
    }

    @Test func revertingARetractionBringsTheFactsBack() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        let before = try store.contentDigest()
        let reports = try CurationFixtures.reports(store)
        let retraction = try GraphTextImporter(store: store).importText("retract node acme cascade=true reason=\"test\"\n")
        #expect(try store.statistics().nodeCount == 2)
        try store.revert(retraction.write!, command: "test")
        #expect(try store.contentDigest() == before)
        #expect(try CurationFixtures.reports(store) == reports)
    }

    @Test func aRevertThatLaterWritesDependOnIsRefusedWithTheReason() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        let first = try GraphTextImporter(store: store).importText("node Company initech \"Initech\"\n  evidence art \"Initech exists.\"\n")
        let second = try GraphTextImporter(store: store).importText("edge initech rates acme\n  evidence art \"Initech works with Acme.\"\n")
        let before = try store.contentDigest()
        let error = expectKGError { _ = try store.revert(first.write!, command: "test") }
        #expect(error?.code == .revertDependency)
        #expect(error?.message.contains("write \(second.write!)") == true && error?.message.contains("initech rates acme") == true)
        #expect(try store.contentDigest() == before)
        // A later update of the same property blocks reverting the earlier one, until it is reverted itself.
        let set1 = try GraphTextImporter(store: store).importText("set acme founded=2001 reason=\"a\"\n")
        let set2 = try GraphTextImporter(store: store).importText("set acme founded=2002 reason=\"b\"\n")
        #expect(expectKGError { _ = try store.revert(set1.write!, command: "test") }?.code == .revertDependency)
        try store.revert(set2.write!, command: "test")
        try store.revert(set1.write!, command: "test")
        #expect(try store.node(key: "acme")?.props["founded"] == .int(1999))
        #expect(expectKGError { _ = try store.revert(99, command: "test") }?.code == .unknownWrite)
        let revertOfRevert = try store.writeLog().last!.id
        #expect(expectKGError { _ = try store.revert(revertOfRevert, command: "test") }?.code == .revertRefused)
    }

    @Test func aGraphFileOfTheFirstFormatMigratesOnOpen() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("v1.sqlite")
        // A version-1 file as kg wrote it before history: the first migration only.
        do {
            let db = try SQLiteDatabase(path: path, mode: .readWriteCreate)
            try db.execute("PRAGMA application_id = \(GraphStore.applicationID)")
            try db.execute(BuiltinResources.migrations.first { $0.version == 1 }!.sql)
            try db.execute("PRAGMA user_version = 1")
            try db.run("INSERT INTO graph_schema(id, name, source) VALUES (1, ?, ?)", [.text("company"), .text(BuiltinResources.defaultSchema)])
            try db.run("INSERT INTO nodes(key, kind, name, name_folded, props) VALUES ('acme', 'Company', 'Acme', 'acme', '{}')")
            try db.run("INSERT INTO sources(key, file) VALUES ('art', 'article.txt')")
            try db.run("INSERT INTO evidence(source, quote, node) VALUES (1, 'Acme exists.', 1)")
        }
        let store = try GraphStore.open(at: path, mode: .readWrite)
        #expect(try store.db.queryOne("PRAGMA user_version") { $0.int(0) } == GraphStore.currentVersion)
        let log = try store.writeLog()
        #expect(log.count == 1 && log[0].action == "migrate" && log[0].id == 1)
        #expect(try store.addedBy(node: 1) == 1)
        #expect(try store.resolve("Acme").key == "acme")
        // And it takes curation like any graph.
        let summary = try GraphTextImporter(store: store).importText("set acme founded=1999 reason=\"the article\"\n")
        #expect(summary.write == 2 && summary.propertiesAdded == 1)
        #expect(expectKGError { _ = try store.revert(1, command: "test") }?.code == .revertRefused)
    }
}

extension HistoryTests {
    /// The default seed graph is rebuilt when kg carries a newer seed, unless
    /// it was curated: then the newer seed is merged into it.
    @Test func aCuratedSeedGraphIsMergedNotRebuilt() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("kg/seed.sqlite")
        let location = GraphLocation(path: path, isDefault: true)
        do {
            let store = try location.open(mode: .readWrite)
            try GraphTextImporter(store: store).importText("set baidu founded=2000 reason=\"curated\"\n")
            try store.write { try store.setMeta("seed_digest", "an older seed") }
        }
        var notices: [String] = []
        let store = try location.open(mode: .readWrite) { notices.append($0) }
        #expect(notices.count == 1 && notices[0].contains("merged the newer seed"), "\(notices)")
        #expect(try store.node(key: "baidu")?.props["founded"] == .int(2000), "the curation is kept")
        #expect(try store.meta("seed_digest") == BuiltinResources.seedDigest)
        var again: [String] = []
        _ = try location.open(mode: .readWrite) { again.append($0) }
        #expect(again.isEmpty)
    }
}
