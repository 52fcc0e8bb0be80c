import Foundation
import Testing
@testable import KnowledgeGraph

/// Quotes are checked against the articles their sources name (issue 24,
/// part 3): whitespace runs may differ, nothing else.
@Suite struct QuoteCheckTests {
    @Test func onlyRunsOfWhitespaceMayDiffer() {
        let article = "Erste Zeile.\nNokia und  Xiaomi\n\tunterzeichnen – heute.\n"
        #expect(QuoteMatch.locate("Nokia und Xiaomi unterzeichnen", in: article) == QuoteMatch.Position(line: 2, column: 1))
        #expect(QuoteMatch.locate("Xiaomi unterzeichnen – heute.", in: article) == QuoteMatch.Position(line: 2, column: 12))
        #expect(QuoteMatch.occurs("Zeile. Nokia", in: article))
        #expect(!QuoteMatch.occurs("nokia und xiaomi", in: article), "case is not folded")
        #expect(!QuoteMatch.occurs("unterzeichnen - heute", in: article), "a dash is not a hyphen")
        #expect(!QuoteMatch.occurs("NokiaundXiaomi", in: article), "whitespace is collapsed, not removed")
        #expect(QuoteMatch.closestPassage(to: "Nokia und Xiaomi unterschreiben heute", in: article) == "Nokia und Xiaomi unterzeichnen – heute.")
        #expect(QuoteMatch.closestPassage(to: "Something else entirely, about Samsung", in: article) == nil)
    }

    @Test func whatNamesAFile() {
        #expect(ArticleQuotes.namesAFile("001_6b384485849d558d.txt") && ArticleQuotes.namesAFile("notes/a.md"))
        #expect(!ArticleQuotes.namesAFile("curator") && !ArticleQuotes.namesAFile("analyst") && !ArticleQuotes.namesAFile(".hidden"))
        #expect(ArticleQuotes.folders(besideFile: "data/seed.kg") == ["data", "data/articles"])
        #expect(ArticleQuotes.folders(besideFile: "news.kg") == ["", "articles"])
    }

    /// A folder with an article, a graph and a file of graph text beside it.
    struct Desk {
        let home = TemporaryDirectory()
        var db: String { home.file("g.sqlite") }
        init() throws {
            try FileManager.default.createDirectory(atPath: home.file("articles"), withIntermediateDirectories: true)
            try "Acme and Globex sign a deal.\nAcme, founded in 1999,\nbuilds rockets.\n".write(toFile: home.file("articles/acme.txt"), atomically: true, encoding: .utf8)
            #expect(try runKG(["init", "--empty", "--db", db], home: home.path).status == 0)
        }
        func run(_ text: String, _ extra: [String] = []) throws -> CommandResult {
            try text.write(toFile: home.file("news.kg"), atomically: true, encoding: .utf8)
            return try runKG(["import", home.file("news.kg"), "--db", db] + extra, home: home.path)
        }
    }

    @Test func aQuoteNotInItsArticleIsRefusedWithTheClosestPassage() throws {
        let desk = try Desk()
        let text = "source a file=\"acme.txt\"\nnode Company acme \"Acme\"\n  evidence a \"Acme, founded in 1998, builds rockets.\"\n"
        let refused = try desk.run(text)
        #expect(refused.status == 65 && refused.stderr.contains("error[KGI013]") && refused.stderr.contains("news.kg:3:14"), "\(refused.stderr)")
        #expect(refused.stderr.contains("articles/acme.txt") && refused.stderr.contains("closest passage of the article: „Acme, founded in 1999, builds rockets.“"))
        #expect(try GraphStore.open(at: desk.db).statistics().nodeCount == 0)
        let skipped = try desk.run(text, ["--no-quote-check"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        // Across a line break of the article, with the quote's own spacing.
        let desk2 = try Desk()
        let ok = try desk2.run("source a file=\"acme.txt\"\nnode Company acme \"Acme\"\n  evidence a \"Acme, founded in 1999,  builds rockets.\"\n")
        #expect(ok.status == 0 && !ok.stderr.contains("warning"), "\(ok.stderr)")
        let verbose = try runKG(["import", "--check", "--verbose", desk2.home.file("news.kg"), "--db", desk2.db], home: desk2.home.path)
        #expect(verbose.stderr.contains("line 3: quote found in \(desk2.home.path)/articles/acme.txt at 2:1"), "\(verbose.stderr)")
    }

    @Test func anUnreadableFileIsAWarningAndAStatementIsNotChecked() throws {
        let desk = try Desk()
        let result = try desk.run("""
            source gone file="missing.txt"
            source curator file="curator"
            node Company acme "Acme"
              evidence gone "Anything at all."
              evidence curator "Acme: the curator's own words"

            """)
        #expect(result.status == 0, "\(result.stderr)")
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains("warning") }
        #expect(warnings.count == 1 && warnings[0].contains("'missing.txt'") && warnings[0].contains(desk.home.file("articles/missing.txt")), "\(result.stderr)")
    }

    /// Every quote of the seed graph text is in its article (data/articles,
    /// beside data/seed.kg), by the import's own check.
    @Test func everyQuoteOfTheSeedIsInItsArticle() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        let seed = Fixtures.repositoryRoot + "/data/seed.kg"
        let text = try String(contentsOfFile: seed, encoding: .utf8)
        let options = GraphTextImporter.Options(articleFolders: ArticleQuotes.folders(besideFile: seed))
        let diagnostics = ImportDiagnostics()
        let summary = GraphTextImporter(store: store, options: options).check(text, file: seed, into: diagnostics)
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.errors)")
        #expect(diagnostics.warnings.isEmpty, "\(diagnostics.warnings)")
        // Each distinct quote of an article source was found (the curator's are not articles).
        let document = try GraphTextParser.parse(text)
        let articleSources = Set(document.sources.filter { ArticleQuotes.namesAFile($0.record.file) }.map(\.record.key))
        let quotes = Set((document.nodes.flatMap(\.evidence) + document.allEdges.flatMap(\.evidence))
            .filter { articleSources.contains($0.sourceKey) }.map { $0.sourceKey + "|" + $0.quote })
        #expect(articleSources.count == 5 && diagnostics.quotePositions.count == quotes.count && quotes.count > 50)
        #expect(summary.evidence > 200)
    }
}
