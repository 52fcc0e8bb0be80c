/// How a bound query will run: the logical order the ``Planner`` chose
/// (``stages``: where each pattern starts, the order of its steps, where each
/// part of WHERE goes) and the tree of physical operators the
/// ``PhysicalPlanner`` made of it (``root``), which is what runs. `EXPLAIN`
/// prints the tree; `PROFILE` runs it and adds rows, time and memory per
/// operator.
struct QueryPlan {
    /// One step of the logical order.
    enum Stage {
        /// Start pattern `pattern` at node position `node`.
        case anchor(pattern: Int, node: Int, strategy: AnchorStrategy)
        /// Walk step `step` of `pattern`, left to right or right to left.
        case expand(pattern: Int, step: Int, backward: Bool)
        /// A shortest-path search between two bound ends.
        case shortest(pattern: Int, all: Bool)
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
    /// The operator tree: RETURN at the root for a query; the last operator
    /// of the pipeline for nested evaluation (EXISTS, derived edge types).
    let root: PhysicalOperator
    /// Whether the access paths were chosen for a warm engine.
    var warm = false

    /// Every operator, root first, depth first (EXPLAIN's order).
    var operators: [(depth: Int, op: PhysicalOperator)] {
        var out: [(Int, PhysicalOperator)] = []
        func walk(_ op: PhysicalOperator, _ depth: Int) {
            out.append((depth, op))
            for input in op.inputs { walk(input, depth + 1) }
        }
        walk(root, 0)
        return out
    }
}
