import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// The planner makes a tree of physical operators and every access choice;
/// EXPLAIN prints that tree and PROFILE what each operator of it did, so
/// what the plan says is what ran.
@Suite struct PhysicalPlanTests {
    static let schema = """
        schema star
        kind C
        kind P
        edge link: C -> C
        edge works_for: P -> C
        """

    /// A hub linked to `spokes` companies, each with one person working for it.
    static func star(_ spokes: Int) throws -> (TemporaryDirectory, GraphStore) {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("star.sqlite"), schema: try SchemaParser.parse(schema))
        try store.write {
            let hubID = try store.addNode(key: "h", kind: "C", name: "Hub")
            let hub = NodeRecord(id: hubID, key: "h", kind: "C", name: "Hub")
            for i in 0..<spokes {
                let c = NodeRecord(id: try store.addNode(key: "c\(i)", kind: "C", name: "Company \(i)"), key: "c\(i)", kind: "C", name: "Company \(i)")
                try store.addEdge(type: "link", from: hub, to: c)
                let p = NodeRecord(id: try store.addNode(key: "p\(i)", kind: "P", name: "Person \(i)"), key: "p\(i)", kind: "P", name: "Person \(i)")
                try store.addEdge(type: "works_for", from: p, to: c)
            }
        }
        return (dir, store)
    }

    let people = "MATCH (h = \"h\")-[:link]->(c), (p)-[:works_for]->(c) RETURN DISTINCT p.key"

    func line(_ plan: String, _ prefix: String) -> String? {
        plan.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix(prefix) }
    }

    @Test func aWarmEngineWalksAWideStepOverTheAdjacencyItsPlanNames() throws {
        let (_, store) = try Self.star(200)
        // A one-shot engine: index probes, and nothing loaded into memory.
        let cold = QueryEngine(store: store)
        let coldRun = try cold.execute("PROFILE " + people)
        #expect(coldRun.rows.count == 200)
        let coldStep = try #require(line(coldRun.planText ?? "", "Expand (p) -[:works_for]-> (c) right to left, from c"))
        #expect(coldStep.contains("works_for via index edges_in (type, dst)"))
        #expect(!store.adjacency.loadedTypes.contains("works_for"))
        // The estimate of the first step is the hub's degree, counted in the index.
        #expect(line(coldRun.planText ?? "", "Expand (h = \"h\") -[:link]-> (c) left to right")?.contains("200 (degree of the named node) per row") == true)

        // The same engine from its second query on: the 200 rows the
        // planner expects make the step wide, and the plan says so.
        let warmRun = try cold.execute("PROFILE " + people)
        let warmStep = try #require(line(warmRun.planText ?? "", "Expand (p) -[:works_for]-> (c) right to left, from c"))
        #expect(warmStep.contains("works_for via in-memory adjacency"))
        #expect(store.adjacency.loadedTypes.contains("works_for"))
        #expect(warmRun.rows == coldRun.rows)
        // The cold plan was made once and given warm access paths, not bound again.
        #expect(cold.plans.misses == 1)
    }

    @Test func profileCountsTheRowsEachOperatorPassedOn() throws {
        let (_, store) = try Self.star(50)
        let result = try QueryEngine(store: store).execute("PROFILE " + people)
        let lines = (result.planText ?? "").split(separator: "\n").map(String.init).filter { $0.contains("[rows ") }
        func numbers(_ line: String) -> (Int, Int) {
            let part = line[line.range(of: "[rows ")!.upperBound...]
            let words = part.split(separator: " ")
            return (Int(words[0])!, Int(words[2].trimmingCharacters(in: .punctuationCharacters))!)
        }
        // Root first; each operator's input is the next line: what it got is what the input passed on.
        #expect(lines.count == 5)
        for (parent, child) in zip(lines, lines.dropFirst()) {
            #expect(numbers(parent).0 == numbers(child).1, "\(parent)\n\(child)")
        }
        #expect(numbers(lines[lines.count - 1]).0 == 1)   // the leaf gets the start row
        #expect(numbers(lines[0]).0 == 50)                 // RETURN got every person
        #expect(result.rows.count == 50)
    }

    @Test func limitStopsTheScanFeedingIt() throws {
        let (_, store) = try Self.star(3000)
        let result = try QueryEngine(store: store).execute("PROFILE MATCH (c:C) RETURN c.key LIMIT 3")
        #expect(result.rows.count == 3)
        let scan = try #require(line(result.planText ?? "", "NodeScan (c:C)"))
        #expect(scan.contains("3001 nodes"))
        // One chunk was made, not the 3,001 candidates.
        #expect(scan.contains("1 in, 1024 out"))
        #expect(line(result.planText ?? "", "Return c.key")?.contains("limit 3 (stops the input)") == true)
    }

    @Test func countOverIndependentPatternsMultipliesTheirCounts() throws {
        let (_, store) = try Self.star(40)
        let engine = QueryEngine(store: store)
        let plan = try engine.execute("EXPLAIN MATCH (a:C), (b:P) RETURN count(*)").planText ?? ""
        let lines = plan.split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix("  CrossProductCount: 2 independent parts"))
        #expect(lines.filter { $0.hasPrefix("    NodeScan") }.count == 2)
        #expect(try engine.execute("MATCH (a:C), (b:P) RETURN count(*)").rows == [[.int(41 * 40)]])
        // A shared variable joins the parts: no cross product.
        let joined = try engine.execute("EXPLAIN MATCH (a:C), (b:P)-[:works_for]->(a) RETURN count(*)").planText ?? ""
        #expect(!joined.contains("CrossProductCount"))
        #expect(try engine.execute("MATCH (a:C), (b:P)-[:works_for]->(a) RETURN count(*)").rows == [[.int(40)]])
    }

    @Test func shortestPathsAndRepetitionSayHowTheyWalk() throws {
        let (_, store) = try Self.star(10)
        let engine = QueryEngine(store: store)
        let shortest = try engine.execute("EXPLAIN MATCH p = SHORTEST (\"p1\")-[:works_for|link]-+(\"p2\") RETURN length(p)").planText ?? ""
        #expect(shortest.contains("ShortestPath"))
        #expect(shortest.contains("bidirectional breadth-first search from both bound ends"))
        #expect(try engine.execute("MATCH p = SHORTEST (\"p1\")-[:works_for|link]-+(\"p2\") RETURN length(p)").rows == [[.int(4)]])
        let repeated = try engine.execute("EXPLAIN MATCH (\"h\")-[:link]->+(c) RETURN count(DISTINCT c)").planText ?? ""
        #expect(line(repeated, "RepeatExpand")?.contains("via in-memory adjacency") == true)
        // A time window needs each edge's dates: the repetition reads edges by index.
        let dated = try engine.execute("EXPLAIN MATCH (\"h\")-[:link]->+(c) AS OF 2020 RETURN count(DISTINCT c)").planText ?? ""
        #expect(line(dated, "RepeatExpand")?.contains("via index") == true)
    }

    @Test func existsShowsThePlanItRunsPerRow() throws {
        let (_, store) = try Self.star(30)
        let engine = QueryEngine(store: store)
        let text = "MATCH (c:C) WHERE EXISTS { MATCH (p:P)-[:works_for]->(c) } RETURN count(c)"
        let explained = try engine.execute("EXPLAIN " + text).planText ?? ""
        #expect(explained.contains("EXISTS 1 (in the order written), run from each row that evaluates it"))
        #expect(line(explained, "Expand (p:P) -[:works_for]-> (c) right to left, from c") != nil)
        let profiled = try engine.execute("PROFILE " + text)
        #expect(profiled.rows == [[.int(30)]])
        // The nested plan ran once per company (31 with the hub), and found a person for 30 of them.
        let nested = try #require(line(profiled.planText ?? "", "NodeByVariable (c)"))
        #expect(nested.contains("[rows 31 in, 31 out"))
        #expect(line(profiled.planText ?? "", "Filter WHERE EXISTS")?.contains("[rows 31 in, 30 out") == true)
    }

    /// Rows pass between operators as nested calls: a pattern of thousands of
    /// steps is refused with an error instead of overflowing the stack (it
    /// died by SIGSEGV at about 3,000 steps before).
    @Test func aPatternTooLongToPlanIsRefused() throws {
        let (_, store) = try Self.star(1)
        let engine = QueryEngine(store: store)
        func chain(_ n: Int) -> String { "MATCH (\"h\")" + (1..<n).map { "-[:link]-(x\($0))" }.joined() + " RETURN count(*)" }
        #expect(throws: KGError.self) { try engine.execute(chain(3000)) }
        do {
            _ = try engine.execute(chain(3000))
        } catch {
            #expect(error.code == .invalidPattern)
            #expect(error.message.contains("5999 nodes and steps; kg plans at most 1000"))
        }
        // 400 steps back and forth between the hub and its one spoke: planned and run.
        #expect(try engine.execute(chain(400)).rows.count == 1)
    }
}
