import KGModel

/// "Did you mean" for a node key that is not in the graph (an edge of an
/// import naming a misspelt target).
extension GraphStore {
    /// Up to three keys close to `key`: a bounded search over the 60 keys on
    /// either side of it in the key index (two range reads however large the
    /// graph), as ``nameSuggestions(for:)`` does for names.
    public func keySuggestions(for key: String) throws(KGError) -> [String] {
        let folded = Self.foldKey(key)
        guard !folded.isEmpty else { return [] }
        var pool: [String] = []
        do {
            pool += try db.query("SELECT key FROM nodes WHERE key >= ? ORDER BY key LIMIT 60", [.text(folded)]) { $0.string(0) }
            pool += try db.query("SELECT key FROM nodes WHERE key < ? ORDER BY key DESC LIMIT 60", [.text(folded)]) { $0.string(0) }
        } catch { throw KGError.wrap(error) }
        return EditDistance.closest(to: folded, among: pool, limit: 3)
    }
}
