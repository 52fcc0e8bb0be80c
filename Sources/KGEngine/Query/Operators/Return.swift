/// The root of a query's plan: RETURN. Its rows go to the executor's
/// ``ProjectionSink``, which projects them, groups and aggregates as they
/// come (running totals, never the group's rows), drops duplicates for
/// DISTINCT, keeps the best k rows for ORDER BY … LIMIT k, and stops its
/// input once SKIP + LIMIT rows are there when nothing is sorted.
final class Return: PhysicalOperator {
    /// Whether answer keys are read from the in-memory key column (many rows)
    /// rather than in batches of records.
    let keysFromColumns: Bool
    /// The RETURN items and aggregate arguments, compiled by the plan's
    /// first run (``ProjectionSink``) and reused by every later run of a
    /// cached plan: the closures read parameters when they run.
    var compiledItems: [CompiledExpression]?
    var compiledArguments: [CompiledExpression?]?

    init(input: PhysicalOperator?, keysFromColumns: Bool, aggregatesOnly: Bool = false) {
        self.keysFromColumns = keysFromColumns
        super.init(inputs: input.map { [$0] } ?? [], estimatedRows: aggregatesOnly ? 1 : input?.estimatedRows ?? 1)
    }

    override func describe(_ query: BoundQuery) -> String {
        let clause = query.returnClause
        var line = "Return " + (clause.distinct ? "DISTINCT " : "")
        line += clause.star ? "*" : clause.items.map { QueryPrinter.format($0.expression) }.joined(separator: ", ")
        var phases: [String] = []
        let aggregates = clause.items.contains { $0.expression.containsAggregate }
        if aggregates {
            let keys = clause.items.filter { !$0.expression.containsAggregate }
            phases.append(keys.isEmpty ? "aggregate as running totals" : "group by \(keys.map { QueryPrinter.format($0.expression) }.joined(separator: ", ")) with running totals")
        }
        if clause.distinct { phases.append("distinct by hash") }
        if !clause.orderBy.isEmpty {
            let by = clause.orderBy.map { QueryPrinter.format($0.expression) + ($0.descending ? " DESC" : "") }.joined(separator: ", ")
            phases.append(clause.limit != nil && !aggregates ? "top k by \(by)" : "sort by \(by)")
        }
        if let skip = clause.skip { phases.append("skip \(QueryPrinter.format(skip))") }
        if let limit = clause.limit {
            phases.append("limit \(QueryPrinter.format(limit))" + (clause.orderBy.isEmpty && !aggregates ? " (stops the input)" : ""))
        }
        if keysFromColumns { phases.append("keys from the in-memory key column") }
        if !phases.isEmpty { line += ": " + phases.joined(separator: "; ") }
        return line
    }
}
