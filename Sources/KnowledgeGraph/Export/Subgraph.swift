/// A part of a graph to draw or export: a set of node ids and a set of edge ids.
///
/// Built by ``GraphStore/neighbourhood(of:hops:types:agreementsAsOneHop:maxNodes:)``,
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

/// The records of a subgraph, loaded and put in the order every exporter
/// writes them: nodes by key; edges by source key, type, target key, id.
struct SubgraphRecords {
    var nodes: [NodeRecord]
    var edges: [EdgeRecord]
    var nodeByID: [Int64: NodeRecord]

    /// Loads a subgraph's records. Ends of edges join the nodes; an id that
    /// names no node or edge is an error.
    static func load(_ subgraph: Subgraph, from store: any GraphReading, maxNodes: Int? = nil) throws(KGError) -> SubgraphRecords {
        try store.read { () throws -> SubgraphRecords in try loadRecords(subgraph, from: store, maxNodes: maxNodes) }
    }

    private static func loadRecords(_ subgraph: Subgraph, from store: any GraphReading, maxNodes: Int?) throws(KGError) -> SubgraphRecords {
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
        // Sort keys made once per edge, not looked up in every comparison.
        let keys = edges.map { edge in (nodeByID[edge.source]?.key ?? "", edge.type, nodeByID[edge.target]?.key ?? "", edge.id) }
        let sorted = edges.indices.sorted { keys[$0] < keys[$1] }.map { edges[$0] }
        return SubgraphRecords(nodes: nodes, edges: sorted, nodeByID: nodeByID)
    }

    static func checkSize(_ count: Int, maxNodes: Int) throws(KGError) {
        guard count > maxNodes else { return }
        throw KGError(.tooLarge, "the picture would have \(count) nodes, more than the limit of \(maxNodes)",
                      suggestion: "narrow it (fewer --hops, or --types a,b) or raise the limit with --max-nodes \(count)")
    }

    /// The error of a neighbourhood walk stopped as soon as it passed the limit.
    static func tooLarge(moreThan maxNodes: Int, hops: Int) -> KGError {
        KGError(.tooLarge, "the picture would have more than the limit of \(maxNodes) nodes (the walk stopped there)",
                suggestion: "narrow it (fewer --hops than \(hops), or --types a,b) or raise the limit with --max-nodes N")
    }
}
