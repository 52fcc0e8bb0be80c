import KGModel

/// An AND-ed part of WHERE, placed by the planner right after the operator
/// that binds every variable it reads, so rows that cannot match are
/// dropped before the next expansion multiplies them.
final class Filter: PhysicalOperator {
    let condition: Expression
    private let compiled: CompiledExpression
    /// Slots whose node records the condition reads (read in batches first).
    private let readSlots: [Int]
    private let readsOnlyKeys: Bool

    init(input: PhysicalOperator, condition: Expression, query: BoundQuery) {
        self.condition = condition
        compiled = CompiledExpression.compile(condition, for: query)
        readSlots = Set(condition.propertyReadVariables).compactMap { query.slots[$0] }
        readsOnlyKeys = condition.readsOnlyKeys
        // Without statistics of values, half the rows are assumed to pass.
        super.init(inputs: [input], estimatedRows: max(1, input.estimatedRows / 2))
    }

    override func process(_ rows: [Row], _ executor: QueryExecutor) throws(KGError) -> Bool {
        // Read the records the condition needs in a few batched statements.
        if rows.count > 8, !readSlots.isEmpty, !readsOnlyKeys {
            var ids: [Int64] = []
            for row in rows { for slot in readSlots { if case .node(let id) = row.values[slot] { ids.append(id) } } }
            // Unless the in-memory columns answer everything the condition reads.
            if !executor.columnsServe(condition, ids: ids) { try executor.prefetchNodes(ids) }
        }
        var kept: [Row] = []
        kept.reserveCapacity(rows.count)
        let span = condition.span
        for row in rows {
            try executor.tick()
            if try executor.truth(compiled(row, executor), span: span) { kept.append(row) }
        }
        return try pass(kept, executor)
    }

    override func describe(_ query: BoundQuery) -> String { "Filter WHERE \(QueryPrinter.format(condition))" }
}
