import Foundation
import KGModel
import KGStorage

/// One partial answer: a value per variable slot, the facts it rests on, and
/// the path steps walked so far per pattern step (for path variables).
struct Row {
    var values: [Value]
    var facts: [Fact]
    var traces: [Int: [PathStep]]
}

/// Runs a ``QueryPlan``'s operator tree over a graph, in chunks: each
/// operator passes at most ``chunkRows`` rows (about ``chunkBytes``) to the
/// next before it goes on, so no operator holds the whole table of partial
/// answers, RETURN can stop the pipeline once LIMIT has its rows, and
/// aggregates never need the rows they have counted. Every loop observes the
/// one ``QueryBudget`` of the query (deadline, cancellation, memory).
///
/// The executor is the operators' context for one run: the budget, the
/// records read so far, expression evaluation, and the walks (neighbours,
/// repetition, shortest paths) the operators call.
final class QueryExecutor {
    let store: any GraphReading
    let plan: QueryPlan
    let budget: QueryBudget
    var limits: QueryLimits { budget.limits }
    let parameters: [String: Value]
    /// The plan's query, kept here so that reading a pattern or a slot in a
    /// loop does not copy the plan.
    let query: BoundQuery
    let tracksFacts: Bool
    var nodeCache: [Int64: NodeRecord] = [:]
    var edgeCache: [Int64: EdgeRecord] = [:]
    var propsCache: [Int64: [String: JSONValue]] = [:]
    var keyCache: [Int64: String] = [:]
    var derivedCache: [String: DerivedDefinition]
    /// The executors of the query's EXISTS predicates, planned on first use (QueryExecutor+Exists).
    var existsExecutors: [Int: QueryExecutor] = [:]
    /// Nested evaluation of derived definitions.
    var derivedDepth = 0
    /// How the nested plans of this run are made (EXISTS, derived edge types):
    /// as warm as the query's own.
    var planner: Planner

    /// Rows (and about how many bytes) an operator hands on at once.
    static let chunkRows = 1024
    static let chunkBytes = 1 << 20

    /// Where the root's rows go: the projection, or (nested evaluation) a collector.
    var terminal: (([Row]) throws(KGError) -> Bool)?

    init(store: any GraphReading, plan: QueryPlan, budget: QueryBudget, derived: [String: DerivedDefinition], planner: Planner,
         tracksFacts: Bool? = nil) {
        self.store = store
        self.plan = plan
        self.query = plan.query
        self.budget = budget
        self.parameters = plan.query.parameters
        self.derivedCache = derived
        self.planner = planner
        self.tracksFacts = tracksFacts ?? (plan.query.tracksFacts || plan.query.patterns.contains { $0.pathSlot != nil })
    }

    /// Whether answer keys come from the in-memory key column (the planner's choice).
    var keysFromColumns: Bool { (plan.root as? Return)?.keysFromColumns ?? false }

    /// One unit of work against the query's budget (time, cancellation).
    @inline(__always)
    func tick() throws(KGError) { try budget.tick() }

    /// The answer may have at most the row limit's rows (KGE002).
    func checkRows(_ count: Int) throws(KGError) {
        if count > limits.rowLimit {
            throw KGError(.rowLimit, "the answer has more than \(limits.rowLimit) rows",
                          suggestion: "add LIMIT, narrow the pattern, or raise --max-rows")
        }
    }

    // MARK: Node and edge records

    /// Loads many node records with a few statements (ids in batches), so
    /// that a large answer does not cost one index lookup per node.
    func prefetchNodes(_ ids: some Sequence<Int64>) throws(KGError) {
        let missing = Array(Set(ids.filter { nodeCache[$0] == nil })).sorted()
        guard missing.count > 8 else { return }
        var bytes = 0
        for record in try store.nodes(ids: missing) {
            nodeCache[record.id] = record
            bytes += MemoryEstimate.entry + 96 + record.key.utf8.count + record.name.utf8.count + record.propsJSON.utf8.count
        }
        try budget.charge(bytes)   // held for the rest of the query
    }

    /// Loads only the keys of many nodes (the usual answer of ids).
    func prefetchKeys(_ ids: some Sequence<Int64>) throws(KGError) {
        let missing = Array(Set(ids.filter { nodeCache[$0] == nil && keyCache[$0] == nil })).sorted()
        guard missing.count > 8 else { return }
        var bytes = 0
        try store.nodeKeys(ids: missing) { keyCache[$0] = $1; bytes += MemoryEstimate.entry + 16 + $1.utf8.count }
        try budget.charge(bytes)
    }

    func node(_ id: Int64) throws(KGError) -> NodeRecord {
        if let n = nodeCache[id] { return n }
        guard let n = try store.node(id: id) else { throw KGError(.runtimeType, "node #\(id) disappeared while the query ran") }
        nodeCache[id] = n
        return n
    }

    func edge(_ id: Int64) throws(KGError) -> EdgeRecord {
        if let e = edgeCache[id] { return e }
        guard let e = try store.edge(id: id) else { throw KGError(.runtimeType, "edge #\(id) disappeared while the query ran") }
        edgeCache[id] = e
        return e
    }

    /// Whether node `id` may stand at position `node` of a pattern (kinds,
    /// properties, a fixed name, and the time window for dated facts).
    func admits(_ id: Int64, _ node: BoundNode, row: Row?) throws(KGError) -> Bool {
        if let fixed = node.fixed, fixed != id { return false }
        if node.kinds == nil && node.properties.isEmpty && query.window == nil { return true }
        if node.properties.isEmpty, query.window == nil, let kinds = node.kinds, let kind = store.adjacency.columns?.kind(id) {
            return kinds.contains(kind)
        }
        let record = try self.node(id)
        if let kinds = node.kinds, !kinds.contains(record.kind) { return false }
        if let window = query.window, store.schema.kinds[record.kind]?.properties["date"]?.type == .date,
           case .string(let s)? = properties(of: record)["date"], let date = PartialDate(s), !window.admits(start: date) {
            return false
        }
        for (key, expected) in node.properties {
            let actual = try nodeProperty(record, key)
            let wanted = try evaluate(expected, row: row)
            guard compare(actual, wanted) == .orderedSame else { return false }
        }
        return true
    }

    /// Whether a node is a fact of its own whose evidence answers carry.
    func isFactNode(_ id: Int64) throws(KGError) -> Bool {
        // The kind from the in-memory node columns when loaded, else from the record.
        if let kind = store.adjacency.columns?.kind(id) { return store.schema.kinds[kind]?.isFact == true }
        return store.schema.kinds[try node(id).kind]?.isFact == true
    }

    // MARK: Running

    /// The row every plan starts from: nothing bound.
    var startRow: Row { Row(values: Array(repeating: .null, count: query.variables.count), facts: [], traces: [:]) }

    func run() throws(KGError) -> QueryResult {
        plan.root.reset()
        let sink = try ProjectionSink(self)
        if let product = plan.root.inputs.first as? CrossProductCount {
            sink.addCount(try product.count(from: startRow, self))
            try budget.check()
            return try sink.finish()
        }
        terminal = { (rows: [Row]) throws(KGError) -> Bool in try sink.add(rows) }
        // The sink refers to this executor: the closure must not outlive the run.
        defer { terminal = nil }
        try drive(from: startRow)
        var result = try sink.finish()
        result.touchedNodes = sink.touchedNodes
        result.touchedEdges = sink.touchedEdges
        return result
    }

    /// Runs the plan and returns the rows its root hands on (the nested
    /// evaluation of derived edge types, whose answers are small).
    func runRows() throws(KGError) -> [Row] {
        plan.root.reset()
        var collected: [Row] = []
        let paths = tracksFacts
        let budget = self.budget
        terminal = { (rows: [Row]) throws(KGError) -> Bool in
            for row in rows { try budget.charge(MemoryEstimate.of(row, paths: paths)) }
            collected += rows
            return true
        }
        try drive(from: startRow)
        return collected
    }

    /// Hands `start` to the leaf of the tree; the operators push from there.
    func drive(from start: Row) throws(KGError) {
        _ = try plan.root.leaf.receive([start], self)
        try budget.check()
    }
}

extension Value {
    var isNode: Bool { if case .node = self { return true } else { return false } }
}

extension PathStep {
    /// The same step walked the other way.
    var flipped: PathStep { PathStep(edge: edge, type: type, from: to, to: from, reversed: !reversed) }
}

extension BoundStep {
    /// Whether the step's neighbours depend on the row (property constraints
    /// that read variables); otherwise they are memoised per start node.
    var dependsOnRow: Bool {
        switch self {
        case .edge(let e, _): return e.properties.contains { !$0.value.variableNames.isEmpty }
        case .group(let s, _): return s.steps.contains { $0.dependsOnRow } || s.interior.contains { $0.properties.contains { !$0.value.variableNames.isEmpty } }
        }
    }
}

func formatSeconds(_ s: Double) -> String {
    // 1.5 s stays 1.5 s (a rounded "2 s" would not be the limit given).
    s >= 1 ? (s == s.rounded() ? String(format: "%.0f s", s) : String(format: "%g s", s)) : String(format: "%.0f ms", s * 1000)
}
