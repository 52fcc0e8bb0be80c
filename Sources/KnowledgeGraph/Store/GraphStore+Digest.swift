/// A checksum of a graph's logical content, independent of page layout, for
/// proving that a failed write left the graph exactly as it was.
extension GraphStore {
    /// A digest over the schema, nodes, aliases, edges, sources and evidence,
    /// each read in a fixed order.
    public func contentDigest() throws(KGError) -> String {
        let queries = [
            "SELECT name, source FROM graph_schema",
            "SELECT id, key, kind, name, props FROM nodes ORDER BY id",
            "SELECT node, alias FROM aliases ORDER BY node, alias",
            "SELECT id, type, src, dst, props, valid_from, valid_to FROM edges ORDER BY id",
            "SELECT id, key, file, title, published, language, author FROM sources ORDER BY id",
            "SELECT id, source, quote, node, edge FROM evidence ORDER BY id",
            "SELECT key, value FROM kg_meta ORDER BY key",
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
