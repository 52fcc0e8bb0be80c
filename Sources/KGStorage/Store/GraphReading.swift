import KGModel

/// The read side of a graph backend: everything the query engine, `kg show`
/// (``NodeReport``), `kg dot` (``Subgraph``) and the exporters read goes
/// through these methods, so a new backend is one type that implements them.
///
/// The SQLite file (``GraphStore``) is one implementation; the tests hold an
/// in-memory one (`MemoryGraph`) that runs the same engine. Node and edge ids
/// are the backend's own, positive and below 2^31 (the in-memory adjacency
/// stores them as 32-bit offsets).
///
///     let engine = GraphQueryEngine(store: someReader)   // any GraphReading
///     let rows = try engine.execute("MATCH (c:Company) RETURN c.name").rows
///
/// Every method reports a backend failure as a ``KGError`` (code
/// ``ErrorCode/storage`` or the backend's own); a missing record is `nil` or
/// an empty list, never an error.
public protocol GraphReading: AnyObject {
    /// The graph's schema, as stored with the graph.
    var schema: GraphSchema { get }

    /// The in-memory indexes (adjacency arrays, node columns) the engine has
    /// built over this graph; dropped whenever ``changeStamp()`` changes.
    var adjacency: AdjacencyCache { get }

    /// A value that changes whenever the graph's data or schema may have
    /// changed (a write through this object or, for a shared file, by another
    /// process). Caches built from the graph are valid while it stays equal.
    func changeStamp() throws(KGError) -> GraphChangeStamp

    /// Runs `body` on one consistent snapshot of the graph (for SQLite: one
    /// read transaction), so a query never sees half of another's write.
    func read<T>(_ body: () throws -> T) throws(KGError) -> T

    // MARK: Nodes

    /// The node with this id.
    func node(id: Int64) throws(KGError) -> NodeRecord?
    /// The node with this exact key.
    func node(key: String) throws(KGError) -> NodeRecord?
    /// Many node records by id, in any order (ids that name no node are skipped).
    func nodes(ids: [Int64]) throws(KGError) -> [NodeRecord]
    /// The keys of many nodes by id, in any order.
    func nodeKeys(ids: [Int64], _ body: (Int64, String) -> Void) throws(KGError)
    /// The ids of the nodes of `kinds` (all nodes when nil), each kind in id order.
    func nodeIDs(kinds: [String]?) throws(KGError) -> [Int64]
    /// The ids of the nodes whose key (`property == "key"`, exact) or name
    /// (`property == "name"`, exact, found through the folded-name index) is `value`.
    func nodeIDs(where property: String, equals value: String) throws(KGError) -> [Int64]
    /// The nodes a name could mean, from the first rule that matches anything:
    /// key, then name (case-insensitive), then alias (case-insensitive).
    func candidates(forName name: String) throws(KGError) -> [NodeRecord]
    /// The one node `name` means; an unknown name (with "did you mean") or an
    /// ambiguous one is an error, unless `kinds` (the pattern's kinds) leaves
    /// exactly one of the candidates.
    func resolve(_ name: String, kinds: Set<String>?, span: SourceSpan?) throws(KGError) -> NodeRecord
    /// Whether some node of `kind` carries the property `key` (for warnings about likely typos).
    func someNode(ofKind kind: String, hasProperty key: String) throws(KGError) -> Bool
    /// The property names carried by nodes of the kinds (a sample is enough: for "did you mean").
    func propertyNames(ofKinds kinds: [String]) throws(KGError) -> [String]
    /// The aliases of a node, sorted.
    func aliases(of node: Int64) throws(KGError) -> [String]
    /// The smallest and largest node id and the number of nodes (zeros for an
    /// empty graph): whether ids are dense enough for arrays indexed by id.
    func nodeIDRange() throws(KGError) -> (lowest: Int64, highest: Int64, count: Int)
    /// Calls `body(id, key, kind)` for every node.
    func forEachNodeKeyAndKind(_ body: (Int64, String, String) -> Void) throws(KGError)
    /// Calls `body(id, value)` for every node of `kind`: the stored value of
    /// its property `key` exactly as ``NodeRecord/props`` reads it, or nil
    /// when the node does not carry it. What a ``PropertyColumn`` is built
    /// from (SQLite extracts the value in C instead of handing over the JSON).
    func nodePropertyValues(ofKind kind: String, key: String, _ body: (Int64, JSONValue?) -> Void) throws(KGError)

    // MARK: Edges

    /// The edge with this id.
    func edge(id: Int64) throws(KGError) -> EdgeRecord?
    /// Edges leaving a node (`outgoing`) or reaching it, ordered by type and id.
    func edges(of node: Int64, outgoing: Bool) throws(KGError) -> [EdgeRecord]
    /// The edges at `node` as (other end, edge id, type): leaving it
    /// (`outgoing`) or reaching it, of one type or (nil) any stored type.
    func adjacent(_ node: Int64, type: String?, outgoing: Bool) throws(KGError) -> [(Int64, Int64, String)]
    /// Calls `body(node, other end, edge id)` for every edge of `type` at any of
    /// `nodes` (a batch: one probe per node, not one statement per node).
    func adjacent(_ nodes: [Int64], type: String, outgoing: Bool, _ body: (Int64, Int64, Int64) throws(KGError) -> Void) throws(KGError)
    /// How many edges of `type` (nil: any stored type) leave `node`
    /// (`outgoing`) or reach it: the planner's estimate for a step from a
    /// named node.
    func degree(of node: Int64, type: String?, outgoing: Bool) throws(KGError) -> Int
    /// Calls `body(source, target, edge id)` for every edge of `type`.
    func forEachEdge(ofType type: String, _ body: (Int64, Int64, Int64) -> Void) throws(KGError)
    /// The ids of every node and every edge (for drawing the whole graph).
    func allIDs() throws(KGError) -> (nodes: [Int64], edges: [Int64])

    // MARK: Evidence and sources

    /// The evidence for an edge, in the order it was recorded.
    func evidence(forEdge edge: Int64) throws(KGError) -> [EvidenceRecord]
    /// The evidence for a node, in the order it was recorded.
    func evidence(forNode node: Int64) throws(KGError) -> [EvidenceRecord]
    /// Every piece of evidence that rests on one source (by key).
    func evidence(fromSource key: String) throws(KGError) -> [EvidenceRecord]
    /// The source with this key.
    func source(key: String) throws(KGError) -> SourceRecord?
    /// Every source, by key.
    func sources() throws(KGError) -> [SourceRecord]

    // MARK: Statistics (for the planner's estimates)

    /// Counts by node kind and edge type, and of aliases, sources and evidence.
    func statistics() throws(KGError) -> GraphStatistics
    /// The number of nodes of `kind`, or of all nodes when nil.
    func nodeCount(kind: String?) throws(KGError) -> Int

    // MARK: Batches (for drawing many records at once; defaults read one at a time)

    /// Many edge records by id, in any order (ids that name no edge are skipped).
    func edges(ids: [Int64]) throws(KGError) -> [EdgeRecord]
    /// The aliases of many nodes, each node's sorted (nodes without aliases are left out).
    func aliases(ofNodes ids: [Int64]) throws(KGError) -> [Int64: [String]]
    /// Calls `body(id, kind)` for each of many nodes, in any order (ids that name no node are skipped).
    func nodeKinds(ids: [Int64], _ body: (Int64, String) -> Void) throws(KGError)
}

/// A graph's change counter: equal stamps mean nothing changed in between.
public struct GraphChangeStamp: Sendable, Hashable {
    /// A counter the backend keeps for changes made elsewhere (SQLite's `PRAGMA data_version`).
    public var external: Int64
    /// Writes made through this object.
    public var local: Int

    public init(external: Int64, local: Int) {
        self.external = external
        self.local = local
    }
}

extension GraphReading {
    /// The number of nodes in the graph.
    public func nodeCount() throws(KGError) -> Int { try nodeCount(kind: nil) }

    /// The edges at the node, counted one by one (a backend with an index
    /// counts them there).
    public func degree(of node: Int64, type: String?, outgoing: Bool) throws(KGError) -> Int {
        try adjacent(node, type: type, outgoing: outgoing).count
    }

    /// The one node `name` means (see ``resolve(_:kinds:span:)``).
    public func resolve(_ name: String) throws(KGError) -> NodeRecord { try resolve(name, kinds: nil, span: nil) }

    /// The one node `name` means, by name alone, an error pointing at `span` when there is none or several.
    public func resolve(_ name: String, span: SourceSpan?) throws(KGError) -> NodeRecord { try resolve(name, kinds: nil, span: span) }
}

extension GraphReading {
    /// One ``edge(id:)`` per id.
    public func edges(ids: [Int64]) throws(KGError) -> [EdgeRecord] {
        var out: [EdgeRecord] = []
        out.reserveCapacity(ids.count)
        for id in ids { if let edge = try edge(id: id) { out.append(edge) } }
        return out
    }

    /// One ``aliases(of:)`` per node.
    public func aliases(ofNodes ids: [Int64]) throws(KGError) -> [Int64: [String]] {
        var out: [Int64: [String]] = [:]
        for id in ids {
            let list = try aliases(of: id)
            if !list.isEmpty { out[id] = list }
        }
        return out
    }

    /// The kinds from ``nodes(ids:)``.
    public func nodeKinds(ids: [Int64], _ body: (Int64, String) -> Void) throws(KGError) {
        for node in try nodes(ids: ids) { body(node.id, node.kind) }
    }
}
