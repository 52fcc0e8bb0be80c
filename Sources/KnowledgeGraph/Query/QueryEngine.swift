import Foundation

/// The query pipeline over one graph: parse → bind → plan → execute.
///
///     let engine = QueryEngine(store: store)
///     let result = try engine.execute(
///         "MATCH (who)-[:licenses_patents_to]->($company) RETURN DISTINCT who.name",
///         parameters: ["company": .string("Xiaomi")])
///
/// Compiled derived edge types are kept between queries; answers never are.
public final class QueryEngine {
    public let store: GraphStore
    private var derived: [String: DerivedDefinition] = [:]
    /// Queries this engine has run: from the second on it is a warm, long-lived
    /// engine (`kg serve`), which may build in-memory indexes a one-shot
    /// `kg query` would not amortise.
    private var executed = 0
    /// For tests: use the in-memory indexes for every step, however narrow.
    var alwaysUseMemoryIndexes = false

    public init(store: GraphStore) { self.store = store }

    /// Options for one run.
    public struct Options: Sendable {
        public var parameters: [String: Value]
        public var limits: QueryLimits
        /// Keep the facts each row rests on (for `--why` and DOT of the answer).
        public var tracksFacts: Bool
        public var cancellation: CancellationFlag?

        public init(parameters: [String: Value] = [:], limits: QueryLimits = QueryLimits(), tracksFacts: Bool = false,
                    cancellation: CancellationFlag? = nil) {
            self.parameters = parameters
            self.limits = limits
            self.tracksFacts = tracksFacts
            self.cancellation = cancellation
        }
    }

    /// Parses, binds, plans and runs `text`. EXPLAIN returns the plan without
    /// running; PROFILE runs and returns the plan with rows and times.
    public func execute(_ text: String, parameters: [String: Value] = [:]) throws(KGError) -> QueryResult {
        try execute(text, options: Options(parameters: parameters))
    }

    public func execute(_ text: String, options: Options) throws(KGError) -> QueryResult {
        let query = try Parser.parse(text)
        return try execute(query, options: options)
    }

    public func execute(_ query: Query, options: Options) throws(KGError) -> QueryResult {
        try store.refreshAdjacency()
        var binder = Binder(store: store, parameters: options.parameters)
        let bound = try binder.bind(query, tracksFacts: options.tracksFacts)
        try compileDerived(for: bound.patterns + bound.existsQueries.values.flatMap(\.patterns))
        let plan = try Planner(store: store).plan(bound)
        if query.mode == .explain {
            return QueryResult(columns: ["plan"], rows: PlanDescription(plan: plan, profile: nil).lines.map { [.string($0)] },
                               rowFacts: [], touchedNodes: [], touchedEdges: [], planText: PlanDescription(plan: plan, profile: nil).text,
                               warnings: bound.warnings)
        }
        // One budget for the whole query, nested derived evaluation included.
        let budget = QueryBudget(limits: options.limits, cancellation: options.cancellation)
        let executor = QueryExecutor(store: store, plan: plan, budget: budget,
                                     derived: derived, tracksFacts: bound.tracksFacts || options.tracksFacts ? true : nil)
        executor.warm = executed > 0 || alwaysUseMemoryIndexes
        executor.wideStep = alwaysUseMemoryIndexes ? 0 : 64
        executor.wideAnswer = alwaysUseMemoryIndexes ? 0 : 500
        executed += 1
        var result: QueryResult
        do {
            result = try store.db.readTransaction { () throws -> QueryResult in try executor.run() }
        } catch {
            throw KGError.wrap(error)
        }
        if query.mode == .profile {
            let description = PlanDescription(plan: plan, profile: executor.profile)
            result.planText = description.text
        }
        result.warnings = bound.warnings + result.warnings
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
            var binder = Binder(store: store, parameters: [:], derivedStack: [name])
            let definition = try binder.bindDefinition(declaration)
            derived[name] = definition
            pending += definition.pattern.derivedTypeNames
        }
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
