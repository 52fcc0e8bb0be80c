import KGModel

/// `SHORTEST` / `ALL SHORTEST` between two bound ends: for each input row, a
/// bidirectional breadth-first search (over the in-memory adjacency when the
/// step is one stored type without conditions), or a breadth-first search
/// that keeps every parent at the shortest depth (ALL SHORTEST).
final class ShortestPath: PhysicalOperator {
    let pattern: Int
    let all: Bool
    let access: EdgeAccess

    init(input: PhysicalOperator, pattern: Int, all: Bool, access: EdgeAccess) {
        self.pattern = pattern
        self.all = all
        self.access = access
        super.init(inputs: [input], estimatedRows: input.estimatedRows)
    }

    override func process(_ rows: [Row], _ executor: QueryExecutor) throws(KGError) -> Bool {
        try executor.shortest(rows, pattern: executor.query.patterns[pattern], all: all, adjacency: access == .adjacency, operator: self)
    }

    override func describe(_ query: BoundQuery) -> String {
        let p = query.patterns[pattern]
        var line = "ShortestPath \(p.text): "
        if all {
            line += "all shortest paths, breadth-first search keeping every parent at the shortest depth"
        } else {
            line += "bidirectional breadth-first search from both bound ends, the smaller frontier first"
        }
        line += access == .adjacency ? ", over the in-memory adjacency" : ", edges via index"
        return line
    }
}
