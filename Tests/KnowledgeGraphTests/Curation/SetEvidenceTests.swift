import Foundation
import Testing
@testable import KnowledgeGraph

/// Corrections keep evidence straight (issue 24, part 4): kg set with
/// --evidence, the curator's statement without it, and a value the node's
/// quotes contradict.
@Suite struct SetEvidenceTests {
    /// A graph whose Acme quote says "founded in 1999", its article beside it.
    struct Desk {
        let home = TemporaryDirectory()
        var db: String { home.file("g.sqlite") }
        init() throws {
            try FileManager.default.createDirectory(atPath: home.file("articles"), withIntermediateDirectories: true)
            // The article of CurationFixtures.base (its quotes), and one more sentence.
            try "Acme, founded in 1999, builds rockets. Globex buys rockets.\nAcme and Globex work together since 2020.\nThe register lists Acme as founded in 2001.\n"
                .write(toFile: home.file("articles/article.txt"), atomically: true, encoding: .utf8)
            #expect(try runKG(["init", "--empty", "--db", db], home: home.path).status == 0)
            try CurationFixtures.base.write(toFile: home.file("base.kg"), atomically: true, encoding: .utf8)
            let imported = try runKG(["import", home.file("base.kg"), "--db", db], home: home.path)
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        func kg(_ args: String...) throws -> CommandResult { try runKG(args + ["--db", db], home: home.path, directory: home.path) }
        func founded() throws -> JSONValue? { try GraphStore.open(at: db).node(key: "acme")?.props["founded"] }
    }

    @Test func aValueTheQuotesContradictIsRefusedUnlessUpdate() throws {
        let desk = try Desk()
        let refused = try desk.kg("set", "Acme", "founded", "2001", "--reason", "I heard so")
        #expect(refused.status == 65 && refused.stderr.contains("error[KGC013]"), "\(refused.stderr)")
        #expect(refused.stderr.contains("founded=1999") && refused.stderr.contains("art „Acme, founded in 1999, builds rockets.“"))
        #expect(try desk.founded() == .int(1999))
        let forced = try desk.kg("set", "Acme", "founded", "2001", "--reason", "I heard so", "--update")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try desk.founded() == .int(2001))
        let changes = try desk.kg("log", "--changes")
        #expect(changes.stdout.contains("set acme.founded: 1999 → 2001 (supersedes the evidence for founded: art „Acme, founded in 1999, builds rockets.“)"), "\(changes.stdout)")
    }

    @Test func evidenceThatStatesTheNewValueLetsItThrough() throws {
        let desk = try Desk()
        let wrong = try desk.kg("set", "acme", "founded", "2001", "--reason", "the register", "--evidence", "art", "The register lists Acme as founded 2001.")
        #expect(wrong.status == 65 && wrong.stderr.contains("error[KGI013]") && wrong.stderr.contains("The register lists Acme as founded in 2001."), "\(wrong.stderr)")
        #expect(try desk.founded() == .int(1999))
        let set = try desk.kg("set", "acme", "founded", "2001", "--reason", "the register", "--evidence", "art", "The register lists Acme as founded in 2001.")
        #expect(set.status == 0 && !set.stderr.contains("warning"), "\(set.stderr)")
        #expect(try desk.founded() == .int(2001))
        let show = try desk.kg("show", "acme")
        #expect(show.stdout.contains("„The register lists Acme as founded in 2001.“"), "\(show.stdout)")
    }

    @Test func withoutEvidenceTheValueIsTheCuratorsStatement() throws {
        let desk = try Desk()
        let set = try desk.kg("set", "globex", "founded", "1950", "--reason", "the company's own website")
        #expect(set.status == 0 && set.stderr.contains("1 source added"), "\(set.stderr)")
        let show = try desk.kg("show", "globex")
        #expect(show.stdout.contains("evidence (curator): „founded=1950, set by the curator: the company's own website“"), "\(show.stdout)")
        let store = try GraphStore.open(at: desk.db)
        #expect(try store.source(key: "curator")?.file == "curator")
        #expect(try store.writeLog().last?.action == "update")
        // A curator's statement does not outweigh an article's quote.
        let refused = try desk.kg("set", "acme", "founded", "1950", "--reason", "a guess")
        #expect(refused.status == 65 && refused.stderr.contains("KGC013"))
    }
}
