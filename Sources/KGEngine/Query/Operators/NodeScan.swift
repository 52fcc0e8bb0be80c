import KGModel

/// Every node of some kinds (index `nodes_by_kind`), or every node, read
/// once per run; the planner chooses a scan only when no position of the
/// pattern can be looked up, and counts the candidates for its estimate.
final class NodeScan: NodeSource {
    /// The kinds scanned; nil: every node.
    let kinds: [String]?
    let candidateCount: Int
    private var scanned: [Int64]?

    init(input: PhysicalOperator?, pattern: Int, position: Int, kinds: [String]?, candidateCount: Int, estimatedRows: Int) {
        self.kinds = kinds
        self.candidateCount = candidateCount
        super.init(input: input, pattern: pattern, position: position, estimatedRows: estimatedRows)
    }

    override func reset() {
        scanned = nil
        super.reset()
    }

    override func candidates(for row: Row, _ executor: QueryExecutor) throws(KGError) -> [Int64] {
        if let scanned { return scanned }
        let ids = try executor.store.nodeIDs(kinds: kinds)
        try executor.budget.charge(32 + ids.count * 8)
        scanned = ids
        return ids
    }

    override func describe(_ query: BoundQuery) -> String {
        if let kinds {
            return "NodeScan \(label(query)): kind \(kinds.joined(separator: "|")) (index nodes_by_kind, \(candidateCount) nodes)\(perRow)"
        }
        return "NodeScan \(label(query)): all nodes (\(candidateCount))\(perRow)"
    }
}
