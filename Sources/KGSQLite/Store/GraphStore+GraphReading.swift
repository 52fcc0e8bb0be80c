import KGModel
import KGStorage

/// The SQLite implementation of the reads the engine makes in bulk: batches
/// of ids, index probes per edge type, scans for the in-memory indexes and
/// the statistics the planner estimates from. (Single records are in
/// GraphStore+Reading.swift, names in GraphStore+Names.swift.)
extension GraphStore {
    public func changeStamp() throws(KGError) -> GraphChangeStamp {
        do {
            let version = try db.queryOne("PRAGMA data_version") { $0.int64(0) } ?? 0
            return GraphChangeStamp(external: version, local: localWrites)
        } catch { throw KGError.wrap(error) }
    }

    public func read<T>(_ body: () throws -> T) throws(KGError) -> T {
        do { return try db.readTransaction(body) }
        catch { throw KGError.wrap(error) }
    }

    /// Node keys by id, read in batches of 500 ids.
    public func nodeKeys(ids: [Int64], _ body: (Int64, String) -> Void) throws(KGError) {
        try nodeColumn("key", ids: ids, body)
    }

    /// One text column of many nodes (`column` is one of kg's constants, never caller text).
    private func nodeColumn(_ column: StaticString, ids: [Int64], _ body: (Int64, String) -> Void) throws(KGError) {
        do {
            var start = 0
            while start < ids.count {
                let batch = ids[start..<min(ids.count, start + 500)]
                let statement = try db.prepare("SELECT id, \(column) FROM nodes WHERE id IN (" + Self.placeholders(batch.count) + ")")
                for (i, id) in batch.enumerated() { statement.bind(id, at: Int32(i + 1)) }
                while try statement.step() { body(statement.int64(0), statement.string(1)) }
                statement.reset()
                start += 500
            }
        } catch { throw KGError.wrap(error) }
    }

    /// Node records by id, read in batches of 500 ids.
    public func nodes(ids: [Int64]) throws(KGError) -> [NodeRecord] {
        var out: [NodeRecord] = []
        out.reserveCapacity(ids.count)
        do {
            var start = 0
            while start < ids.count {
                let batch = ids[start..<min(ids.count, start + 500)]
                let statement = try db.prepare("SELECT \(Self.nodeColumns) FROM nodes WHERE id IN (" + Self.placeholders(batch.count) + ")")
                for (i, id) in batch.enumerated() { statement.bind(id, at: Int32(i + 1)) }
                while try statement.step() { out.append(Self.readNode(statement)) }
                statement.reset()
                start += 500
            }
        } catch { throw KGError.wrap(error) }
        return out
    }

    /// `?,?,…` for an `IN` list of `count` bound values (no text of the caller's).
    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ",")
    }

    /// Nodes by key (exact) or by name (the folded-name index, then exact).
    public func nodeIDs(where property: String, equals givenValue: String) throws(KGError) -> [Int64] {
        let value = UnicodeNormalization.nfc(givenValue)   // as keys and names are stored
        do {
            if property == "key" { return try db.query("SELECT id FROM nodes WHERE key = ?", [.text(value)]) { $0.int64(0) } }
            return try db.query("SELECT id FROM nodes WHERE name_folded = ? AND name = ? ORDER BY id", [.text(value.lowercased()), .text(value)]) { $0.int64(0) }
        } catch { throw KGError.wrap(error) }
    }

    public func nodeIDs(kinds: [String]?) throws(KGError) -> [Int64] {
        do {
            guard let kinds else { return try db.query("SELECT id FROM nodes ORDER BY id") { $0.int64(0) } }
            var ids: [Int64] = []
            for kind in kinds { ids += try db.query("SELECT id FROM nodes WHERE kind = ? ORDER BY id", [.text(kind)]) { $0.int64(0) } }
            return ids
        } catch { throw KGError.wrap(error) }
    }

    public func nodeIDRange() throws(KGError) -> (lowest: Int64, highest: Int64, count: Int) {
        do {
            return try db.queryOne("SELECT coalesce(min(id), 0), coalesce(max(id), 0), count(*) FROM nodes") {
                ($0.int64(0), $0.int64(1), $0.int(2))
            } ?? (0, 0, 0)
        } catch { throw KGError.wrap(error) }
    }

    public func forEachNodeKeyAndKind(_ body: (Int64, String, String) -> Void) throws(KGError) {
        do {
            let statement = try db.prepare("SELECT id, key, kind FROM nodes")
            defer { statement.reset() }
            while try statement.step() { body(statement.int64(0), statement.string(1), statement.string(2)) }
        } catch { throw KGError.wrap(error) }
    }

    /// The edges at `node`: leaving it (`outgoing`) or reaching it, of one type
    /// or any; uses the (type, src, dst) or (type, dst, src) index (any type:
    /// one probe per stored type).
    public func adjacent(_ node: Int64, type: String?, outgoing: Bool) throws(KGError) -> [(Int64, Int64, String)] {
        do {
            let statement = try db.prepare(outgoing ? Self.outgoingProbe : Self.incomingProbe)
            var out: [(Int64, Int64, String)] = []
            for t in type.map({ [$0] }) ?? schema.edgeTypeOrder {
                statement.bind(t, at: 1)
                statement.bind(node, at: 2)
                while try statement.step() { out.append((statement.int64(0), statement.int64(1), t)) }
                statement.reset()
            }
            return out
        } catch { throw KGError.wrap(error) }
    }

    /// One prepared probe, bound again for each node of the batch.
    public func adjacent(_ nodes: [Int64], type: String, outgoing: Bool, _ body: (Int64, Int64, Int64) throws(KGError) -> Void) throws(KGError) {
        let statement: SQLiteStatement
        do { statement = try db.prepare(outgoing ? Self.outgoingProbe : Self.incomingProbe) } catch { throw KGError.wrap(error) }
        defer { statement.reset() }
        for node in nodes {
            statement.reset()
            statement.bind(type, at: 1)
            statement.bind(node, at: 2)
            while true {
                let more: Bool
                do { more = try statement.step() } catch { throw KGError.wrap(error) }
                guard more else { break }
                try body(node, statement.int64(0), statement.int64(1))
            }
        }
    }

    /// Counted in the (type, src) or (type, dst) index, without reading the edges.
    public func degree(of node: Int64, type: String?, outgoing: Bool) throws(KGError) -> Int {
        do {
            let statement = try db.prepare(outgoing ? Self.outgoingCount : Self.incomingCount)
            defer { statement.reset() }
            var total = 0
            for t in type.map({ [$0] }) ?? schema.edgeTypeOrder {
                statement.reset()
                statement.bind(t, at: 1)
                statement.bind(node, at: 2)
                if try statement.step() { total += Int(statement.int64(0)) }
            }
            return total
        } catch { throw KGError.wrap(error) }
    }

    private static let outgoingCount = "SELECT count(*) FROM edges WHERE type = ? AND src = ?"
    private static let incomingCount = "SELECT count(*) FROM edges WHERE type = ? AND dst = ?"

    /// A node's outgoing edges of one type: (target, edge id), from the (type, src, dst) index.
    private static let outgoingProbe = "SELECT dst, id FROM edges WHERE type = ? AND src = ?"
    /// A node's incoming edges of one type: (source, edge id), from the (type, dst, src) index.
    private static let incomingProbe = "SELECT src, id FROM edges WHERE type = ? AND dst = ?"

    /// One range of the (type, src, dst) index.
    public func forEachEdge(ofType type: String, _ body: (Int64, Int64, Int64) -> Void) throws(KGError) {
        do {
            let statement = try db.prepare("SELECT src, dst, id FROM edges WHERE type = ?")
            defer { statement.reset() }
            statement.bind(type, at: 1)
            while try statement.step() { body(statement.int64(0), statement.int64(1), statement.int64(2)) }
        } catch { throw KGError.wrap(error) }
    }

    public func allIDs() throws(KGError) -> (nodes: [Int64], edges: [Int64]) {
        do {
            return (try db.query("SELECT id FROM nodes") { $0.int64(0) }, try db.query("SELECT id FROM edges") { $0.int64(0) })
        } catch { throw KGError.wrap(error) }
    }

    public func nodeCount(kind: String?) throws(KGError) -> Int {
        do {
            if let kind { return try db.queryOne("SELECT count(*) FROM nodes WHERE kind = ?", [.text(kind)]) { $0.int(0) } ?? 0 }
            return try db.queryOne("SELECT count(*) FROM nodes") { $0.int(0) } ?? 0
        } catch { throw KGError.wrap(error) }
    }
}
