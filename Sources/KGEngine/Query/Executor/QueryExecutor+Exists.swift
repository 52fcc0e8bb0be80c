import KGModel

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
        var planner = self.planner
        planner.tracksFacts = false
        let plan = try planner.existsPlan(query, bound)
        plan.root.reset()
        // The same budget (time, cancellation, memory) as the enclosing query.
        let executor = QueryExecutor(store: store, plan: plan, budget: budget, derived: derivedCache, planner: planner, tracksFacts: nil)
        existsExecutors[id] = executor
        return executor
    }

    /// Whether the plan's patterns match at least once from `start`: the
    /// operators stream as for any query, and the first row that reaches the
    /// root stops them. Scans and memoised neighbours are kept from row to row.
    func matchesOnce(from start: Row) throws(KGError) -> Bool {
        var found = false
        terminal = { (rows: [Row]) throws(KGError) -> Bool in
            if !rows.isEmpty { found = true }
            return !found
        }
        _ = try plan.root.leaf.receive([start], self)
        return found
    }
}
