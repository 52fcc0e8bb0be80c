import KGModel

/// `RETURN count(*)` over patterns that share no variable (`MATCH (a), (b)`):
/// each input is one independent part, counted on its own, and the answer
/// is the product of the counts, never their cross product.
final class CrossProductCount: PhysicalOperator {
    private var counted = 0

    init(parts: [PhysicalOperator]) {
        super.init(inputs: parts, estimatedRows: 1)
    }

    /// Rows of the part being counted.
    override func process(_ rows: [Row], _ executor: QueryExecutor) throws(KGError) -> Bool {
        counted += rows.count
        return true
    }

    /// The product of the parts' counts (KGE006 beyond 2^63 - 1).
    func count(from start: Row, _ executor: QueryExecutor) throws(KGError) -> Int {
        var product = 1
        for part in inputs {
            counted = 0
            _ = try part.leaf.receive([start], executor)
            if counted == 0 { return 0 }
            let (next, overflow) = product.multipliedReportingOverflow(by: counted)
            if overflow {
                throw KGError(.numericOverflow, "count(*) of this cross product is more than 2^63 - 1 rows (the independent patterns multiply)",
                              suggestion: "join the patterns by a shared variable or a WHERE condition, or count each pattern on its own")
            }
            product = next
        }
        return product
    }

    override func describe(_ query: BoundQuery) -> String {
        "CrossProductCount: \(inputs.count) independent parts, each counted on its own; the answer is the product"
    }
}
