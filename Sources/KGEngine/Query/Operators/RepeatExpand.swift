import KGModel

/// A repeated step (`-[:partner_of]-{1,3}`, `-+`, a composite segment with a
/// quantifier): every node reachable by a walk of `min` to `max` steps, once
/// each, as a breadth-first frontier with a visited set. Over a stored type
/// without conditions it walks the in-memory adjacency with a bitmap; when
/// walks are kept (path variables, evidence) each reached node's walk is
/// built from parent pointers only for the rows that are made.
final class RepeatExpand: Expand {
    override func process(_ rows: [Row], _ executor: QueryExecutor) throws(KGError) -> Bool {
        guard executor.tracksFacts else { return try super.process(rows, executor) }
        let pattern = executor.query.patterns[self.pattern]
        let (fromNode, toNode) = ends(executor.query)
        let step = pattern.steps[self.step]
        try prepare(executor, step, toNode: toNode)
        var out = RowChunk()
        for row in rows {
            guard case .node(let from) = row.values[fromNode.slot] else { continue }
            let target = row.values[toNode.slot]
            let targetID: Int64? = if case .node(let t) = target { t } else { toNode.fixed }
            let reach = try executor.reach(step, from: from, backward: backward, row: row, target: targetID, adjacency: access == .adjacency)
            defer { executor.budget.release(reach.bytes) }
            if reach.includesStart {
                guard try emitExpanded(row, Neighbor(node: from, steps: [], facts: []), target: target, toNode: toNode, step: step,
                                       pattern: pattern, into: &out, executor) else { return false }
            }
            for node in reach.nodes {
                try executor.tick()
                if case .node(let existing) = target {
                    guard existing == node else { continue }
                } else if !(try executor.admits(node, toNode, row: row)) {
                    continue
                }
                let walk = try executor.witness(node, in: reach)
                guard try emitExpanded(row, walk, target: target, toNode: toNode, step: step, pattern: pattern,
                                       into: &out, executor, admitted: true) else { return false }
            }
        }
        return try flush(&out, executor)
    }

    override func describe(_ query: BoundQuery) -> String {
        let to = ends(query).to
        let step = query.patterns[pattern].steps[self.step]
        let quantifier = step.repetition ?? Quantifier(min: 1, max: 1)
        var line = "RepeatExpand \(segment(query)): "
        line += accessText(step)
        line += "; repeated \(quantifier.min)..\(quantifier.max.map(String.init) ?? "") as a breadth-first frontier with a visited set (endpoints once each"
        line += access == .adjacency ? ", a bitmap over node ids)" : ")"
        if to.fixed != nil { line += "; stops when it reaches \(to.label)" }
        line += "; \(fanOut.text) per row"
        return line
    }
}
