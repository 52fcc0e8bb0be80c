import KGModel

/// Where a pattern starts: for each input row, the candidate nodes of one
/// node position, kept when they fit it (kind, properties, time window), each
/// making a row with the position's variable bound. The subclasses say where
/// the candidates come from.
class NodeSource: PhysicalOperator {
    /// The pattern and the node position in it.
    let pattern: Int
    let position: Int

    init(input: PhysicalOperator?, pattern: Int, position: Int, estimatedRows: Int) {
        self.pattern = pattern
        self.position = position
        super.init(inputs: input.map { [$0] } ?? [], estimatedRows: estimatedRows)
    }

    /// The candidates for `row`.
    func candidates(for row: Row, _ executor: QueryExecutor) throws(KGError) -> [Int64] { [] }

    override func process(_ rows: [Row], _ executor: QueryExecutor) throws(KGError) -> Bool {
        let node = executor.query.patterns[pattern].nodes[position]
        var out = RowChunk()
        for row in rows {
            for id in try candidates(for: row, executor) {
                try executor.tick()
                guard try executor.admits(id, node, row: row) else { continue }
                var next = row
                next.values[node.slot] = .node(id)
                if executor.tracksFacts, try executor.isFactNode(id) { next.facts.append(.node(id)) }
                guard try emit(next, into: &out, executor) else { return false }
            }
        }
        return try flush(&out, executor)
    }

    /// "(a:Agreement)" and the input's name, for EXPLAIN.
    func label(_ query: BoundQuery) -> String { query.patterns[pattern].nodes[position].label }

    /// " for each input row" when the source runs once per row of an earlier pattern.
    var perRow: String { inputs.isEmpty ? "" : " for each input row" }
}

/// A node named in the query: one candidate, found by key, name or alias
/// when the query was bound.
final class NodeSeek: NodeSource {
    let id: Int64
    let name: String

    init(input: PhysicalOperator?, pattern: Int, position: Int, id: Int64, name: String) {
        self.id = id
        self.name = name
        super.init(input: input, pattern: pattern, position: position, estimatedRows: max(1, input?.estimatedRows ?? 1))
    }

    override func candidates(for row: Row, _ executor: QueryExecutor) throws(KGError) -> [Int64] { [id] }

    override func describe(_ query: BoundQuery) -> String {
        "NodeSeek \(label(query)): the named node, found by key, name or alias when the query was bound\(perRow)"
    }
}

/// A node position whose variable an earlier pattern bound: the row's node.
final class NodeByVariable: NodeSource {
    let variable: String

    init(input: PhysicalOperator?, pattern: Int, position: Int, variable: String) {
        self.variable = variable
        super.init(input: input, pattern: pattern, position: position, estimatedRows: max(1, input?.estimatedRows ?? 1))
    }

    override func candidates(for row: Row, _ executor: QueryExecutor) throws(KGError) -> [Int64] {
        let slot = executor.query.patterns[pattern].nodes[position].slot
        guard case .node(let id) = row.values[slot] else { return [] }
        return [id]
    }

    override func describe(_ query: BoundQuery) -> String {
        "NodeByVariable \(label(query)): variable \(variable) bound by an earlier pattern"
    }
}
