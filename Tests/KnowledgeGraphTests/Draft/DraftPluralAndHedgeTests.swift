import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// `kg draft` on two more articles of the tests' own (other companies, one
/// English, one German), each with a plural that names the article's two
/// parties ("both companies", "beide Unternehmen"), a hedge in a dependent
/// clause that leaves the clause before it stated, and a hedged sentence
/// that proposes nothing. The expected facts were written down before the
/// drafter was run on them.
@Suite struct DraftPluralAndHedgeTests {
    static let entities = """
        source curator file="curator" lang=en
        node Company panasonic "Panasonic" country="Japan"
          evidence curator "a company"
        node Company tesla "Tesla" country="United States"
          evidence curator "a company"
        node Company canon "Canon" country="Japan"
          evidence curator "a company"
        node Company asml "ASML" country="Netherlands"
          evidence curator "a company"
        node Company zeiss "Zeiss" country="Germany"
          evidence curator "a company"
        node Product model-3 "Model 3"
          evidence curator "a product"
        node Product twinscan "Twinscan"
          evidence curator "a product"
        node Person christophe-fouquet "Christophe Fouquet"
          evidence curator "a person"

        """

    static let english = """
        Panasonic and Tesla extend their battery deal

        Panasonic and Tesla signed a new agreement on Monday. Panasonic supplies Tesla with battery cells for the Model 3.
        Both companies will also cooperate on a new battery plant, which could open in 2026. Tesla develops the Model 3.
        Tesla reportedly considers a partnership with Canon.
        """

    static let german = """
        ASML und Zeiss bauen ihre Zusammenarbeit aus

        ASML und Zeiss haben am Dienstag eine neue Vereinbarung unterzeichnet. Zeiss beliefert ASML mit Optiken für die Twinscan-Anlagen.
        Die Vereinbarung sieht vor, dass beide Unternehmen Patente austauschen, was die Entwicklung neuer Anlagen beschleunigen dürfte.
        ASML-Chef Christophe Fouquet sprach von einem Meilenstein. Angeblich verhandeln die Niederländer auch mit Canon über eine Allianz.
        """

    private func draft(_ text: String, _ dir: TemporaryDirectory) throws -> (ArticleDraft, Set<[String]>) {
        try DraftFixtures.draftAndImport(text, entities: Self.entities, published: "2025-03", in: dir, isEntityQuote: { $0.hasPrefix("a ") })
    }

    @Test func anEnglishArticleWithBothCompaniesAndAHedgedClause() throws {
        let dir = TemporaryDirectory()
        let (draft, relations) = try draft(Self.english, dir)
        #expect(draft.language == "en")
        #expect(relations == [
            ["partner_of", "Panasonic", "Tesla"],
            ["supplies", "Panasonic", "Tesla"],
            ["develops", "Tesla", "Model 3"],
        ], "\(draft.graphText)")
        // "Both companies will also cooperate …, which could open in 2026": the hedge is the plant's, not the cooperation's.
        #expect(draft.proposals.contains { $0.type == "partner_of" && $0.quotes.contains { $0.hasPrefix("Both companies will also cooperate") } })
        #expect(draft.graphText.contains("\"Both companies\" read as Panasonic and Tesla"))
        // "Tesla reportedly considers …" is hedged as a whole: nothing with Canon.
        #expect(!relations.contains { $0.contains("Canon") })
        #expect(draft.skipped.contains { $0.sentence.hasPrefix("Tesla reportedly") })
    }

    @Test func aGermanArticleWithBeideUnternehmenAndAHedgedClause() throws {
        let dir = TemporaryDirectory()
        let (draft, relations) = try draft(Self.german, dir)
        #expect(draft.language == "de")
        #expect(relations == [
            ["partner_of", "ASML", "Zeiss"],
            ["supplies", "Zeiss", "ASML"],
            ["licenses_patents_to", "ASML", "Zeiss"],
            ["licenses_patents_to", "Zeiss", "ASML"],
            ["ceo_of", "Christophe Fouquet", "ASML"],
        ], "\(draft.graphText)")
        #expect(draft.graphText.contains("\"beide Unternehmen\" read as ASML and Zeiss"))
        #expect(!relations.contains { $0.contains("Canon") }, "Angeblich … is a rumour")
        #expect(draft.skipped.contains { $0.sentence.hasPrefix("Angeblich verhandeln") })
    }

    @Test func aHedgeThatOpensTheClauseOrStandsInTheMainClauseHedgesTheSentence() throws {
        let dir = TemporaryDirectory()
        for text in [
            "Zeiss beliefert ASML, falls die Behörde zustimmt.",              // a condition: the fact is not stated
            "Zeiss dürfte ASML beliefern, was die Anleger freut.",            // the hedge is in the main clause
            "Panasonic could supply Tesla, which builds the Model 3.",
        ] {
            let base = try DraftFixtures.store(dir, "hedge.sqlite", texts: [Self.entities])
            let draft = try ArticleDrafter(store: base).draft(try ArticleText(text: text), options: DraftOptions(sourceKey: "own", file: "own.txt"))
            #expect(!draft.proposals.contains { $0.type == "supplies" }, "proposed from \(text): \(draft.graphText)")
            try? FileManager.default.removeItem(atPath: dir.file("hedge.sqlite"))
        }
    }

    @Test func aTwoPartyPluralSubjectIsBothParties() throws {
        let dir = TemporaryDirectory()
        let base = try DraftFixtures.store(dir, "both.sqlite", texts: [Self.entities])
        let text = "ASML and Panasonic have fought in court for years.\n\nBoth companies now cooperate with Zeiss, which could help them in Europe."
        let draft = try ArticleDrafter(store: base).draft(try ArticleText(text: text), options: DraftOptions(sourceKey: "own", file: "own.txt"))
        let pairs = Set(draft.proposals.filter { $0.type == "partner_of" }.map { Set([$0.source.key, $0.target.key]) })
        #expect(pairs == [["asml", "zeiss"], ["panasonic", "zeiss"]], "\(draft.graphText)")
    }

    @Test func aPluralWithoutANumberIsNoOneEntity() throws {
        let dir = TemporaryDirectory()
        let base = try DraftFixtures.store(dir, "plural.sqlite", texts: [Self.entities])
        for text in ["Zeiss beliefert ASML. Die Konzerne kooperieren mit Canon.", "Zeiss beliefert ASML. Die Hersteller kooperieren mit Canon."] {
            let draft = try ArticleDrafter(store: base).draft(try ArticleText(text: text), options: DraftOptions(sourceKey: "own", file: "own.txt"))
            #expect(!draft.proposals.contains { $0.type == "partner_of" }, "\(draft.graphText)")
            #expect(draft.proposals.contains { $0.type == "supplies" && $0.source.key == "zeiss" })
        }
        // "Zwei Firmen" without an article are two others, not the pair just named.
        let other = "Zeiss und ASML kooperieren. Zwei Firmen aus Japan beliefern Tesla."
        let draft = try ArticleDrafter(store: base).draft(try ArticleText(text: other), options: DraftOptions(sourceKey: "own2", file: "own.txt"))
        #expect(!draft.proposals.contains { $0.type == "supplies" }, "\(draft.graphText)")
        #expect(draft.proposals.contains { $0.type == "partner_of" })
    }

    @Test func peopleOfACountryReadAsTheArticlesOneEntityFromThere() throws {
        let dir = TemporaryDirectory()
        let base = try DraftFixtures.store(dir, "demonym.sqlite", texts: [Self.entities])
        let text = "Zeiss arbeitet seit Jahren mit ASML zusammen. Nun verkauft der deutsche Konzern wichtige Patente an die Niederländer."
        let draft = try ArticleDrafter(store: base).draft(try ArticleText(text: text), options: DraftOptions(sourceKey: "own", file: "own.txt"))
        #expect(draft.proposals.contains { $0.type == "sold_patents_to" && $0.source.key == "zeiss" && $0.target.key == "asml" }, "\(draft.graphText)")
        // The adjective names the country even when the sentence before named another company first.
        let adjective = "ASML bezieht Optiken von Zeiss. Nun verkauft der deutsche Konzern wichtige Patente an Tesla."
        let third = try ArticleDrafter(store: base).draft(try ArticleText(text: adjective), options: DraftOptions(sourceKey: "own3", file: "own.txt"))
        #expect(third.proposals.contains { $0.type == "sold_patents_to" && $0.source.key == "zeiss" && $0.target.key == "tesla" }, "\(third.graphText)")
        // Two Japanese companies: "die Japaner" is not read as either.
        let two = "Panasonic und Canon sind Partner. Tesla verkauft Patente an die Japaner."
        let other = try ArticleDrafter(store: base).draft(try ArticleText(text: two), options: DraftOptions(sourceKey: "own2", file: "own.txt"))
        #expect(!other.proposals.contains { $0.type == "sold_patents_to" }, "\(other.graphText)")
    }
}
