/// A part of a graph to draw or export: a set of node ids and a set of edge ids.
///
/// Built by ``GraphStore/neighbourhood(of:hops:types:agreementsAsOneHop:)``,
/// ``GraphStore/wholeGraph()`` or (later) from a query answer, and handed to
/// ``DotExporter`` or ``GraphMLExporter``. An edge whose ends are not in
/// ``nodes`` brings its ends along when exported: an exporter never draws a
/// dangling edge.
public struct Subgraph: Sendable, Equatable {
    public var nodes: Set<Int64>
    public var edges: Set<Int64>

    public init(nodes: Set<Int64> = [], edges: Set<Int64> = []) {
        self.nodes = nodes
        self.edges = edges
    }

    public var isEmpty: Bool { nodes.isEmpty && edges.isEmpty }

    /// The node kind of reified agreements (deals with role edges to their
    /// parties) in the company schema.
    public static let agreementKind = "Agreement"
}

extension GraphStore {
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
    public func neighbourhood(of center: Int64, hops: Int, types: [String]? = nil,
                              agreementsAsOneHop: Bool = true) throws(KGError) -> Subgraph {
        guard hops >= 0 else {
            throw KGError(.usage, "the number of hops must be 0 or more, not \(hops)")
        }
        guard let centerNode = try node(id: center) else {
            throw KGError(.unknownNode, "no node has the id \(center)")
        }
        let allowed = try allowedEdgeTypes(types)

        var kindOf: [Int64: String] = [center: centerNode.kind]
        var distance: [Int64: Int] = [center: 0]
        var seenEdges: [Int64: (source: Int64, target: Int64)] = [:]
        // 0-1 breadth-first search: one bucket per distance; a step that
        // costs nothing appends to the bucket being worked through.
        var buckets: [[Int64]] = Array(repeating: [], count: hops + 1)
        buckets[0] = [center]
        let agreement = Subgraph.agreementKind

        for level in 0...hops {
            var index = 0
            while index < buckets[level].count {
                let current = buckets[level][index]
                index += 1
                guard distance[current] == level else { continue }   // reached more cheaply since
                let currentIsAgreement = kindOf[current] == agreement
                for step in try incidentEdges(of: current) {
                    if let allowed, !allowed.contains(step.type) { continue }
                    seenEdges[step.edge] = (step.source, step.target)
                    let other = step.source == current ? step.target : step.source
                    if other == current { continue }
                    kindOf[other] = step.otherKind
                    let free = agreementsAsOneHop && currentIsAgreement && current != center && step.otherKind != agreement
                    let next = level + (free ? 0 : 1)
                    guard next <= hops else { continue }
                    if let known = distance[other], known <= next { continue }
                    distance[other] = next
                    buckets[next].append(other)
                }
            }
        }

        let nodes = Set(distance.keys)
        let edges = Set(seenEdges.filter { nodes.contains($0.value.source) && nodes.contains($0.value.target) }.keys)
        return Subgraph(nodes: nodes, edges: edges)
    }

    /// Every node and every edge of the graph.
    public func wholeGraph() throws(KGError) -> Subgraph {
        do {
            let nodes = try db.query("SELECT id FROM nodes") { $0.int64(0) }
            let edges = try db.query("SELECT id FROM edges") { $0.int64(0) }
            return Subgraph(nodes: Set(nodes), edges: Set(edges))
        } catch { throw KGError.wrap(error) }
    }

    /// The edge types a neighbourhood may follow; nil for all. Unknown and
    /// derived types are errors with a suggestion.
    private func allowedEdgeTypes(_ types: [String]?) throws(KGError) -> Set<String>? {
        guard let types else { return nil }
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
        return Set(types)
    }

    private struct IncidentEdge {
        var edge: Int64
        var type: String
        var source: Int64
        var target: Int64
        var otherKind: String
    }

    /// The edges leaving and reaching a node, with the kind of the node at the other end.
    private func incidentEdges(of node: Int64) throws(KGError) -> [IncidentEdge] {
        do {
            return try db.query("""
                SELECT e.id, e.type, e.src, e.dst, n.kind FROM edges e JOIN nodes n ON n.id = e.dst WHERE e.src = ?1
                UNION ALL
                SELECT e.id, e.type, e.src, e.dst, n.kind FROM edges e JOIN nodes n ON n.id = e.src WHERE e.dst = ?1
                ORDER BY 1
                """, [.integer(node)]) {
                IncidentEdge(edge: $0.int64(0), type: $0.string(1), source: $0.int64(2), target: $0.int64(3), otherKind: $0.string(4))
            }
        } catch { throw KGError.wrap(error) }
    }
}

/// The records of a subgraph, loaded and put in the order every exporter
/// writes them: nodes by key; edges by source key, type, target key, id.
struct SubgraphRecords {
    var nodes: [NodeRecord]
    var edges: [EdgeRecord]
    var nodeByID: [Int64: NodeRecord]

    /// Loads a subgraph's records. Ends of edges join the nodes; an id that
    /// names no node or edge is an error.
    static func load(_ subgraph: Subgraph, from store: any GraphReading, maxNodes: Int? = nil) throws(KGError) -> SubgraphRecords {
        if let maxNodes { try checkSize(subgraph.nodes.count, maxNodes: maxNodes) }
        var edges: [EdgeRecord] = []
        var nodeIDs = subgraph.nodes
        for id in subgraph.edges.sorted() {
            guard let edge = try store.edge(id: id) else { throw KGError(.invalidArgument, "no edge has the id \(id)") }
            edges.append(edge)
            nodeIDs.insert(edge.source)
            nodeIDs.insert(edge.target)
        }
        if let maxNodes { try checkSize(nodeIDs.count, maxNodes: maxNodes) }
        var nodeByID: [Int64: NodeRecord] = [:]
        for id in nodeIDs.sorted() {
            guard let node = try store.node(id: id) else { throw KGError(.unknownNode, "no node has the id \(id)") }
            nodeByID[id] = node
        }
        let nodes = nodeByID.values.sorted { ($0.key, $0.id) < ($1.key, $1.id) }
        edges.sort { a, b in
            let (sa, ta) = (nodeByID[a.source]!.key, nodeByID[a.target]!.key)
            let (sb, tb) = (nodeByID[b.source]!.key, nodeByID[b.target]!.key)
            return (sa, a.type, ta, a.id) < (sb, b.type, tb, b.id)
        }
        return SubgraphRecords(nodes: nodes, edges: edges, nodeByID: nodeByID)
    }

    static func checkSize(_ count: Int, maxNodes: Int) throws(KGError) {
        guard count > maxNodes else { return }
        throw KGError(.tooLarge, "the picture would have \(count) nodes, more than the limit of \(maxNodes)",
                      suggestion: "narrow it (fewer --hops, or --types a,b) or raise the limit with --max-nodes \(count)")
    }
}
