/// `EXISTS { … }`: the patterns of the predicate are planned once per query
/// (the enclosing row's variables bound) and run from each row until the
/// first match.
extension QueryExecutor {
    func exists(_ predicate: ExistsPredicate, row: Row?) throws(KGError) -> Value {
        guard let bound = query.existsQueries[predicate.id] else {
            throw KGError(.invalidArgument, "EXISTS was not bound (an internal error)", span: nil)
        }
        let executor = try existsExecutor(predicate.id, bound)
        // The enclosing row's variables known where the EXISTS stands, then its own (unbound).
        var values = Array((row?.values ?? []).prefix(bound.outerSlotCount))
        values += Array(repeating: .null, count: max(0, bound.variables.count - values.count))
        return .bool(try executor.matchesOnce(from: Row(values: values, facts: [], traces: [:])))
    }

    private func existsExecutor(_ id: Int, _ bound: BoundExists) throws(KGError) -> QueryExecutor {
        if let executor = existsExecutors[id] { return executor }
        var sub = query
        sub.patterns = bound.patterns
        sub.filter = bound.filter
        sub.variables = bound.variables
        sub.slots = bound.slots
        sub.constants = bound.constants
        sub.returnClause = ReturnClause()
        sub.tracksFacts = false
        let plan = try Planner(store: store).plan(sub, initiallyBound: Set(0..<bound.outerSlotCount))
        let executor = QueryExecutor(store: store, plan: plan, limits: limits, cancellation: cancellation, derived: derivedCache, tracksFacts: nil)
        executor.warm = warm
        executor.wideStep = wideStep
        executor.wideAnswer = wideAnswer
        existsExecutors[id] = executor
        return executor
    }

    /// Whether the plan's patterns match at least once from `start`.
    func matchesOnce(from start: Row) throws(KGError) -> Bool {
        var rows = [start]
        for stage in plan.stages {
            switch stage {
            case .anchor(let p, let n, let strategy): rows = try runAnchor(rows, p, n, strategy)
            case .expand(let p, let s, let backward): rows = try runExpand(rows, p, s, backward)
            case .shortest(let p, _, let all): rows = try shortest(rows, pattern: query.patterns[p], all: all)
            case .bindPath(let p): rows = bindPath(rows, pattern: query.patterns[p])
            case .filter(let condition):
                var kept: [Row] = []
                for row in rows {
                    try tick()
                    if try truth(evaluate(condition, row: row), span: condition.span) { kept.append(row) }
                }
                rows = kept
            case .project: break
            }
            if rows.isEmpty { return false }
        }
        return !rows.isEmpty
    }
}
