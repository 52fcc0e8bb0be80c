/// Resolving what people call a node: exact key, then name, then alias, the
/// last two case-insensitively.
extension GraphStore {
    /// The nodes a name could mean, from the first rule that matches anything:
    /// exact key, then name (case-insensitive), then alias (case-insensitive).
    public func candidates(forName name: String) throws(KGError) -> [NodeRecord] {
        do {
            if let node = try db.queryOne("SELECT \(Self.nodeColumns) FROM nodes WHERE key = ?", [.text(name)], { Self.readNode($0) }) {
                return [node]
            }
            let folded = name.lowercased()
            let byName = try db.query("SELECT \(Self.nodeColumns) FROM nodes WHERE name_folded = ? ORDER BY key", [.text(folded)]) { Self.readNode($0) }
            if !byName.isEmpty { return byName }
            return try db.query("""
                SELECT n.id, n.key, n.kind, n.name, n.props FROM aliases a JOIN nodes n ON n.id = a.node
                WHERE a.alias_folded = ? ORDER BY n.key
                """, [.text(folded)]) { Self.readNode($0) }
        } catch { throw KGError.wrap(error) }
    }

    /// The one node `name` means. An unknown name is an error with "did you
    /// mean …"; an ambiguous one lists the candidates with their keys.
    public func resolve(_ name: String, span: SourceSpan? = nil) throws(KGError) -> NodeRecord {
        let found = try candidates(forName: name)
        if found.count == 1 { return found[0] }
        if found.isEmpty {
            let suggestions = try nameSuggestions(for: name)
            throw KGError(.unknownNode, "no node is called '\(name)' (by key, name or alias)", span: span,
                          suggestion: suggestions.isEmpty ? "list nodes with: kg stats, or kg query \"MATCH (n) RETURN n.key, n.name\""
                                                          : "did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?")
        }
        let listed = found.prefix(8).map { "\($0.name) (\($0.kind), key \($0.key))" }.joined(separator: "; ")
        throw KGError(.ambiguousNode, "'\(name)' names \(found.count) nodes: \(listed)", span: span,
                      suggestion: "use the key of the one you mean, e.g. '\(found[0].key)'")
    }

    /// Close names, keys and aliases for a misspelt name. Looks at names that
    /// share the first character (an index range), so it stays cheap on large graphs.
    func nameSuggestions(for name: String) throws(KGError) -> [String] {
        guard let first = name.lowercased().first else { return [] }
        let low = String(first)
        let high = String(Character(Unicode.Scalar(first.unicodeScalars.first!.value + 1) ?? "\u{10FFFF}"))
        do {
            var pool = try db.query("SELECT name FROM nodes WHERE name_folded >= ? AND name_folded < ? LIMIT 20000", [.text(low), .text(high)]) { $0.string(0) }
            pool += try db.query("SELECT alias FROM aliases WHERE alias_folded >= ? AND alias_folded < ? LIMIT 20000", [.text(low), .text(high)]) { $0.string(0) }
            pool += try db.query("SELECT key FROM nodes WHERE key >= ? AND key < ? LIMIT 20000", [.text(low), .text(high)]) { $0.string(0) }
            return EditDistance.closest(to: name, among: pool, limit: 3)
        } catch { throw KGError.wrap(error) }
    }
}
