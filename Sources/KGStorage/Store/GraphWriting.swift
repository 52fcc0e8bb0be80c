import KGModel

/// The write side of a graph backend: what the importers and curation
/// commands change a graph through. Every change is checked against the
/// schema and made inside ``write(_:)``, so a failure leaves the graph as it was.
///
///     try graph.write {
///         let acme = try graph.addNode(key: "acme", kind: "Company", name: "Acme")
///         try graph.addAlias(node: acme, alias: "ACME Corp")
///     }
public protocol GraphWriting: GraphReading {
    /// Whether the graph refuses writes.
    var isReadOnly: Bool { get }

    /// Runs `body` as one transaction: all of it or nothing.
    func write<T>(_ body: () throws -> T) throws(KGError) -> T

    /// Adds a node and returns its id (a duplicate key or a schema violation is an error).
    @discardableResult
    func addNode(key: String, kind: String, name: String, props: [String: JSONValue], span: SourceSpan?) throws -> Int64
    /// Adds another name for a node (ignored when the node already has it); whether it was new.
    @discardableResult
    func addAlias(node: Int64, alias: String) throws -> Bool
    /// Adds an edge between two existing nodes and returns its id.
    @discardableResult
    func addEdge(type: String, from source: NodeRecord, to target: NodeRecord, props: [String: JSONValue],
                 period: DatePeriod, span: SourceSpan?) throws -> Int64
    /// Adds a source document, or returns the id of an identical one with the same key.
    @discardableResult
    func addSource(_ source: SourceRecord, span: SourceSpan?) throws -> Int64
    /// Records that `quote` from `source` supports a node or an edge.
    func addEvidence(source: Int64, quote: String, node: Int64?, edge: Int64?) throws
    /// A value recorded in the graph's metadata.
    func meta(_ key: String) throws(KGError) -> String?
    /// Records a metadata value.
    func setMeta(_ key: String, _ value: String) throws(KGError)
}
