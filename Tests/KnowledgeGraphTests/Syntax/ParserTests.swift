import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

@Suite struct ParserExampleTests {
    @Test func licensorOfXiaomi() throws {
        let q = try Parser.parse(#"MATCH (who)<-[:licensor]-(a:Agreement {kind: "patent_license"})-[:licensee]->(Xiaomi) RETURN who, a.date"#)
        #expect(q == query([path(node("who"),
                                 hop(edge(.incoming, ["licensor"]), node("a", ["Agreement"], props: [("kind", str("patent_license"))])),
                                 hop(edge(.outgoing, ["licensee"]), node("Xiaomi")))],
                           returning: ReturnClause(items: [item(v("who")), item(v("a").dot("date"))])))
    }

    @Test func variableLengthUndirected() throws {
        let q = try Parser.parse("MATCH (Xiaomi) -[:partner_of*1..3]- (c:Company) RETURN DISTINCT c")
        #expect(q == query([path(node("Xiaomi"), hop(edge(.undirected, ["partner_of"], quantifier: (1, 3)), node("c", ["Company"])))],
                           returning: ReturnClause(distinct: true, items: [item(v("c"))])))
    }

    @Test func shortestPathWithPostfixQuantifier() throws {
        let q = try Parser.parse("MATCH p = SHORTEST (IKEA) -[:partner_of|supplies]-+ (Microsoft) RETURN p, length(p)")
        #expect(q == query([path(node("IKEA"), hop(edge(.undirected, ["partner_of", "supplies"], quantifier: (1, nil)), node("Microsoft")),
                                 variable: "p", selector: .shortest)],
                           returning: ReturnClause(items: [item(v("p")), item(call("length", v("p")))])))
    }

    @Test func asOf() throws {
        let q = try Parser.parse("MATCH (x:Company) -[:licenses_patents_to]-> (Xiaomi) AS OF 2018-01 RETURN x, evidence()")
        #expect(q == query([path(node("x", ["Company"]), hop(edge(.outgoing, ["licenses_patents_to"]), node("Xiaomi")))],
                           time: .asOf(date("2018-01")),
                           returning: ReturnClause(items: [item(v("x")), item(call("evidence"))])))
    }

    @Test func repeatedGroup() throws {
        let q = try Parser.parse("MATCH (c = $company) (<-[:party]-(:Agreement)-[:party]->){1,3} (d:Company) WHERE d <> c RETURN count(DISTINCT d) AS n")
        let segment = group([edge(.incoming, ["party"]), edge(.outgoing, ["party"])], nodes: [node(nil, ["Agreement"])], 1, 3)
        #expect(q == query([path(node("c", name: .parameter("company")), hop(segment, node("d", ["Company"])))],
                           where: bin(.notEqual, v("d"), v("c")),
                           returning: ReturnClause(items: [item(call("count", v("d"), distinct: true), as: "n")])))
    }

    @Test func twoPatternsOrderSkipLimit() throws {
        let q = try Parser.parse("MATCH (h = $company)-[:partner_of]-(c), (p:Person)-[:works_for]->(c) RETURN DISTINCT p.key ORDER BY p.key DESC SKIP 1 LIMIT 10")
        #expect(q == query([path(node("h", name: .parameter("company")), hop(edge(.undirected, ["partner_of"]), node("c"))),
                            path(node("p", ["Person"]), hop(edge(.outgoing, ["works_for"]), node("c")))],
                           returning: ReturnClause(distinct: true, items: [item(v("p").dot("key"))],
                                                   orderBy: [SortItem(v("p").dot("key"), descending: true)],
                                                   skip: int(1), limit: int(10))))
    }

    @Test func nodeNameAndInverseType() throws {
        let q = try Parser.parse(#"MATCH ("FAW Car")<-[:^integrates]-(x) RETURN x"#)
        #expect(q == query([path(node(name: .string("FAW Car")), hop(edge(.incoming, ["^integrates"]), node("x")))],
                           returning: ReturnClause(items: [item(v("x"))])))
    }

    @Test func precedence() throws {
        let q = try Parser.parse("MATCH (n) WHERE n.name STARTS WITH 'Xia' AND NOT n.kind IN ['Place'] OR n.founded >= 2010 AND n.x IS NOT NULL RETURN n.name AS name")
        let left = bin(.and, bin(.startsWith, v("n").dot("name"), str("Xia")), not(bin(.in, v("n").dot("kind"), list(str("Place")))))
        let right = bin(.and, bin(.greaterOrEqual, v("n").dot("founded"), int(2010)),
                        Expression(.isNull(v("n").dot("x"), negated: true)))
        #expect(q == query([path(node("n"))], where: bin(.or, left, right),
                           returning: ReturnClause(items: [item(v("n").dot("name"), as: "name")])))
    }

    @Test func explainStar() throws {
        let q = try Parser.parse("EXPLAIN MATCH (a)-->(b) RETURN *")
        #expect(q == query([path(node("a"), hop(edge(.outgoing), node("b")))], mode: .explain,
                           returning: ReturnClause(star: true)))
    }

    @Test func during() throws {
        let q = try Parser.parse("MATCH (a)-[e:supplies]->(b) DURING 2017 .. 2019-06 RETURN a, e, b")
        #expect(q == query([path(node("a"), hop(edge(.outgoing, ["supplies"], variable: "e"), node("b")))],
                           time: .during(from: date("2017"), to: date("2019-06")),
                           returning: ReturnClause(items: [item(v("a")), item(v("e")), item(v("b"))])))
    }
}

@Suite struct ParserConstructTests {
    func pattern(_ text: String) throws -> PathPattern {
        try Parser.parsePatternDefinition(text).0
    }

    @Test func patternDefinition() throws {
        let (p, condition) = try Parser.parsePatternDefinition(
            #"(x)<-[:licensor]-(a:Agreement)-[:licensee]->(y) WHERE a.kind IN ["patent_license", "cross_license"] AND x <> y"#)
        #expect(p == path(node("x"), hop(edge(.incoming, ["licensor"]), node("a", ["Agreement"])),
                          hop(edge(.outgoing, ["licensee"]), node("y"))))
        #expect(condition == bin(.and, bin(.in, v("a").dot("kind"), list(str("patent_license"), str("cross_license"))),
                                 bin(.notEqual, v("x"), v("y"))))
        let (_, none) = try Parser.parsePatternDefinition("(x)-[:a]->(y)")
        #expect(none == nil)
    }

    @Test func nodeForms() throws {
        #expect(try pattern("()") == path(node()))
        #expect(try pattern("($who)") == path(node(name: .parameter("who"))))
        #expect(try pattern("(:A|B)") == path(node(nil, ["A", "B"])))
        #expect(try pattern("(x:Company {name: 'IKEA', founded: 1943})") ==
                path(node("x", ["Company"], props: [("name", str("IKEA")), ("founded", int(1943))])))
        #expect(try pattern("(x = Xiaomi)") == path(node("x", name: .identifier("Xiaomi"))))
        #expect(try pattern("(x:Company = 'Xiaomi')") == path(node("x", ["Company"], name: .string("Xiaomi"))))
        #expect(try pattern("(= Xiaomi)") == path(node(name: .identifier("Xiaomi"))))
        #expect(try pattern("(`the node`)") == path(node("the node")))
        #expect(try pattern("(x:`order`)") == path(node("x", ["order"])))
        #expect(try pattern("(x:Order)") == path(node("x", ["Order"])))
    }

    @Test func edgeForms() throws {
        func step(_ text: String) throws -> PatternStep { try pattern("(a)" + text + "(b)").hops[0].step }
        #expect(try step("-->") == edge(.outgoing))
        #expect(try step("<--") == edge(.incoming))
        #expect(try step("--") == edge(.undirected))
        #expect(try step("-[e]->") == edge(.outgoing, variable: "e"))
        #expect(try step("-[:a|^b]-") == edge(.undirected, ["a", "^b"]))
        #expect(try step("-[:a|:b]->") == edge(.outgoing, ["a", "b"]))
        #expect(try step("<-[e:t {since: 2017-07}]-") == edge(.incoming, ["t"], variable: "e", props: [("since", date("2017-07"))]))
        #expect(try step("-[e:t*2..5 {w: 1}]->") == edge(.outgoing, ["t"], variable: "e", quantifier: (2, 5), props: [("w", int(1))]))
    }

    @Test func quantifiers() throws {
        func q(_ text: String) throws -> Quantifier? { try pattern("(a)" + text + "(b)").hops[0].step.quantifier }
        #expect(try q("-[:t*]->") == Quantifier(min: 1, max: nil))
        #expect(try q("-[:t*3]->") == Quantifier(min: 3, max: 3))
        #expect(try q("-[:t*..4]->") == Quantifier(min: 1, max: 4))
        #expect(try q("-[:t*2..]->") == Quantifier(min: 2, max: nil))
        #expect(try q("-[:t*0..2]->") == Quantifier(min: 0, max: 2))
        #expect(try q("-[:t+]->") == Quantifier(min: 1, max: nil))
        #expect(try q("-[:t?]->") == Quantifier(min: 0, max: 1))
        #expect(try q("-[:t{2}]->") == Quantifier(min: 2, max: 2))
        #expect(try q("-[:t]->*") == Quantifier(min: 0, max: nil))
        #expect(try q("-[:t]->+") == Quantifier(min: 1, max: nil))
        #expect(try q("-[:t]->?") == Quantifier(min: 0, max: 1))
        #expect(try q("-[:t]->{2,}") == Quantifier(min: 2, max: nil))
        #expect(try q("-[:t]->{,3}") == Quantifier(min: 0, max: 3))
        #expect(try q("-[:t]->{1,3}") == Quantifier(min: 1, max: 3))
        #expect(try q("-->{2}") == Quantifier(min: 2, max: 2))
        #expect(try q("--+") == Quantifier(min: 1, max: nil))
        #expect(try q("-[:t]->") == nil)
    }

    @Test func selectorsAndGroups() throws {
        #expect(try pattern("ANY SHORTEST (a)-->+(b)").selector?.kind == .anyShortest)
        #expect(try pattern("ALL SHORTEST (a)-->+(b)").selector?.kind == .allShortest)
        #expect(try pattern("p = (a)-->(b)").variable == "p")
        let nested = try pattern("(a)((-->){2}(x)<--)+(b)")
        #expect(nested == path(node("a"), hop(group([group([edge(.outgoing)], nodes: [], 2, 2), edge(.incoming)],
                                                    nodes: [node("x")], 1, nil), node("b"))))
        #expect(try pattern("(a) ( -- ){2} (b)") == path(node("a"), hop(group([edge(.undirected)], nodes: [], 2, 2), node("b"))))
    }

    @Test func expressions() throws {
        func e(_ text: String) throws -> Expression { try Parser.parseExpression(text) }
        #expect(try e("a = 1 OR b = 2 AND c = 3") == bin(.or, bin(.equal, v("a"), int(1)), bin(.and, bin(.equal, v("b"), int(2)), bin(.equal, v("c"), int(3)))))
        #expect(try e("(a OR b) AND c") == bin(.and, bin(.or, v("a"), v("b")), v("c")))
        #expect(try e("NOT NOT a") == not(not(v("a"))))
        #expect(try e("-a.x < -2.5") == bin(.less, Expression(.negate(v("a").dot("x"))), Expression(.negate(Expression(.literal(.decimal(2.5)))))))
        #expect(try e("x != 1") == bin(.notEqual, v("x"), int(1)))
        #expect(try e("name CONTAINS 'mi' OR name ENDS WITH \"omi\"") == bin(.or, bin(.contains, v("name"), str("mi")), bin(.endsWith, v("name"), str("omi"))))
        #expect(try e("x IS NULL") == Expression(.isNull(v("x"), negated: false)))
        #expect(try e("[1, 'a', true, false, null, $p, 2017-07-14, []]") ==
                list(int(1), str("a"), Expression(.literal(.boolean(true))), Expression(.literal(.boolean(false))),
                     Expression(.literal(.null)), param("p"), date("2017-07-14"), list()))
        #expect(try e("count(*)") == call("count", star: true))
        #expect(try e("COALESCE(a.x, 'none')") == call("COALESCE", v("a").dot("x"), str("none")))
        #expect(try e("a.b.c") == v("a").dot("b").dot("c"))
        #expect(try e("a.`first name`") == v("a").dot("first name"))
        #expect(try e("x.desc") == v("x").dot("desc"))
    }

    @Test func spansAreRecorded() throws {
        let q = try Parser.parse("MATCH (a:Company)\n  -[:supplies]->(b)\nWHERE b.name = 'x'\nRETURN b")
        let first = q.matches[0].patterns[0]
        #expect(first.start.span.start == SourcePosition(line: 1, column: 7, offset: 6))
        #expect(first.start.span.end.column == 18)
        #expect(first.start.kinds[0].span.start.column == 10)
        let step = first.hops[0].step
        #expect(step.span.start.line == 2 && step.span.start.column == 3)
        #expect(step.span.end.column == 17)
        let condition = try #require(q.whereClause)
        #expect(condition.span.start == SourcePosition(line: 3, column: 7, offset: 44))
        #expect(condition.span.end.column == 19)
        #expect(q.returnClause.span.start.line == 4)
        #expect(q.span.start.offset == 0)
        #expect(q.span.end.offset == 65)
    }

    @Test func equalityIgnoresSpans() throws {
        let a = try Parser.parse("MATCH (a)-->(b) RETURN b")
        let b = try Parser.parse("match  (a) -->\n (b)\nreturn b  // done")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != (try Parser.parse("MATCH (a)<--(b) RETURN b")))
    }
}
