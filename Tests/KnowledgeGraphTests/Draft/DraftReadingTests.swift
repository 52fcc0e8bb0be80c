import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// The parts of `kg draft`'s reading: sentences, names and their inflected
/// forms, inflection, speculation markers, language, errors.
@Suite struct DraftReadingTests {
    @Test func sentencesKeepTheirTextAndStopAtLineBreaks() {
        let s = SentenceSplitter.sentences(of: "Xiaomi und Ikea\n\nProf. Bratzel sagt am 28. November etwas. Dann mehr!\nNoch eine Zeile")
        #expect(s.map(\.text) == ["Xiaomi und Ikea", "Prof. Bratzel sagt am 28. November etwas.", "Dann mehr!", "Noch eine Zeile"])
        #expect(s.map(\.paragraph) == [0, 1, 1, 1])
        #expect(s[0].isHeading && !s[1].isHeading)
        // A wrapped paragraph: the line goes on in lower case; the break stays in the sentence.
        let wrapped = SentenceSplitter.sentences(of: "Xiaomi hat von Nokia\nzudem Patente erworben, die\nwichtig sind. Neu.\n")
        #expect(wrapped.map(\.text) == ["Xiaomi hat von Nokia\nzudem Patente erworben, die\nwichtig sind.", "Neu."])
    }

    /// News exports start an article with `date 2017-07`: that dates the
    /// article (the source's `published=`, an agreement's date) and is not
    /// part of the first sentence, which a quote would otherwise begin with.
    @Test func aDatelineDatesTheArticleAndIsNoPartOfItsFirstSentence() throws {
        let article = try ArticleText(text: " date 2017-07 Während andere klagen, sind Nokia und Xiaomi eine Partnerschaft eingegangen. Mehr.\n")
        #expect(article.dateline == PartialDate("2017-07"))
        #expect(article.sentences.map(\.text) == ["Während andere klagen, sind Nokia und Xiaomi eine Partnerschaft eingegangen.", "Mehr."])
        let plain = try ArticleText(text: "date night at Xiaomi. Mehr.")
        #expect(plain.dateline == nil)
        #expect(plain.sentences.first?.text == "date night at Xiaomi.")
    }

    @Test func namesAreFoundInTheirInflectedFormsButNotInsideWords() {
        let nokia = DraftEntity(key: "nokia", kind: "Company", name: "Nokia")
        let xiaomi = DraftEntity(key: "xiaomi", kind: "Company", name: "Xiaomi")
        let ikea = DraftEntity(key: "ikea", kind: "Company", name: "IKEA")
        let apple = DraftEntity(key: "apple", kind: "Company", name: "Apple")
        let finder = EntityMentionFinder(entities: [nokia, xiaomi, ikea, apple])
        func keys(_ text: String) -> [String] { finder.mentions(in: SentenceTokens.tokenize(text)).map(\.entity.key) }
        #expect(keys("ein Steckenpferd Nokias und Xiaomis") == ["nokia", "xiaomi"])
        #expect(keys("in Xiaomi-Produkten, Ikea's lamps") == ["xiaomi", "ikea"])
        #expect(keys("Nokian tyres and an apple a day") == [])
        #expect(keys("picture alliance / dpaMicrosoft und Apple") == ["apple"])
    }

    @Test func germanVerbsMatchTheirForms() {
        let de = Inflection.german
        #expect(de.matches("lizenzieren", "lizenziert"))
        #expect(de.matches("erworben", "erwirbt"))
        #expect(de.matches("Partnerschaften", "Partnerschaft"))
        #expect(de.matchesAsCompoundTail("Chip-Lieferant", "Lieferant", isNoun: true))
        #expect(de.matchesAsCompoundTail("Mobilfunkpatente", "Patente", isNoun: true))
        #expect(de.matchesGlued("abgeworben", verb: "wirbt", particle: "ab"))
        #expect(de.matchesGlued("hochgestuft", verb: "stuft", particle: "hoch"))
        #expect(!de.matches("Partei", "Partnerschaft"))
        #expect(Inflection.english.matches("licensed", "licenses"))
        #expect(Inflection.english.matches("sold", "sells"))
    }

    @Test func speculationMarkersAreWordsNotParts() {
        func markers(_ s: String) -> [String] { SpeculationMarkers.markers(in: SentenceTokens.tokenize(s)).map(\.marker) }
        #expect(markers("Man stelle sich diese fiktive Meldung vor: Google arbeitet mit Apple.") == ["man stelle sich", "fiktive"])
        #expect(markers("Experten spekulieren über einen Rückzug.") == ["spekulieren"])
        #expect(markers("Samsung reportedly buys a unit.") == ["reportedly"])
        #expect(markers("The iffy deal is real.") == [])
    }

    @Test func languageIsDetected() {
        #expect(LanguageDetector.detect("Microsoft geht eine langfristige Partnerschaft mit dem Handyanbieter Xiaomi ein.") == "de")
        #expect(LanguageDetector.detect("Xiaomi and IKEA announced a strategic partnership today.") == "en")
    }

    @Test func derivedTypesThroughAFactNodeHaveAShape() throws {
        let schema = try GraphStore.defaultSchema()
        let licence = try #require(FactShape.of("licenses_patents_to", in: schema))
        #expect(licence.factKind == "Agreement" && licence.sourceRole?.type == "licensor" && licence.targetRole?.type == "licensee")
        #expect(licence.properties.map(\.1) == ["patent_license"] && licence.accepted["kind"] == ["patent_license", "cross_license"])
        #expect(FactShape.of("partner_of", in: schema)?.properties.map(\.1) == ["partnership"])
        #expect(FactShape.of("ranks_ahead_of", in: schema) == nil, "a condition on edge properties cannot be written")
        #expect(FactShape.of("develops", in: schema)?.isStored == true)
    }

    @Test func badArticlesAreRefused() throws {
        let dir = TemporaryDirectory()
        try Data([0x66, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: dir.file("latin.txt")))
        #expect(expectKGError { _ = try ArticleText.read(path: dir.file("latin.txt")) }?.code == .articleNotUTF8)
        try Data(" \n\n".utf8).write(to: URL(fileURLWithPath: dir.file("empty.txt")))
        #expect(expectKGError { _ = try ArticleText.read(path: dir.file("empty.txt")) }?.code == .emptyArticle)
        #expect(expectKGError { _ = try ArticleText.read(path: dir.file("missing.txt")) }?.code == .fileNotFound)
        #expect(expectKGError { _ = try ArticleText(text: String(repeating: "a", count: ArticleText.maximumBytes + 1)) }?.code == .articleTooLarge)
        let store = try DraftFixtures.store(dir, "g.sqlite", texts: [])
        #expect(expectKGError {
            _ = try ArticleDrafter(store: store).draft(try ArticleText(text: "Text."), options: DraftOptions(sourceKey: "bad key", file: "a.txt"))
        }?.code == .invalidSourceKey)
    }

    @Test func aSchemaWithoutPhrasesReadsItsTypeNames() throws {
        let schema = try SchemaParser.parse("""
            schema people
            kind Person
            edge works_with: Person -- Person
            """, file: "people.kgs")
        let dir = TemporaryDirectory()
        let store = try DraftFixtures.store(dir, "p.sqlite", schema: schema, texts: ["""
            source s file="s.txt"
            node Person ada "Ada Lovelace"
              evidence s "Ada"
            node Person charles "Charles Babbage"
              evidence s "Charles"
            """])
        let draft = try ArticleDrafter(store: store).draft(try ArticleText(text: "Ada Lovelace works with Charles Babbage on the engine."),
                                                           options: DraftOptions(sourceKey: "t", file: "t.txt"))
        #expect(draft.proposals.map { [$0.type, $0.source.key, $0.target.key] } == [["works_with", "ada", "charles"]])
        #expect(draft.graphText.contains("edge ada works_with charles\n  evidence t \"Ada Lovelace works with Charles Babbage on the engine.\""))
    }

    @Test func theCueLineRoundTrips() throws {
        let text = """
            schema s
            kind Company
            edge allied_with: Company -- Company
              cue de "Allianz"
              cue en "alliance"
            """
        let schema = try SchemaParser.parse(text, file: "s.kgs")
        #expect(schema.lexicon.cues["allied_with"] == [LexiconCue(language: "de", noun: "Allianz"), LexiconCue(language: "en", noun: "alliance")])
        let again = try SchemaParser.parse(SchemaWriter.text(of: schema), file: "s.kgs")
        #expect(again.lexicon.cues == schema.lexicon.cues)
    }
}
