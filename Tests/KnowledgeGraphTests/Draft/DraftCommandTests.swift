import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// `kg draft` on the command line: output to a file or stdout, the source
/// line's file= relative to the draft's folder, errors with their codes and
/// exit statuses; the graph is never written.
@Suite struct DraftCommandTests {
    @Test func draftsToAFileWithTheArticleRelativeToIt() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("g.sqlite")
        _ = try runKG(["init", "--db", db, "--empty"], home: dir.path)
        _ = try runKG(["import", Fixtures.repositoryRoot + "/docs/examples/draft-entities.kg", "--db", db], home: dir.path)
        try FileManager.default.createDirectory(atPath: dir.file("drafts"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.repositoryRoot + "/docs/examples/siemens-sap.txt", toPath: dir.file("article.txt"))
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let r = try runKG(["draft", "article.txt", "--db", db, "-o", "drafts/d.kg", "--published", "2024-02"], home: dir.path, directory: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("5 facts and 0 entities proposed"))
        let text = try String(contentsOfFile: dir.file("drafts/d.kg"), encoding: .utf8)
        #expect(text.contains("source article file=\"../article.txt\" published=2024-02 lang=de\n"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before, "kg draft writes nothing to the graph")
        let imported = try runKG(["import", "drafts/d.kg", "--db", db], home: dir.path, directory: dir.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        // To stdout, file= is relative to the current folder.
        let out = try runKG(["draft", "article.txt", "--db", db, "--source", "other", "--lang", "de"], home: dir.path, directory: dir.path)
        #expect(out.stdout.contains("source other file=\"article.txt\" lang=de\n"))
        #expect(out.stdout.contains("# already known: sap develops s4hana (added by write 2, kg log)"))
    }

    @Test func refusesBadInputWithCodes() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("g.sqlite")
        _ = try runKG(["init", "--db", db, "--empty"], home: dir.path)
        try Data([0x41, 0xE4, 0x42]).write(to: URL(fileURLWithPath: dir.file("latin1.txt")))
        try Data().write(to: URL(fileURLWithPath: dir.file("empty.txt")))
        try Data("Text.".utf8).write(to: URL(fileURLWithPath: dir.file("ok.txt")))
        let cases: [([String], String, Int32)] = [
            (["draft", dir.file("latin1.txt"), "--db", db], "KGR002", 65),
            (["draft", dir.file("empty.txt"), "--db", db], "KGR001", 65),
            (["draft", dir.file("missing.txt"), "--db", db], "KGD003", 66),
            (["draft", dir.file("ok.txt"), "--db", db, "--published", "July"], "KGR005", 64),
            (["draft", dir.file("ok.txt"), "--db", db, "--source", "a b"], "KGR004", 64),
        ]
        for (args, code, status) in cases {
            let r = try runKG(args, home: dir.path)
            #expect(r.status == status && r.stderr.contains("error[\(code)]"), "\(args): \(r.status) \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func aDeniedClauseIsNotProposed() throws {
        let dir = TemporaryDirectory()
        let store = try DraftFixtures.store(dir, "g.sqlite", texts: [DraftOwnArticlesTests.entities])
        let article = try ArticleText(text: "Bosch beliefert Siemens nicht mehr, seit es Streit gab. Infineon ist Lieferant für Bosch, nicht für SAP. Samsung kooperiert nicht mit Google.")
        let draft = try ArticleDrafter(store: store).draft(article, options: DraftOptions(sourceKey: "n", file: "n.txt"))
        #expect(draft.proposals.map { [$0.type, $0.source.key, $0.target.key] } == [["supplies", "infineon", "bosch"]])
        #expect(draft.skipped.map(\.markers) == [["nicht"], ["nicht"]])
    }

    @Test func proposesANewEntityNamedAfterWhatItIs() throws {
        let dir = TemporaryDirectory()
        let store = try DraftFixtures.store(dir, "g.sqlite", texts: [DraftOwnArticlesTests.entities])
        let article = try ArticleText(text: "Der Autobauer Volkswagen kooperiert mit Siemens. Die Software läuft in der Cloud.")
        let draft = try ArticleDrafter(store: store).draft(article, options: DraftOptions(sourceKey: "vw", file: "vw.txt"))
        #expect(draft.newEntities.map { [$0.entity.kind, $0.entity.key, $0.entity.name] } == [["Company", "volkswagen", "Volkswagen"]])
        #expect(draft.proposals.map { [$0.type, $0.source.key, $0.target.key] } == [["partner_of", "volkswagen", "siemens"]])
        #expect(draft.graphText.contains("# proposed new entity (review its kind and name): named after \"Autobauer\"\nnode Company volkswagen \"Volkswagen\"\n"))
        // Imports as it stands.
        _ = try DraftFixtures.store(dir, "g2.sqlite", texts: [DraftOwnArticlesTests.entities, draft.graphText])
    }
}
