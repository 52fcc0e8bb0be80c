import KGModel

/// A query after binding: every name resolved against the graph's schema and
/// data, every variable given a slot in the answer rows. The planner turns it
/// into a ``QueryPlan``.
struct BoundQuery {
    enum VariableSort: String { case node, edge, path }

    struct Variable {
        var name: String
        var sort: VariableSort
        var slot: Int
        var span: SourceSpan
    }

    var mode: Query.Mode
    var variables: [Variable]
    var slots: [String: Int]
    var patterns: [BoundPattern]
    var filter: Expression?
    var window: TimeWindow?
    var returnClause: ReturnClause
    var parameters: [String: Value]
    /// Words in expressions that name nodes (`WHERE c <> Xiaomi`).
    var constants: [String: Value] = [:]
    /// Whether rows must remember the facts they rest on (evidence, --why, DOT).
    var tracksFacts: Bool
    var source: Query
    /// How each word in node position was read (EXPLAIN shows them).
    var readings: [WordReading] = []
    var warnings: [QueryWarning] = []
    /// The bound patterns of each EXISTS predicate, by its number.
    var existsQueries: [Int: BoundExists] = [:]
}

/// The patterns of one `EXISTS { … }`: bound with the variables of the
/// enclosing query (the first `outerSlotCount` slots, joins) and its own.
struct BoundExists {
    var patterns: [BoundPattern]
    var filter: Expression?
    var variables: [BoundQuery.Variable]
    var slots: [String: Int]
    var constants: [String: Value]
    var outerSlotCount: Int
}

/// How the binder read one word in node position: a variable, or a node (with its key).
struct WordReading: Hashable {
    var word: String
    var reading: String
}

/// The days a query looks at (`AS OF`, `DURING`).
struct TimeWindow: Hashable {
    var firstDay: Int
    var lastDay: Int
    var text: String

    func admits(_ period: DatePeriod) -> Bool { period.overlaps(firstDay: firstDay, lastDay: lastDay) }

    /// A fact dated `date` (an agreement's date) exists in the window when it
    /// was made before the window ends.
    func admits(start date: PartialDate) -> Bool { date.firstDay <= lastDay }
}

/// A node position of a pattern.
struct BoundNode {
    var slot: Int
    /// Allowed kinds (nil: any).
    var kinds: Set<String>?
    var properties: [(key: String, value: Expression)]
    /// The node a name in the pattern resolved to.
    var fixed: Int64?
    var label: String
    var span: SourceSpan
}

/// One edge type in an edge pattern, walked forwards or backwards.
struct BoundEdgeType: Hashable {
    var name: String
    /// Walk against the stored direction (`^type`, or `<-`).
    var inverse: Bool
    var isSymmetric: Bool
    var derived: Bool
}

/// The direction-resolved edge of a step: which types, which way.
struct BoundEdge {
    /// Empty: any stored type.
    var types: [BoundEdgeType]
    /// Walk both ways (undirected pattern).
    var undirected: Bool
    /// For an untyped edge (`<--`, `<-[]-`): walk against the stored direction.
    var reversed: Bool
    var properties: [(key: String, value: Expression)]
    var slot: Int?
    var text: String
}

/// A step between two node positions: one edge, or a repeated composite segment.
indirect enum BoundStep {
    case edge(BoundEdge, repetition: Quantifier?)
    case group(BoundSequence, repetition: Quantifier)

    var repetition: Quantifier? {
        switch self {
        case .edge(_, let q): return q
        case .group(_, let q): return q
        }
    }
}

/// Steps with the nodes between them (inside a group: anonymous nodes).
struct BoundSequence {
    var steps: [BoundStep]
    /// nodes.count == steps.count - 1 (the interior nodes).
    var interior: [BoundNode]
    var text: String
}

/// A path pattern: nodes[0] steps[0] nodes[1] … steps[n-1] nodes[n].
struct BoundPattern {
    var nodes: [BoundNode]
    var steps: [BoundStep]
    var pathSlot: Int?
    var selector: PathSelector.Kind?
    var text: String
    var span: SourceSpan
}

/// A derived edge type compiled from its definition: a pattern from its
/// first node (x) to its last (y) and a condition over the pattern's variables.
struct DerivedDefinition {
    var name: String
    var pattern: BoundPattern
    var filter: Expression?
    var slots: [String: Int]
    var slotCount: Int
}
