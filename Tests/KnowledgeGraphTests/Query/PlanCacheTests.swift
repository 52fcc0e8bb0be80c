import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// A warm engine keeps its plans, and a plan never outlives the graph it was
/// made for: every write, through any connection, and every schema change
/// drops them, so a cached plan can never give an old answer.
@Suite struct PlanCacheTests {
    let partners = "MATCH (c = $company)<-[:party]-(a:Agreement)-[:party]->(p) WHERE p <> c RETURN DISTINCT p.key ORDER BY p.key"

    @Test func aQueryRunTwiceIsPlannedOnce() throws {
        let q = try SeedQueries()
        let first = try q.run(partners, ["company": .string("Xiaomi")])
        let second = try q.run(partners, ["company": .string("Xiaomi")])
        #expect(first.rows == second.rows)
        #expect(!first.rows.isEmpty)
        #expect(q.engine.plans.misses == 1)
        #expect(q.engine.plans.hits == 1)
    }

    @Test func aNodeParameterWithAnotherValueGetsItsOwnPlanAndAnswer() throws {
        let q = try SeedQueries()
        let xiaomi = try q.table(partners, ["company": .string("Xiaomi")])
        let nokia = try q.table(partners, ["company": .string("Nokia")])
        #expect(xiaomi != nokia)
        // Fresh engines agree with the cached ones.
        let fresh = QueryEngine(store: q.store)
        fresh.cachesPlans = false
        var formatter = ResultFormatter(store: q.store)
        let expected = try fresh.execute(partners, parameters: ["company": .string("Nokia")]).rows.map { $0.map { formatter.text($0) } }
        #expect(nokia == expected)
        #expect(try q.table(partners, ["company": .string("Xiaomi")]) == xiaomi)
        #expect(q.engine.plans.hits == 1)
    }

    @Test func aValueParameterSharesOnePlan() throws {
        let q = try SeedQueries()
        let text = "MATCH (a:Agreement) WHERE a.kind = $kind RETURN count(*)"
        let licences = try q.run(text, ["kind": .string("patent_license")]).rows
        let partnerships = try q.run(text, ["kind": .string("partnership")]).rows
        #expect(q.engine.plans.misses == 1)
        #expect(q.engine.plans.hits == 1)
        let fresh = QueryEngine(store: q.store)
        fresh.cachesPlans = false
        #expect(licences == (try fresh.execute(text, parameters: ["kind": .string("patent_license")]).rows))
        #expect(partnerships == (try fresh.execute(text, parameters: ["kind": .string("partnership")]).rows))
    }

    @Test func aParameterOfAnotherKindIsPlannedAgain() throws {
        let q = try SeedQueries()
        let text = "MATCH (a:Agreement) WHERE a.kind = $kind RETURN count(*)"
        _ = try q.run(text, ["kind": .string("partnership")])
        _ = try q.run(text, ["kind": .int(3)])
        #expect(q.engine.plans.misses == 2)
    }

    @Test func aWriteThroughThisOrAnotherConnectionDropsThePlans() throws {
        let q = try SeedQueries()
        let text = "MATCH (p)-[:works_for]->(c = \"Xiaomi\") RETURN count(DISTINCT p)"
        let before = try q.run(text).rows
        // A new employee, written through another connection to the same file.
        let other = try GraphStore.open(at: q.store.path)
        let xiaomi = try other.resolve("Xiaomi")
        try other.write {
            let id = try other.addNode(key: "new-hire", kind: "Person", name: "New Hire")
            try other.addEdge(type: "works_for", from: NodeRecord(id: id, key: "new-hire", kind: "Person", name: "New Hire"), to: xiaomi)
        }
        let after = try q.run(text).rows
        guard case .int(let b)? = before.first?.first, case .int(let a)? = after.first?.first else {
            Issue.record("no count: \(before) \(after)")
            return
        }
        #expect(a == b + 1)
        #expect(q.engine.plans.hits == 0)
        // And through this connection.
        try q.store.write {
            let id = try q.store.addNode(key: "new-hire-2", kind: "Person", name: "New Hire 2")
            try q.store.addEdge(type: "works_for", from: NodeRecord(id: id, key: "new-hire-2", kind: "Person", name: "New Hire 2"), to: xiaomi)
        }
        #expect(try q.run(text).rows == [[.int(a + 1)]])
        #expect(q.engine.plans.hits == 0)
    }

    @Test func explainAndProfileOfACachedPlanShowThePlan() throws {
        let q = try SeedQueries()
        let text = "PROFILE MATCH (c = \"Xiaomi\")<-[:party]-(a:Agreement) RETURN count(a)"
        let first = try q.run(text)
        let second = try q.run(text)
        #expect(first.rows == second.rows)
        #expect(second.planText?.contains("rows") == true)
        #expect(q.engine.plans.hits == 1)
    }

    /// Names a warm engine resolved are remembered only until the graph
    /// changes: "百度" is Baidu's alias until a node is given it as its name
    /// (a name wins over an alias), and from that write on it means the new node.
    @Test func rememberedNamesAreForgottenOnAWrite() throws {
        let q = try SeedQueries()
        let text = "MATCH (h = $company)<-[:party]-(a:Agreement) RETURN count(a)"
        let before = try q.run(text, ["company": .string("百度")]).rows
        #expect(before != [[.int(0)]])
        let other = "MATCH (h = $company)<-[:party]-(a:Agreement) RETURN count(DISTINCT a)"
        _ = try q.run(other, ["company": .string("百度")])
        #expect(q.engine.plans.misses == 2)
        try q.store.write { _ = try q.store.addNode(key: "baidu-2", kind: "Company", name: "百度") }
        #expect(try q.run(text, ["company": .string("百度")]).rows == [[.int(0)]])
    }

    /// A date parameter of a TIME clause becomes days of the plan: each date
    /// its own plan, each answer the one a fresh engine gives.
    @Test func aTimeParameterGetsAPlanPerValue() throws {
        let q = try SeedQueries()
        let text = "MATCH (a:Agreement)-[:party]->(c = \"Xiaomi\") AS OF $when RETURN count(a)"
        let fresh = QueryEngine(store: q.store)
        fresh.cachesPlans = false
        for when in ["2016", "2019", "2016"] {
            let cached = try q.run(text, ["when": .string(when)]).rows
            #expect(cached == (try fresh.execute(text, parameters: ["when": .string(when)]).rows), "\(when)")
        }
        #expect(q.engine.plans.misses == 2)
        #expect(q.engine.plans.hits == 1)
    }

    /// A node named by a parameter inside EXISTS is part of the plan too.
    @Test func aParameterNamingANodeInsideExistsGetsAPlanPerValue() throws {
        let q = try SeedQueries()
        let text = "MATCH (a:Agreement) WHERE EXISTS { MATCH (a)-[:party]->(c = $company) } RETURN count(a)"
        let fresh = QueryEngine(store: q.store)
        fresh.cachesPlans = false
        var answers: [[[Value]]] = []
        for company in ["Xiaomi", "Nokia", "Xiaomi"] {
            let cached = try q.run(text, ["company": .string(company)]).rows
            #expect(cached == (try fresh.execute(text, parameters: ["company": .string(company)]).rows), "\(company)")
            answers.append(cached)
        }
        #expect(answers[0] != answers[1])
        #expect(q.engine.plans.hits == 1)
    }
}
