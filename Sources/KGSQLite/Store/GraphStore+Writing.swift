import KGModel
import KGStorage

/// Writes. Each checks the schema; call them inside ``GraphStore/write(_:)``
/// so that a failure leaves the graph as it was.
extension GraphStore {
    /// Adds a node and returns its id. Throws ``ErrorCode/duplicateKey`` when
    /// the key exists, or a schema error.
    @discardableResult
    public func addNode(key givenKey: String, kind: String, name givenName: String, props: [String: JSONValue] = [:], span: SourceSpan? = nil) throws -> Int64 {
        // Keys and names are stored in one normal form (NFC).
        let key = UnicodeNormalization.nfc(givenKey), name = UnicodeNormalization.nfc(givenName)
        try schema.validateNode(kind: kind, props: props, span: span)
        guard !key.isEmpty else { throw KGError(.importSyntax, "a node key cannot be empty", span: span) }
        if try nodeID(forKey: key) != nil {
            throw KGError(.duplicateKey, "a node with key '\(key)' already exists in the graph", span: span,
                          suggestion: "keys are unique: choose another key, or refer to the existing node")
        }
        try db.run("INSERT INTO nodes(key, kind, name, name_folded, props, added_by) VALUES (?, ?, ?, ?, ?, ?)",
                   [.text(key), .text(kind), .text(name), .text(name.lowercased()), .text(JSONValue.object(props).serialized), SQLValue(currentWrite)])
        return db.lastInsertRowID
    }

    /// Adds another name for a node (ignored when the node already has it).
    /// Returns whether it was new.
    @discardableResult
    public func addAlias(node: Int64, alias givenAlias: String) throws -> Bool {
        let alias = UnicodeNormalization.nfc(givenAlias)
        try db.run("INSERT OR IGNORE INTO aliases(alias_folded, node, alias, added_by) VALUES (?, ?, ?, ?)",
                   [.text(alias.lowercased()), .integer(node), .text(alias), SQLValue(currentWrite)])
        return db.changes == 1
    }

    /// Adds an edge between two existing nodes and returns its id.
    @discardableResult
    public func addEdge(type: String, from source: NodeRecord, to target: NodeRecord, props: [String: JSONValue] = [:],
                        period: DatePeriod = DatePeriod(), span: SourceSpan? = nil) throws -> Int64 {
        try schema.validateEdge(type: type, sourceKind: source.kind, targetKind: target.kind, props: props, span: span)
        if let from = period.from, let to = period.to, to.lastDay < from.firstDay {
            throw KGError(.invalidPeriod, "the edge's period ends (\(to)) before it starts (\(from))", span: span)
        }
        try db.run("INSERT INTO edges(type, src, dst, props, valid_from, valid_to, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [.text(type), .integer(source.id), .integer(target.id), .text(JSONValue.object(props).serialized),
                    SQLValue(period.from?.description), SQLValue(period.to?.description), SQLValue(currentWrite)])
        return db.lastInsertRowID
    }

    /// Adds a source document, or returns the id of an identical one with the
    /// same key. A different document under an existing key is an error.
    @discardableResult
    public func addSource(_ source: SourceRecord, span: SourceSpan? = nil) throws -> Int64 {
        if let existing = try self.source(key: source.key) {
            var candidate = source
            candidate.id = existing.id
            guard candidate == existing else {
                throw KGError(.duplicateKey, "a different source with key '\(source.key)' already exists in the graph", span: span)
            }
            return existing.id
        }
        try db.run("INSERT INTO sources(key, file, title, published, language, author, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [.text(source.key), .text(source.file), SQLValue(source.title), SQLValue(source.published?.description),
                    SQLValue(source.language), SQLValue(source.author), SQLValue(currentWrite)])
        return db.lastInsertRowID
    }

    /// Records that `quote` from `source` supports a node or an edge.
    public func addEvidence(source: Int64, quote: String, node: Int64? = nil, edge: Int64? = nil) throws {
        try db.run("INSERT INTO evidence(source, quote, node, edge, added_by) VALUES (?, ?, ?, ?, ?)",
                   [.integer(source), .text(quote), SQLValue(node), SQLValue(edge), SQLValue(currentWrite)])
    }
}
