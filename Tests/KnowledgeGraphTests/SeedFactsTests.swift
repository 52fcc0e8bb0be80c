import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// The questions a reader of the five seed articles would ask, asked of the
/// seed graph in the query language, with the answers the articles give
/// (docs/seed-graph.md lists the facts per article). Node names are quoted
/// and variables lower-case, so the queries read the same under either rule
/// for bare words.
@Suite struct SeedFactsTests {
    /// The text of a result's evidence column (the last one), over all rows.
    func evidence(_ q: SeedQueries, _ text: String) throws -> String {
        let result = try q.run(text, facts: true)
        var f = ResultFormatter(store: q.store)
        return result.rows.map { f.text($0[$0.count - 1]) }.joined(separator: "\n")
    }

    @Test func theSeedGraphHoldsTheCountedFacts() throws {
        let q = try SeedQueries()
        let stats = try q.store.statistics()
        #expect(stats.nodeCount == 72)
        #expect(stats.edgeCount == 97)
        #expect(stats.evidence == 231)
        #expect(try q.column("MATCH (a:Agreement) RETURN count(a)") == ["13"])
        #expect(try q.column("MATCH (a:Agreement {kind: \"supply\"}) RETURN count(a)") == ["2"])
    }

    // MARK: Supply, asked two ways

    @Test func xiaomisMainChipSupplierIsQualcommAccordingToReuters() throws {
        let q = try SeedQueries()
        let rows = try q.table("""
            MATCH ("Xiaomi")<-[:customer]-(a:Agreement {kind: "supply", main_supplier: true})-[:supplier]->(s)
            RETURN s.name, a.goods, a.according_to
            """)
        #expect(rows == [["Qualcomm", "Chips", "Reuters"]])
        #expect(try evidence(q, "MATCH (s)<-[:supplier]-(a:Agreement {main_supplier: true})-[:customer]->(\"Xiaomi\") RETURN s, evidence()")
            .contains("Qualcomm bleibt laut Reuters dennoch der wichtigste Chip-Lieferant für Xiaomi."))
    }

    @Test func whoSuppliesXiaomiIsOneAnswerAskedByEdgeOrByRoles() throws {
        let q = try SeedQueries()
        let byEdge = try q.column("MATCH (s)-[:supplies]->(\"Xiaomi\") RETURN s")
        let byRoles = try q.column("MATCH (s)<-[:supplier]-(a:Agreement {kind: \"supply\"})-[:customer]->(\"Xiaomi\") RETURN s")
        #expect(byEdge == ["Qualcomm", "Nokia"])
        #expect(byRoles == byEdge)
        #expect(try q.column("MATCH (\"Xiaomi\")<-[:supplies]-(s) RETURN s") == byEdge)
        #expect(try q.column("MATCH (\"Qualcomm\")-[:supplies]->(c) RETURN c") == ["Xiaomi"])
        // The derived edge rests on the agreement's evidence.
        let why = try evidence(q, "MATCH (s)-[:supplies]->(\"Xiaomi\") RETURN s, evidence()")
        #expect(why.contains("Qualcomm bleibt laut Reuters dennoch der wichtigste Chip-Lieferant für Xiaomi."))
        #expect(why.contains("Zum einen gibt es Equipment für die Netzwerkinfrastruktur in Rechenzentren, was ein Steckenpferd Nokias ist."))
        // A derived edge has no properties of its own: asking for one is an error, not a silent null.
        #expect(q.error("MATCH (s)-[r:supplies]->(\"Xiaomi\") RETURN r.goods") != nil)
    }

    @Test func theSuppliersQueryListsGoodsAndSource() throws {
        let q = try SeedQueries()
        let query = try NamedQuery.named("suppliers")
        let result = try q.engine.execute(query.text, options: .init(parameters: try query.bind([:])))
        var f = ResultFormatter(store: q.store)
        let rows = result.rows.map { $0.prefix(4).map { f.text($0) } }
        #expect(rows == [["Nokia", "Equipment für die Netzwerkinfrastruktur in Rechenzentren", "", ""],
                         ["Qualcomm", "Chips", "true", "Reuters"]])
        let nokia = try q.engine.execute(query.text, options: .init(parameters: try query.bind(["company": .string("Nokia")])))
        #expect(nokia.rows.isEmpty)
    }

    @Test func supplyIsNotWrittenAsAStoredEdge() throws {
        let dir = TemporaryDirectory()
        let store = try Fixtures.seedStore(in: dir)
        let before = try store.contentDigest()
        let text = "edge qualcomm supplies xiaomi\n  evidence xiaomi-mimo-2025 \"Qualcomm bleibt laut Reuters dennoch der wichtigste Chip-Lieferant für Xiaomi.\"\n"
        let error = expectKGError { _ = try GraphTextImporter(store: store).importText(text) }
        #expect(error?.code == .derivedNotWritable)
        #expect(error?.suggestion?.contains("(x)<-[:supplier]-(a:Agreement {kind: \"supply\"})-[:customer]->(y)") == true)
        #expect(try store.contentDigest() == before)
    }

    // MARK: Places

    @Test func xiaomisSitesInEurope() throws {
        let q = try SeedQueries()
        #expect(try q.table("""
            MATCH ("Xiaomi")-[r:located_in]->(p:Place {continent: "Europe"}) RETURN p.name, r.site ORDER BY p.name
            """) == [["Düsseldorf", "Vertriebsteam"], ["Munich", "Forschungs- und Entwicklungszentrum"]])
        #expect(try q.column("MATCH (p:Place) WHERE p.continent IS NULL RETURN p") == [])
        // The article places both sites in Europe but names no country: none is recorded.
        #expect(try q.column("MATCH (p:Place) WHERE p.country IS NOT NULL RETURN p") == [])
    }

    @Test func companiesHaveTheCountryTheArticlesGive() throws {
        let q = try SeedQueries()
        let rows = try q.table("MATCH (c:Company) WHERE c.country IS NOT NULL RETURN c.name, c.country ORDER BY c.name")
        // Baidu: no sentence of its article gives its country.
        #expect(rows == [["FAW Car", "China"], ["IKEA", "Sweden"], ["Microsoft", "United States"],
                         ["Nokia", "Finland"], ["Xiaomi", "China"]])
    }

    // MARK: Ranking

    @Test func idcRanksSamsungAppleHuaweiAndLenovoAheadOfXiaomi() throws {
        let q = try SeedQueries()
        #expect(try q.column("MATCH (c)-[:ranks_ahead_of]->(\"Xiaomi\") RETURN c") == ["Samsung", "Apple", "Huawei", "Lenovo"])
        #expect(try q.column("MATCH (\"Xiaomi\")-[:ranks_ahead_of]->(c) RETURN c") == [])
        // The article gives no order among the four: none ranks ahead of another.
        #expect(try q.column("MATCH (c)-[:ranks_ahead_of]->(\"Samsung\") RETURN c") == [])
        let rows = try q.table("""
            MATCH (o)<-[:compiled_by]-(r:Ranking)-[e:ranks]->("Xiaomi") RETURN o.name, e.position, r.market
            """)
        #expect(rows == [["IDC", "5", "Smartphones weltweit"]])
        let why = try evidence(q, "MATCH (c)-[:ranks_ahead_of]->(\"Xiaomi\") RETURN c, evidence()")
        #expect(why.contains("Xiaomi ist früheren Angaben des Marktforschungsinstituts IDC die weltweite Nummer fünf hinter Samsung, Apple, Huawei und Lenovo."))
        #expect(why.contains("002_0f96c8cdbb6431ce.txt"))
    }

    // MARK: Analysts

    @Test func analystsWhoRateXiaomiBuyWithTheArticlesWord() throws {
        let q = try SeedQueries()
        let rows = try q.table("""
            MATCH (a)-[r:rates {rating: "buy"}]->("Xiaomi")
            RETURN a.name, r.rating_text, r.previous_rating, r.previous_rating_text, r.price_target, r.price_target_currency, r.upside_percent
            """)
        #expect(rows == [["Astrada Advisors", "Kaufen", "hold", "Halten", "63.0", "HKD", "23.5"]])
        #expect(try q.column("MATCH (a)-[r:rates]->(\"Xiaomi\") WHERE r.risks CONTAINS \"SU7\" RETURN a") == ["Astrada Advisors"])
    }

    @Test func aRatingOutsideTheNormalisedListIsRefused() throws {
        let dir = TemporaryDirectory()
        let store = try Fixtures.seedStore(in: dir)
        let before = try store.contentDigest()
        let text = "edge astrada-advisors rates xiaomi rating=\"Kaufen\"\n  evidence xiaomi-mimo-2025 \"Die Analysten sehen darin \\\"einen positiven Durchbruch für Xiaomi\\\".\"\n"
        let error = expectKGError { _ = try GraphTextImporter(store: store).importText(text) }
        #expect(error?.code == .valueNotAllowed)
        #expect(error?.suggestion?.contains("buy") == true)
        #expect(try store.contentDigest() == before)
    }

    @Test func mimoOutperformsTwoModelsAccordingToAstrada() throws {
        let q = try SeedQueries()
        #expect(try q.table("""
            MATCH ("MiMo")-[r:outperforms]->(m) RETURN m.name, r.field, r.according_to ORDER BY m.name
            """) == [["QwQ-32B", "Mathematik und Programmierung", "Astrada Advisors"],
                     ["o1-mini", "Mathematik und Programmierung", "Astrada Advisors"]])
    }

    // MARK: Products, events, people

    @Test func duerOSIsLicenceFreeAndUsedByMoreThan130OtherCompanies() throws {
        let q = try SeedQueries()
        #expect(try q.table("MATCH (p:Product {licence_free: true}) RETURN p.name, p.adopters_over") == [["DuerOS", "130"]])
    }

    @Test func whatXiaomiSells() throws {
        let q = try SeedQueries()
        let sold = try q.column("MATCH (\"Xiaomi\")-[:sells]->(p) RETURN p")
        #expect(sold == ["Xiaomi smartphones", "Xiaomi tablets", "Xiaomi pens", "Xiaomi umbrellas", "Xiaomi fitness trackers",
                         "Xiaomi shoes", "Xiaomi e-scooters", "Mijia"])
        #expect(try q.column("MATCH (c)-[:manufactures]->(\"Xiaomi smartphones\") RETURN c") == ["Xiaomi"])
        #expect(try q.column("MATCH (\"IKEA\")-[:sells]->(p) RETURN p") == ["Tradfri", "IKEA smart plug"])
    }

    @Test func microsoftCutsJobsInItsSmartphoneBusiness() throws {
        let q = try SeedQueries()
        #expect(try q.table("""
            MATCH (e:Event {kind: "restructuring"})-[:announced_by]->(c), (e)-[:concerns]->(p)
            RETURN c.name, e.jobs_cut, p.name, p.market_share_percent
            """) == [["Microsoft", "1850", "Microsoft smartphones", "0.7"]])
        #expect(try q.table("MATCH (a:Agreement {kind: \"acquisition\"})-[:buyer]->(\"Microsoft\") RETURN a.charge_usd") == [["950000000"]])
    }

    @Test func xiaomisPartnershipsOf2018() throws {
        let q = try SeedQueries()
        #expect(try q.column("""
            MATCH (a:Agreement {kind: "partnership"})-[:party]->("Xiaomi") WHERE a.date >= 2018 AND a.date < 2019 RETURN a
            """) == ["Xiaomi–IKEA smart-home partnership", "Xiaomi–FAW Car partnership"])
    }

    @Test func theIkeaPartnershipWasAnnouncedAtXiaomisConference() throws {
        let q = try SeedQueries()
        #expect(try q.table("""
            MATCH (a:Agreement)-[:announced_at]->(e:Event {kind: "conference"})-[:organiser]->(o)
            RETURN a.name, e.name, o.name, e.date
            """) == [["Xiaomi–IKEA smart-home partnership", "MIDC 2018", "Xiaomi", "2018-11"]])
    }

    @Test func xiaomiRecruitsFormerStaffOfBMWAndFerrari() throws {
        let q = try SeedQueries()
        #expect(try q.table("MATCH (\"Xiaomi\")-[r:recruits_from]->(c) RETURN c.name, r.people, r.role ORDER BY c.name")
            == [["BMW", "5", "ehemalige Manager"], ["Ferrari", "1", "Aerodynamiker"]])
    }

    @Test func theXringO1ChipIsReleasedInMay2025() throws {
        let q = try SeedQueries()
        #expect(try q.table("MATCH (p:Product) WHERE p.release_date IS NOT NULL RETURN p.name, p.release_date") == [["XringO1", "2025-05"]])
        #expect(try q.table("MATCH (p:Person {title: \"Prof., Autoexperte\"}) RETURN p.name") == [["Stefan Bratzel"]])
    }

    // MARK: What was left out

    @Test func fictionRumourAndSpeculationStayOut() throws {
        let q = try SeedQueries()
        // 000: the Google–Apple cooperation is fictitious; Google never enters the graph.
        // 003: the rumoured Xiaomi car; 002: Microsoft's rumoured exit from smartphones.
        for name in ["Google", "Alphabet", "JD.com", "Tesla", "Amazon", "Honor", "Reuters"] {
            #expect(q.error("MATCH (n = \"\(name)\") RETURN n")?.code == .unknownNode, "\(name)")
        }
        #expect(try q.column("MATCH (a)-[:partner_of]-(\"Apple\") RETURN a") == [])
        #expect(try q.column("MATCH (p:Product {category: \"car\"}) RETURN p") == [])
        #expect(try q.column("MATCH (e:Event) WHERE e.summary CONTAINS \"Rückzug\" OR e.summary CONTAINS \"exit\" RETURN e") == [])
    }

    @Test func sourcesWithoutAHeadlineHaveABracketedDescription() throws {
        let dir = TemporaryDirectory()
        let store = try Fixtures.seedStore(in: dir)
        let titles = Dictionary(uniqueKeysWithValues: try store.sources().map { ($0.file, $0.title ?? "") })
        #expect(titles["000_e986fd15499c2226.txt"] == "Baidu und Xiaomi – zwei Tech-Giganten schließen sich zusammen")
        #expect(titles["002_0f96c8cdbb6431ce.txt"] == "Microsoft verbündet sich mit Chinesen")
        for file in ["001_6b384485849d558d.txt", "003_149028ae3e39ac24.txt", "004_f55bf7d08762bf6a.txt"] {
            #expect(titles[file]?.hasPrefix("[") == true && titles[file]?.hasSuffix("]") == true, "\(file)")
        }
    }
}
