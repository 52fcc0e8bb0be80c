import KGModel
import KGStorage

/// Checking a schema's derived edge types before a graph is made with it: a
/// definition that does not parse or bind would only fail later, in every
/// query that uses it.
extension GraphSchema {
    /// Parses and binds every derived definition against the schema alone (a
    /// graph with no data); the first one that fails is a schema error
    /// (KGS001) on the line of its definition.
    ///
    ///     let schema = try SchemaParser.parse(text, file: "deals.kgs")
    ///     try schema.checkDerivedDefinitions()
    ///     let store = try GraphStore.create(at: "deals.sqlite", schema: schema)
    public func checkDerivedDefinitions() throws(KGError) {
        guard !derivedTypeOrder.isEmpty else { return }
        try GraphQueryEngine(store: EmptyGraph(schema: self)).checkDerivedDefinitions()
    }
}

/// A graph with a schema and no data: what a definition is bound against
/// before any graph exists.
private final class EmptyGraph: GraphReading {
    let schema: GraphSchema
    let adjacency = AdjacencyCache()

    init(schema: GraphSchema) { self.schema = schema }

    func changeStamp() throws(KGError) -> GraphChangeStamp { GraphChangeStamp(external: 0, local: 0) }
    func read<T>(_ body: () throws -> T) throws(KGError) -> T {
        do { return try body() } catch { throw KGError.wrap(error) }
    }
    func node(id: Int64) throws(KGError) -> NodeRecord? { nil }
    func node(key: String) throws(KGError) -> NodeRecord? { nil }
    func nodes(ids: [Int64]) throws(KGError) -> [NodeRecord] { [] }
    func nodeKeys(ids: [Int64], _ body: (Int64, String) -> Void) throws(KGError) {}
    func nodeIDs(kinds: [String]?) throws(KGError) -> [Int64] { [] }
    func nodeIDs(where property: String, equals value: String) throws(KGError) -> [Int64] { [] }
    func candidates(forName name: String) throws(KGError) -> [NodeRecord] { [] }
    func resolve(_ name: String, kinds: Set<String>?, span: SourceSpan?) throws(KGError) -> NodeRecord {
        throw KGError(.unknownNode, "no node is called '\(name)' (the graph is empty)", span: span)
    }
    func someNode(ofKind kind: String, hasProperty key: String) throws(KGError) -> Bool { true }
    func propertyNames(ofKinds kinds: [String]) throws(KGError) -> [String] { [] }
    func aliases(of node: Int64) throws(KGError) -> [String] { [] }
    func nodeIDRange() throws(KGError) -> (lowest: Int64, highest: Int64, count: Int) { (0, 0, 0) }
    func forEachNodeKeyAndKind(_ body: (Int64, String, String) -> Void) throws(KGError) {}
    func nodePropertyValues(ofKind kind: String, key: String, _ body: (Int64, JSONValue?) -> Void) throws(KGError) {}
    func edge(id: Int64) throws(KGError) -> EdgeRecord? { nil }
    func edges(of node: Int64, outgoing: Bool) throws(KGError) -> [EdgeRecord] { [] }
    func adjacent(_ node: Int64, type: String?, outgoing: Bool) throws(KGError) -> [(Int64, Int64, String)] { [] }
    func adjacent(_ nodes: [Int64], type: String, outgoing: Bool, _ body: (Int64, Int64, Int64) throws(KGError) -> Void) throws(KGError) {}
    func forEachEdge(ofType type: String, _ body: (Int64, Int64, Int64) -> Void) throws(KGError) {}
    func allIDs() throws(KGError) -> (nodes: [Int64], edges: [Int64]) { ([], []) }
    func evidence(forEdge edge: Int64) throws(KGError) -> [EvidenceRecord] { [] }
    func evidence(forNode node: Int64) throws(KGError) -> [EvidenceRecord] { [] }
    func evidence(fromSource key: String) throws(KGError) -> [EvidenceRecord] { [] }
    func source(key: String) throws(KGError) -> SourceRecord? { nil }
    func sources() throws(KGError) -> [SourceRecord] { [] }
    func statistics() throws(KGError) -> GraphStatistics {
        GraphStatistics(nodesByKind: [], edgesByType: [], aliases: 0, sources: 0, evidence: 0)
    }
    func nodeCount(kind: String?) throws(KGError) -> Int { 0 }
}
