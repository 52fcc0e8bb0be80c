import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// The English phrases kg makes by rule for an edge type whose schema
/// declares none (``EnglishPhrasing``), and the questions they answer on a
/// graph imported from CSV without a schema.
@Suite struct GeneratedPhrasesTests {
    @Test func typeNamesBecomePhrasesAnAuthorCouldHaveWritten() {
        func pairs(_ name: String) -> [String] { EnglishPhrasing.phrases(forType: name).map { "\($0.phrase) / \($0.inverse)" } }
        #expect(pairs("supplies") == ["supplies / is supplied by"])
        #expect(pairs("works_for") == ["works for / is worked for by"])
        #expect(pairs("worksFor") == ["works for / is worked for by"])
        #expect(pairs("work-for") == ["works for / is worked for by"])
        #expect(pairs("partner_of") == ["is a partner of / has as a partner", "partners with / partners with"])
        #expect(pairs("member_of") == ["is a member of / has as a member"])
        #expect(pairs("part_of") == ["is part of / has as part"])
        #expect(pairs("is_part_of") == ["is part of / has as part"])
        #expect(pairs("located_in") == ["is located in / is home to"])
        #expect(pairs("based_in") == ["is based in / is home to"])
        #expect(pairs("acquired") == ["acquired / was acquired by"])
        #expect(pairs("acquired_by") == ["was acquired by / acquired"])
        #expect(pairs("owned_by") == ["is owned by / owns"])
        #expect(pairs("owns") == ["owns / is owned by"])
        #expect(pairs("invests_in") == ["invests in / is invested in by"])
        #expect(pairs("investor_in") == ["is an investor in / has as an investor", "invests in / is invested in by"])
        #expect(pairs("has_ceo") == ["has CEO / is CEO of"])
        #expect(pairs("ceo_of") == ["is CEO of / has as CEO"])
        #expect(pairs("licensor") == ["has licensor / is a licensor in"])
        #expect(pairs("party") == ["has party / is a party to"])
        #expect(pairs("ceo") == ["has CEO / is CEO of"])
        // Names in the style of public knowledge graphs.
        #expect(pairs("place_of_birth") == ["has place of birth / is the place of birth of"])
        #expect(pairs("country_of_citizenship") == ["has country of citizenship / is the country of citizenship of"])
        #expect(pairs("instance_of") == ["is an instance of / has as an instance"])
        #expect(pairs("member_of_sports_team") == ["is a member of sports team / has as a member"])
        #expect(pairs("genre") == ["has genre / is a genre of"])
        #expect(pairs("spouse") == ["has spouse / is a spouse of"])
        #expect(pairs("educated_at") == ["was educated at / educated"])
        #expect(pairs("born_in") == ["was born in / is the birthplace of"])
        #expect(pairs("influenced_by") == ["is influenced by / influences"])
        #expect(pairs("ACTED_IN") == ["acted in / was acted in by"])
        #expect(pairs("DIRECTED") == ["directed / was directed by"])
        #expect(pairs("followed_by") == ["is followed by / follows"])
        #expect(pairs("sold") == ["sold / was sold by"])
        #expect(pairs("bought") == ["bought / was bought by"])
        #expect(pairs("makes") == ["makes / is made by"])
        #expect(pairs("leads") == ["leads / is led by"])
        #expect(pairs("builds") == ["builds / is built by"])
        #expect(pairs("licenses_patents_to") == ["licenses patents to / is licensed patents to by"])
        #expect(pairs("depends_on") == ["depends on / is depended on by"])
        #expect(pairs("supplier_of") == ["is a supplier of / has as a supplier", "supplies / is supplied by"])
        #expect(pairs("competitor_of") == ["is a competitor of / has as a competitor", "competes with / competes with"])
    }

    @Test func verbFormsAndPlurals() {
        let supply = EnglishPhrasing.verbForms("supply")
        #expect([supply.third, supply.past, supply.participle, supply.gerund] == ["supplies", "supplied", "supplied", "supplying"])
        let make = EnglishPhrasing.verbForms("make")
        #expect([make.third, make.past, make.gerund] == ["makes", "made", "making"])
        #expect(EnglishPhrasing.verbForms("sell").past == "sold")
        #expect(EnglishPhrasing.verbForms("lead").participle == "led")
        #expect(EnglishPhrasing.verbBase("supplies") == "supply")
        #expect(EnglishPhrasing.verbBase("acquired") == "acquire")
        #expect(EnglishPhrasing.verbBase("bought") == "buy")
        #expect(EnglishPhrasing.plural("company") == "companies")
        #expect(EnglishPhrasing.plural("person") == "people")
        #expect(EnglishPhrasing.plural("business") == "businesses")
        #expect(EnglishPhrasing.words(ofIdentifier: "CompanyGroup") == ["company", "group"])
    }

    @Test func theCompanySchemaStatesEveryPhraseItself() throws {
        let seed = try SeedQueries()
        let schema = seed.store.schema
        for name in schema.edgeTypeOrder {
            #expect(schema.edgeTypes[name]?.phraseIsGenerated == false, "\(name)")
            #expect(schema.generatedSynonyms(of: name).isEmpty, "\(name)")
        }
    }

    @Test func aStatedPhraseOrSayLineOverridesTheRule() throws {
        let schema = try SchemaParser.parse("""
        schema s
        kind Company
        edge supplies: Company -> Company "delivers to" / "receives from"
        edge partner_of: Company -> Company
          say en "works together with"
        edge owns: Company -> Company
        """)
        #expect(schema.edgeTypes["supplies"]?.phraseIsGenerated == false)
        #expect(schema.phrase(of: "supplies", inverse: true) == "receives from")
        #expect(schema.phrase(of: "partner_of") == "is a partner of")
        #expect(schema.generatedSynonyms(of: "partner_of").isEmpty)
        #expect(schema.phrase(of: "owns", inverse: true) == "is owned by")
        // The schema text of an inferred schema still omits them: parsed back, they are made again.
        let again = try SchemaParser.parse(SchemaWriter.text(of: schema))
        #expect(again.phrase(of: "owns", inverse: true) == "is owned by")
        #expect(!SchemaWriter.text(of: schema).contains("is owned by"))
    }
}

/// Questions over a graph imported from CSV with no schema: the phrases kg
/// makes from the edge types' names, each form of question, the query it
/// prints and the answer.
@Suite struct QuestionsWithoutALexiconTests {
    static let nodes = """
    id,kind,name,props
    acme,Company,"Acme, Inc",
    globex,Company,Globex,
    initech,Company,Initech,
    umbrella,Company,Umbrella,
    ada,Person,Ada Lovelace,
    bob,Person,Bob Smith,
    berlin,City,Berlin,
    paris,City,Paris,
    guild,Organisation,Steel Guild,

    """
    static let edges = """
    src,type,dst,props
    globex,supplies,acme,
    initech,supplies,acme,
    ada,works_for,acme,
    bob,works_for,globex,
    acme,partner_of,globex,
    umbrella,acquired,initech,
    acme,located_in,berlin,
    globex,located_in,paris,
    ada,invests_in,initech,
    bob,owns,umbrella,
    acme,member_of,guild,
    globex,member_of,guild,

    """

    let dir = TemporaryDirectory()
    let store: GraphStore
    let answerer: QuestionAnswerer

    init() throws {
        store = try CSVGraph.open(nodes: Self.nodes, edges: Self.edges, in: dir)
        answerer = QuestionAnswerer(engine: QueryEngine(store: store))
    }

    func ask(_ question: String) throws -> AskAnswer { try answerer.ask(question, options: .init()) }

    /// The query kg prints and the names in the first column of the answer.
    func answer(_ question: String) throws -> (query: String, names: [String]) {
        let answer = try ask(question)
        var formatter = ResultFormatter(store: store)
        return (answer.queryText, answer.result.rows.map { formatter.text($0[0]) })
    }

    @Test func whoWhatWhichKindPhraseName() throws {
        let works = try answer("who works for Acme, Inc?")
        #expect(works.query == #"MATCH (who)-[:works_for]->("Acme, Inc") RETURN DISTINCT who ORDER BY who.name"#)
        #expect(works.names == ["Ada Lovelace"])
        let supply = try answer("which companies supply Acme, Inc?")
        #expect(supply.query == #"MATCH (company:Company)-[:supplies]->("Acme, Inc") RETURN DISTINCT company ORDER BY company.name"#)
        #expect(supply.names == ["Globex", "Initech"])
        let supplied = try answer("who is supplied by Globex?")
        #expect(supplied.query == #"MATCH (who)<-[:supplies]-("Globex") RETURN DISTINCT who ORDER BY who.name"#)
        #expect(supplied.names == ["Acme, Inc"])
        #expect(try answer("who acquired Initech?").names == ["Umbrella"])
        #expect(try answer("who owns Umbrella?").names == ["Bob Smith"])
        #expect(try answer("what is owned by Bob Smith?").names == ["Umbrella"])
        #expect(try answer("who invests in Initech?").names == ["Ada Lovelace"])
        #expect(try answer("which companies are located in Berlin?").names == ["Acme, Inc"])
        #expect(try answer("which companies are members of Steel Guild?").names == ["Acme, Inc", "Globex"])
        // "has NOUN" reads the noun the other way round.
        let hasPartner = try answer("who has partner Acme, Inc?")
        #expect(hasPartner.query == #"MATCH (who)<-[:partner_of]-("Acme, Inc") RETURN DISTINCT who ORDER BY who.name"#)
        #expect(hasPartner.names == ["Globex"])
        #expect(try answer("what has member Acme, Inc?").names == ["Steel Guild"])
        // Without a question mark, and with the verb in another form.
        // "partners with" reads both ways, so it is asked both ways; "partner of" keeps the stored direction.
        let partners = try answer("who partners with Globex")
        #expect(partners.query == #"MATCH (who)-[:partner_of]-("Globex") RETURN DISTINCT who ORDER BY who.name"#)
        #expect(partners.names == ["Acme, Inc"])
        #expect(try answer("who partners with Acme, Inc").names == ["Globex"])
        #expect(try answer("who supplied Acme, Inc").names == ["Globex", "Initech"])
        #expect(try answer("who supplies to Acme, Inc?").names == ["Globex", "Initech"])
        #expect(try answer("which people worked for Globex").names == ["Bob Smith"])
    }

    @Test func whatDoesNameVerb() throws {
        let supplyTo = try answer("what does Globex supply to?")
        #expect(supplyTo.query == #"MATCH ("Globex")-[:supplies]->(what) RETURN DISTINCT what ORDER BY what.name"#)
        #expect(supplyTo.names == ["Acme, Inc"])
        #expect(try answer("what does Ada Lovelace work for?").names == ["Acme, Inc"])
        #expect(try answer("what does Ada Lovelace invest in?").names == ["Initech"])
        #expect(try answer("what did Umbrella acquire?").names == ["Initech"])
        #expect(try answer("who was Initech acquired by?").names == ["Umbrella"])
        let located = try answer("where is Acme, Inc located?")
        #expect(located.query == #"MATCH ("Acme, Inc")-[:located_in]->(city:City) RETURN DISTINCT city ORDER BY city.name"#)
        #expect(located.names == ["Berlin"])
        let whereIs = try answer("where is Globex?")
        #expect(whereIs.query == #"MATCH ("Globex")-[:located_in]->(place) RETURN DISTINCT place ORDER BY place.name"#)
        #expect(whereIs.names == ["Paris"])
        let work = try answer("where does Ada Lovelace work?")
        #expect(work.query == #"MATCH ("Ada Lovelace")-[:works_for]->(place) RETURN DISTINCT place ORDER BY place.name"#)
        #expect(work.names == ["Acme, Inc"])
    }

    @Test func yesNoCountAndConnection() throws {
        let yes = try ask("does Globex supply Acme, Inc?")
        #expect(yes.queryText == #"MATCH ("Globex")-[:supplies]->("Acme, Inc") RETURN count(*) AS matches"#)
        #expect(yes.verdict == true)
        #expect(yes.statement == "Globex supplies Acme, Inc")
        #expect(try ask("is Acme, Inc supplied by Initech?").verdict == true)
        #expect(try ask("does Initech supply Globex?").verdict == false)
        #expect(try ask("is Acme, Inc a partner of Globex?").verdict == true)
        #expect(try ask("was Initech acquired by Umbrella?").verdict == true)
        let count = try ask("how many companies supply Acme, Inc?")
        #expect(count.queryText == #"MATCH (company:Company)-[:supplies]->("Acme, Inc") RETURN count(DISTINCT company)"#)
        #expect(count.number == 2)
        #expect(try ask("how many companies are members of Steel Guild?").number == 2)
        let path = try ask("how is Ada Lovelace connected to Berlin?")
        #expect(path.queryText == #"MATCH p = SHORTEST ("Ada Lovelace")--+("Berlin") RETURN p"#)
        var formatter = AskAnswerFormatter(store: store)
        let printed = formatter.render(path, as: .table)
        #expect(printed.contains("works for") && printed.contains("is located in") && printed.contains("(2 steps)"), "\(printed)")
        // Walked the other way, each step reads with the inverse phrase.
        let back = formatter.render(try ask("how is Berlin connected to Ada Lovelace?"), as: .table)
        #expect(back.contains("is home to") && back.contains("is worked for by"), "\(back)")
    }

    @Test func kgSchemaShowsTheMadePhrasesMarked() throws {
        let report = SchemaReport(store: store, countsDerived: false)
        let text = try report.text()
        #expect(text.contains(#"en "supplies" / "is supplied by" (generated)"#), "\(text)")
        #expect(text.contains(#"en "is a partner of" / "has as a partner" (generated); also en "partners with" (generated)"#), "\(text)")
        guard case .object(let root) = try report.json(), case .array(let edges)? = root["edge_types"] ?? root["edges"] else {
            Issue.record("no edge types in the JSON report")
            return
        }
        let partner = edges.first { if case .object(let o) = $0, o["name"] == .string("partner_of") { return true } else { return false } }
        guard case .object(let o)? = partner, case .object(let phrases)? = o["phrases"], case .object(let en)? = phrases["en"] else {
            Issue.record("no phrases for partner_of")
            return
        }
        #expect(en["phrase"] == .string("is a partner of"))
        #expect(en["generated"] == .bool(true))
        #expect(en["also"] == .array([.object(["phrase": .string("partners with"), "inverse": .string("partners with")])]))
    }

    @Test func anUnknownWordListsWellFormedPhrases() throws {
        let error = expectKGError { _ = try self.ask("who manufactures Acme, Inc?") }
        #expect(error?.code == .questionNotUnderstood)
        #expect(error?.message.contains("'manufactures'") == true)
        let help = error?.suggestion ?? ""
        #expect(help.contains("'supplies'") && help.contains("'is supplied by'") && help.contains("'works for'"), "\(help)")
        #expect(!help.contains("supplies of") && !help.contains("of of"), "\(help)")
    }

    @Test func twoTypesReadTheSameAsksWhich() throws {
        let dir = TemporaryDirectory()
        let store = try CSVGraph.open(nodes: "id,kind,name,props\na,Company,Alpha,\nb,Company,Beta,\nc,Person,Cy Young,\n", edges: "src,type,dst,props\nc,owns,a,\nc,owner_of,b,\n", in: dir)
        let answerer = QuestionAnswerer(engine: QueryEngine(store: store))
        let error = expectKGError { _ = try answerer.ask("who owns Alpha?", options: .init()) }
        #expect(error?.code == .questionNotUnderstood)
        #expect(error?.message.contains("owns or owner_of") == true, "\(error?.message ?? "")")
        // Each type's own words still work.
        var formatter = ResultFormatter(store: store)
        let owner = try answerer.ask("who is an owner of Beta?", options: .init())
        #expect(owner.result.rows.map { formatter.text($0[0]) } == ["Cy Young"])
    }

    @Test func generatedPhrasesNeverShadowStatedOnes() throws {
        let dir = TemporaryDirectory()
        let schema = try SchemaParser.parse("""
        schema s
        kind Company open
        kind Person open
        edge controls: Person -> Company "owns" / "is owned by"
        edge owns: Person -> Company
        """)
        var options = CSVImportOptions()
        options.schema = schema
        let store = try CSVGraph.open(nodes: "id,kind,name,props\na,Company,Alpha,\nb,Company,Beta,\nc,Person,Cy Young,\nd,Person,Di Ross,\n", edges: "src,type,dst,props\nc,controls,a,\nd,owns,a,\n", in: dir, options: options)
        let answer = try QuestionAnswerer(engine: QueryEngine(store: store)).ask("who owns Alpha?", options: .init())
        #expect(answer.queryText == #"MATCH (who)-[:controls]->("Alpha") RETURN DISTINCT who ORDER BY who.name"#)
    }
}

/// A graph in the shape of the peer benchmark's generator (`gen.py`: kinds
/// in lower case, agreements with role edges `licensor`, `licensee`,
/// `party`), imported without a schema, asked in plain words.
@Suite struct QuestionsOnABenchmarkShapedGraphTests {
    @Test func rolesAgreementsAndLowerCaseKinds() throws {
        let dir = TemporaryDirectory()
        let store = try CSVGraph.open(nodes: """
        id,kind,name,props
        c0,company,Ropan Mobile,"{""sector"":""phone_maker""}"
        c1,company,Tritek Semiconductor,
        c2,company,Orsol Industries,
        p0,person,David Rossi,
        p1,person,Mia Chen,
        r0,product,Ropan Modem 0,
        a0,agreement,Ropan cross license 0,"{""kind"":""cross_license""}"
        a1,agreement,Ropan partnership 1,"{""kind"":""partnership""}"

        """, edges: """
        src,type,dst,props
        c1,partner_of,c0,
        c0,partner_of,c2,
        p0,ceo_of,c0,
        p0,works_for,c0,
        p1,works_for,c0,
        c0,develops,r0,
        c2,supplies,c0,
        a0,licensor,c0,
        a0,licensee,c1,
        a1,party,c0,
        a1,party,c2,

        """, in: dir)
        let answerer = QuestionAnswerer(engine: QueryEngine(store: store))
        var formatter = ResultFormatter(store: store)
        func names(_ q: String) throws -> [String] { try answerer.ask(q, options: .init()).result.rows.map { formatter.text($0[0]) } }

        #expect(try names("who is the CEO of Ropan Mobile?") == ["David Rossi"])
        #expect(try answerer.ask("how many people work for Ropan Mobile?", options: .init()).number == 2)
        #expect(try names("what does Ropan Mobile develop?") == ["Ropan Modem 0"])
        #expect(try names("who supplies Ropan Mobile?") == ["Orsol Industries"])
        let party = try answerer.ask("which agreements is Ropan Mobile party to?", options: .init())
        #expect(party.queryText == #"MATCH ("Ropan Mobile")<-[:party]-(agreement:agreement) RETURN DISTINCT agreement ORDER BY agreement.name"#)
        #expect(party.result.rows.map { formatter.text($0[0]) } == ["Ropan partnership 1"])
        #expect(try names("which agreements is Ropan Mobile a licensor in?") == ["Ropan cross license 0"])
        #expect(try names("which companies are partners of Ropan Mobile?") == ["Tritek Semiconductor"])
        // "party" is not "partner": a phrase kg does not have is not read as a near one.
        let error = expectKGError { _ = try answerer.ask("which agreements is Ropan Mobile a party of?", options: .init()) }
        #expect(error?.code == .questionNotUnderstood)
    }
}
