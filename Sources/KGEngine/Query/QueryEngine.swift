import Foundation
import KGModel
import KGStorage
import KGSQLite

/// The query engine over a kg graph file: see ``GraphQueryEngine``.
public typealias QueryEngine = GraphQueryEngine<GraphStore>

/// The query pipeline over one graph: parse → bind → plan → execute, over
/// any backend that implements ``GraphReading`` (the SQLite file is
/// ``GraphStore``; ``QueryEngine`` is the engine over it).
///
///     let engine = QueryEngine(store: store)
///     let result = try engine.execute(
///         "MATCH (who)-[:licenses_patents_to]->($company) RETURN DISTINCT who.name",
///         parameters: ["company": .string("Xiaomi")])
///
/// A long-lived engine is warm: it keeps the plans of the queries it has run
/// (see ``PlanCache``), the nodes the names it has resolved mean
/// (``RememberedNames``), the compiled derived edge types, and the in-memory
/// indexes of its graph, all dropped when the graph changes. Answers are
/// never kept.
public final class GraphQueryEngine<Graph: GraphReading> {
    public let store: Graph
    public typealias Options = QueryOptions
    private var derived: [String: DerivedDefinition] = [:]
    /// Queries this engine has run: from the second on it is a warm, long-lived
    /// engine (`kg serve`), which may build in-memory indexes a one-shot
    /// `kg query` would not amortise.
    private var executed = 0
    /// For tests: use the in-memory indexes for every step, however narrow.
    var alwaysUseMemoryIndexes = false
    /// Plans of the queries run so far (for the current state of the graph).
    let plans = PlanCache()
    /// For tests: the executor of the last query run, while something else holds it.
    weak var lastExecutor: QueryExecutor?
    /// Whether plans are kept between queries (for measuring the cache's effect).
    public var cachesPlans = true
    private var stamp: GraphChangeStamp?
    /// What the binder reads through: the graph, with the names it resolved remembered.
    let names: RememberedNames

    public init(store: Graph) {
        self.store = store
        self.names = RememberedNames(store)
    }

    /// Parses, binds, plans and runs `text`. EXPLAIN returns the plan without
    /// running; PROFILE runs and returns the plan with rows and times.
    public func execute(_ text: String, parameters: [String: Value] = [:]) throws(KGError) -> QueryResult {
        try execute(text, options: Options(parameters: parameters))
    }

    /// The text is parsed under the request's budget (``QueryOptions/budget``,
    /// or one started here): its tokens and syntax tree count against the
    /// memory limit and its parse against the time limit.
    public func execute(_ text: String, options: Options) throws(KGError) -> QueryResult {
        var options = options
        let budget = options.requestBudget()
        options.budget = budget
        try refresh()
        guard cachesPlans else { return try execute(try Parser.parse(text, budget: budget), options: options) }
        let parsed = try plans.parse(text, budget: budget)
        let key = plans.key(text: text, parsed: parsed, parameters: options.parameters, tracksFacts: options.tracksFacts)
        if var plan = plans.plan(for: key) {
            if plan.warm != isWarm {
                // Made by this engine's first query: the access paths of a warm engine now.
                plan = try planner(tracksFacts: tracksFacts(plan.query, options)).replan(plan)
                plans.store(plan, for: key)
            }
            plan.query.parameters = options.parameters
            return try run(plan, options: options)
        }
        let plan = try makePlan(parsed.query, options: options)
        plans.store(plan, for: key)
        return try run(plan, options: options)
    }

    public func execute(_ query: Query, options: Options) throws(KGError) -> QueryResult {
        try refresh()
        return try run(try makePlan(query, options: options), options: options)
    }

    /// Drops what was built from an older state of the graph: in-memory
    /// indexes, plans and compiled definitions (they hold node ids).
    private func refresh() throws(KGError) {
        let current = try store.changeStamp()
        store.adjacency.validate(current)
        plans.validate(current)
        if stamp != current {
            derived.removeAll()
            names.forget()
            stamp = current
        }
    }

    /// The graph the binder reads: with remembered names in a caching engine.
    private var bindingReader: any GraphReading { cachesPlans ? names : store }

    /// Whether this engine plans for a long life (its second query on):
    /// the planner then lets wide steps walk the in-memory indexes.
    private var isWarm: Bool { executed > 0 || alwaysUseMemoryIndexes }

    /// How this engine's plans are made, for a query that does or does not keep its facts.
    private func planner(tracksFacts: Bool) -> Planner {
        Planner(store: store, warm: isWarm, forceMemory: alwaysUseMemoryIndexes, tracksFacts: tracksFacts)
    }

    /// Whether the answer keeps its facts: evidence asked for, or path variables.
    private func tracksFacts(_ query: BoundQuery, _ options: Options) -> Bool {
        query.tracksFacts || options.tracksFacts || query.patterns.contains { $0.pathSlot != nil }
    }

    private func makePlan(_ query: Query, options: Options) throws(KGError) -> QueryPlan {
        var binder = Binder(store: bindingReader, parameters: options.parameters)
        let bound = try binder.bind(query, tracksFacts: options.tracksFacts)
        try compileDerived(for: bound.patterns + bound.existsQueries.values.flatMap(\.patterns))
        return try planner(tracksFacts: tracksFacts(bound, options)).plan(bound)
    }

    private func run(_ plan: QueryPlan, options: Options) throws(KGError) -> QueryResult {
        if plan.query.mode == .explain {
            var description = PlanDescription(plan: plan, profiled: false)
            let nested = planner(tracksFacts: false)
            for (id, bound) in plan.query.existsQueries { description.exists[id] = try nested.existsPlan(plan.query, bound) }
            return QueryResult(columns: ["plan"], rows: description.lines.map { [.string($0)] },
                               rowFacts: [], touchedNodes: [], touchedEdges: [], planText: description.text,
                               warnings: plan.query.warnings)
        }
        // One budget for the whole request, nested derived evaluation included.
        let budget = options.requestBudget()
        let tracks = tracksFacts(plan.query, options)
        let executor = QueryExecutor(store: store, plan: plan, budget: budget, derived: derived,
                                     planner: planner(tracksFacts: tracks), tracksFacts: tracks)
        lastExecutor = executor
        executed += 1
        var result = try store.read { () throws -> QueryResult in try executor.run() }
        if plan.query.mode == .profile {
            var description = PlanDescription(plan: plan, profiled: true)
            for (id, nested) in executor.existsExecutors { description.exists[id] = nested.plan }
            result.planText = description.text
        }
        result.warnings = plan.query.warnings + result.warnings
        return result
    }

    /// Compiles the derived types a pattern uses (and those their definitions use).
    private func compileDerived(for patterns: [BoundPattern]) throws(KGError) {
        try compileDerived(named: patterns.flatMap { $0.derivedTypeNames })
    }

    /// Compiles every derived edge type of the graph's schema: the first
    /// definition that does not parse or bind is an error, reported as a
    /// schema error (KGS001) on the line of its definition.
    public func checkDerivedDefinitions() throws(KGError) {
        for name in store.schema.derivedTypeOrder {
            do {
                try compileDerived(named: [name])
            } catch {
                let line = store.schema.derivedTypes[name]?.definitionLine ?? 0
                throw KGError(.schemaSyntax, error.message + " [\(error.code.rawValue)]", span: line > 0 ? .line(line) : nil,
                              suggestion: error.suggestion)
            }
        }
    }

    private func compileDerived(named names: [String]) throws(KGError) {
        var pending = names
        while let name = pending.popLast() {
            guard derived[name] == nil, let declaration = store.schema.derivedTypes[name] else { continue }
            var binder = Binder(store: bindingReader, parameters: [:], derivedStack: [name])
            let definition = try binder.bindDefinition(declaration)
            derived[name] = definition
            pending += definition.pattern.derivedTypeNames
        }
        // Every derived type the names lead to: one that only reaches a cycle is refused too.
        var reached: [String] = []
        var seen: Set<String> = []
        var queue = names
        while let name = queue.popLast() {
            guard seen.insert(name).inserted, let definition = derived[name] else { continue }
            reached.append(name)
            queue += definition.pattern.derivedTypeNames
        }
        for name in reached.sorted() {
            if let cycle = derivedCycle(from: name) {
                throw KGError(.invalidPattern, "derived type '\(name)' is defined in terms of itself, through "
                              + (cycle.count == 3 ? "'\(cycle[1])'" : "other derived types") + ": " + cycle.joined(separator: " → "),
                              suggestion: "a derived type may use other derived types, but never come back to itself; define one of "
                                + Set(cycle).sorted().map { "'\($0)'" }.joined(separator: ", ") + " with stored types only")
            }
        }
    }

    /// The derived types from `start` back to itself (`a → b → a`), if its
    /// definition leads back to it through others; a definition naming
    /// itself directly is refused when it is bound.
    private func derivedCycle(from start: String) -> [String]? {
        var visited: Set<String> = []
        func walk(_ path: [String]) -> [String]? {
            guard let last = path.last, let definition = derived[last] else { return nil }
            for next in Set(definition.pattern.derivedTypeNames).sorted() {
                if next == start { return path + [start] }
                guard visited.insert(next).inserted else { continue }
                if let found = walk(path + [next]) { return found }
            }
            return nil
        }
        return walk([start])
    }
}

extension BoundPattern {
    var derivedTypeNames: [String] { steps.flatMap(\.derivedTypeNames) }
}

extension BoundStep {
    var derivedTypeNames: [String] {
        switch self {
        case .edge(let e, _): return e.types.filter(\.derived).map(\.name)
        case .group(let s, _): return s.steps.flatMap(\.derivedTypeNames)
        }
    }
}
