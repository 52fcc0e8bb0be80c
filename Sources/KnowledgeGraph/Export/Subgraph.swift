/// A part of a graph to draw or export: a set of node ids and a set of edge ids.
///
/// Built by ``GraphReading/neighbourhood(of:hops:types:agreementsAsOneHop:maxNodes:)``
/// (on any backend), ``GraphReading/wholeGraph()`` or (later) from a query answer, and handed to
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
    /// Each node's aliases, sorted (nodes without aliases are left out).
    var aliases: [Int64: [String]]
    /// Each node's place in the key order, equal for keys Swift compares as
    /// equal: comparing ranks is comparing keys, without a string comparison.
    var keyRank: [Int64: Int]

    /// Loads a subgraph's records, in batches. Ends of edges join the nodes;
    /// an id that names no node or edge is an error.
    static func load(_ subgraph: Subgraph, from store: any GraphReading, maxNodes: Int? = nil) throws(KGError) -> SubgraphRecords {
        try store.read { () throws -> SubgraphRecords in try loadRecords(subgraph, from: store, maxNodes: maxNodes) }
    }

    private static func loadRecords(_ subgraph: Subgraph, from store: any GraphReading, maxNodes: Int?) throws(KGError) -> SubgraphRecords {
        if let maxNodes { try checkSize(subgraph.nodes.count, maxNodes: maxNodes) }
        let edgeIDs = subgraph.edges.sorted()
        let edges = try store.edges(ids: edgeIDs)
        if edges.count != edgeIDs.count {
            let found = Set(edges.map(\.id))
            let missing = edgeIDs.first { !found.contains($0) } ?? 0
            throw KGError(.invalidArgument, "no edge has the id \(missing)")
        }
        var nodeIDs = subgraph.nodes
        for edge in edges {
            nodeIDs.insert(edge.source)
            nodeIDs.insert(edge.target)
        }
        if let maxNodes { try checkSize(nodeIDs.count, maxNodes: maxNodes) }
        let sortedIDs = nodeIDs.sorted()
        var nodeByID: [Int64: NodeRecord] = [:]
        nodeByID.reserveCapacity(sortedIDs.count)
        for node in try store.nodes(ids: sortedIDs) { nodeByID[node.id] = node }
        if nodeByID.count != sortedIDs.count {
            let missing = sortedIDs.first { nodeByID[$0] == nil } ?? 0
            throw KGError(.unknownNode, "no node has the id \(missing)")
        }
        let nodes = nodeByID.values.sorted { ($0.key, $0.id) < ($1.key, $1.id) }
        var keyRank: [Int64: Int] = [:]
        keyRank.reserveCapacity(nodes.count)
        var rank = 0
        for (index, node) in nodes.enumerated() {
            if index > 0 && nodes[index - 1].key != node.key { rank = index }
            keyRank[node.id] = rank
        }
        // Sort keys made once per edge (ranks, not strings), not looked up in every comparison.
        let typeRank = ranks(of: edges.map(\.type))
        let keys = edges.map { edge in (keyRank[edge.source] ?? 0, typeRank[edge.type] ?? 0, keyRank[edge.target] ?? 0, edge.id) }
        let sorted = edges.indices.sorted { keys[$0] < keys[$1] }.map { edges[$0] }
        let aliases = try store.aliases(ofNodes: sortedIDs)
        return SubgraphRecords(nodes: nodes, edges: sorted, nodeByID: nodeByID, aliases: aliases, keyRank: keyRank)
    }

    /// Each distinct string's place in sorted order (a set and a dictionary
    /// of strings hold one of the strings that compare equal).
    static func ranks(of strings: [String]) -> [String: Int] {
        var rank: [String: Int] = [:]
        for (index, text) in Set(strings).sorted().enumerated() { rank[text] = index }
        return rank
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
