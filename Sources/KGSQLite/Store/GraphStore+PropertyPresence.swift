import KGModel

/// Which properties the nodes of a kind carry: for warnings about a property
/// name that no node of an open kind has (a likely typo the schema cannot catch).
extension GraphStore {
    /// Whether some node of `kind` has the property `key` (one index range,
    /// stops at the first; a props text that is not JSON, in a file edited by
    /// hand, carries nothing rather than failing the query).
    public func someNode(ofKind kind: String, hasProperty key: String) throws(KGError) -> Bool {
        // A name a JSON path cannot hold plainly: assume it is there (no warning).
        guard !key.contains("\""), !key.contains("\\") else { return true }
        do {
            return try db.queryOne("SELECT 1 FROM nodes WHERE kind = ?1 AND CASE WHEN json_valid(props) THEN json_type(props, ?2) END IS NOT NULL LIMIT 1",
                                   [.text(kind), .text("$.\"" + key + "\"")]) { _ in true } ?? false
        } catch { throw KGError.wrap(error) }
    }

    /// The property names carried by (the first 5,000) nodes of the kinds, for "did you mean".
    public func propertyNames(ofKinds kinds: [String]) throws(KGError) -> [String] {
        var names = Set<String>()
        do {
            for kind in kinds {
                let found = try db.query("""
                    SELECT DISTINCT j.key FROM (SELECT props FROM nodes WHERE kind = ? AND json_valid(props) LIMIT 5000) n, json_each(n.props) j
                    """, [.text(kind)]) { $0.string(0) }
                names.formUnion(found)
            }
        } catch { throw KGError.wrap(error) }
        return names.sorted()
    }
}
