import KGModel
import KGStorage

/// The graph as the binder of a warm engine sees it: every read goes to the
/// backend, except that the nodes a name means are remembered, so a name
/// resolved once (`(h = $company)` with "Xiaomi", a node named in a derived
/// definition) costs no index lookups again. Only successful resolutions are
/// kept (an unknown name is looked up, and explained, every time), and the
/// engine forgets them all whenever the graph's change stamp moves.
final class RememberedNames: GraphReading {
    let base: any GraphReading
    private var resolved: [ResolvedName: NodeRecord] = [:]
    private var candidateLists: [String: [NodeRecord]] = [:]
    /// At most this many names are kept (then all are dropped).
    let capacity = 65_536

    init(_ base: any GraphReading) { self.base = base }

    /// Forgets every name (the graph changed).
    func forget() {
        resolved.removeAll()
        candidateLists.removeAll()
    }

    /// A name and the kinds that narrow it.
    private struct ResolvedName: Hashable {
        var name: String
        var kinds: Set<String>?
    }

    func resolve(_ name: String, kinds: Set<String>?, span: SourceSpan?) throws(KGError) -> NodeRecord {
        let key = ResolvedName(name: name, kinds: kinds)
        if let known = resolved[key] { return known }
        let record = try base.resolve(name, kinds: kinds, span: span)
        if resolved.count >= capacity { resolved.removeAll() }
        resolved[key] = record
        return record
    }

    func candidates(forName name: String) throws(KGError) -> [NodeRecord] {
        if let known = candidateLists[name] { return known }
        let found = try base.candidates(forName: name)
        if candidateLists.count >= capacity { candidateLists.removeAll() }
        candidateLists[name] = found
        return found
    }

    // Everything else is the backend's.
    var schema: GraphSchema { base.schema }
    var adjacency: AdjacencyCache { base.adjacency }
    func changeStamp() throws(KGError) -> GraphChangeStamp { try base.changeStamp() }
    func read<T>(_ body: () throws -> T) throws(KGError) -> T { try base.read(body) }
    func node(id: Int64) throws(KGError) -> NodeRecord? { try base.node(id: id) }
    func node(key: String) throws(KGError) -> NodeRecord? { try base.node(key: key) }
    func nodes(ids: [Int64]) throws(KGError) -> [NodeRecord] { try base.nodes(ids: ids) }
    func nodeKeys(ids: [Int64], _ body: (Int64, String) -> Void) throws(KGError) { try base.nodeKeys(ids: ids, body) }
    func nodeIDs(kinds: [String]?) throws(KGError) -> [Int64] { try base.nodeIDs(kinds: kinds) }
    func nodeIDs(where property: String, equals value: String) throws(KGError) -> [Int64] { try base.nodeIDs(where: property, equals: value) }
    func aliases(of node: Int64) throws(KGError) -> [String] { try base.aliases(of: node) }
    func someNode(ofKind kind: String, hasProperty key: String) throws(KGError) -> Bool { try base.someNode(ofKind: kind, hasProperty: key) }
    func propertyNames(ofKinds kinds: [String]) throws(KGError) -> [String] { try base.propertyNames(ofKinds: kinds) }
    func nodeIDRange() throws(KGError) -> (lowest: Int64, highest: Int64, count: Int) { try base.nodeIDRange() }
    func forEachNodeKeyAndKind(_ body: (Int64, String, String) -> Void) throws(KGError) { try base.forEachNodeKeyAndKind(body) }
    func nodePropertyValues(ofKind kind: String, key: String, _ body: (Int64, JSONValue?) -> Void) throws(KGError) {
        try base.nodePropertyValues(ofKind: kind, key: key, body)
    }
    func edge(id: Int64) throws(KGError) -> EdgeRecord? { try base.edge(id: id) }
    func edges(of node: Int64, outgoing: Bool) throws(KGError) -> [EdgeRecord] { try base.edges(of: node, outgoing: outgoing) }
    func adjacent(_ node: Int64, type: String?, outgoing: Bool) throws(KGError) -> [(Int64, Int64, String)] {
        try base.adjacent(node, type: type, outgoing: outgoing)
    }
    func adjacent(_ nodes: [Int64], type: String, outgoing: Bool, _ body: (Int64, Int64, Int64) throws(KGError) -> Void) throws(KGError) {
        try base.adjacent(nodes, type: type, outgoing: outgoing, body)
    }
    func forEachEdge(ofType type: String, _ body: (Int64, Int64, Int64) -> Void) throws(KGError) { try base.forEachEdge(ofType: type, body) }
    func allIDs() throws(KGError) -> (nodes: [Int64], edges: [Int64]) { try base.allIDs() }
    func evidence(forEdge edge: Int64) throws(KGError) -> [EvidenceRecord] { try base.evidence(forEdge: edge) }
    func evidence(forNode node: Int64) throws(KGError) -> [EvidenceRecord] { try base.evidence(forNode: node) }
    func evidence(fromSource key: String) throws(KGError) -> [EvidenceRecord] { try base.evidence(fromSource: key) }
    func source(key: String) throws(KGError) -> SourceRecord? { try base.source(key: key) }
    func sources() throws(KGError) -> [SourceRecord] { try base.sources() }
    func statistics() throws(KGError) -> GraphStatistics { try base.statistics() }
    func nodeCount(kind: String?) throws(KGError) -> Int { try base.nodeCount(kind: kind) }
}
