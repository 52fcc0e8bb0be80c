/// The edges of one type held compactly in memory, both ways, as compressed
/// sparse rows over node ids: the neighbours of node `n` are
/// `targets[offsets[n] ..< offsets[n + 1]]`. A breadth-first walk over it
/// costs a few nanoseconds a step instead of an index lookup (microseconds).
final class AdjacencyList {
    let type: String
    /// Offsets per node id (count: largest node id + 2).
    let outOffsets: [Int32]
    let outTargets: [Int32]
    let outEdges: [Int64]
    let inOffsets: [Int32]
    let inTargets: [Int32]
    let inEdges: [Int64]

    /// Builds the lists from (source, target, edge id) triples.
    init(type: String, edges: [(Int32, Int32, Int64)], maxNodeID: Int) {
        self.type = type
        func build(reversed: Bool) -> ([Int32], [Int32], [Int64]) {
            func key(_ e: (Int32, Int32, Int64)) -> Int32 { reversed ? e.1 : e.0 }
            func value(_ e: (Int32, Int32, Int64)) -> Int32 { reversed ? e.0 : e.1 }
            var offsets = [Int32](repeating: 0, count: maxNodeID + 2)
            for e in edges { offsets[Int(key(e)) + 1] += 1 }
            for i in 1..<offsets.count { offsets[i] += offsets[i - 1] }
            var fill = offsets
            var targets = [Int32](repeating: 0, count: edges.count)
            var ids = [Int64](repeating: 0, count: edges.count)
            for e in edges {
                let k = Int(key(e))
                let slot = Int(fill[k])
                targets[slot] = value(e)
                ids[slot] = e.2
                fill[k] += 1
            }
            return (offsets, targets, ids)
        }
        (outOffsets, outTargets, outEdges) = build(reversed: false)
        (inOffsets, inTargets, inEdges) = build(reversed: true)
    }

    /// Calls `body(neighbour, edge id)` for each edge at `node`, leaving it
    /// (`outgoing`) or reaching it.
    @inline(__always)
    func forEach(_ node: Int64, outgoing: Bool, _ body: (Int64, Int64) throws(KGError) -> Void) throws(KGError) {
        let offsets = outgoing ? outOffsets : inOffsets
        guard node >= 0, Int(node) + 1 < offsets.count else { return }
        let start = Int(offsets[Int(node)]), end = Int(offsets[Int(node) + 1])
        if start == end { return }
        let targets = outgoing ? outTargets : inTargets
        let ids = outgoing ? outEdges : inEdges
        for i in start..<end { try body(Int64(targets[i]), ids[i]) }
    }
}

/// The adjacency lists a graph has loaded, dropped whenever the graph changes
/// (a write through this connection, or a commit by another process, seen
/// through `PRAGMA data_version`), so answers never come from a stale copy.
final class AdjacencyCache {
    private var lists: [String: AdjacencyList] = [:]
    private var stamp: (Int64, Int)?

    /// Drops everything when the graph changed since the lists were loaded.
    func validate(dataVersion: Int64, localWrites: Int) {
        if let stamp, stamp == (dataVersion, localWrites) { return }
        lists.removeAll()
        columns = nil
        maxNodeID = nil
        stamp = (dataVersion, localWrites)
    }

    func list(_ type: String) -> AdjacencyList? { lists[type] }
    /// The largest node id, known once a list is loaded (for dense bitmaps).
    var maxNodeID: Int?

    /// Node keys and kinds by id, when loaded.
    var columns: NodeColumns?


    func store(_ list: AdjacencyList) { lists[list.type] = list }
    var loadedTypes: [String] { lists.keys.sorted() }
}

extension GraphStore {
    /// The adjacency list of `type`, loaded on first use from one range of
    /// the (type, src, dst) index.
    /// Nil when the graph's node ids are not dense (a crafted or odd file:
    /// negative ids, or a largest id far beyond the node count): arrays
    /// indexed by id would be huge, so queries use the indexes instead.
    func adjacencyList(_ type: String) throws(KGError) -> AdjacencyList? {
        if let list = adjacency.list(type) { return list }
        do {
            guard let maxID = try adjacency.maxNodeID ?? denseMaxNodeID() else { return nil }
            var edges: [(Int32, Int32, Int64)] = []
            let statement = try db.prepare("SELECT src, dst, id FROM edges WHERE type = ?")
            statement.bind(type, at: 1)
            while try statement.step() {
                let src = statement.int64(0), dst = statement.int64(1)
                // An edge to an id outside the nodes (foreign keys off in a crafted file): no in-memory list.
                guard src >= 0, dst >= 0, src <= Int64(maxID), dst <= Int64(maxID) else { statement.reset(); return nil }
                edges.append((Int32(truncatingIfNeeded: src), Int32(truncatingIfNeeded: dst), statement.int64(2)))
            }
            statement.reset()
            adjacency.store(AdjacencyList(type: type, edges: edges, maxNodeID: maxID))
            adjacency.maxNodeID = maxID
            return adjacency.list(type)
        } catch { throw KGError.wrap(error) }
    }

    /// Checks whether the graph changed since the adjacency lists were loaded.
    func refreshAdjacency() throws(KGError) {
        do {
            let version = try db.queryOne("PRAGMA data_version") { $0.int64(0) } ?? 0
            adjacency.validate(dataVersion: version, localWrites: localWrites)
        } catch { throw KGError.wrap(error) }
    }
}

/// Node keys and kinds by id, held in memory for wide answers (many keys to
/// return, many kinds to check). Loaded in one scan; dropped with the
/// adjacency whenever the graph changes.
final class NodeColumns {
    let keys: [String]
    let kindCodes: [UInt16]
    let kindNames: [String]

    init(keys: [String], kindCodes: [UInt16], kindNames: [String]) {
        self.keys = keys
        self.kindCodes = kindCodes
        self.kindNames = kindNames
    }

    @inline(__always)
    func key(_ id: Int64) -> String? {
        guard id >= 0, Int(id) < keys.count else { return nil }
        let k = keys[Int(id)]
        return k.isEmpty ? nil : k
    }

    @inline(__always)
    func kind(_ id: Int64) -> String? {
        guard id >= 0, Int(id) < kindCodes.count, kindCodes[Int(id)] != UInt16.max else { return nil }
        return kindNames[Int(kindCodes[Int(id)])]
    }
}

extension GraphStore {
    /// The node columns, loading them on first use.
    /// The largest node id when ids are dense enough for arrays indexed by id
    /// (0 ≤ id, largest id at most 4 × the node count + 65 536, below 2^31); else nil.
    func denseMaxNodeID() throws -> Int? {
        guard let (low, high, count) = try db.queryOne("SELECT coalesce(min(id), 0), coalesce(max(id), 0), count(*) FROM nodes", [], { ($0.int64(0), $0.int64(1), $0.int64(2)) }),
              low >= 0, high < Int64(Int32.max), high <= 4 * count + 65_536 else { return nil }
        return Int(high)
    }

    @discardableResult
    func nodeColumns() throws(KGError) -> NodeColumns? {
        if let columns = adjacency.columns { return columns }
        do {
            guard let maxID = try denseMaxNodeID() else { return nil }
            var keys = [String](repeating: "", count: maxID + 1)
            var codes = [UInt16](repeating: UInt16.max, count: maxID + 1)
            var names: [String] = []
            var index: [String: UInt16] = [:]
            let statement = try db.prepare("SELECT id, key, kind FROM nodes")
            var lastKind = ""
            var lastCode: UInt16 = 0
            while try statement.step() {
                let id = Int(statement.int64(0))
                keys[id] = statement.string(1)
                let kind = statement.string(2)
                if kind != lastKind {
                    if let c = index[kind] { lastCode = c } else {
                        lastCode = UInt16(names.count)
                        index[kind] = lastCode
                        names.append(kind)
                    }
                    lastKind = kind
                }
                codes[id] = lastCode
            }
            statement.reset()
            let columns = NodeColumns(keys: keys, kindCodes: codes, kindNames: names)
            adjacency.columns = columns
            return columns
        } catch { throw KGError.wrap(error) }
    }
}
