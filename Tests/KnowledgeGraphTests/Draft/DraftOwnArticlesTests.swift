import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// `kg draft` on articles written for these tests, about companies the seed
/// does not know, with a small entity graph of their own: the rules are
/// general ways of saying a relation, not the seed articles' strings.
@Suite struct DraftOwnArticlesTests {
    static let entities = """
        source curator file="curator" lang=en
        node Company samsung "Samsung"
          evidence curator "a company"
        node Company google "Google"
          evidence curator "a company"
        node Company siemens "Siemens"
          evidence curator "a company"
        node Company sap "SAP"
          evidence curator "a company"
        node Company bosch "Bosch"
          evidence curator "a company"
        node Company infineon "Infineon"
          evidence curator "a company"
        node Product android "Android"
          evidence curator "a product"
        node Product galaxy-s24 "Galaxy S24"
          evidence curator "a product"
        node Product gemini "Gemini"
          evidence curator "a product"
        node Product s4hana "S/4HANA"
          evidence curator "a product"
        node Person sundar-pichai "Sundar Pichai"
          evidence curator "a person"
        node Person roland-busch "Roland Busch"
          evidence curator "a person"
        node Place walldorf "Walldorf"
          evidence curator "a place"

        """

    static let english = """
        Samsung and Google expand their partnership

        Samsung and Google announced a broad partnership on Tuesday. Google develops Gemini, and Samsung integrates Gemini into the Galaxy S24.
        Samsung also licenses patents to Google, the companies said. Google's CEO Sundar Pichai praised the deal.
        Rumours say Samsung could buy Google's mapping unit, but neither company commented.
        """

    static let german = """
        Siemens und SAP vertiefen ihre Zusammenarbeit

        Siemens kooperiert mit SAP bei der Software für Fabriken. Siemens-Chef Roland Busch sprach von einem wichtigen Schritt.
        SAP entwickelt S/4HANA und hat seinen Standort in Walldorf. Infineon ist Lieferant für Bosch.
        Man stelle sich vor: Siemens übernähme SAP. Angeblich verhandeln Bosch und Siemens über eine Allianz.
        """

    private func draft(_ text: String, _ dir: TemporaryDirectory) throws -> (ArticleDraft, Set<[String]>) {
        try DraftFixtures.draftAndImport(text, entities: Self.entities, published: "2024-02", in: dir, isEntityQuote: { $0 == "a company" })
    }

    @Test func anEnglishArticle() throws {
        let dir = TemporaryDirectory()
        let (draft, relations) = try draft(Self.english, dir)
        #expect(draft.language == "en")
        #expect(relations == [
            ["partner_of", "Google", "Samsung"],
            ["develops", "Google", "Gemini"],
            ["integrates", "Samsung", "Gemini"],
            ["licenses_patents_to", "Samsung", "Google"],
            ["ceo_of", "Sundar Pichai", "Google"],
        ], "\(draft.graphText)")
        // The rumour sentence proposes nothing.
        #expect(!draft.graphText.contains("evidence own \"Rumours"))
        #expect(draft.skipped.contains { $0.sentence.hasPrefix("Rumours say") })
        // The agreement carries the kind its derived type demands, and the article's date.
        #expect(draft.graphText.contains("kind=\"partnership\" date=2024-02"))
        #expect(draft.graphText.contains("source own file=\"own.txt\" published=2024-02 lang=en"))
    }

    @Test func aGermanArticle() throws {
        let dir = TemporaryDirectory()
        let (draft, relations) = try draft(Self.german, dir)
        #expect(draft.language == "de")
        #expect(relations == [
            ["partner_of", "SAP", "Siemens"],
            ["ceo_of", "Roland Busch", "Siemens"],
            ["develops", "SAP", "S/4HANA"],
            ["located_in", "SAP", "Walldorf"],
            ["supplies", "Infineon", "Bosch"],
        ], "\(draft.graphText)")
        #expect(!relations.contains { $0.contains("Bosch") && $0.contains("Siemens") }, "Angeblich … is a rumour")
        #expect(draft.skipped.contains { $0.sentence.hasPrefix("Angeblich verhandeln") })
        // Every proposal names its lexicon line and words.
        #expect(draft.graphText.contains("# proposed supplies: lexicon say de \"ist Lieferant für\"; words \"Lieferant\""))
        #expect(draft.graphText.contains("# proposed located_in: lexicon phrase de \"hat einen Standort in\"; words \"Standort\""))
    }
}
