import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// The real evaluator against a naive one on random small graphs and random
/// path queries. The reference computes relations between nodes by plain set
/// composition (walks of length min…min+N stand for unbounded repetition),
/// so it is slow but obviously correct. A difference fails with a shrunk case.
@Suite struct DifferentialTests {
    struct RandomSource: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
    }

    struct Graph: CustomStringConvertible {
        var kinds: [String]                       // node i has kind kinds[i], key "n<i>"
        var edges: [(type: String, from: Int, to: Int)]
        var description: String {
            "nodes: " + kinds.enumerated().map { "n\($0.offset):\($0.element)" }.joined(separator: " ")
                + "\nedges: " + edges.map { "n\($0.from)-\($0.type)->n\($0.to)" }.joined(separator: " ")
        }
    }

    enum Direction: CaseIterable { case out, into, both }

    indirect enum Step {
        case edge(types: [String], direction: Direction, quantifier: (Int, Int?)?)
        case group(first: Step, interiorKind: String?, second: Step, quantifier: (Int, Int?))
    }

    struct PatternQuery {
        var startKind: String?
        var startFixed: Int?
        var steps: [Step]
        var kinds: [String?]     // kind constraint of the node after each step

        var text: String {
            func edgeText(_ s: Step) -> String {
                switch s {
                case .edge(let types, let direction, let q):
                    let body = "[:" + types.joined(separator: "|") + "]"
                    var t: String
                    switch direction {
                    case .out: t = "-\(body)->"
                    case .into: t = "<-\(body)-"
                    case .both: t = "-\(body)-"
                    }
                    if let q { t += quantifierText(q) }
                    return t
                case .group(let a, let kind, let b, let q):
                    return "(" + edgeText(a) + "(" + (kind.map { ":" + $0 } ?? "") + ")" + edgeText(b) + ")" + quantifierText(q)
                }
            }
            func quantifierText(_ q: (Int, Int?)) -> String {
                switch q {
                case (1, nil): return "+"
                case (0, nil): return "*"
                case (0, 1?): return "?"
                case (let m, let n?): return "{\(m),\(n)}"
                case (let m, nil): return "{\(m),}"
                }
            }
            var out = "MATCH "
            if let fixed = startFixed { out += "(v0 = \"n\(fixed)\")" } else { out += "(v0" + (startKind.map { ":" + $0 } ?? "") + ")" }
            for (i, step) in steps.enumerated() {
                out += " " + edgeText(step) + " "
                let last = i == steps.count - 1
                out += "(" + (last ? "vEnd" : "") + (kinds[i].map { ":" + $0 } ?? "") + ")"
            }
            return out + " RETURN DISTINCT v0.key, vEnd.key"
        }
    }

    // MARK: Reference evaluator

    typealias Relation = Set<[Int]>   // pairs [from, to]

    static func compose(_ a: Relation, _ b: Relation) -> Relation {
        var byFrom: [Int: [Int]] = [:]
        for p in b { byFrom[p[0], default: []].append(p[1]) }
        var out = Relation()
        for p in a { for t in byFrom[p[1]] ?? [] { out.insert([p[0], t]) } }
        return out
    }

    static func relation(_ step: Step, _ g: Graph) -> Relation {
        switch step {
        case .edge(let types, let direction, let q):
            var base = Relation()
            for e in g.edges where types.contains(e.type) {
                if direction != .into { base.insert([e.from, e.to]) }
                if direction != .out { base.insert([e.to, e.from]) }
            }
            return q.map { repeatRelation(base, $0, g) } ?? base
        case .group(let a, let kind, let b, let q):
            let first = relation(a, g).filter { kind == nil || g.kinds[$0[1]] == kind }
            return repeatRelation(compose(first, relation(b, g)), q, g)
        }
    }

    static func repeatRelation(_ base: Relation, _ q: (Int, Int?), _ g: Graph) -> Relation {
        let n = g.kinds.count
        let maximum = q.1 ?? (q.0 + n)
        var power = Relation((0..<n).map { [$0, $0] })   // R^0
        var out = Relation()
        for k in 0...maximum {
            if k > 0 { power = compose(power, base) }
            if k >= q.0 { out.formUnion(power) }
        }
        return out
    }

    static func reference(_ query: PatternQuery, _ g: Graph) -> Set<[String]> {
        var current = Relation()
        for i in g.kinds.indices {
            if let fixed = query.startFixed, fixed != i { continue }
            if let kind = query.startKind, g.kinds[i] != kind { continue }
            current.insert([i, i])
        }
        for (i, step) in query.steps.enumerated() {
            current = compose(current, relation(step, g)).filter { query.kinds[i] == nil || g.kinds[$0[1]] == query.kinds[i] }
        }
        return Set(current.map { ["n\($0[0])", "n\($0[1])"] })
    }

    // MARK: Random cases

    static func randomGraph(_ rng: inout RandomSource) -> Graph {
        let n = Int.random(in: 3...8, using: &rng)
        let kinds = (0..<n).map { _ in Bool.random(using: &rng) ? "A" : "B" }
        let m = Int.random(in: 0...(2 * n), using: &rng)
        let edges = (0..<m).map { _ in (type: Bool.random(using: &rng) ? "r" : "s", from: Int.random(in: 0..<n, using: &rng), to: Int.random(in: 0..<n, using: &rng)) }
        return Graph(kinds: kinds, edges: edges)
    }

    static func randomQuantifier(_ rng: inout RandomSource) -> (Int, Int?) {
        [(1, nil), (0, nil), (0, 1), (1, 2), (2, 3), (2, nil), (0, 2), (3, 3)].randomElement(using: &rng)!
    }

    static func randomEdge(_ rng: inout RandomSource, quantified: Bool) -> Step {
        let types = [["r"], ["s"], ["r", "s"]].randomElement(using: &rng)!
        let direction = Direction.allCases.randomElement(using: &rng)!
        let q: (Int, Int?)? = quantified && Bool.random(using: &rng) ? randomQuantifier(&rng) : nil
        return .edge(types: types, direction: direction, quantifier: q)
    }

    static func randomQuery(_ rng: inout RandomSource, nodes: Int) -> PatternQuery {
        let length = Int.random(in: 1...3, using: &rng)
        var steps: [Step] = []
        for _ in 0..<length {
            if Int.random(in: 0..<5, using: &rng) == 0 {
                steps.append(.group(first: randomEdge(&rng, quantified: false), interiorKind: [nil, "A", "B"].randomElement(using: &rng)!,
                                    second: randomEdge(&rng, quantified: false), quantifier: randomQuantifier(&rng)))
            } else {
                steps.append(randomEdge(&rng, quantified: true))
            }
        }
        let choices: [String?] = [nil, nil, "A", "B"]
        let fixed = Int.random(in: 0..<3, using: &rng) == 0 ? Int.random(in: 0..<nodes, using: &rng) : nil
        let startKind = choices.randomElement(using: &rng)!
        var kinds: [String?] = []
        for _ in steps { kinds.append(choices.randomElement(using: &rng)!) }
        return PatternQuery(startKind: fixed == nil ? startKind : nil, startFixed: fixed, steps: steps, kinds: kinds)
    }

    static let schemaText = """
        schema random
        kind A
        kind B
        edge r: * -> *
        edge s: * -> *
        """

    static func evaluate(_ query: PatternQuery, on g: Graph, in dir: TemporaryDirectory, name: String) throws -> Set<[String]> {
        let path = dir.file(name + ".sqlite")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let store = try GraphStore.create(at: path, schema: try SchemaParser.parse(schemaText))
        try store.write {
            var records: [NodeRecord] = []
            for (i, kind) in g.kinds.enumerated() {
                let id = try store.addNode(key: "n\(i)", kind: kind, name: "Node \(i)")
                records.append(NodeRecord(id: id, key: "n\(i)", kind: kind, name: "Node \(i)"))
            }
            for e in g.edges { try store.addEdge(type: e.type, from: records[e.from], to: records[e.to]) }
        }
        // Twice on one engine: the second run is warm (in-memory adjacency and
        // node columns); both must give the same answer.
        let engine = QueryEngine(store: store)
        func answer() throws -> Set<[String]> {
            Set(try engine.execute(query.text).rows.map { row in row.map { if case .string(let s) = $0 { return s } else { return "?" } } })
        }
        let cold = try answer()
        let warm = try answer()
        engine.alwaysUseMemoryIndexes = true
        let memory = try answer()
        // The same engine over the second backend (no SQL at all).
        let backend = GraphQueryEngine(store: try MemoryGraph(copying: store))
        let other = Set(try backend.execute(query.text).rows.map { row in row.map { if case .string(let s) = $0 { return s } else { return "?" } } })
        return cold == warm && warm == memory && memory == other ? cold : [["cold, warm, in-memory and memory-backend runs differ"]]
    }

    @Test func realEvaluatorAgreesWithTheReferenceOnRandomCases() throws {
        var rng = RandomSource(state: 20261123)
        let dir = TemporaryDirectory()
        var checked = 0
        for index in 0..<200 {
            let graph = Self.randomGraph(&rng)
            let query = Self.randomQuery(&rng, nodes: graph.kinds.count)
            let expected = Self.reference(query, graph)
            let actual = try Self.evaluate(query, on: graph, in: dir, name: "case\(index)")
            if actual != expected {
                // Shrink: drop edges while the difference remains.
                var small = graph
                var i = 0
                while i < small.edges.count {
                    var candidate = small
                    candidate.edges.remove(at: i)
                    if (try? Self.evaluate(query, on: candidate, in: dir, name: "shrink")) != Self.reference(query, candidate) {
                        small = candidate
                    } else {
                        i += 1
                    }
                }
                let got = (try? Self.evaluate(query, on: small, in: dir, name: "shrink")) ?? []
                Issue.record("""
                    case \(index) differs
                    query: \(query.text)
                    \(small)
                    expected: \(Self.reference(query, small).sorted { $0.joined() < $1.joined() })
                    actual:   \(got.sorted { $0.joined() < $1.joined() })
                    """)
                return
            }
            checked += 1
        }
        #expect(checked == 200)
    }

    /// Shortest paths: the length agrees with a plain breadth-first search and
    /// the path returned is a real walk of that length between the two nodes.
    @Test func shortestPathsAgreeWithBreadthFirstSearch() throws {
        var rng = RandomSource(state: 77)
        let dir = TemporaryDirectory()
        var found = 0
        for index in 0..<300 {
            let graph = Self.randomGraph(&rng)
            let n = graph.kinds.count
            let a = Int.random(in: 0..<n, using: &rng), b = Int.random(in: 0..<n, using: &rng)
            guard a != b else { continue }
            let types = [["r"], ["s"], ["r", "s"]].randomElement(using: &rng)!
            let direction = Direction.allCases.randomElement(using: &rng)!
            // Reference: breadth-first distance.
            var adjacency: [Int: [Int]] = [:]
            for e in graph.edges where types.contains(e.type) {
                if direction != .into { adjacency[e.from, default: []].append(e.to) }
                if direction != .out { adjacency[e.to, default: []].append(e.from) }
            }
            var distance: [Int: Int] = [a: 0]
            var frontier = [a]
            while !frontier.isEmpty {
                var next: [Int] = []
                for u in frontier { for v in adjacency[u] ?? [] where distance[v] == nil { distance[v] = distance[u]! + 1; next.append(v) } }
                frontier = next
            }
            let arrow: String
            switch direction {
            case .out: arrow = "-[:\(types.joined(separator: "|"))]->+"
            case .into: arrow = "<-[:\(types.joined(separator: "|"))]-+"
            case .both: arrow = "-[:\(types.joined(separator: "|"))]-+"
            }
            let path = dir.file("sp\(index).sqlite")
            let store = try GraphStore.create(at: path, schema: try SchemaParser.parse(Self.schemaText))
            try store.write {
                var records: [NodeRecord] = []
                for (i, kind) in graph.kinds.enumerated() {
                    let id = try store.addNode(key: "n\(i)", kind: kind, name: "Node \(i)")
                    records.append(NodeRecord(id: id, key: "n\(i)", kind: kind, name: "Node \(i)"))
                }
                for e in graph.edges { try store.addEdge(type: e.type, from: records[e.from], to: records[e.to]) }
            }
            let query = "MATCH p = SHORTEST (\"n\(a)\") \(arrow) (\"n\(b)\") RETURN length(p), nodes(p)"
            let result = try QueryEngine(store: store).execute(query)
            guard let expected = distance[b] else {
                #expect(result.rows.isEmpty, "\(query)\n\(graph)")
                continue
            }
            found += 1
            #expect(result.rows.count == 1, "\(query)\n\(graph)")
            guard let row = result.rows.first else { continue }
            #expect(row[0] == .int(Int64(expected)), "\(query)\n\(graph)")
            // The nodes form a walk over allowed edges from a to b.
            guard case .list(let nodes) = row[1] else { Issue.record("no node list"); continue }
            let keys = try nodes.map { v -> Int in
                guard case .node(let id) = v, let key = try store.node(id: id)?.key, let i = Int(key.dropFirst()) else { return -1 }
                return i
            }
            #expect(keys.first == a && keys.last == b, "\(query)")
            for (u, v) in zip(keys, keys.dropFirst()) {
                #expect((adjacency[u] ?? []).contains(v), "\(query): no step \(u) -> \(v)\n\(graph)")
            }
        }
        #expect(found > 30)
    }
}
