import Foundation
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// A second graph backend: the whole graph in dictionaries, implementing
/// ``GraphReading`` with no SQL at all. It proves the seam: the same
/// ``GraphQueryEngine``, ``NodeReport`` and exporters run over it unchanged.
///
///     let memory = try MemoryGraph(copying: store)          // any GraphReading
///     let rows = try GraphQueryEngine(store: memory).execute("MATCH (c:Company) RETURN c.key").rows
final class MemoryGraph: GraphReading {
    let schema: GraphSchema
    let adjacency = AdjacencyCache()
    private var nodesByID: [Int64: NodeRecord] = [:]
    private var idByKey: [String: Int64] = [:]
    private var aliasesByNode: [Int64: [String]] = [:]
    private var edgesByID: [Int64: EdgeRecord] = [:]
    /// Edge ids per (type, node), leaving and reaching the node.
    private var outgoing: [String: [Int64: [Int64]]] = [:]
    private var incoming: [String: [Int64: [Int64]]] = [:]
    private var evidenceRecords: [EvidenceRecord] = []
    private var sourcesByKey: [String: SourceRecord] = [:]
    /// How many reads ran (to show the engine really came through here).
    private(set) var reads = 0
    /// When set, reading node and edge records fails like a broken disk would.
    var failsRecordReads = false

    private func checkDisk() throws(KGError) {
        if failsRecordReads { throw KGError(.storage, "disk I/O error (simulated)") }
    }

    init(schema: GraphSchema) { self.schema = schema }

    /// A copy of every node, alias, edge, source and piece of evidence of
    /// another backend, read through the protocol only.
    convenience init(copying other: any GraphReading) throws {
        self.init(schema: other.schema)
        let ids = try other.allIDs()
        for node in try other.nodes(ids: ids.nodes) {
            add(node)
            for alias in try other.aliases(of: node.id) { aliasesByNode[node.id, default: []].append(alias) }
            evidenceRecords += try other.evidence(forNode: node.id)
        }
        for id in ids.edges.sorted() {
            guard let edge = try other.edge(id: id) else { continue }
            add(edge)
            evidenceRecords += try other.evidence(forEdge: id)
        }
        evidenceRecords.sort { $0.id < $1.id }
        for source in try other.sources() { sourcesByKey[source.key] = source }
    }

    func add(_ node: NodeRecord) {
        nodesByID[node.id] = node
        idByKey[node.key] = node.id
    }

    func add(_ edge: EdgeRecord) {
        edgesByID[edge.id] = edge
        outgoing[edge.type, default: [:]][edge.source, default: []].append(edge.id)
        incoming[edge.type, default: [:]][edge.target, default: []].append(edge.id)
    }

    func changeStamp() throws(KGError) -> GraphChangeStamp { GraphChangeStamp(external: 0, local: 0) }

    func read<T>(_ body: () throws -> T) throws(KGError) -> T {
        reads += 1
        do { return try body() } catch { throw KGError.wrap(error) }
    }

    // MARK: Nodes

    func node(id: Int64) throws(KGError) -> NodeRecord? {
        try checkDisk()
        return nodesByID[id]
    }
    func node(key: String) throws(KGError) -> NodeRecord? { idByKey[key].flatMap { nodesByID[$0] } }
    func nodes(ids: [Int64]) throws(KGError) -> [NodeRecord] {
        try checkDisk()
        return ids.compactMap { nodesByID[$0] }
    }
    func nodeKeys(ids: [Int64], _ body: (Int64, String) -> Void) throws(KGError) {
        for id in ids { if let node = nodesByID[id] { body(id, node.key) } }
    }
    func nodeIDs(kinds: [String]?) throws(KGError) -> [Int64] {
        let all = nodesByID.keys.sorted()
        guard let kinds else { return all }
        return kinds.flatMap { kind in all.filter { nodesByID[$0]?.kind == kind } }
    }
    func nodeIDs(where property: String, equals value: String) throws(KGError) -> [Int64] {
        nodesByID.values.filter { property == "key" ? $0.key == value : $0.name == value }.map(\.id).sorted()
    }
    func candidates(forName name: String) throws(KGError) -> [NodeRecord] {
        if let node = try node(key: name) { return [node] }
        let folded = name.lowercased()
        let byName = nodesByID.values.filter { $0.name.lowercased() == folded }.sorted { $0.key < $1.key }
        if !byName.isEmpty { return byName }
        return aliasesByNode.filter { $0.value.contains { $0.lowercased() == folded } }
            .compactMap { nodesByID[$0.key] }.sorted { $0.key < $1.key }
    }
    func someNode(ofKind kind: String, hasProperty key: String) throws(KGError) -> Bool {
        nodesByID.values.contains { $0.kind == kind && $0.props[key] != nil }
    }
    func propertyNames(ofKinds kinds: [String]) throws(KGError) -> [String] {
        Set(nodesByID.values.filter { kinds.contains($0.kind) }.flatMap { $0.props.keys }).sorted()
    }
    func resolve(_ name: String, kinds: Set<String>?, span: SourceSpan?) throws(KGError) -> NodeRecord {
        var found = try candidates(forName: name)
        if found.count > 1, let kinds {
            let narrowed = found.filter { kinds.contains($0.kind) }
            if !narrowed.isEmpty { found = narrowed }
        }
        if found.count == 1 { return found[0] }
        if found.isEmpty { throw KGError(.unknownNode, "no node is called '\(name)' (by key, name or alias)", span: span) }
        throw KGError(.ambiguousNode, "'\(name)' names \(found.count) nodes", span: span)
    }
    func aliases(of node: Int64) throws(KGError) -> [String] { (aliasesByNode[node] ?? []).sorted() }
    func nodeIDRange() throws(KGError) -> (lowest: Int64, highest: Int64, count: Int) {
        (nodesByID.keys.min() ?? 0, nodesByID.keys.max() ?? 0, nodesByID.count)
    }
    func forEachNodeKeyAndKind(_ body: (Int64, String, String) -> Void) throws(KGError) {
        for node in nodesByID.values { body(node.id, node.key, node.kind) }
    }
    func nodePropertyValues(ofKind kind: String, key: String, _ body: (Int64, JSONValue?) -> Void) throws(KGError) {
        try checkDisk()
        for node in nodesByID.values where node.kind == kind { body(node.id, node.props[key]) }
    }

    // MARK: Edges

    func edge(id: Int64) throws(KGError) -> EdgeRecord? {
        try checkDisk()
        return edgesByID[id]
    }
    func edges(of node: Int64, outgoing isOutgoing: Bool) throws(KGError) -> [EdgeRecord] {
        let index = isOutgoing ? outgoing : incoming
        return schema.edgeTypeOrder.sorted().flatMap { type in (index[type]?[node] ?? []).sorted().compactMap { edgesByID[$0] } }
    }
    func adjacent(_ node: Int64, type: String?, outgoing isOutgoing: Bool) throws(KGError) -> [(Int64, Int64, String)] {
        var out: [(Int64, Int64, String)] = []
        for t in type.map({ [$0] }) ?? schema.edgeTypeOrder {
            try adjacent([node], type: t, outgoing: isOutgoing) { _, other, id in out.append((other, id, t)) }
        }
        return out
    }
    func adjacent(_ nodes: [Int64], type: String, outgoing isOutgoing: Bool, _ body: (Int64, Int64, Int64) throws(KGError) -> Void) throws(KGError) {
        let index = isOutgoing ? outgoing : incoming
        for node in nodes {
            let found = (index[type]?[node] ?? []).compactMap { edgesByID[$0] }
                .map { (other: isOutgoing ? $0.target : $0.source, id: $0.id) }
                .sorted { ($0.other, $0.id) < ($1.other, $1.id) }
            for edge in found { try body(node, edge.other, edge.id) }
        }
    }
    func forEachEdge(ofType type: String, _ body: (Int64, Int64, Int64) -> Void) throws(KGError) {
        for edge in edgesByID.values where edge.type == type { body(edge.source, edge.target, edge.id) }
    }
    func allIDs() throws(KGError) -> (nodes: [Int64], edges: [Int64]) { (nodesByID.keys.sorted(), edgesByID.keys.sorted()) }

    // MARK: Evidence

    func evidence(forEdge edge: Int64) throws(KGError) -> [EvidenceRecord] { evidenceRecords.filter { $0.edge == edge } }
    func evidence(forNode node: Int64) throws(KGError) -> [EvidenceRecord] { evidenceRecords.filter { $0.node == node } }
    func evidence(fromSource key: String) throws(KGError) -> [EvidenceRecord] { evidenceRecords.filter { $0.source.key == key } }
    func source(key: String) throws(KGError) -> SourceRecord? { sourcesByKey[key] }
    func sources() throws(KGError) -> [SourceRecord] { sourcesByKey.values.sorted { $0.key < $1.key } }

    // MARK: Statistics

    func statistics() throws(KGError) -> GraphStatistics {
        let kinds = Dictionary(grouping: nodesByID.values, by: \.kind).map { (kind: $0.key, count: $0.value.count) }.sorted { $0.kind < $1.kind }
        let types = Dictionary(grouping: edgesByID.values, by: \.type).map { (type: $0.key, count: $0.value.count) }.sorted { $0.type < $1.type }
        return GraphStatistics(nodesByKind: kinds, edgesByType: types, aliases: aliasesByNode.values.reduce(0) { $0 + $1.count },
                               sources: sourcesByKey.count, evidence: evidenceRecords.count)
    }
    func nodeCount(kind: String?) throws(KGError) -> Int {
        guard let kind else { return nodesByID.count }
        return nodesByID.values.filter { $0.kind == kind }.count
    }
}
