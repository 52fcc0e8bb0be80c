import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

@Suite struct QueryEngineTests {
    @Test func whoLicensesPatentsToXiaomiThroughAgreements() throws {
        let q = try SeedQueries()
        let rows = try q.table("""
            MATCH (who)<-[:licensor]-(a:Agreement {kind: "cross_license"})-[:licensee]->(Xiaomi)
            WHERE who <> Xiaomi RETURN who, a.date ORDER BY who
            """)
        #expect(rows == [["Microsoft", ""], ["Nokia", "2017-07"]])
    }

    @Test func derivedEdgeTypesReadLikeStoredOnes() throws {
        let q = try SeedQueries()
        #expect(try q.column("MATCH (x)-[:licenses_patents_to]->(Xiaomi) RETURN DISTINCT x") == ["Nokia", "Microsoft"])
        // Inverse of a derived type: whom Xiaomi licenses to (cross-licences go both ways).
        #expect(try q.column("MATCH (Xiaomi)-[:licenses_patents_to]->(y) RETURN DISTINCT y") == ["Nokia", "Microsoft"])
        #expect(try q.column("MATCH (Xiaomi)<-[:^sold_patents_to]-(y) RETURN y") == [])
        #expect(try q.column("MATCH (x)-[:sold_patents_to]->(Xiaomi) RETURN x") == ["Nokia", "Microsoft"])
        #expect(try q.column("MATCH (Xiaomi)-[:partner_of]-(c) RETURN DISTINCT c") == ["Baidu", "Nokia", "Microsoft", "IKEA", "FAW Car"])
    }

    @Test func repetitionWalksThePartnerNetwork() throws {
        let q = try SeedQueries()
        let two = try q.column("MATCH (Xiaomi)-[:partner_of*1..2]-(c:Company) WHERE c <> Xiaomi RETURN DISTINCT c")
        #expect(two == ["Baidu", "Nokia", "Microsoft", "IKEA", "FAW Car", "Sonos"])
        let one = try q.column("MATCH (Xiaomi)-[:partner_of]-{1}(c:Company) RETURN DISTINCT c")
        #expect(one == ["Baidu", "Nokia", "Microsoft", "IKEA", "FAW Car"])
        let closure = try q.column("MATCH (Sonos)-[:partner_of]-+(c) WHERE c <> Sonos RETURN DISTINCT c")
        #expect(closure == two.union(["Xiaomi"]).subtracting(["Sonos"]))
        // Exactly two hops (walks): the start itself comes back over any partner.
        let exactlyTwo = try q.column("MATCH (IKEA)-[:partner_of]-{2,2}(c) RETURN DISTINCT c")
        #expect(exactlyTwo == ["IKEA", "Baidu", "Nokia", "Microsoft", "FAW Car"])
        // Zero repetitions include the start.
        #expect(try q.column("MATCH (Sonos)-[:partner_of]-{0,1}(c) RETURN DISTINCT c") == ["Sonos", "IKEA"])
    }

    @Test func compositeSegmentsRepeat() throws {
        let q = try SeedQueries()
        let direct = try q.column("MATCH (Sonos) (<-[:party]-(:Agreement)-[:party]->){1,1} (d:Company) WHERE d <> Sonos RETURN DISTINCT d")
        #expect(direct == ["IKEA"])
        let twice = try q.column("MATCH (Sonos) (<-[:party]-(:Agreement {kind: \"partnership\"})-[:party]->){1,2} (d:Company) WHERE d <> Sonos RETURN DISTINCT d")
        #expect(twice == ["IKEA", "Xiaomi"])
    }

    @Test func shortestPathsBetweenTwoCompanies() throws {
        let q = try SeedQueries()
        let result = try q.run("MATCH p = SHORTEST (Sonos)-[:partner_of]-+(Nokia) RETURN length(p), nodes(p)")
        #expect(result.rows.count == 1)
        #expect(result.rows[0][0] == .int(3))
        var f = ResultFormatter(store: q.store)
        #expect(f.text(result.rows[0][1]) == "[Sonos, IKEA, Xiaomi, Nokia]")
        let all = try q.run("MATCH p = ALL SHORTEST (IKEA)-[]-+(Xiaomi) RETURN length(p)")
        #expect(all.rows.allSatisfy { $0[0] == all.rows[0][0] })
        #expect(all.rows.count >= 1)
        #expect(try q.run("MATCH p = SHORTEST (Sonos)-[:competitor_of]-+(Nokia) RETURN p").rows.isEmpty)
    }

    @Test func timeTravelKeepsOnlyFactsValidThen() throws {
        let q = try SeedQueries()
        let query = "MATCH (a:Agreement)-[:party]->(Xiaomi) AS OF $when RETURN a.name"
        // Before 2017-07 the Nokia partnership did not exist; the undated ones are kept.
        let before = try q.column(query, ["when": .string("2017-06")])
        #expect(!before.contains("Nokia–Xiaomi business partnership"))
        #expect(before.contains("Baidu–Xiaomi partnership"))
        let after = try q.column(query, ["when": .string("2019")])
        #expect(after.contains("Nokia–Xiaomi business partnership"))
        #expect(after.contains("Xiaomi–IKEA smart-home partnership"))
        let during = try q.column("MATCH (a:Agreement)-[:party]->(Xiaomi) DURING 2010 .. 2017-12 RETURN a.name")
        #expect(!during.contains("Xiaomi–IKEA smart-home partnership"))
        #expect(during.contains("Nokia–Xiaomi business partnership"))
        // Edges with a validity period: the IKEA integration starts 2018-12.
        #expect(try q.column("MATCH (x)-[:integrates]->(Tradfri) AS OF 2018-11 RETURN x").isEmpty)
        #expect(try q.column("MATCH (x)-[:integrates]->(Tradfri) AS OF 2019 RETURN x") == ["Xiaomi IoT platform"])
    }

    @Test func whereOperators() throws {
        let q = try SeedQueries()
        #expect(try q.column("MATCH (c:Company) WHERE c.name STARTS WITH 'Xia' RETURN c") == ["Xiaomi"])
        #expect(try q.column("MATCH (c:Company) WHERE c.name CONTAINS 'oft' RETURN c") == ["Microsoft"])
        #expect(try q.column("MATCH (c:Company) WHERE c.name ENDS WITH 'Car' RETURN c") == ["FAW Car"])
        #expect(try q.column("MATCH (c:Company) WHERE c.founded >= 2000 AND c.founded IS NOT NULL RETURN c") == ["Xiaomi"])
        #expect(try q.column("MATCH (a:Agreement) WHERE a.patents IS NOT NULL RETURN a.patents") == ["1500"])
        #expect(try q.column("MATCH (a:Agreement) WHERE a.date >= 2018 RETURN a") == ["Xiaomi–IKEA smart-home partnership", "IKEA–Sonos partnership", "Xiaomi–FAW Car partnership"])
        #expect(try q.column("MATCH (a:Agreement) WHERE a.date < 2018-01 RETURN DISTINCT a.kind") == ["cross_license", "patent_sale", "supply", "partnership"])
        #expect(try q.column("MATCH (p:Person) WHERE NOT p.name IN ['Lei Jun', 'Hugo Barra'] OR p.name = 'Lei Jun' RETURN p")
                .isSuperset(of: ["Lei Jun", "Wang Xiang", "Rajeev Suri"]))
    }

    @Test func aggregatesGroupImplicitly() throws {
        let q = try SeedQueries()
        let rows = try q.table("MATCH (a:Agreement)-[:party|licensee|buyer|customer]->(Xiaomi) RETURN a.kind AS kind, count(DISTINCT a) AS n ORDER BY n DESC, kind")
        #expect(rows.first == ["partnership", "5"])
        #expect(rows.contains(["patent_sale", "2"]))
        #expect(try q.table("MATCH (c:Company) RETURN count(*)") == [["21"]])
        #expect(try q.table("MATCH (c:Company {name: 'Nobody'}) RETURN count(*)") == [["0"]])
        #expect(try q.table("MATCH (a:Agreement) RETURN min(a.date), max(a.date), sum(a.patents)") == [["2017-07", "2018-11-28", "1500"]])
        let collected = try q.table("MATCH (Xiaomi)-[:develops]->(p) RETURN collect(p.name) AS products")
        #expect(collected.count == 1 && collected[0][0].contains("MiMo"))
    }

    @Test func orderSkipLimitDistinctAndParameters() throws {
        let q = try SeedQueries()
        let all = try q.table("MATCH (Xiaomi)-[:develops]->(p) RETURN p.name AS name ORDER BY name")
        let page = try q.table("MATCH (Xiaomi)-[:develops]->(p) RETURN p.name AS name ORDER BY name SKIP $s LIMIT 2", ["s": .int(1)])
        #expect(page == Array(all[1...2]))
        #expect(try q.table("MATCH (c:Company)<-[:party]-(a) RETURN DISTINCT a.kind").count == 1)
        #expect(try q.column("MATCH (c = $company)-[:develops]->(p) RETURN p", ["company": .string("小米")]).contains("MiMo"))
        let descending = try q.table("MATCH (Xiaomi)-[:develops]->(p) RETURN p.name ORDER BY p.name DESC LIMIT 1")
        #expect(descending == [[all.last![0]]])
    }

    @Test func joinsAcrossPatternsShareVariables() throws {
        let q = try SeedQueries()
        let people = try q.column("MATCH (Xiaomi)-[:partner_of]-(c), (p:Person)-[:ceo_of|works_for]->(c) RETURN DISTINCT p")
        #expect(people == ["Rajeev Suri"])
        let same = try q.column("MATCH (p:Person)-[:ceo_of]->(c) MATCH (c)-[:develops]->(x) RETURN DISTINCT p")
        #expect(same == ["Lei Jun"])
    }

    @Test func evidenceSaysWhy() throws {
        let q = try SeedQueries()
        let result = try q.run("MATCH (x)-[:sold_patents_to]->(Xiaomi) RETURN x, evidence() ORDER BY x", facts: true)
        var f = ResultFormatter(store: q.store)
        #expect(f.text(result.rows[0][0]) == "Microsoft")
        let evidence = f.text(result.rows[0][1])
        #expect(evidence.contains("Rund 1500 Schutzrechte"))
        #expect(evidence.contains("002_0f96c8cdbb6431ce.txt"))
        #expect(result.rowFacts[0].contains { if case .node = $0 { return true } else { return false } })
        let why = f.render(result, as: .table, why: true)
        #expect(why.contains("because Microsoft sells patents to Xiaomi (Agreement)"))
    }

    @Test func explainShowsAnAnchoredPlan() throws {
        let q = try SeedQueries()
        let plan = try q.run("EXPLAIN MATCH (who)<-[:licensor]-(a:Agreement)-[:licensee]->(Xiaomi) RETURN DISTINCT who").planText ?? ""
        // The operator tree, root first, each input indented under what it feeds.
        let lines = plan.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("Return DISTINCT who"))
        #expect(lines[1].hasPrefix("  Expand (who) <-[:licensor]- (a:Agreement) right to left, from a") && lines[1].contains("licensor via index edges_out (type, src)"))
        #expect(lines[2].hasPrefix("    Expand (a:Agreement) -[:licensee]-> (Xiaomi) right to left, from Xiaomi") && lines[2].contains("licensee via index edges_in (type, dst)"))
        #expect(lines[3].hasPrefix("      NodeSeek (Xiaomi): the named node"))
        #expect(!plan.contains("Scan"))
        // WHERE parts run as soon as their variables are bound.
        let pushed = try q.run("EXPLAIN MATCH (who)<-[:licensor]-(a:Agreement)-[:licensee]->(Xiaomi) WHERE a.kind = 'cross_license' AND who <> Xiaomi RETURN who").planText ?? ""
        let steps = pushed.split(separator: "\n").map(String.init)
        #expect(steps[1].contains("Filter WHERE who <> Xiaomi"))
        #expect(steps[2].contains("Expand (who) <-[:licensor]- (a:Agreement) right to left"))
        #expect(steps[3].contains("Filter WHERE a.kind = \"cross_license\""))
        #expect(steps[4].contains("Expand (a:Agreement) -[:licensee]-> (Xiaomi) right to left"))
        #expect(try q.column("MATCH (who)<-[:licensor]-(a:Agreement)-[:licensee]->(Xiaomi) WHERE a.kind = 'cross_license' AND who <> Xiaomi RETURN who") == ["Nokia", "Microsoft"])
        let repeated = try q.run("EXPLAIN MATCH (Xiaomi)-[:partner_of]-{1,3}(c) RETURN c").planText ?? ""
        #expect(repeated.contains("breadth-first frontier with a visited set"))
        let profile = try q.run("PROFILE MATCH (Xiaomi)-[:develops]->(p) RETURN p")
        #expect(profile.rows.count == 5)
        #expect(profile.planText?.contains("[rows 1 in, 5 out,") == true)
    }

    @Test func pathValuesAndFunctions() throws {
        let q = try SeedQueries()
        let rows = try q.table("MATCH p = (Sonos)-[:partner_of]-+(c) WHERE c.name = 'Nokia' RETURN length(p), size(nodes(p)), size(edges(p))")
        #expect(rows == [["3", "4", "3"]])
        #expect(try q.table("MATCH (x)-[e:ceo_of]->(Xiaomi) RETURN type(e), key(x), kind(x), lower(x.name), upper(x.name)") == [["ceo_of", "lei-jun", "Person", "lei jun", "LEI JUN"]])
        #expect(try q.table("MATCH (x:Company) WHERE x.name = 'Nokia' RETURN coalesce(x.founded, 'none'), year(2017-07)") == [["none", "2017"]])
    }

    @Test func bareWordsNameNodesAndVariablesStayVariables() throws {
        let q = try SeedQueries()
        // (Xiaomi) names the node; (p) is a variable; Xiaomi in WHERE is the same node.
        #expect(try q.column("MATCH (Xiaomi)-[:develops]->(p) WHERE p <> Xiaomi RETURN count(p)") == ["5"])
        #expect(try q.column("MATCH (\"FAW Car\")-[:integrates]->(x) RETURN x") == ["Xiao AI"])
        #expect(try q.column("MATCH (\"faw-car\")-[:integrates]->(x) RETURN x") == ["Xiao AI"])
        #expect(try q.column("MATCH (c)-[:integrates]->(x) WHERE x = DuerOS RETURN c") == ["Xiaomi"])
    }
}

@Suite struct MemoryIndexTests {
    /// Every answer is the same whether steps read the SQLite indexes or the
    /// in-memory adjacency and node columns.
    @Test func inMemoryIndexesGiveTheSameAnswers() throws {
        let q = try SeedQueries()
        let queries = [
            "MATCH (who)<-[:licensor]-(a:Agreement)-[:licensee]->(Xiaomi) WHERE who <> Xiaomi RETURN DISTINCT who.key",
            "MATCH (x)-[:licenses_patents_to]->(Xiaomi) RETURN DISTINCT x.key",
            "MATCH (Xiaomi)-[:partner_of]-{1,2}(c:Company) RETURN DISTINCT c.key",
            "MATCH (c:Company)<-[:party]-(a:Agreement) RETURN c.key, count(a)",
            "MATCH (p:Person)-[r:works_for|ceo_of]->(c) RETURN p.key, type(r), c.key",
            "MATCH (a)-[:integrates]->(b) AS OF 2019 RETURN a.key, b.key",
            "MATCH p = SHORTEST (Sonos)-[]-+(Baidu) RETURN length(p)",
            "MATCH (x)-->(y:Product) RETURN x.key, y.key",
            "MATCH (x)<--(y:Agreement {kind: 'partnership'}) RETURN DISTINCT x.key",
        ]
        let memory = QueryEngine(store: q.store)
        memory.alwaysUseMemoryIndexes = true
        for text in queries {
            let plain = try QueryEngine(store: q.store).execute(text).rows.map { $0.map { "\($0)" } }.sorted { $0.joined() < $1.joined() }
            let viaMemory = try memory.execute(text).rows.map { $0.map { "\($0)" } }.sorted { $0.joined() < $1.joined() }
            #expect(plain == viaMemory, "\(text)")
            #expect(!plain.isEmpty, "\(text)")
        }
    }
}
