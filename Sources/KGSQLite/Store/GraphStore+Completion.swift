import KGModel

/// Names for completion in `kg shell`: node names and aliases by prefix.
extension GraphStore {
    /// Up to `limit` node names and aliases starting with `prefix`
    /// (case-insensitive), sorted. An index range on the folded name, so it
    /// stays cheap on a large graph.
    public func names(startingWith prefix: String, limit: Int = 50) throws(KGError) -> [String] {
        let low = prefix.lowercased()
        let high = low + "\u{10FFFF}"
        do {
            var names = try db.query("SELECT name FROM nodes WHERE name_folded >= ? AND name_folded < ? ORDER BY name_folded LIMIT ?",
                                     [.text(low), .text(high), .integer(Int64(limit))]) { $0.string(0) }
            names += try db.query("SELECT alias FROM aliases WHERE alias_folded >= ? AND alias_folded < ? ORDER BY alias_folded LIMIT ?",
                                  [.text(low), .text(high), .integer(Int64(limit))]) { $0.string(0) }
            var seen = Set<String>()
            return names.filter { seen.insert($0).inserted }.sorted().prefix(limit).map { $0 }
        } catch { throw KGError.wrap(error) }
    }
}
