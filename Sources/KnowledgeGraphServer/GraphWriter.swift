import KnowledgeGraph

/// The server's one way to change the graph: graph text (docs/graph-text-format.md)
/// applied by the merging write path, ``GraphStore/apply(graphText:options:)``:
/// what the graph has already is merged, not refused; conflicts are refused;
/// one transaction, recorded in the graph's history (`kg log`).
enum GraphWriter {
    /// What a write did, as the API answers it.
    static func apply(_ text: String, to store: GraphStore) throws(KGError) -> JSONValue {
        let summary = try store.apply(graphText: text, options: .init(command: "kg serve --http: POST /api/write", file: "request"))
        var written: [String: JSONValue] = [
            "sources": .int(Int64(summary.sources)), "nodes": .int(Int64(summary.nodes)), "edges": .int(Int64(summary.edges)),
            "aliases": .int(Int64(summary.aliases)), "evidence": .int(Int64(summary.evidence)),
        ]
        if let write = summary.write { written["write"] = .int(write) }
        return .object(["written": .object(written), "summary": .string(summary.description)])
    }
}
