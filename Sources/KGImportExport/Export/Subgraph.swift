import KGModel
import KGStorage

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
    /// The nodes in key order (then id).
    var nodes: [NodeRecord]
    /// The edges in the order of source key, type, target key and id.
    var edges: [EdgeRecord]
    /// The places in ``nodes`` of each edge's source and target, by the edge's place in ``edges``.
    var edgeEnds: [(source: Int, target: Int)]
    /// Each node's place in the key order, by its place in ``nodes``; equal
    /// for keys Swift compares as equal, so comparing ranks is comparing keys.
    var keyRank: [Int]
    /// Each node's aliases, sorted, by its place in ``nodes``.
    var aliases: [[String]]

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
        var nodeIDs = Array(subgraph.nodes)
        var outside = Set<Int64>()   // ends of edges that are not nodes of the subgraph
        for edge in edges {
            if !subgraph.nodes.contains(edge.source) && outside.insert(edge.source).inserted { nodeIDs.append(edge.source) }
            if !subgraph.nodes.contains(edge.target) && outside.insert(edge.target).inserted { nodeIDs.append(edge.target) }
        }
        if let maxNodes { try checkSize(nodeIDs.count, maxNodes: maxNodes) }
        nodeIDs.sort()
        let nodes = try store.nodes(ids: nodeIDs).sorted { ($0.key, $0.id) < ($1.key, $1.id) }
        var position: [Int64: Int] = [:]
        position.reserveCapacity(nodes.count)
        for (index, node) in nodes.enumerated() { position[node.id] = index }
        if position.count != nodeIDs.count {
            let missing = nodeIDs.first { position[$0] == nil } ?? 0
            throw KGError(.unknownNode, "no node has the id \(missing)")
        }
        var keyRank = [Int](repeating: 0, count: nodes.count)
        for index in nodes.indices.dropFirst() {
            keyRank[index] = nodes[index - 1].key == nodes[index].key ? keyRank[index - 1] : index
        }
        // Sort keys made once per edge (ranks, not strings), not looked up in every comparison.
        let typeRank = ranks(of: edges.map(\.type))
        var ends = [(source: Int, target: Int)]()
        ends.reserveCapacity(edges.count)
        var keys = [(Int, Int, Int, Int64)]()
        keys.reserveCapacity(edges.count)
        for edge in edges {
            let source = position[edge.source] ?? 0, target = position[edge.target] ?? 0
            ends.append((source, target))
            keys.append((keyRank[source], typeRank[edge.type] ?? 0, keyRank[target], edge.id))
        }
        let order = edges.indices.sorted { keys[$0] < keys[$1] }
        var aliases = [[String]](repeating: [], count: nodes.count)
        for (id, list) in try store.aliases(ofNodes: nodeIDs) {
            if let index = position[id] { aliases[index] = list }
        }
        return SubgraphRecords(nodes: nodes, edges: order.map { edges[$0] }, edgeEnds: order.map { ends[$0] },
                               keyRank: keyRank, aliases: aliases)
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
