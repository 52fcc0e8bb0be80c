import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// `kg ask` on the seed graph: each form of question, the query it becomes
/// and the answer, checked against what the articles say.
@Suite struct QuestionAnswererTests {
    let seed: SeedQueries
    let answerer: QuestionAnswerer

    init() throws {
        seed = try SeedQueries()
        answerer = QuestionAnswerer(engine: seed.engine)
    }

    func ask(_ question: String, why: Bool = false) throws -> AskAnswer {
        try answerer.ask(question, options: .init(tracksFacts: why))
    }

    /// The names in the first column of the answer.
    func names(_ question: String) throws -> [String] {
        let answer = try ask(question)
        var formatter = ResultFormatter(store: seed.store)
        return answer.result.rows.map { formatter.text($0[0]) }
    }

    func error(_ question: String) -> KGError? {
        expectKGError { _ = try self.ask(question) }
    }

    @Test func whoLicensesPatentsToXiaomi() throws {
        let answer = try ask("who licenses patents to Xiaomi?")
        #expect(answer.queryText == #"MATCH (who)-[:licenses_patents_to]->("Xiaomi") RETURN DISTINCT who ORDER BY who.name"#)
        #expect(try names("who licenses patents to Xiaomi?") == ["Microsoft", "Nokia"])
        #expect(answer.understood.contains("Xiaomi (Company)"))
        // The printed query is the syntax tree: it parses back to the same tree.
        #expect(try Parser.parse(answer.queryText) == answer.query)
    }

    @Test func inflectionCaseAndPunctuationDoNotMatter() throws {
        let expected = try names("who licenses patents to Xiaomi?")
        for variant in ["Who licensed patents to xiaomi", "WHO LICENSE PATENTS TO XIAOMI !!", "who licences the patents to Xiaomi?", "Who licenses patents to 小米?"] {
            #expect(try names(variant) == expected, "\(variant)")
        }
        #expect(try names("who sold patents to Xiaomi?") == ["Microsoft", "Nokia"])
        #expect(try names("who sells patents to Xiaomi?") == ["Microsoft", "Nokia"])
    }

    @Test func whichKindAndTheAskedEndFirst() throws {
        #expect(try names("which companies are partners of IKEA?") == ["Sonos", "Xiaomi"])
        #expect(try ask("which companies are partners of IKEA?").queryText.contains("(company:Company)-[:partner_of]-(\"IKEA\")"))
        #expect(try names("who is the CEO of Nokia?") == ["Rajeev Suri"])
        #expect(try names("who did Xiaomi buy patents from?") == ["Microsoft", "Nokia"])
        let develops = try names("what does Xiaomi develop?")
        #expect(develops.contains("XringO1") && develops.contains("MiMo"))
        #expect(!develops.contains("SU7"))  // no sentence says Xiaomi develops the SU7
        #expect(try ask("what does Xiaomi develop?").queryText == #"MATCH ("Xiaomi")-[:develops]->(what) RETURN DISTINCT what ORDER BY what.name"#)
        #expect(try names("to whom does Nokia license patents?") == ["Xiaomi"])
    }

    @Test func possessivesAndChains() throws {
        #expect(try names("Xiaomi's partners") == ["Baidu", "FAW Car", "IKEA", "Microsoft", "Nokia"])
        #expect(try names("who is Nokia's CEO?") == ["Rajeev Suri"])
        let chain = try ask("partners of partners of Xiaomi")
        #expect(chain.queryText.contains("-[:partner_of]-(via)-[:partner_of]-"))
        #expect(chain.queryText.contains("WHERE x <> start"))
        #expect(try names("partners of partners of Xiaomi") == ["Sonos"])
    }

    @Test func countsAreNumbers() throws {
        let answer = try ask("how many products does Xiaomi develop?")
        #expect(answer.shape == .count)
        #expect(answer.number == Int64(try names("what does Xiaomi develop?").count))
        #expect(try ask("how many companies license patents to Xiaomi?").number == 2)
        #expect(try ask("how many partners does Xiaomi have?").number == 5)
    }

    @Test func yesNoWithEvidence() throws {
        let yes = try ask("is IKEA a partner of Xiaomi?", why: true)
        #expect(yes.shape == .yesNo)
        #expect(yes.verdict == true)
        #expect(yes.statement == "IKEA is a partner of Xiaomi")
        let quotes = try seed.store.evidenceItems(for: yes.result.rowFacts[0]).map(\.quote)
        #expect(quotes.contains { $0.contains("strategic partnership") })
        #expect(try ask("is Sonos a partner of Xiaomi?").verdict == false)
        #expect(try ask("does Microsoft license patents to Xiaomi?").verdict == true)
        #expect(try ask("did Xiaomi buy patents from Sonos?").verdict == false)
    }

    @Test func whoIsANodeListsItsFactsAsSentences() throws {
        let answer = try ask("who is Lei Jun?")
        #expect(answer.queryText == #"MATCH ("Lei Jun")-[fact]-() RETURN DISTINCT fact"#)
        #expect(try names("who is Lei Jun?") == ["Lei Jun is CEO of Xiaomi"])
        #expect(try names("Wer ist Lei Jun?") == ["Lei Jun is CEO of Xiaomi"])
        #expect(Set(try names("what is MiMo?")).contains("Xiaomi develops MiMo"))
    }

    @Test func whereAsksForAPlace() throws {
        #expect(try names("where does Xiaomi have a site?") == ["Düsseldorf", "Munich"])
        #expect(try ask("where does Xiaomi have a site?").queryText == #"MATCH ("Xiaomi")-[:located_in]->(place:Place) RETURN DISTINCT place ORDER BY place.name"#)
        #expect(try names("Wo hat Xiaomi einen Standort?") == ["Düsseldorf", "Munich"])
        // Without "where", the phrase needs its "in".
        #expect(error("does Xiaomi have a site Munich?")?.code == .questionNotUnderstood)
        #expect(try ask("does Xiaomi have a site in Munich?").verdict == true)
    }

    @Test func aNoSaysHowTheTwoAreConnectedOtherwise() throws {
        // Nokia is no competitor of Xiaomi, but the two are linked by agreements:
        // "no" to the phrase, and the other connections shown, so "no" is not read as "nothing".
        let answer = try ask("does Nokia compete with Xiaomi?")
        #expect(answer.queryText == #"MATCH ("Nokia")-[:competitor_of]-("Xiaomi") RETURN count(*) AS matches"#)
        #expect(answer.verdict == false)
        #expect(!answer.otherConnections.isEmpty)
        #expect(answer.otherConnections.count <= 3)
        let nokia = try seed.store.resolve("Nokia")
        let xiaomi = try seed.store.resolve("Xiaomi")
        for connection in answer.otherConnections {
            #expect(connection.nodes.first == nokia.id && connection.nodes.last == xiaomi.id)
        }
        // Supply is asked through the derived type, which the seed answers: yes.
        let supply = try ask("does Nokia supply Xiaomi?")
        #expect(supply.verdict == true)
        // Role edge types are not taken for verbs when the kinds do not fit.
        #expect(!supply.queryText.contains("supplier"))
    }

    @Test func aNameMissingFromTheGraphIsSaidSo() throws {
        let typo = error("is IKEA a partner of Xiaomy?")
        #expect(typo?.code == .unknownNode)
        #expect(typo?.suggestion?.contains("did you mean 'Xiaomi'?") == true)
        let missing = error("is Google a partner of Xiaomi?")
        #expect(missing?.code == .unknownNode)
        #expect(missing?.message.contains("'Google'") == true)
        #expect(error("who licenses patents to \"Xiaomy\"?")?.code == .unknownNode)
    }

    @Test func connectionIsAShortestPath() throws {
        let answer = try ask("how is IKEA connected to Microsoft?")
        #expect(answer.shape == .path)
        #expect(answer.queryText == #"MATCH p = SHORTEST ("IKEA")--+("Microsoft") RETURN p"#)
        guard case .path(let path)? = answer.result.rows.first?.first else { Issue.record("no path"); return }
        #expect(path.length >= 2)
        var formatter = AskAnswerFormatter(store: seed.store)
        let drawn = formatter.drawing(of: path)
        #expect(drawn.hasPrefix("IKEA\n"))
        #expect(drawn.hasSuffix("Microsoft\n"))
        #expect(drawn.split(separator: "\n").count == path.length + 1)
    }

    @Test func germanPhrasesFromTheSchema() throws {
        #expect(try names("Wer lizenziert Patente an Xiaomi?") == ["Microsoft", "Nokia"])
        #expect(try names("Was entwickelt Xiaomi?") == (try names("what does Xiaomi develop?")))
        #expect(try names("Von wem kaufte Xiaomi Patente?") == ["Microsoft", "Nokia"])
        #expect(try names("Wer ist der CEO von Nokia?") == ["Rajeev Suri"])
        let yes = try ask("Ist IKEA ein Partner von Xiaomi?")
        #expect(yes.verdict == true)
        #expect(yes.language == "de")
        #expect(try ask("Wie viele Produkte entwickelt Xiaomi?").number == (try ask("how many products does Xiaomi develop?").number))
    }

    @Test func notUnderstoodSaysWhatItUnderstoodAndNeverGuesses() throws {
        let e = error("who eats apples at Xiaomi?")
        #expect(e?.code == .questionNotUnderstood)
        #expect(e?.message.contains("'eats'") == true)
        #expect(e?.message.contains("Xiaomi (Company)") == true)
        #expect(e?.suggestion?.contains("phrases this graph knows") == true)
        // Words that fit no form: no answer, not a partial one.
        #expect(error("Xiaomi Nokia")?.code == .questionNotUnderstood)
        #expect(error("")?.code == .questionNotUnderstood)
        #expect(error("who develops")?.code == .questionNotUnderstood)
        let partly = error("who licenses patents")
        #expect(partly?.code == .questionNotUnderstood)
        #expect(partly?.suggestion?.contains("'licenses patents to'") == true)
    }

    @Test func randomWordSaladIsAnsweredOrRefusedNeverCrashes() throws {
        let words = ["who", "what", "which", "is", "does", "did", "how", "many", "the", "a", "of", "to", "from", "'s", "?", "Xiaomi", "Nokia",
                     "IKEA", "小米", "\"FAW Car\"", "companies", "products", "licenses", "patents", "partner", "partners", "develop", "CEO",
                     "sold", "bought", "connected", "Wer", "lizenziert", "Patente", "an", "von", "ist", "Partner", "Xiaomy", "zzz", "\u{1B}[31m", ""]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<150 {
            let count = Int.random(in: 0...9, using: &generator)
            let question = (0..<count).map { _ in words.randomElement(using: &generator) ?? "" }.joined(separator: " ")
            do {
                let answer = try ask(question)
                // An answer comes from a query that parses back to the tree it ran.
                #expect(try Parser.parse(answer.queryText) == answer.query, "\(question)")
            } catch let error as KGError {
                #expect([ErrorCode.questionNotUnderstood, .unknownNode, .ambiguousNode].contains(error.code), "\(question): \(error)")
            }
        }
    }

    @Test func theSyntaxTreeUsesQuotedNamesAndLowerCaseVariables() throws {
        for question in ["who licenses patents to Xiaomi?", "is IKEA a partner of Xiaomi?", "partners of partners of FAW Car", "how many products does Xiaomi develop?"] {
            let query = try ask(question).query
            for pattern in query.patterns {
                for node in pattern.nodes {
                    if let variable = node.variable?.name { #expect(variable.first?.isLowercase == true, "\(question)") }
                    if let name = node.name, case .identifier = name.kind { Issue.record("bare name in \(question)") }
                }
            }
        }
    }
}

/// `kg ask` on a graph imported from CSV with an inferred schema: no phrases
/// declared, so the edge types' names read as words are the phrases.
@Suite struct QuestionsOnAnInferredSchemaTests {
    @Test func edgeTypeNamesServeAsPhrases() throws {
        let dir = TemporaryDirectory()
        let store = try CSVGraph.open(nodes: "id,kind,name,props\nlib,Package,libfoo,\napp,Package,appbar,\ntool,Package,buildtool,\nann,Maintainer,Ann Lee,\n", edges: "src,type,dst,props\napp,depends_on,lib,\ntool,depends_on,lib,\nlib,maintained_by,ann,\napp,depends_on,tool,\n", in: dir)
        let answerer = QuestionAnswerer(engine: QueryEngine(store: store))
        var formatter = ResultFormatter(store: store)
        func names(_ q: String) throws -> [String] { try answerer.ask(q, options: .init()).result.rows.map { formatter.text($0[0]) } }

        #expect(try names("what depends on libfoo?") == ["appbar", "buildtool"])
        #expect(try names("which packages depend on libfoo?") == ["appbar", "buildtool"])
        #expect(try names("what does appbar depend on?") == ["buildtool", "libfoo"])
        #expect(try names("what is maintained by Ann Lee?") == ["libfoo"])
        #expect(try answerer.ask("does appbar depend on libfoo?", options: .init()).verdict == true)
        #expect(try answerer.ask("how many packages depend on libfoo?", options: .init()).number == 2)
    }
}

/// The schema's lexicon at work: a directed type asked with a phrase that
/// reads both ways warns with the count the other direction would add;
/// empty answers are sentences; two readings are both answered.
@Suite struct AskLexiconTests {
    @Test func aPhraseThatReadsBothWaysOnADirectedTypeWarns() throws {
        let dir = TemporaryDirectory()
        let store = try CSVGraph.open(nodes: "id,kind,name,props\nr,Company,Ropan Mobile,\na,Company,Alpha,\nb,Company,Beta,\nc,Company,Gamma,\n", edges: "src,type,dst,props\nr,partner_of,a,\nb,partner_of,r,\nc,partner_of,r,\n", in: dir)
        let answer = try QuestionAnswerer(engine: QueryEngine(store: store)).ask("partners of Ropan Mobile", options: .init())
        #expect(answer.result.rows.count == 2)
        #expect(answer.warnings.contains { $0.contains("not declared symmetric") && $0.contains("adds 1 more") })
    }

    @Test func emptyAnswersAreSentencesAndTwoReadingsAreBothAnswered() throws {
        let seed = try SeedQueries()
        let answerer = QuestionAnswerer(engine: seed.engine)
        let none = try answerer.ask("who licenses patents to Apple?", options: .init())
        #expect(none.sentence == "No one in the graph licenses patents to Apple.")
        var formatter = AskAnswerFormatter(store: seed.store)
        let printed = formatter.render(none, as: .table)
        #expect(printed.contains("query: MATCH (who)-[:licenses_patents_to]->(\"Apple\")"))
        #expect(printed.contains("No one in the graph licenses patents to Apple.") && !printed.contains("(0 rows)"))
        let two = try answerer.ask("Was übertrifft MiMo?", options: .init())
        #expect(two.readings == 2)
        #expect(formatter.render(two, as: .table).contains("Lesart 2"))
    }

    @Test func theLexiconParsesAndRoundTrips() throws {
        let text = """
        schema s
        kind Company
          prop founded: int
            ask en "when was X founded"
        kind Deal fact
          prop date: date
          prop goods: string
        edge party: Deal -> Company "has party" / "is party to"
        edge seller: Deal -> Company "has seller" / "is seller in"
          implies party
        edge works_with: Company -- Company "works with"
          say en "collaborates with"
          say de "arbeitet zusammen mit"
        derived sells_to: Company -> Company "sells to" / "buys from"
          as (x)<-[:seller]-(d:Deal)-[:party]->(y) WHERE x <> y
          say en "supplies" / "is supplied by"
          what goods
        spelling en "licence" / "license"
        """
        let schema = try SchemaParser.parse(text)
        #expect(schema.lexicon.implies["seller"] == ["party"])
        #expect(schema.lexicon.typeAndSubtypes(of: "party") == ["party", "seller"])
        #expect(schema.lexicon.synonyms["works_with"]?.count == 2)
        #expect(schema.lexicon.frames.first?.property == "founded")
        #expect(schema.lexicon.whatProperties["sells_to"] == ["goods"])
        #expect(schema.lexicon.spellings["licence"] == "license")
        let again = try SchemaParser.parse(SchemaWriter.text(of: schema))
        #expect(again.lexicon == schema.lexicon)
        let bad = expectKGError { _ = try SchemaParser.parse("schema s\nkind A\nedge e: A -> A\n  implies nothing\n") }
        #expect(bad?.message.contains("implies 'nothing'") == true)
    }
}
