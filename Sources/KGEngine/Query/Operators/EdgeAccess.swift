/// How an expansion reads the edges of a stored type; the planner's choice.
enum EdgeAccess: Equatable {
    /// One probe of `edges_out (type, src)` or `edges_in (type, dst)` per node.
    case index
    /// The type's compressed sparse rows in memory (``AdjacencyList``),
    /// loaded from one index range on first use and kept until the graph
    /// changes.
    case adjacency

    var text: String {
        switch self {
        case .index: "index"
        case .adjacency: "in-memory adjacency"
        }
    }
}
