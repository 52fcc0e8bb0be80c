import KGModel
import KGStorage

/// The plans a warm engine (`kg serve`, a shell, a test) has made, so that a
/// query it has seen costs no parse, bind or plan the second time.
///
/// A plan is kept under the query text, the kind of every parameter value
/// (a string `$company` and an integer `$company` bind differently), whether
/// facts are tracked, and the value of each parameter that names a node or a
/// date of the TIME clause (the binder resolves those to node ids and days,
/// so they are part of the plan). Every other parameter is read when the
/// plan runs, so one plan serves every value of it.
///
/// Everything is dropped when the graph's ``GraphChangeStamp`` changes (any
/// write, through this connection or another process, and any schema change),
/// because a plan holds resolved node ids, kind statistics and compiled
/// definitions of that graph.
final class PlanCache {
    struct Key: Hashable {
        var text: String
        var tracksFacts: Bool
        var parameters: [Parameter]
    }

    struct Parameter: Hashable {
        var name: String
        var kind: String
        /// The value, for a parameter the plan depends on.
        var value: Value?
    }

    /// A parsed text and the parameters its plan depends on.
    struct Parsed {
        var query: Query
        var structural: Set<String>
        /// The bytes its parse charged to a budget: charged again to every
        /// request that runs the kept query, so a request's limit holds for
        /// a query another request parsed.
        var cost = 0
    }

    /// At most this many texts and plans are kept (then all are dropped: a
    /// workload of that many distinct queries gains little from a cache).
    let capacity: Int
    private var parsed: [String: Parsed] = [:]
    private var plans: [Key: QueryPlan] = [:]
    private var stamp: GraphChangeStamp?
    private(set) var hits = 0
    private(set) var misses = 0

    init(capacity: Int = 512) { self.capacity = capacity }

    /// Drops every plan when the graph changed since they were made.
    func validate(_ current: GraphChangeStamp) {
        if stamp == current { return }
        parsed.removeAll()
        plans.removeAll()
        stamp = current
    }

    /// The parsed form of `text`, parsing it on first use.
    /// With a `budget`, the parse is charged to it (``Parser/parse(_:budget:)``),
    /// and a kept parse charges the same again.
    func parse(_ text: String, budget: QueryBudget? = nil) throws(KGError) -> Parsed {
        if let known = parsed[text] {
            try budget?.charge(known.cost)
            return known
        }
        let before = budget?.bytes ?? 0
        let query = try Parser.parse(text, budget: budget)
        let cost = (budget?.bytes ?? 0) - before
        let entry = Parsed(query: query, structural: Self.structuralParameters(of: query), cost: cost)
        if parsed.count >= capacity { parsed.removeAll() }
        parsed[text] = entry
        return entry
    }

    func key(text: String, parsed: Parsed, parameters: [String: Value], tracksFacts: Bool) -> Key {
        let list = parameters.keys.sorted().map { name in
            let value = parameters[name] ?? .null
            return Parameter(name: name, kind: value.kindName, value: parsed.structural.contains(name) ? value : nil)
        }
        return Key(text: text, tracksFacts: tracksFacts, parameters: list)
    }

    func plan(for key: Key) -> QueryPlan? {
        if let plan = plans[key] {
            hits += 1
            return plan
        }
        misses += 1
        return nil
    }

    func store(_ plan: QueryPlan, for key: Key) {
        if plans.count >= capacity { plans.removeAll() }
        plans[key] = plan
    }

    /// Parameters whose value the binder builds into the plan: node names in
    /// patterns (`(h = $company)`, `($a)`), and every parameter of a query
    /// with a TIME clause (its dates become days of the window) or an EXISTS
    /// subquery (its patterns are bound with the query).
    static func structuralParameters(of query: Query) -> Set<String> {
        var names = Set<String>()
        func visit(_ node: NodePattern) {
            if case .parameter(let p)? = node.name?.kind { names.insert(p) }
        }
        func visit(_ step: PatternStep) {
            if case .group(let group) = step {
                group.nodes.forEach(visit)
                group.steps.forEach(visit)
            }
        }
        for pattern in query.patterns {
            visit(pattern.start)
            for hop in pattern.hops {
                visit(hop.step)
                visit(hop.node)
            }
        }
        // A TIME clause, or an EXISTS subquery (whose patterns may name nodes
        // by parameter too): every parameter is part of the plan.
        if query.time != nil || QueryPrinter.format(query).uppercased().contains("EXISTS") {
            names.formUnion(query.parameterNamesInText)
        }
        return names
    }
}

extension Value {
    /// The kind of a value, as a plan cache key part.
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "double"
        case .string: return "string"
        case .date: return "date"
        case .node: return "node"
        case .edge: return "edge"
        case .path: return "path"
        case .list: return "list"
        case .map: return "map"
        }
    }
}

extension Query {
    /// Every `$name` the printed query mentions (a superset is harmless: it only makes cache keys finer).
    var parameterNamesInText: Set<String> {
        let text = QueryPrinter.format(self)
        var names = Set<String>()
        var scalars = text.unicodeScalars[...]
        while let dollar = scalars.firstIndex(of: "$") {
            scalars = scalars[scalars.index(after: dollar)...]
            let name = scalars.prefix { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
            if !name.isEmpty { names.insert(String(String.UnicodeScalarView(name))) }
            scalars = scalars[name.endIndex...]
        }
        return names
    }
}
