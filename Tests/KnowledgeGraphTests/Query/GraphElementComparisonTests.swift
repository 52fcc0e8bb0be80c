import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// A node or an edge compared with a string, number, date or boolean can
/// never hold. Before: `MATCH (c:Company) WHERE c = "Xiaomi" RETURN c` gave
/// 0 rows with exit status 0. Now it is refused (KGB013) with the span of the
/// comparison and the comparison the user meant.
@Suite struct GraphElementComparisonTests {
    @Test func aNodeComparedWithAStringIsRefusedWithTheFix() throws {
        let q = try SeedQueries()
        let error = q.error(#"MATCH (c:Company) WHERE c = "Xiaomi" RETURN c"#)
        #expect(error?.code == .typeMismatch)
        #expect(error?.code.rawValue == "KGB013")
        #expect(error?.span?.start.column == 25)
        #expect(error?.message.contains("a node") == true)
        #expect(error?.suggestion?.contains(#"c.name = "Xiaomi""#) == true, "suggestion: \(error?.suggestion ?? "none")")
        #expect(error?.suggestion?.contains(#"(c = "Xiaomi")"#) == true, "suggestion: \(error?.suggestion ?? "none")")
        // What the suggestion says answers the question.
        #expect(try q.column(#"MATCH (c:Company) WHERE c.name = "Xiaomi" RETURN c"#) == ["Xiaomi"])
        #expect(try q.column(#"MATCH (c = "Xiaomi") RETURN c"#) == ["Xiaomi"])
    }

    @Test(arguments: [
        #"MATCH (c:Company) WHERE c <> "Xiaomi" RETURN c"#,
        #"MATCH (c:Company) WHERE "Xiaomi" = c RETURN c"#,
        #"MATCH (c:Company) WHERE c < "X" RETURN c"#,
        #"MATCH (c:Company) WHERE c IN ["Xiaomi", "Baidu"] RETURN c"#,
        #"MATCH (c:Company) WHERE c STARTS WITH "Xi" RETURN c"#,
        #"MATCH (c:Company) WHERE c = 5 RETURN c"#,
        #"MATCH (c:Company) WHERE c = 2017-07 RETURN c"#,
        #"MATCH (c:Company) WHERE c = true RETURN c"#,
        #"MATCH (c:Company) RETURN c = "Xiaomi""#,
        #"MATCH (c:Company) WHERE EXISTS { (c)-[:develops]->(p) WHERE p = "MiMo" } RETURN c"#,
        #"MATCH (c:Company)-[r]->(x) WHERE r = "develops" RETURN c"#,
        #"MATCH (c:Company) WHERE Xiaomi = "Xiaomi" RETURN c"#,
    ])
    func everyComparisonOfANodeOrEdgeWithAValueIsRefused(_ query: String) throws {
        let q = try SeedQueries()
        let error = q.error(query)
        #expect(error?.code == .typeMismatch, "\(query): \(error?.message ?? "no error")")
        #expect(error?.span != nil)
        #expect(error?.suggestion != nil)
    }

    @Test func aParameterHoldingAStringIsRefusedToo() throws {
        let q = try SeedQueries()
        let error = q.error("MATCH (c:Company) WHERE c = $company RETURN c", ["company": .string("Xiaomi")])
        #expect(error?.code == .typeMismatch)
        #expect(error?.message.contains(#""Xiaomi""#) == true)
        #expect(error?.suggestion?.contains("c.name = $company") == true, "suggestion: \(error?.suggestion ?? "none")")
        #expect(q.error("MATCH (c:Company) WHERE c IN $names RETURN c", ["names": .list([.string("Xiaomi"), .string("Baidu")])])?.code == .typeMismatch)
        // In the pattern a parameter names the node.
        #expect(try q.column("MATCH (c = $company) RETURN c", ["company": .string("Xiaomi")]) == ["Xiaomi"])
    }

    @Test func aRelationTypeComparedAsAnEdgeSuggestsType() throws {
        let error = try SeedQueries().error(#"MATCH (c:Company)-[r]->(x) WHERE r = "develops" RETURN c"#)
        #expect(error?.message.contains("an edge") == true)
        #expect(error?.suggestion?.contains(#"type(r) = "develops""#) == true, "suggestion: \(error?.suggestion ?? "none")")
    }

    @Test func nodesComparedWithNodesStillWork() throws {
        let q = try SeedQueries()
        #expect(try q.column("MATCH (c:Company) WHERE c = Xiaomi RETURN c") == ["Xiaomi"])
        #expect(try q.run("MATCH (a:Company)-[:competitor_of]->(b) WHERE a <> b RETURN b").rows.count > 0)
        #expect(try q.run("MATCH (c:Company) WHERE c IS NOT NULL AND c.name = 'Baidu' RETURN c").rows.count == 1)
    }
}
