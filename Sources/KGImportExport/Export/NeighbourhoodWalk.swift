import KGModel
import KGStorage

extension GraphReading {
    /// The nodes within `hops` hops of `center`, and every stored edge of the
    /// allowed types between them (the induced subgraph).
    ///
    /// Edges are followed in both directions. `types` limits the edge types
    /// followed and kept (stored types only; nil means all types).
    ///
    /// Agreements are nodes of their own, so "Xiaomi → agreement → Nokia" is
    /// two edges. With `agreementsAsOneHop` (the default) such a step through
    /// an agreement counts as one hop: entering an agreement costs a hop and
    /// leaving it for one of its parties (or any other non-agreement node)
    /// costs nothing, so `hops: 1` around Xiaomi shows Xiaomi's agreements
    /// *and* their other parties. An agreement that is the centre itself, and
    /// a step from an agreement to another agreement (`part_of`), cost a hop
    /// as usual. With `agreementsAsOneHop: false` every edge is one hop, and
    /// `hops: 1` around Xiaomi shows its agreements but not the other parties.
    ///
    /// The walk runs on any backend, through the protocol: one frontier at a
    /// time, each frontier's edges read per stored type and direction in one
    /// batch (``adjacent(_:type:outgoing:_:)``; for SQLite one index probe per
    /// node), or from the in-memory adjacency where the engine has loaded it
    /// or the frontier is wide enough to be worth loading it. It costs what
    /// the nodes it reaches cost: no full scan for a small neighbourhood, and
    /// a `hops` beyond the graph's diameter ends when the frontier is empty.
    /// With `maxNodes`, it stops with ``ErrorCode/tooLarge`` as soon as more
    /// nodes than that are reached. The whole walk is one ``read(_:)`` (one
    /// snapshot).
    ///
    ///     let around = try store.neighbourhood(of: try store.resolve("Xiaomi").id, hops: 1)
    public func neighbourhood(of center: Int64, hops: Int, types: [String]? = nil,
                              agreementsAsOneHop: Bool = true, maxNodes: Int? = nil) throws(KGError) -> Subgraph {
        guard hops >= 0 else {
            throw KGError(.usage, "the number of hops must be 0 or more, not \(hops)")
        }
        return try read { () throws -> Subgraph in
            guard let centerNode = try node(id: center) else {
                throw KGError(.unknownNode, "no node has the id \(center)")
            }
            let followed = try NeighbourhoodWalk.followedTypes(types, in: schema)
            var walk = NeighbourhoodWalk(graph: self, center: centerNode, hops: hops, followed: followed,
                                         agreementsAsOneHop: agreementsAsOneHop, maxNodes: maxNodes)
            return try walk.run()
        }
    }

    /// Every node and every edge of the graph.
    public func wholeGraph() throws(KGError) -> Subgraph {
        let ids = try allIDs()
        return Subgraph(nodes: Set(ids.nodes), edges: Set(ids.edges))
    }
}

/// A 0-1 breadth-first search over a graph's stored edges: a step that costs
/// nothing (leaving an agreement for a party) stays on the level being
/// worked through, a step that costs a hop goes to the next one. Each level
/// is expanded in batches: every node of a batch first (its kind, when
/// agreements count as one hop), then its edges per type and direction.
struct NeighbourhoodWalk {
    let graph: any GraphReading
    let center: Int64
    let hops: Int
    /// The stored edge types followed and kept, sorted.
    let followed: [String]
    let agreementsAsOneHop: Bool
    let maxNodes: Int?

    /// The distance of every node reached (the nodes of the answer).
    private var distance: Distances
    /// Whether a node is an agreement, for the nodes whose kind was read.
    private var isAgreement = NodeMap<Bool>()
    /// The edges seen between two nodes of the answer, most of them twice
    /// (once from each end); made a set at the end.
    private var edges: [Int64] = []

    init(graph: any GraphReading, center: NodeRecord, hops: Int, followed: [String], agreementsAsOneHop: Bool, maxNodes: Int?) {
        self.graph = graph
        self.center = center.id
        self.hops = hops
        self.followed = followed
        self.agreementsAsOneHop = agreementsAsOneHop
        self.maxNodes = maxNodes
        distance = Distances()
        distance.set(center.id, 0, isNew: true)
        isAgreement[center.id] = center.kind == Subgraph.agreementKind
    }

    /// The stored types a neighbourhood follows, sorted; unknown and derived
    /// types are errors with a suggestion.
    static func followedTypes(_ types: [String]?, in schema: GraphSchema) throws(KGError) -> [String] {
        guard let types else { return schema.edgeTypeOrder.sorted() }
        for type in types where schema.edgeTypes[type] == nil {
            if schema.derivedTypes[type] != nil {
                throw KGError(.unknownEdgeType, "'\(type)' is a derived edge type; a neighbourhood follows stored edges only",
                              suggestion: "use the stored types it is made of (for agreements: the role types such as licensor, licensee, party)")
            }
            let close = EditDistance.closest(to: type, among: schema.edgeTypeOrder, limit: 3)
            throw KGError(.unknownEdgeType, "the graph's schema has no edge type '\(type)'",
                          suggestion: close.isEmpty ? "the edge types are: " + schema.edgeTypeOrder.joined(separator: ", ")
                                                    : "did you mean " + close.map { "'\($0)'" }.joined(separator: " or ") + "?")
        }
        return Set(types).sorted()
    }

    mutating func run() throws(KGError) -> Subgraph {
        try graph.refreshAdjacency()
        var level = 0
        var batch: [Int64] = [center]
        while !batch.isEmpty {
            var next: [Int64] = []
            while !batch.isEmpty {
                // Only the nodes still at this level: one reached more cheaply since was expanded then.
                let expand = batch.filter { distance[$0] == level }
                var same: [Int64] = []
                try expandBatch(expand, level: level, same: &same, next: &next)
                batch = same
            }
            batch = next
            level += 1
        }
        return Subgraph(nodes: Set(distance.reached), edges: Set(edges))
    }

    /// Loads the in-memory adjacency of the followed types when probing each
    /// node of a batch (a probe per node, type and direction) would cost more
    /// than scanning the types once: when the probes outnumber the graph's
    /// nodes (a proxy for its edges, each scanned far faster than a probe).
    /// From then on the distances are an array indexed by node id.
    private mutating func loadAdjacencyIfWide(_ batch: Int) throws(KGError) {
        guard batch >= 1024, followed.contains(where: { graph.adjacency.list($0) == nil }) else { return }
        // Dense ids (nil: no in-memory adjacency for this graph), about as many as nodes.
        let known: Int?
        if let cached = graph.adjacency.maxNodeID { known = cached } else { known = try graph.denseMaxNodeID() }
        guard let maxID = known, batch * followed.count * 2 >= maxID else { return }
        graph.adjacency.maxNodeID = maxID   // read once: the lists below need it too
        for type in followed { _ = try graph.adjacencyList(type) }
        if let maxID = graph.adjacency.maxNodeID {
            distance.makeDense(maxID)
            isAgreement.makeDense(maxID)
        }
    }

    /// Expands the nodes of one batch at `level`: nodes reached for free join
    /// `same`, nodes a hop further `next`.
    private mutating func expandBatch(_ nodes: [Int64], level: Int, same: inout [Int64], next: inout [Int64]) throws(KGError) {
        guard !nodes.isEmpty else { return }
        try loadAdjacencyIfWide(nodes.count)
        var leaving: [Int64] = []   // agreements (not the centre): leaving one for a non-agreement costs nothing
        var plain = nodes
        if agreementsAsOneHop {
            try learnKinds(nodes, distinct: true)   // a batch holds each node once
            plain = []
            for node in nodes {
                if node != center && isAgreement[node] == true { leaving.append(node) } else { plain.append(node) }
            }
        }
        let stepsHop = level < hops
        for type in followed {
            for outgoing in [true, false] {
                try adjacent(plain, type: type, outgoing: outgoing) { (node: Int64, other: Int64, edge: Int64) throws(KGError) in
                    try step(node, other, edge, free: false, level: level, stepsHop: stepsHop, same: &same, next: &next)
                }
            }
        }
        guard !leaving.isEmpty else { return }
        var pending: [(node: Int64, other: Int64, edge: Int64)] = []
        for type in followed {
            for outgoing in [true, false] {
                try adjacent(leaving, type: type, outgoing: outgoing) { (node: Int64, other: Int64, edge: Int64) throws(KGError) in
                    pending.append((node, other, edge))
                }
            }
        }
        try learnKinds(pending.map(\.other))
        for (node, other, edge) in pending {
            // A node whose kind could not be read is no agreement (as an empty kind would be).
            let free = other != node && isAgreement[other] != true
            try step(node, other, edge, free: free, level: level, stepsHop: stepsHop, same: &same, next: &next)
        }
    }

    /// One edge from `node` (at `level`) to `other`.
    @inline(__always)
    private mutating func step(_ node: Int64, _ other: Int64, _ edge: Int64, free: Bool, level: Int, stepsHop: Bool,
                               same: inout [Int64], next: inout [Int64]) throws(KGError) {
        let known = distance[other]
        if other != node, free || stepsHop {
            let reach = free ? level : level + 1
            var improves = true
            if let known { improves = known > reach }
            if improves {
                if known == nil, let maxNodes, distance.count >= maxNodes {
                    throw SubgraphRecords.tooLarge(moreThan: maxNodes, hops: hops)
                }
                distance.set(other, reach, isNew: known == nil)
                if free { same.append(other) } else { next.append(other) }
                edges.append(edge)
                return
            }
        }
        // Every node of the answer is expanded once, so an edge between two
        // of them is seen from whichever comes second.
        if known != nil { edges.append(edge) }
    }

    /// Reads the kinds of the nodes not known yet, in one batch (`distinct`:
    /// `nodes` has no id twice).
    private mutating func learnKinds(_ nodes: [Int64], distinct: Bool = false) throws(KGError) {
        var unknown: [Int64] = []
        if distinct {
            unknown = nodes.filter { isAgreement[$0] == nil }
        } else {
            var asked = Set<Int64>()
            for node in nodes where isAgreement[node] == nil && asked.insert(node).inserted { unknown.append(node) }
        }
        guard !unknown.isEmpty else { return }
        let agreement = Subgraph.agreementKind
        if let columns = graph.adjacency.columns {
            for node in unknown { if let kind = columns.kind(node) { isAgreement[node] = kind == agreement } }
            return
        }
        var found: [(Int64, Bool)] = []
        found.reserveCapacity(unknown.count)
        try graph.nodeKinds(ids: unknown) { id, kind in found.append((id, kind == agreement)) }
        for (id, value) in found { isAgreement[id] = value }
    }

    /// The edges of `type` at each of `nodes`: from the in-memory adjacency
    /// when it is loaded, else one batch of the backend's probes.
    private func adjacent(_ nodes: [Int64], type: String, outgoing: Bool,
                          _ body: (Int64, Int64, Int64) throws(KGError) -> Void) throws(KGError) {
        guard !nodes.isEmpty else { return }
        if let list = graph.adjacency.list(type) {
            for node in nodes {
                try list.forEach(node, outgoing: outgoing) { (other: Int64, edge: Int64) throws(KGError) in try body(node, other, edge) }
            }
        } else {
            try graph.adjacent(nodes, type: type, outgoing: outgoing, body)
        }
    }
}

/// A value per node: a dictionary while a walk is small, an array indexed by
/// node id once it is wide and the ids are known to be dense (the in-memory
/// adjacency is loaded, with the largest id).
private struct NodeMap<Value> {
    private var hashed: [Int64: Value] = [:]
    /// Values by node id; empty while hashed.
    private var dense: [Value?] = []

    subscript(node: Int64) -> Value? {
        @inline(__always) get {
            if !dense.isEmpty, node >= 0, Int(node) < dense.count { return dense[Int(node)] }
            return hashed[node]
        }
        @inline(__always) set {
            if !dense.isEmpty, node >= 0, Int(node) < dense.count { dense[Int(node)] = newValue } else { hashed[node] = newValue }
        }
    }

    /// Moves the values of the ids up to `maxID` into an array.
    mutating func makeDense(_ maxID: Int) {
        guard dense.isEmpty, maxID >= 0 else { return }
        dense = [Value?](repeating: nil, count: maxID + 1)
        for (node, value) in hashed where node >= 0 && Int(node) <= maxID {
            dense[Int(node)] = value
            hashed[node] = nil
        }
    }
}

/// The distance of each node a walk reached, and the nodes in the order reached.
private struct Distances {
    private var map = NodeMap<Int>()
    private(set) var reached: [Int64] = []

    var count: Int { reached.count }

    subscript(node: Int64) -> Int? { @inline(__always) get { map[node] } }

    /// Sets the distance of `node`; `isNew` when it had none.
    @inline(__always)
    mutating func set(_ node: Int64, _ distance: Int, isNew: Bool) {
        if isNew { reached.append(node) }
        map[node] = distance
    }

    mutating func makeDense(_ maxID: Int) { map.makeDense(maxID) }
}
