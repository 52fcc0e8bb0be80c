import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// A query means the same thing on every graph: adding nodes whose keys,
/// names and aliases equal the query's variable names (the WHO case: an
/// Organisation aliased "WHO"; nodes keyed a, b, p) never changes its answer.
///
/// The corpus: every named query of Queries/ (with its defaults), the
/// queries below, and every query of the engine fuzzer's corpus
/// (Fuzz/Corpus/FuzzQueryEngine) that runs on the seed graph. Two graphs are
/// compared with the seed graph:
///
/// * **aliases**: every variable name (and its upper-case spelling) becomes
///   an alias of an existing, connected node, chosen at random (seeded);
///   no query may change its answer (capitalised words are left out: by
///   the naming rule they are names, never variables);
/// * **nodes**: also an isolated Organisation per variable name, keyed and
///   called by it; a query whose every pattern walks at least one edge
///   cannot match an isolated node, so its answer may not change either.
@Suite struct MeaningPropertyTests {
    static let handWritten = [
        "MATCH (who)-[:licenses_patents_to]->(Xiaomi) RETURN DISTINCT who",
        "MATCH (a)<-[:party]-(p:Agreement)-[:party]->(b) WHERE a <> b RETURN a.key, b.key, p.key ORDER BY a.key, b.key, p.key",
        "MATCH (x)-[:licenses_patents_to]->(y) RETURN x, y",
        "MATCH (c)-[:partner_of]-(d) WHERE c <> d RETURN c.name, count(d) ORDER BY c.name",
        "MATCH p = SHORTEST (a)-[:partner_of]-+(b) WHERE a.key = 'ikea' AND b.key = 'baidu' RETURN length(p)",
        "MATCH (mate)-[:develops]->(gimp) RETURN mate.key, gimp.key ORDER BY mate.key, gimp.key",
        "MATCH (git)-[r]->(x) RETURN type(r), count(*) ORDER BY type(r)",
        "MATCH (xiaomi)-[:develops]->(product) RETURN DISTINCT product.key ORDER BY product.key",
        "MATCH (person:Person)-[r:works_for|ceo_of]->(company) RETURN person.key, company.key ORDER BY person.key, company.key",
        "MATCH (c:Company) WHERE EXISTS { (c)<-[:party]-(a:Agreement) } RETURN c.key ORDER BY c.key",
        "MATCH (a:Agreement)-[role]->(party) WHERE ANY(k IN [a.kind] WHERE k = 'partnership') RETURN a.key, type(role), party.key ORDER BY a.key, party.key",
        "MATCH (seller)<-[:seller]-(deal)-[:buyer]->(buyer) RETURN seller, deal, buyer",
        "MATCH (c:Company) RETURN c.key ORDER BY c.key",
        "MATCH (n) RETURN count(*)",
        "RETURN EXISTS { (who)-[:licenses_patents_to]->(Xiaomi) } AS yes",
    ]

    /// Queries of the corpus with the parameters to run them with.
    static func corpus() throws -> [(text: String, parameters: [String: Value])] {
        var out: [(String, [String: Value])] = []
        for name in NamedQuery.builtin.keys.sorted() {
            let query = try NamedQuery.named(name)
            out.append((query.text, try query.bind([:])))
        }
        out += handWritten.map { ($0, [:]) }
        let dir = Fixtures.repositoryRoot + "/Fuzz/Corpus/FuzzQueryEngine"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
        for file in files {
            guard let data = FileManager.default.contents(atPath: dir + "/" + file),
                  let text = String(data: data, encoding: .utf8), text.utf8.count < 2_000,
                  (try? Parser.parse(text)) != nil else { continue }
            out.append((text, ["p": .int(1), "company": .string("Xiaomi")]))
        }
        return out
    }

    /// The variables a query introduces: node, edge and path variables,
    /// RETURN aliases and list-predicate items.
    static func variableNames(of query: Query) -> Set<String> {
        var names = Set<String>()
        func visit(_ pattern: PathPattern) {
            if let p = pattern.variable { names.insert(p.name) }
            for node in pattern.nodes { if let v = node.variable?.name, !NamingRule.isNodeName(v) { names.insert(v) } }
            for hop in pattern.hops { visit(hop.step) }
        }
        func visit(_ step: PatternStep) {
            switch step {
            case .edge(let e): if let v = e.variable { names.insert(v.name) }
            case .group(let g): g.steps.forEach(visit)
            }
        }
        func visit(_ e: KnowledgeGraph.Expression) {
            switch e.kind {
            case .listPredicate(let p): names.insert(p.variable); visit(p.list); visit(p.condition)
            case .exists(let x): x.patterns.forEach(visit); if let c = x.condition { visit(c) }
            case .property(let b, _), .not(let b), .negate(let b), .isNull(let b, _), .hasKind(let b, _): visit(b)
            case .binary(_, let a, let b), .subscript(let a, let b): visit(a); visit(b)
            case .list(let items): items.forEach(visit)
            case .call(let c): c.arguments.forEach(visit)
            default: break
            }
        }
        query.patterns.forEach(visit)
        if let w = query.whereClause { visit(w) }
        for item in query.returnClause.items {
            visit(item.expression)
            if let a = item.alias { names.insert(a.name) }
        }
        return names
    }

    /// The seed graph with every name as an alias (and its upper-case
    /// spelling) of a random connected node; and that graph plus an isolated
    /// Organisation keyed and called by each name.
    static func shadowGraphs(_ plain: SeedQueries, _ names: [String], seed: UInt64) throws -> (SeedQueries, SeedQueries) {
        let aliased = try SeedQueries()
        let shadowed = try SeedQueries()
        var random = SeededRandom(seed: seed)
        let connected = try plain.store.db.query("SELECT DISTINCT src FROM edges ORDER BY src") { $0.int64(0) }
        for store in [aliased.store, shadowed.store] {
            try store.write {
                for name in names {
                    let target = random.pick(connected)
                    try store.addAlias(node: target, alias: name)
                    try store.addAlias(node: target, alias: name.uppercased())
                }
            }
        }
        try shadowed.store.write {
            for (i, name) in names.enumerated() {
                let key = GraphStore.foldKey(name)
                let taken = try shadowed.store.candidates(forName: key).contains { $0.key == key }
                _ = try shadowed.store.addNode(key: taken ? "shadow-\(i)" : key, kind: "Organisation", name: name)
            }
        }
        return (aliased, shadowed)
    }

    /// Whether the text writes one of `names` (folded) as a node name: a
    /// capitalised word, a string, or a parameter's value.
    static func writesAsName(_ text: String, _ parameters: [String: Value], _ names: Set<String>) -> Bool {
        guard let tokens = try? Lexer.tokenize(text) else { return true }
        return tokens.contains { token in
            switch token.kind {
            case .identifier(let w): return NamingRule.isNodeName(w) && names.contains(w.lowercased())
            case .string(let s): return names.contains(s.lowercased())
            case .parameter(let p): if case .string(let v)? = parameters[p] { return names.contains(v.lowercased()) } else { return false }
            default: return false
            }
        }
    }

    /// Whether no pattern of the query can match an isolated node.
    static func walksAnEdgeEverywhere(_ query: Query) -> Bool {
        query.patterns.allSatisfy { pattern in
            !pattern.hops.isEmpty && pattern.hops.allSatisfy { ($0.step.quantifier?.min ?? 1) >= 1 }
        }
    }

    enum Outcome: Equatable {
        case answer(columns: [String], rows: [[Value]])
        case error(ErrorCode)
    }

    static func outcome(_ engine: QueryEngine, _ text: String, _ parameters: [String: Value]) -> Outcome? {
        do {
            let result = try engine.execute(text, options: .init(parameters: parameters, limits: QueryLimits(timeLimit: 0.5, rowLimit: 5_000)))
            return .answer(columns: result.columns, rows: result.rows)
        } catch {
            // Limits depend on speed, not meaning.
            if [.timeLimit, .rowLimit, .cancelled].contains(error.code) { return nil }
            return .error(error.code)
        }
    }

    @Test func addingNodesCalledLikeTheVariablesNeverChangesAnAnswer() throws {
        let corpus = try Self.corpus()
        var allNames = Set<String>()
        for entry in corpus { if let q = try? Parser.parse(entry.text) { allNames.formUnion(Self.variableNames(of: q)) } }
        allNames.formUnion(["who", "a", "b", "p", "x", "c", "mate", "gimp", "git", "xiaomi"])
        // A capitalised word is a node name by the rule (never a variable):
        // a node called that way is meant to change what it names.
        let names = allNames.filter { !NamingRule.isNodeName($0) }.sorted()

        // Round 1: the variable names no query of the corpus also writes as
        // a name, so every query is compared; round 2: the others (such as
        // xiaomi, a variable here and a name in (Xiaomi) there), compared on
        // the queries that do not write them as names.
        var writtenAsNames = Set<String>()
        for entry in corpus {
            for name in names where Self.writesAsName(entry.text, entry.parameters, [name.lowercased()]) { writtenAsNames.insert(name) }
        }
        let rounds = [names.filter { !writtenAsNames.contains($0) }, names.filter { writtenAsNames.contains($0) }]
        let plain = try SeedQueries()
        var compared = 0, comparedWithNodes = 0
        var comparedPerRound: [Int] = []
        var answers: [Int: Outcome?] = [:]
        for (round, shadows) in rounds.enumerated() where !shadows.isEmpty {
            let (aliased, shadowed) = try Self.shadowGraphs(plain, shadows, seed: UInt64(10 + round))
            let folded = Set(shadows.map { $0.lowercased() })
            var inRound = 0
            for (index, entry) in corpus.enumerated() {
                // Plans show node counts, which the added nodes change; a query
                // that writes one of the added names as a name (`(P)`, `("p")`)
                // asks about it, so its answer may change.
                guard let query = try? Parser.parse(entry.text), query.mode == .run,
                      !Self.writesAsName(entry.text, entry.parameters, folded) else { continue }
                if answers[index] == nil { answers[index] = .some(Self.outcome(plain.engine, entry.text, entry.parameters)) }
                guard let before = answers[index] ?? nil else { continue }
                compared += 1
                inRound += 1
                if let after = Self.outcome(aliased.engine, entry.text, entry.parameters) {
                    #expect(after == before, "aliases changed the answer of: \(entry.text)")
                }
                if Self.walksAnEdgeEverywhere(query), let after = Self.outcome(shadowed.engine, entry.text, entry.parameters) {
                    comparedWithNodes += 1
                    #expect(after == before, "nodes called like variables changed the answer of: \(entry.text)")
                }
            }
            comparedPerRound.append(inRound)
        }
        print("meaning property: \(comparedPerRound) queries compared per round, \(comparedWithNodes) also with nodes, \(names.count) variable names")
        #expect(compared >= Self.handWritten.count + NamedQuery.builtin.count)
        #expect(comparedWithNodes >= 10)
    }
}
