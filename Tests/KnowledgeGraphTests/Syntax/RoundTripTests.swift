import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

@Suite struct RoundTripTests {
    static let queries: [String] = [
        #"MATCH (who)<-[:licensor]-(a:Agreement {kind: "patent_license"})-[:licensee]->(Xiaomi) RETURN who, a.date"#,
        "MATCH (Xiaomi) -[:partner_of*1..3]- (c:Company) RETURN DISTINCT c",
        "MATCH p = SHORTEST (IKEA) -[:partner_of|supplies]-+ (Microsoft) RETURN p, length(p)",
        "MATCH (x:Company) -[:licenses_patents_to]-> (Xiaomi) AS OF 2018-01 RETURN x, evidence()",
        "MATCH (c = $company) (<-[:party]-(:Agreement)-[:party]->){1,3} (d:Company) WHERE d <> c RETURN count(DISTINCT d) AS n",
        "MATCH (h = $company)-[:partner_of]-(c), (p:Person)-[:works_for]->(c) RETURN DISTINCT p.key ORDER BY p.key DESC SKIP 1 LIMIT 10",
        #"MATCH ("FAW Car")<-[:^integrates]-(x) RETURN x"#,
        "MATCH (n) WHERE n.name STARTS WITH 'Xia' AND NOT n.kind IN ['Place'] OR n.founded >= 2010 AND n.x IS NOT NULL RETURN n.name AS name",
        "EXPLAIN MATCH (a)-->(b) RETURN *",
        "MATCH (a)-[e:supplies]->(b) DURING 2017 .. 2019-06 RETURN a, e, b",
        "PROFILE MATCH (a)<--(b)--(c) RETURN a",
        "MATCH (a) MATCH (b) WHERE a.x = b.x RETURN a, b",
        "MATCH ALL SHORTEST (a)-[:t*]->(b) RETURN a",
        "MATCH ANY SHORTEST (a)-->*(b) RETURN b",
        "MATCH (a)-[:t?]->(b), (b)-[:u{2,}]-(c) RETURN c",
        "MATCH (a)((-->){2}(x:K)<--)+(b) RETURN x",
        "MATCH (`weird name`:`Kind with space`)-[`e e`:`type``q`]->(b) RETURN `weird name`.`a prop` AS `the col`",
        #"MATCH (a {s: "tab\there", q: 'say "hi"', u: "\u00e9\\", n: "小米"}) RETURN a"#,
        "MATCH (a) WHERE (a.x = 1 OR a.y = 2) AND NOT (a.z < -3.5) RETURN a",
        "MATCH (a) WHERE NOT NOT a.flag = true RETURN -a.x, -(-a.y), -(a.x)",
        "MATCH (a) WHERE a.x IS NULL OR a.y IS NOT NULL RETURN a.x IS NULL AS missing",
        "MATCH (a) WHERE a.name CONTAINS 'mi' AND a.name ENDS WITH 'omi' RETURN a ORDER BY a.name, a.x DESC",
        "MATCH (a) WHERE a.x IN [1, 2.5, null, false, 2017-07-14, $p, []] RETURN count(*), sum(a.x), collect(DISTINCT a.y)",
        "MATCH (a:Company|Person)-[:a|^b|c]-(b) AS OF $when RETURN a SKIP $s LIMIT $l",
        "MATCH (x = Xiaomi), (= IKEA), ($other) RETURN x",
        "MATCH (a) WHERE (a.x = 1) = (a.y = 2) AND a.z <> (a.w IS NULL) RETURN a",
        "MATCH (a)-[r:t {since: 2017, w: 0.000001}]->(b) DURING '2017' .. 2019-06-30 RETURN r.since",
        "match (a:order)-[:`in`]->(b) where a.desc = 1 return a.`order` as `limit` order by a asc",
        "MATCH (a)-[e*0..3]-(b) RETURN e // trailing comment",
        "-- a leading comment\nMATCH (a)\n  --> (b)   // next hop\n  <-[:x]- (c)\nRETURN c -- the end",
        "MATCH (a) WHERE a.big = 10000000000000000.0 AND a.small = 0.00000000015 RETURN a",
        "MATCH (a) WHERE (a.x < 1) IS NULL AND NOT (a.b OR a.c) RETURN (a.x = 1) OR a.y",
        "MATCH (a) WHERE a:Agreement AND NOT a:Company|Organisation RETURN a:Person",
        "MATCH (c) WHERE EXISTS { (c)-[:partner_of]-(d), (d)-->(e) WHERE d.x = 1 } AND NOT EXISTS { MATCH (c)<--() } RETURN c",
        "RETURN EXISTS { MATCH (\"IKEA\")-[:partner_of]-(Xiaomi) } AS yes",
        "MATCH (e) RETURN e.occurrences[0].alt_group, e.meta[\"x\"], e.xs[1..3], e.xs[..-1], e.xs[2..], [1, 2][-1]",
        "MATCH (n) WHERE ANY(t IN n.tags WHERE t = 'a') AND ALL(t IN n.tags WHERE t <> '') OR NONE(x IN [1] WHERE x > 1) OR SINGLE(y IN n.ys WHERE y IS NULL) RETURN n",
        "MATCH (小米)-->(b) RETURN b",
        "MATCH (c:Company)\n-- a comment after a line ending with )\nRETURN c",
    ]

    @Test(arguments: queries)
    func printedQueryParsesToTheSameTree(_ text: String) throws {
        let tree = try Parser.parse(text)
        let printed = QueryPrinter.format(tree)
        let reparsed = try Parser.parse(printed)
        #expect(reparsed == tree, "printed: \(printed)")
        #expect(QueryPrinter.format(reparsed) == printed)
        #expect(tree.description == printed)
    }

    @Test func canonicalText() throws {
        func canonical(_ text: String) throws -> String { QueryPrinter.format(try Parser.parse(text)) }
        #expect(try canonical("match (Xiaomi) -[:partner_of*1..3]- (c:Company) return distinct c")
                == "MATCH (Xiaomi)-[:partner_of]-{1,3}(c:Company) RETURN DISTINCT c")
        #expect(try canonical("MATCH (c = $company) (<-[:party]-(:Agreement)-[:party]->){1,3} (d:Company) WHERE d != c RETURN count(DISTINCT d) AS n")
                == "MATCH (c = $company)(<-[:party]-(:Agreement)-[:party]->){1,3}(d:Company) WHERE d <> c RETURN count(DISTINCT d) AS n")
        #expect(try canonical("MATCH (a)-[:t*]->(b)-[:u]->*(c) RETURN a ORDER BY a ASC")
                == "MATCH (a)-[:t]->+(b)-[:u]->*(c) RETURN a ORDER BY a")
        #expect(try canonical("MATCH (a {n: 'it\\'s'}) DURING 2017 .. 2019-06 RETURN a.x AS `order`")
                == #"MATCH (a {n: "it's"}) DURING 2017 .. 2019-06 RETURN a.x AS `order`"#)
        #expect(QueryPrinter.decimal(1e16) == "10000000000000000.0")
        #expect(QueryPrinter.decimal(1.5e-7) == "0.00000015")
        #expect(QueryPrinter.decimal(2.5) == "2.5")
    }

    @Test func patternDescriptions() throws {
        let (pattern, condition) = try Parser.parsePatternDefinition("(x)<-[:licensor]-(a:Agreement)-[:licensee]->(y) WHERE x <> y")
        #expect(pattern.description == "(x)<-[:licensor]-(a:Agreement)-[:licensee]->(y)")
        #expect(condition?.description == "x <> y")
    }
}
