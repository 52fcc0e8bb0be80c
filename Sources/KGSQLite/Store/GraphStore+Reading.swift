import KGModel
import KGStorage

/// Reads of single nodes, edges and evidence.
extension GraphStore {
    static let nodeColumns = "id, key, kind, name, props"
    static let edgeColumns = "id, type, src, dst, props, valid_from, valid_to"

    static func readNode(_ s: SQLiteStatement, at base: Int32 = 0) -> NodeRecord {
        NodeRecord(id: s.int64(base), key: s.string(base + 1), kind: s.string(base + 2), name: s.string(base + 3),
                   propsJSON: s.string(base + 4))
    }

    static func readEdge(_ s: SQLiteStatement, at base: Int32 = 0) -> EdgeRecord {
        EdgeRecord(id: s.int64(base), type: s.string(base + 1), source: s.int64(base + 2), target: s.int64(base + 3),
                   props: decodeProps(s.string(base + 4)),
                   period: DatePeriod(from: s.optionalString(base + 5).flatMap { PartialDate($0) },
                                      to: s.optionalString(base + 6).flatMap { PartialDate($0) }))
    }

    static func decodeProps(_ text: String) -> [String: JSONValue] {
        if text == "{}" { return [:] }
        return (try? JSONParser.parse(text))?.objectValue ?? [:]
    }

    func nodeID(forKey key: String) throws -> Int64? {
        try db.queryOne("SELECT id FROM nodes WHERE key = ?", [.text(UnicodeNormalization.nfc(key))]) { $0.int64(0) }
    }

    /// The node with this exact key.
    public func node(key: String) throws(KGError) -> NodeRecord? {
        do { return try db.queryOne("SELECT \(Self.nodeColumns) FROM nodes WHERE key = ?", [.text(UnicodeNormalization.nfc(key))]) { Self.readNode($0) } }
        catch { throw KGError.wrap(error) }
    }

    /// The node with this id.
    public func node(id: Int64) throws(KGError) -> NodeRecord? {
        do { return try db.queryOne("SELECT \(Self.nodeColumns) FROM nodes WHERE id = ?", [.integer(id)]) { Self.readNode($0) } }
        catch { throw KGError.wrap(error) }
    }

    /// The aliases of a node, sorted.
    public func aliases(of node: Int64) throws(KGError) -> [String] {
        do { return try db.query("SELECT alias FROM aliases WHERE node = ? ORDER BY alias", [.integer(node)]) { $0.string(0) } }
        catch { throw KGError.wrap(error) }
    }

    /// Edges leaving a node (`outgoing`) or reaching it, ordered by type and id.
    public func edges(of node: Int64, outgoing: Bool) throws(KGError) -> [EdgeRecord] {
        // One index probe per stored type: the indexes lead with the type.
        let sql = "SELECT \(Self.edgeColumns) FROM edges WHERE type = ? AND \(outgoing ? "src" : "dst") = ? ORDER BY id"
        var out: [EdgeRecord] = []
        do {
            for type in schema.edgeTypeOrder.sorted() {
                out += try db.query(sql, [.text(type), .integer(node)]) { Self.readEdge($0) }
            }
        } catch { throw KGError.wrap(error) }
        return out
    }

    /// The edge with this id.
    public func edge(id: Int64) throws(KGError) -> EdgeRecord? {
        do { return try db.queryOne("SELECT \(Self.edgeColumns) FROM edges WHERE id = ?", [.integer(id)]) { Self.readEdge($0) } }
        catch { throw KGError.wrap(error) }
    }

    /// The source with this key.
    public func source(key: String) throws(KGError) -> SourceRecord? {
        do {
            return try db.queryOne("SELECT id, key, file, title, published, language, author FROM sources WHERE key = ?", [.text(key)]) { Self.readSource($0) }
        } catch { throw KGError.wrap(error) }
    }

    /// Every source, by key.
    public func sources() throws(KGError) -> [SourceRecord] {
        do { return try db.query("SELECT id, key, file, title, published, language, author FROM sources ORDER BY key") { Self.readSource($0) } }
        catch { throw KGError.wrap(error) }
    }

    static func readSource(_ s: SQLiteStatement, at base: Int32 = 0) -> SourceRecord {
        SourceRecord(id: s.int64(base), key: s.string(base + 1), file: s.string(base + 2), title: s.optionalString(base + 3),
                     published: s.optionalString(base + 4).flatMap { PartialDate($0) }, language: s.optionalString(base + 5),
                     author: s.optionalString(base + 6))
    }

    private static let evidenceSelect = """
        SELECT e.id, e.quote, e.node, e.edge, s.id, s.key, s.file, s.title, s.published, s.language, s.author
        FROM evidence e JOIN sources s ON s.id = e.source
        """

    private static func readEvidence(_ s: SQLiteStatement) -> EvidenceRecord {
        EvidenceRecord(id: s.int64(0), source: readSource(s, at: 4), quote: s.string(1),
                       node: s.isNull(2) ? nil : s.int64(2), edge: s.isNull(3) ? nil : s.int64(3))
    }

    /// The evidence for an edge.
    public func evidence(forEdge edge: Int64) throws(KGError) -> [EvidenceRecord] {
        do { return try db.query(Self.evidenceSelect + " WHERE e.edge = ? ORDER BY e.id", [.integer(edge)], Self.readEvidence) }
        catch { throw KGError.wrap(error) }
    }

    /// The evidence for a node.
    public func evidence(forNode node: Int64) throws(KGError) -> [EvidenceRecord] {
        do { return try db.query(Self.evidenceSelect + " WHERE e.node = ? ORDER BY e.id", [.integer(node)], Self.readEvidence) }
        catch { throw KGError.wrap(error) }
    }

    /// Every piece of evidence that rests on one source (by key).
    public func evidence(fromSource key: String) throws(KGError) -> [EvidenceRecord] {
        do { return try db.query(Self.evidenceSelect + " WHERE s.key = ? ORDER BY e.id", [.text(key)], Self.readEvidence) }
        catch { throw KGError.wrap(error) }
    }

    /// Counts by kind and type.
    public func statistics() throws(KGError) -> GraphStatistics {
        do {
            let kinds = try db.query("SELECT kind, count(*) FROM nodes GROUP BY kind ORDER BY kind") { ($0.string(0), $0.int(1)) }
            let types = try db.query("SELECT type, count(*) FROM edges GROUP BY type ORDER BY type") { ($0.string(0), $0.int(1)) }
            let aliases = try db.queryOne("SELECT count(*) FROM aliases") { $0.int(0) } ?? 0
            let sources = try db.queryOne("SELECT count(*) FROM sources") { $0.int(0) } ?? 0
            let evidence = try db.queryOne("SELECT count(*) FROM evidence") { $0.int(0) } ?? 0
            return GraphStatistics(nodesByKind: kinds.map { (kind: $0.0, count: $0.1) }, edgesByType: types.map { (type: $0.0, count: $0.1) },
                                   aliases: aliases, sources: sources, evidence: evidence)
        } catch { throw KGError.wrap(error) }
    }
}
