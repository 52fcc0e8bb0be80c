import KGModel
import KGStorage

/// One step of a pattern, walked from the node an input row binds to the
/// nodes it reaches: for each input row, the neighbours over the step's
/// edge types (stored or derived), kept when they fit the next node
/// position. The planner chooses how stored edges are read
/// (``EdgeAccess``) and whether node kinds come from the in-memory columns.
///
/// Neighbours are memoised per start node for the run (a cache within the
/// query's memory budget, dropped rather than failing).
class Expand: PhysicalOperator {
    let pattern: Int
    let step: Int
    /// Right to left: from node `step + 1` to node `step`.
    let backward: Bool
    let access: EdgeAccess
    /// Whether the kinds of reached nodes are read from the in-memory node
    /// columns (many rows) rather than from records.
    let kindsFromColumns: Bool
    /// The planner's estimate of neighbours per input row, and where it came from.
    let fanOut: Estimate

    private var memo: [Int64: [Neighbor]] = [:]
    private var memoBytes = 0
    private var prepared = false

    init(input: PhysicalOperator, pattern: Int, step: Int, backward: Bool, access: EdgeAccess, kindsFromColumns: Bool, fanOut: Estimate) {
        self.pattern = pattern
        self.step = step
        self.backward = backward
        self.access = access
        self.kindsFromColumns = kindsFromColumns
        self.fanOut = fanOut
        super.init(inputs: [input], estimatedRows: Estimate.product(input.estimatedRows, fanOut.value))
    }

    override func reset() {
        memo = [:]
        memoBytes = 0
        prepared = false
        super.reset()
    }

    /// Loads what the planner chose to read from memory, once per run.
    func prepare(_ executor: QueryExecutor, _ step: BoundStep, toNode: BoundNode) throws(KGError) {
        guard !prepared else { return }
        prepared = true
        if access == .adjacency, case .edge(let edge, _) = step { try executor.loadAdjacency(for: edge) }
        if kindsFromColumns, toNode.properties.isEmpty, executor.query.window == nil { _ = try executor.store.nodeColumns() }
    }

    func ends(_ query: BoundQuery) -> (from: BoundNode, to: BoundNode) {
        let p = query.patterns[pattern]
        return backward ? (p.nodes[step + 1], p.nodes[step]) : (p.nodes[step], p.nodes[step + 1])
    }

    override func process(_ rows: [Row], _ executor: QueryExecutor) throws(KGError) -> Bool {
        let pattern = executor.query.patterns[self.pattern]
        let (fromNode, toNode) = ends(executor.query)
        let step = pattern.steps[self.step]
        try prepare(executor, step, toNode: toNode)
        if let walks = directWalks(step, executor) {
            return try processOverAdjacency(rows, walks, fromNode: fromNode, toNode: toNode, step: step, executor)
        }
        let memory = access == .adjacency
        var out = RowChunk()
        let constrained = toNode.kinds != nil || !toNode.properties.isEmpty || executor.query.window != nil
        for row in rows {
            guard case .node(let from) = row.values[fromNode.slot] else { continue }
            let target = row.values[toNode.slot]
            let targetID: Int64? = if case .node(let t) = target { t } else { toNode.fixed }
            let neighbors: [Neighbor]
            if let cached = memo[from], !step.dependsOnRow {
                neighbors = cached
            } else {
                neighbors = try executor.neighbors(step, from: from, backward: backward, row: row, target: step.repetition != nil ? targetID : nil,
                                                   adjacency: memory)
                if !step.dependsOnRow, step.repetition == nil || targetID == nil {
                    let size = MemoryEstimate.entry + neighbors.count * MemoryEstimate.neighbor
                    if memoBytes + size > executor.limits.memoryLimit / 8 {
                        // A cache, not state: drop it rather than fail.
                        executor.budget.release(memoBytes)
                        memo = [:]
                        memoBytes = 0
                    }
                    if executor.budget.fits(size) {
                        try executor.budget.charge(size)
                        memoBytes += size
                        memo[from] = neighbors
                    }
                }
            }
            // Records of the reached nodes in a few batched reads, unless the kinds come from columns.
            if constrained, neighbors.count > 8, !target.isNode,
               executor.store.adjacency.columns == nil || !toNode.properties.isEmpty || executor.query.window != nil {
                try executor.prefetchNodes(neighbors.map(\.node))
            }
            for neighbor in neighbors {
                try executor.tick()
                guard try emitExpanded(row, neighbor, target: target, toNode: toNode, step: step, pattern: pattern,
                                       into: &out, executor) else { return false }
            }
        }
        return try flush(&out, executor)
    }

    /// The arrays to walk straight, for a single step over stored types in
    /// memory when no walk or fact is kept; nil otherwise.
    private func directWalks(_ step: BoundStep, _ executor: QueryExecutor) -> [(list: AdjacencyList, outgoing: Bool, type: String)]? {
        guard access == .adjacency, !executor.tracksFacts, case .edge(let edge, nil) = step else { return nil }
        return executor.adjacencyWalks(edge, backward: backward)
    }

    /// The neighbours of each row read straight from the adjacency arrays:
    /// no list of neighbours per row, no memo (the arrays are the index).
    private func processOverAdjacency(_ rows: [Row], _ walks: [(list: AdjacencyList, outgoing: Bool, type: String)], fromNode: BoundNode, toNode: BoundNode,
                                      step: BoundStep, _ executor: QueryExecutor) throws(KGError) -> Bool {
        var out = RowChunk()
        var edgeSlot: Int?
        if case .edge(let bound, nil) = step { edgeSlot = bound.slot }
        // Reached nodes are checked against their records: read them in batches.
        let needsRecords = !toNode.properties.isEmpty || toNode.kinds != nil && executor.store.adjacency.columns == nil
        for row in rows {
            guard case .node(let from) = row.values[fromNode.slot] else { continue }
            let target = row.values[toNode.slot]
            let i = Int(from)
            if needsRecords, !target.isNode {
                var ids: [Int64] = []
                for (list, outgoing, _) in walks {
                    let offsets = outgoing ? list.outOffsets : list.inOffsets
                    guard i >= 0, i + 1 < offsets.count else { continue }
                    let targets = outgoing ? list.outTargets : list.inTargets
                    for k in Int(offsets[i])..<Int(offsets[i + 1]) { ids.append(Int64(targets[k])) }
                }
                if ids.count > 8 { try executor.prefetchNodes(ids) }
            }
            for (list, outgoing, _) in walks {
                let offsets = outgoing ? list.outOffsets : list.inOffsets
                guard i >= 0, i + 1 < offsets.count else { continue }
                let targets = outgoing ? list.outTargets : list.inTargets
                let edges = outgoing ? list.outEdges : list.inEdges
                for k in Int(offsets[i])..<Int(offsets[i + 1]) {
                    try executor.tick()
                    let node = Int64(targets[k])
                    if case .node(let existing) = target {
                        guard existing == node else { continue }
                    } else if !(try executor.admits(node, toNode, row: row)) {
                        continue
                    }
                    var next = row
                    next.values[toNode.slot] = .node(node)
                    if let edgeSlot { next.values[edgeSlot] = .edge(edges[k]) }
                    guard try emit(next, into: &out, executor) else { return false }
                }
            }
        }
        return try flush(&out, executor)
    }

    /// The row for one neighbour of an expansion, if the neighbour fits.
    @inline(__always)
    final func emitExpanded(_ row: Row, _ neighbor: Neighbor, target: Value, toNode: BoundNode, step: BoundStep, pattern: BoundPattern,
                            into out: inout RowChunk, _ executor: QueryExecutor, admitted: Bool = false) throws(KGError) -> Bool {
        if case .node(let existing) = target {
            guard existing == neighbor.node else { return true }
        } else if !admitted, !(try executor.admits(neighbor.node, toNode, row: row)) {
            return true
        }
        var next = row
        next.values[toNode.slot] = .node(neighbor.node)
        if case .edge(let bound, nil) = step, let slot = bound.slot, let id = neighbor.edge {
            next.values[slot] = .edge(id)
        }
        if executor.tracksFacts {
            next.facts.append(contentsOf: neighbor.facts)
            if case .node = target {} else if try executor.isFactNode(neighbor.node) { next.facts.append(.node(neighbor.node)) }
            if pattern.pathSlot != nil {
                next.traces[self.step] = backward ? neighbor.steps.reversed().map(\.flipped) : neighbor.steps
            }
        }
        return try emit(next, into: &out, executor)
    }

    /// The step as written, and which way it is walked: "(who) <-[:licensor]- (a:Agreement) from a".
    func segment(_ query: BoundQuery) -> String {
        let p = query.patterns[pattern]
        let from = backward ? p.nodes[step + 1] : p.nodes[step]
        return "\(p.nodes[step].label) \(p.steps[step].text) \(p.nodes[step + 1].label) \(backward ? "right to left" : "left to right")"
            + ", from \(query.variables[from.slot].name.hasPrefix(" ") ? from.label : query.variables[from.slot].name)"
    }

    override func describe(_ query: BoundQuery) -> String {
        let to = ends(query).to
        let step = query.patterns[pattern].steps[self.step]
        var line = "Expand \(segment(query)): "
        line += accessText(step)
        line += "; \(fanOut.text) per row"
        if kindsFromColumns, to.kinds != nil { line += "; kinds from the in-memory node columns" }
        return line
    }

    /// How each edge type of the step is read.
    func accessText(_ step: BoundStep) -> String {
        switch step {
        case .edge(let edge, _):
            let needsRecord = !edge.properties.isEmpty
            var parts: [String] = []
            for type in edge.types {
                let forward = type.inverse == backward
                if type.derived {
                    parts.append("derived \(type.name) (its definition run from the \(forward ? "x" : "y") end)")
                } else if access == .adjacency && !needsRecord {
                    parts.append("\(type.name)\(edge.undirected || type.isSymmetric ? " both ways" : "") via in-memory adjacency")
                } else if edge.undirected || type.isSymmetric {
                    parts.append("\(type.name) both ways (indexes edges_out and edges_in)")
                } else {
                    parts.append("\(type.name) via index \(forward ? "edges_out (type, src)" : "edges_in (type, dst)")")
                }
            }
            if edge.types.isEmpty {
                parts.append("any type via \(edge.undirected ? "both indexes" : (edge.reversed == backward ? "edges_out" : "edges_in")), one probe per type")
            }
            return parts.joined(separator: "; ")
        case .group(let sequence, _):
            return "composite segment \(sequence.text), its steps via index"
        }
    }
}
