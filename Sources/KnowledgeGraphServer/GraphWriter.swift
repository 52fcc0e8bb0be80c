import KnowledgeGraph

/// The server's one way to change the graph: graph text (docs/graph-text-format.md),
/// imported as one transaction, all of it or nothing. The one function a
/// merging import (GraphStore.apply(graphText:)) replaces when it lands.
enum GraphWriter {
    /// What a write did, as the API answers it.
    static func apply(_ text: String, to store: GraphStore) throws(KGError) -> JSONValue {
        let summary = try GraphTextImporter(store: store).importText(text, file: "request")
        return .object(["written": .object([
            "sources": .int(Int64(summary.sources)), "nodes": .int(Int64(summary.nodes)), "edges": .int(Int64(summary.edges)),
            "aliases": .int(Int64(summary.aliases)), "evidence": .int(Int64(summary.evidence)),
        ])])
    }
}
