import KGModel
import KGStorage

/// Resolving what people call a node: key, then name, then alias, all
/// case-insensitively (keys are stored in lower case: both importers fold
/// A-Z to a-z, see ``GraphStore/foldKey(_:)``).
extension GraphStore {
    /// A key as it is stored: ASCII upper-case letters folded to lower case
    /// (keys are written by both the `.kg` and the CSV importer this way).
    public static func foldKey(_ key: String) -> String {
        guard key.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return key }
        return String(decoding: key.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// The nodes a name could mean, from the first rule that matches anything:
    /// key (as written, then folded), then name (case-insensitive), then alias (case-insensitive).
    public func candidates(forName givenName: String) throws(KGError) -> [NodeRecord] {
        // Looked up in the normal form names are stored in (NFC).
        let name = UnicodeNormalization.nfc(givenName)
        do {
            if let node = try db.queryOne("SELECT \(Self.nodeColumns) FROM nodes WHERE key = ?", [.text(name)], { Self.readNode($0) }) {
                return [node]
            }
            let foldedKey = Self.foldKey(name)
            if foldedKey != name,
               let node = try db.queryOne("SELECT \(Self.nodeColumns) FROM nodes WHERE key = ?", [.text(foldedKey)], { Self.readNode($0) }) {
                return [node]
            }
            let folded = name.lowercased()
            let byName = try db.query("SELECT \(Self.nodeColumns) FROM nodes WHERE name_folded = ? ORDER BY key", [.text(folded)]) { Self.readNode($0) }
            if !byName.isEmpty { return byName }
            let byAlias = try db.query("""
                SELECT n.id, n.key, n.kind, n.name, n.props FROM aliases a JOIN nodes n ON n.id = a.node
                WHERE a.alias_folded = ? ORDER BY n.key
                """, [.text(folded)]) { Self.readNode($0) }
            if !byAlias.isEmpty || name.utf8.allSatisfy({ $0 < 0x80 }) { return byAlias }
            return try candidatesStoredUncomposed(name)
        } catch { throw KGError.wrap(error) }
    }

    /// A graph written before kg stored text in NFC may hold a name, key or
    /// alias decomposed, which the composed lookup above misses: the stored
    /// text that is not ASCII is compared as Swift compares strings
    /// (canonically equivalent text is equal). Runs only when a name that is
    /// not ASCII was not found.
    private func candidatesStoredUncomposed(_ name: String) throws -> [NodeRecord] {
        let folded = name.lowercased()
        let nodes = try db.query("SELECT id, key, kind, name, props FROM nodes WHERE key GLOB '*[^ -~]*' OR name GLOB '*[^ -~]*' ORDER BY key") { Self.readNode($0) }
        if let byKey = nodes.first(where: { $0.key == name || $0.key == Self.foldKey(name) }) { return [byKey] }
        let byName = nodes.filter { $0.name.lowercased() == folded }
        if !byName.isEmpty { return byName }
        return try db.query("""
            SELECT n.id, n.key, n.kind, n.name, n.props, a.alias FROM aliases a JOIN nodes n ON n.id = a.node
            WHERE a.alias GLOB '*[^ -~]*' ORDER BY n.key
            """) { ($0.string(5), Self.readNode($0)) }
            .filter { $0.0.lowercased() == folded }.map(\.1)
    }

    /// The one node `name` means. An unknown name is an error with "did you
    /// mean …"; an ambiguous one lists the candidates with their kinds and
    /// keys, unless `kinds` (the pattern's kinds) leaves exactly one of them.
    public func resolve(_ name: String, kinds: Set<String>? = nil, span: SourceSpan? = nil) throws(KGError) -> NodeRecord {
        var found = try candidates(forName: name)
        if found.count > 1, let kinds {
            let narrowed = found.filter { kinds.contains($0.kind) }
            if !narrowed.isEmpty { found = narrowed }
        }
        if found.count == 1 { return found[0] }
        if found.isEmpty {
            let suggestions = try nameSuggestions(for: name)
            throw KGError(.unknownNode, "no node is called '\(name)' (by key, name or alias)", span: span,
                          suggestion: suggestions.isEmpty ? "list nodes with: kg stats, or kg query \"MATCH (n) RETURN n.key, n.name\""
                                                          : "did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?")
        }
        let listed = found.prefix(8).map { "\($0.name) (\($0.kind), key \($0.key))" }.joined(separator: "; ")
        let kindsOfThem = Array(Set(found.map(\.kind))).sorted()
        var suggestion = "use the key of the one you mean, e.g. (\"\(found[0].key)\")"
        if kindsOfThem.count > 1 { suggestion += ", or narrow by kind, e.g. (n:\(found[0].kind) = \"\(name)\")" }
        throw KGError(.ambiguousNode, "'\(name)' names \(found.count) nodes: \(listed)", span: span, suggestion: suggestion)
    }

    /// Close names, keys and aliases for a misspelt name. A bounded candidate
    /// search: for each of names, aliases and keys, the 60 entries on either
    /// side of the word in the index's sorted order (they share its longest
    /// prefixes), so an unknown name costs six index range reads however
    /// large the graph; a typo in the first letters may go unsuggested.
    package func nameSuggestions(for givenName: String) throws(KGError) -> [String] {
        let name = UnicodeNormalization.nfc(givenName)
        let folded = name.lowercased()
        guard !folded.isEmpty else { return [] }
        let key = Self.foldKey(name)
        var pool: [String] = []
        do {
            pool += try db.query("SELECT name FROM nodes WHERE name_folded >= ? ORDER BY name_folded LIMIT 60", [.text(folded)]) { $0.string(0) }
            pool += try db.query("SELECT name FROM nodes WHERE name_folded < ? ORDER BY name_folded DESC LIMIT 60", [.text(folded)]) { $0.string(0) }
            pool += try db.query("SELECT alias FROM aliases WHERE alias_folded >= ? ORDER BY alias_folded LIMIT 60", [.text(folded)]) { $0.string(0) }
            pool += try db.query("SELECT alias FROM aliases WHERE alias_folded < ? ORDER BY alias_folded DESC LIMIT 60", [.text(folded)]) { $0.string(0) }
            pool += try db.query("SELECT key FROM nodes WHERE key >= ? ORDER BY key LIMIT 60", [.text(key)]) { $0.string(0) }
            pool += try db.query("SELECT key FROM nodes WHERE key < ? ORDER BY key DESC LIMIT 60", [.text(key)]) { $0.string(0) }
        } catch { throw KGError.wrap(error) }
        return EditDistance.closest(to: name, among: pool, limit: 3)
    }
}
