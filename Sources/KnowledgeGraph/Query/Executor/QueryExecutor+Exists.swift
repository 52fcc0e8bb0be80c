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
        // The same budget (time, cancellation, memory) as the enclosing query.
        let executor = QueryExecutor(store: store, plan: plan, budget: budget, derived: derivedCache, tracksFacts: nil)
        executor.warm = warm
        executor.wideStep = wideStep
        executor.wideAnswer = wideAnswer
        existsExecutors[id] = executor
        return executor
    }

    /// Whether the plan's patterns match at least once from `start`: the
    /// stages stream as for any query, and the first row that reaches the
    /// end stops them. Scans and memoised neighbours are kept from row to row.
    func matchesOnce(from start: Row) throws(KGError) -> Bool {
        let count = plan.stages.count
        if scans.count != count {
            scans = Array(repeating: nil, count: count)
            memos = Array(repeating: [:], count: count)
            memoBytes = Array(repeating: 0, count: count)
            rowsIn = Array(repeating: 0, count: count)
            nanos = Array(repeating: 0, count: count)
        }
        var found = false
        terminal = { (rows: [Row]) throws(KGError) -> Bool in
            if !rows.isEmpty { found = true }
            return !found
        }
        _ = try feed([start], stage: 0)
        return found
    }
}
