import KGModel

/// Nodes whose key or name equals a value (`{name: $name}`): one probe of
/// the unique key index or of `nodes_by_name`, read once per run.
final class NodeIndexSeek: NodeSource {
    let property: String
    let value: Expression
    private var found: [Int64]?

    init(input: PhysicalOperator?, pattern: Int, position: Int, property: String, value: Expression) {
        self.property = property
        self.value = value
        super.init(input: input, pattern: pattern, position: position, estimatedRows: max(1, input?.estimatedRows ?? 1))
    }

    override func reset() {
        found = nil
        super.reset()
    }

    override func candidates(for row: Row, _ executor: QueryExecutor) throws(KGError) -> [Int64] {
        if let found { return found }
        var ids: [Int64] = []
        if case .string(let text) = try executor.evaluate(value, row: row) {
            ids = try executor.store.nodeIDs(where: property, equals: text)
        }
        try executor.budget.charge(32 + ids.count * 8)
        found = ids
        return ids
    }

    override func describe(_ query: BoundQuery) -> String {
        "NodeIndexSeek \(label(query)): \(property) = \(QueryPrinter.format(value)) (index \(property == "key" ? "on key" : "nodes_by_name"))\(perRow)"
    }
}
