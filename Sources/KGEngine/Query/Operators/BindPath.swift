import KGModel

/// Assembles a pattern's path value (`p = …`) from the steps each row walked.
final class BindPath: PhysicalOperator {
    let pattern: Int

    init(input: PhysicalOperator, pattern: Int) {
        self.pattern = pattern
        super.init(inputs: [input], estimatedRows: input.estimatedRows)
    }

    override func process(_ rows: [Row], _ executor: QueryExecutor) throws(KGError) -> Bool {
        let pattern = executor.query.patterns[self.pattern]
        guard let slot = pattern.pathSlot else { return try pass(rows, executor) }
        var out: [Row] = []
        out.reserveCapacity(rows.count)
        for row in rows {
            try executor.tick()
            var next = row
            guard case .node(let start) = row.values[pattern.nodes[0].slot] else { out.append(next); continue }
            var steps: [PathStep] = []
            for i in 0..<pattern.steps.count { steps += row.traces[i] ?? [] }
            next.values[slot] = .path(PathValue(start: start, steps: steps))
            next.traces = [:]
            out.append(next)
        }
        return try pass(out, executor)
    }

    override func describe(_ query: BoundQuery) -> String {
        "BindPath: path variable \(query.patterns[pattern].pathSlot.map { query.variables[$0].name } ?? "") of pattern \(pattern + 1)"
    }
}
