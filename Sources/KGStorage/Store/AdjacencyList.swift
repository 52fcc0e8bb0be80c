import KGModel

/// The edges of one type held compactly in memory, both ways, as compressed
/// sparse rows over node ids: the neighbours of node `n` are
/// `targets[offsets[n] ..< offsets[n + 1]]`. A breadth-first walk over it
/// costs a few nanoseconds a step instead of an index lookup (microseconds).
package final class AdjacencyList {
    let type: String
    /// Offsets per node id (count: largest node id + 2).
    package let outOffsets: [Int32]
    package let outTargets: [Int32]
    package let outEdges: [Int64]
    package let inOffsets: [Int32]
    package let inTargets: [Int32]
    package let inEdges: [Int64]

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
    package func forEach(_ node: Int64, outgoing: Bool, _ body: (Int64, Int64) throws(KGError) -> Void) throws(KGError) {
        let offsets = outgoing ? outOffsets : inOffsets
        guard node >= 0, Int(node) + 1 < offsets.count else { return }
        let start = Int(offsets[Int(node)]), end = Int(offsets[Int(node) + 1])
        if start == end { return }
        let targets = outgoing ? outTargets : inTargets
        let ids = outgoing ? outEdges : inEdges
        for i in start..<end { try body(Int64(targets[i]), ids[i]) }
    }
}

/// The in-memory indexes built over one graph (adjacency lists per edge
/// type, node columns), dropped whenever the graph changes
/// (a write through this object, or a commit by another process, seen
/// through the backend's ``GraphChangeStamp``), so answers never come from a
/// stale copy. Every ``GraphReading`` backend holds one.
public final class AdjacencyCache {
    private var lists: [String: AdjacencyList] = [:]
    private var stamp: GraphChangeStamp?

    public init() {}

    /// Drops everything when the graph changed since the lists were loaded.
    package func validate(_ current: GraphChangeStamp) {
        if let stamp, stamp == current { return }
        lists.removeAll()
        columns = nil
        propertyColumns.removeAll()
        maxNodeID = nil
        stamp = current
    }

    package func list(_ type: String) -> AdjacencyList? { lists[type] }
    /// The largest node id, known once a list is loaded (for dense bitmaps).
    package var maxNodeID: Int?

    /// Node keys and kinds by id, when loaded.
    package var columns: NodeColumns?

    /// Property columns by (kind, property), when loaded; nil for a pair whose
    /// column could not be built (ids too sparse), so it is not tried again.
    var propertyColumns: [PropertyColumn.Key: PropertyColumn?] = [:]

    func store(_ list: AdjacencyList) { lists[list.type] = list }
    var loadedTypes: [String] { lists.keys.sorted() }
}

extension GraphReading {
    /// The largest node id when ids are dense enough for arrays indexed by id
    /// (0 ≤ id, largest id at most 4 × the node count + 65 536, below 2^31); else nil.
    package func denseMaxNodeID() throws(KGError) -> Int? {
        let range = try nodeIDRange()
        guard range.lowest >= 0, range.highest < Int64(Int32.max), range.highest <= 4 * Int64(range.count) + 65_536 else { return nil }
        return Int(range.highest)
    }

    /// The adjacency list of `type`, loaded on first use from one scan of the
    /// type's edges (for SQLite: one range of the (type, src, dst) index).
    /// Nil when the graph's node ids are not dense (a crafted or odd file:
    /// negative ids, or a largest id far beyond the node count): arrays
    /// indexed by id would be huge, so queries use the indexes instead.
    package func adjacencyList(_ type: String) throws(KGError) -> AdjacencyList? {
        if let list = adjacency.list(type) { return list }
        let known: Int?
        if let cached = adjacency.maxNodeID { known = cached } else { known = try denseMaxNodeID() }
        guard let maxID = known else { return nil }
        var edges: [(Int32, Int32, Int64)] = []
        var outside = false
        try forEachEdge(ofType: type) { source, target, id in
            // An edge to an id outside the nodes (foreign keys off in a crafted file): no in-memory list.
            guard !outside, source >= 0, target >= 0, source <= Int64(maxID), target <= Int64(maxID) else { outside = true; return }
            edges.append((Int32(truncatingIfNeeded: source), Int32(truncatingIfNeeded: target), id))
        }
        if outside { return nil }
        adjacency.store(AdjacencyList(type: type, edges: edges, maxNodeID: maxID))
        adjacency.maxNodeID = maxID
        return adjacency.list(type)
    }

    /// Checks whether the graph changed since the in-memory indexes were built.
    package func refreshAdjacency() throws(KGError) {
        adjacency.validate(try changeStamp())
    }
}

/// Node keys and kinds by id, held in memory for wide answers (many keys to
/// return, many kinds to check). Loaded in one scan; dropped with the
/// adjacency whenever the graph changes.
package final class NodeColumns {
    let keys: [String]
    package let kindCodes: [UInt16]
    let kindNames: [String]

    init(keys: [String], kindCodes: [UInt16], kindNames: [String]) {
        self.keys = keys
        self.kindCodes = kindCodes
        self.kindNames = kindNames
    }

    @inline(__always)
    package func key(_ id: Int64) -> String? {
        guard id >= 0, Int(id) < keys.count else { return nil }
        let k = keys[Int(id)]
        return k.isEmpty ? nil : k
    }

    @inline(__always)
    package func kind(_ id: Int64) -> String? {
        guard id >= 0, Int(id) < kindCodes.count, kindCodes[Int(id)] != UInt16.max else { return nil }
        return kindNames[Int(kindCodes[Int(id)])]
    }
}

extension GraphReading {
    /// The node columns, loading them on first use (one scan of the nodes);
    /// nil when node ids are not dense (see ``denseMaxNodeID()``).
    @discardableResult
    package func nodeColumns() throws(KGError) -> NodeColumns? {
        if let columns = adjacency.columns { return columns }
        guard let maxID = try denseMaxNodeID() else { return nil }
        var keys = [String](repeating: "", count: maxID + 1)
        var codes = [UInt16](repeating: UInt16.max, count: maxID + 1)
        var names: [String] = []
        var index: [String: UInt16] = [:]
        var lastKind = ""
        var lastCode: UInt16 = 0
        try forEachNodeKeyAndKind { id, key, kind in
            guard id >= 0, Int(id) <= maxID else { return }
            keys[Int(id)] = key
            if kind != lastKind {
                if let c = index[kind] { lastCode = c } else {
                    lastCode = UInt16(truncatingIfNeeded: names.count)
                    index[kind] = lastCode
                    names.append(kind)
                }
                lastKind = kind
            }
            codes[Int(id)] = lastCode
        }
        let columns = NodeColumns(keys: keys, kindCodes: codes, kindNames: names)
        adjacency.columns = columns
        return columns
    }
}
