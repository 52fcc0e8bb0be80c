/// How a bound query will run: a list of stages, each turning the table of
/// partial answer rows into the next. `EXPLAIN` prints it; `PROFILE` runs it
/// and adds rows and times per stage.
struct QueryPlan {
    enum Stage {
        /// Start pattern `pattern` at node position `node`.
        case anchor(pattern: Int, node: Int, strategy: AnchorStrategy)
        /// Walk step `step` of `pattern`, left to right or right to left.
        case expand(pattern: Int, step: Int, backward: Bool)
        /// A shortest-path search between two bound ends.
        case shortest(pattern: Int, bidirectional: Bool, all: Bool)
        /// Assemble the path value of a pattern.
        case bindPath(pattern: Int)
        case filter(Expression)
        case project
    }

    enum AnchorStrategy {
        /// A node named in the query (key, name or alias; one index lookup).
        case named(Int64, String)
        /// A variable bound by an earlier pattern.
        case bound(String)
        /// Nodes whose key or name equals a value (index on key or on the folded name).
        case propertyLookup(String, Expression)
        /// Nodes of some kinds (index nodes_by_kind), about `estimate` of them.
        case kindScan([String], estimate: Int)
        /// Every node.
        case fullScan(estimate: Int)
    }

    var query: BoundQuery
    var stages: [Stage]
}
