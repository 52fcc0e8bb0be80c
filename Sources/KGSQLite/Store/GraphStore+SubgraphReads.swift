import KGModel
import KGStorage

/// The SQLite side of drawing a subgraph: one read transaction around the
/// walk and the record reads, and the batched reads of
/// ``GraphReading/edges(ids:)``, ``GraphReading/aliases(ofNodes:)`` and
/// ``GraphReading/nodeKinds(ids:_:)`` (500 ids a statement, not one
/// statement per record). The walk itself is backend-independent:
/// ``GraphReading/neighbourhood(of:hops:types:agreementsAsOneHop:maxNodes:)``.
extension GraphStore {
    /// Runs `body` in one read transaction (one snapshot of the graph; nested
    /// calls join the outer one).
    public func snapshot<T>(_ body: () throws(KGError) -> T) throws(KGError) -> T {
        do {
            return try db.readTransaction { () throws -> T in try body() }
        } catch {
            throw KGError.wrap(error)
        }
    }

    /// Edge records by id, read in batches of 500 ids.
    public func edges(ids: [Int64]) throws(KGError) -> [EdgeRecord] {
        var out: [EdgeRecord] = []
        out.reserveCapacity(ids.count)
        try inBatches(ids, select: "SELECT \(Self.edgeColumns) FROM edges WHERE id IN ", order: "") { statement in
            out.append(Self.readEdge(statement))
        }
        return out
    }

    /// Aliases of many nodes, read in batches of 500 ids, each node's in the
    /// order of ``aliases(of:)`` (SQLite's binary order).
    public func aliases(ofNodes ids: [Int64]) throws(KGError) -> [Int64: [String]] {
        var out: [Int64: [String]] = [:]
        try inBatches(ids, select: "SELECT node, alias FROM aliases WHERE node IN ", order: " ORDER BY node, alias") { statement in
            out[statement.int64(0), default: []].append(statement.string(1))
        }
        return out
    }

    /// Node kinds by id, read in batches of 500 ids.
    public func nodeKinds(ids: [Int64], _ body: (Int64, String) -> Void) throws(KGError) {
        try inBatches(ids, select: "SELECT id, kind FROM nodes WHERE id IN ", order: "") { statement in
            body(statement.int64(0), statement.string(1))
        }
    }

    /// Runs `select (?,?,…) order` over `ids`, 500 bound ids a statement (both
    /// parts are kg's constants, never caller text), calling `row` per row.
    private func inBatches(_ ids: [Int64], select: String, order: String,
                           _ row: (SQLiteStatement) -> Void) throws(KGError) {
        let size = 500
        do {
            var start = 0
            while start < ids.count {
                let batch = ids[start..<min(ids.count, start + size)]
                let placeholders = Array(repeating: "?", count: batch.count).joined(separator: ",")
                let statement = try db.prepare(select + "(" + placeholders + ")" + order)
                defer { statement.reset() }
                for (i, id) in batch.enumerated() { statement.bind(id, at: Int32(i + 1)) }
                while try statement.step() { row(statement) }
                start += size
            }
        } catch { throw KGError.wrap(error) }
    }
}
