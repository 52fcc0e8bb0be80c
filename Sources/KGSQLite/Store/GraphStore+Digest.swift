import KGModel

/// A checksum of a graph's logical content: what its answers are made of,
/// independent of page layout and of row ids, for proving that a failed
/// write left the graph exactly as it was and that an exported graph imports
/// as the same graph.
extension GraphStore {
    /// A digest over the schema, nodes, aliases, edges, sources and evidence,
    /// each named by keys (not row ids) and read in a fixed order. The
    /// history (`kg log`) and the file's metadata are not part of it.
    public func contentDigest() throws(KGError) -> String {
        let queries = [
            "SELECT name, source FROM graph_schema",
            "SELECT key, kind, name, props FROM nodes ORDER BY key",
            "SELECT n.key, a.alias FROM aliases a JOIN nodes n ON n.id = a.node ORDER BY n.key, a.alias",
            """
            SELECT a.key, e.type, b.key, e.props, e.valid_from, e.valid_to FROM edges e
            JOIN nodes a ON a.id = e.src JOIN nodes b ON b.id = e.dst ORDER BY 1, 2, 3, 4, 5, 6
            """,
            "SELECT key, file, title, published, language, author FROM sources ORDER BY key",
            """
            SELECT n.key, s.key, v.quote FROM evidence v JOIN nodes n ON n.id = v.node JOIN sources s ON s.id = v.source
            ORDER BY 1, 2, 3
            """,
            """
            SELECT a.key, e.type, b.key, e.props, e.valid_from, e.valid_to, s.key, v.quote FROM evidence v
            JOIN edges e ON e.id = v.edge JOIN nodes a ON a.id = e.src JOIN nodes b ON b.id = e.dst JOIN sources s ON s.id = v.source
            ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
            """,
        ]
        var hash: UInt64 = 0xcbf29ce484222325
        do {
            try db.readTransaction {
                for sql in queries {
                    hash = StableHash.hash(sql, seed: hash)
                    let statement = try db.prepare(sql)
                    while try statement.step() {
                        for column in 0..<statement.columnCount {
                            let cell: String
                            switch statement.value(column) {
                            case .null: cell = "\u{0}N"
                            case .integer(let i): cell = "I\(i)"
                            case .real(let d): cell = "R\(d)"
                            case .text(let t): cell = "T\(t.utf8.count):\(t)"
                            case .blob(let b): cell = "B\(b.count):\(b)"
                            }
                            hash = StableHash.hash(cell, seed: hash)
                        }
                        hash = StableHash.hash("\n", seed: hash)
                    }
                    statement.reset()
                }
            }
        } catch { throw KGError.wrap(error) }
        let s = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
