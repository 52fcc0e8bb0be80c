import Foundation

/// One partial answer: a value per variable slot, the facts it rests on, and
/// the path steps walked so far per pattern step (for path variables).
struct Row {
    var values: [Value]
    var facts: [Fact]
    var traces: [Int: [PathStep]]
}

/// Runs a ``QueryPlan`` over a graph, stage by stage.
final class QueryExecutor {
    let store: any GraphReading
    let plan: QueryPlan
    let limits: QueryLimits
    let cancellation: CancellationFlag?
    let parameters: [String: Value]
    var query: BoundQuery { plan.query }
    let tracksFacts: Bool
    private let deadline: UInt64
    private var ticks = 0
    var nodeCache: [Int64: NodeRecord] = [:]
    var edgeCache: [Int64: EdgeRecord] = [:]
    var propsCache: [Int64: [String: JSONValue]] = [:]
    var keyCache: [Int64: String] = [:]
    var derivedCache: [String: DerivedDefinition]
    /// Stage statistics for PROFILE: rows out and nanoseconds.
    var profile: [(rows: Int, nanoseconds: UInt64)] = []
    /// Nested evaluation of derived definitions.
    var derivedDepth = 0
    /// Whether the engine is long-lived: in-memory indexes (adjacency, node
    /// columns) are then built for moderately wide steps too.
    var warm = false
    /// How many rows make a step wide (warm engines), and an answer wide.
    var wideStep = 64
    var wideAnswer = 500

    init(store: any GraphReading, plan: QueryPlan, limits: QueryLimits, cancellation: CancellationFlag?,
         derived: [String: DerivedDefinition], tracksFacts: Bool? = nil) {
        self.store = store
        self.plan = plan
        self.limits = limits
        self.cancellation = cancellation
        self.parameters = plan.query.parameters
        self.derivedCache = derived
        self.tracksFacts = tracksFacts ?? (plan.query.tracksFacts || plan.query.patterns.contains { $0.pathSlot != nil })
        self.deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, limits.timeLimit) * 1e9)
    }

    /// Checks the time limit and cancellation every so often.
    @inline(__always)
    func tick() throws(KGError) {
        ticks &+= 1
        if ticks & 1023 == 0 {
            if cancellation?.isCancelled == true { throw KGError(.cancelled, "the query was cancelled") }
            if DispatchTime.now().uptimeNanoseconds > deadline {
                throw KGError(.timeLimit, "the query ran longer than its time limit of \(formatSeconds(limits.timeLimit))",
                              suggestion: "narrow the pattern (bound the repetition, name a start node) or raise --timeout")
            }
        }
    }

    func checkRows(_ count: Int) throws(KGError) {
        if count > limits.rowLimit {
            throw KGError(.rowLimit, "the query produced more than \(limits.rowLimit) rows",
                          suggestion: "add LIMIT, narrow the pattern, or raise --max-rows")
        }
    }

    // MARK: Node and edge records

    /// Loads many node records with a few statements (ids in batches), so
    /// that a large answer does not cost one index lookup per node.
    func prefetchNodes(_ ids: some Sequence<Int64>) throws(KGError) {
        let missing = Array(Set(ids.filter { nodeCache[$0] == nil })).sorted()
        guard missing.count > 8 else { return }
        for record in try store.nodes(ids: missing) { nodeCache[record.id] = record }
    }

    /// Loads only the keys of many nodes (the usual answer of ids).
    func prefetchKeys(_ ids: some Sequence<Int64>) throws(KGError) {
        let missing = Array(Set(ids.filter { nodeCache[$0] == nil && keyCache[$0] == nil })).sorted()
        guard missing.count > 8 else { return }
        try store.nodeKeys(ids: missing) { keyCache[$0] = $1 }
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
        store.schema.kinds[try node(id).kind]?.isFact == true
    }

    // MARK: Running

    func run() throws(KGError) -> QueryResult {
        var rows = [Row(values: Array(repeating: .null, count: query.variables.count), facts: [], traces: [:])]
        var touchedNodes = Set<Int64>(), touchedEdges = Set<Int64>()
        for stage in plan.stages {
            let start = DispatchTime.now().uptimeNanoseconds
            switch stage {
            case .anchor(let p, let n, let strategy):
                rows = try anchor(rows, pattern: query.patterns[p], at: n, strategy: strategy)
            case .expand(let p, let s, let backward):
                rows = try expand(rows, pattern: query.patterns[p], step: s, backward: backward)
            case .shortest(let p, _, let all):
                rows = try shortest(rows, pattern: query.patterns[p], all: all)
            case .bindPath(let p):
                rows = bindPath(rows, pattern: query.patterns[p])
            case .filter(let condition):
                // Read the records the condition needs in a few batched statements.
                let slots = Set(condition.propertyReadVariables).compactMap { query.slots[$0] }
                if rows.count > 8, !slots.isEmpty, !condition.readsOnlyKeys {
                    var ids: [Int64] = []
                    for row in rows { for slot in slots { if case .node(let id) = row.values[slot] { ids.append(id) } } }
                    try prefetchNodes(ids)
                }
                var kept: [Row] = []
                kept.reserveCapacity(rows.count)
                for row in rows {
                    try tick()
                    if try truth(evaluate(condition, row: row), span: condition.span) { kept.append(row) }
                }
                rows = kept
            case .project:
                // What the answer touches (for DOT of an answer): only when facts are tracked.
                if tracksFacts {
                    for row in rows {
                        for (slot, variable) in query.variables.enumerated() {
                            switch (variable.sort, row.values[slot]) {
                            case (.node, .node(let id)): touchedNodes.insert(id)
                            case (.edge, .edge(let id)): touchedEdges.insert(id)
                            case (.path, .path(let path)):
                                touchedNodes.formUnion(path.nodes)
                                touchedEdges.formUnion(path.steps.compactMap(\.edge))
                            default: break
                            }
                        }
                        for fact in row.facts {
                            switch fact {
                            case .edge(let e): touchedEdges.insert(e)
                            case .node(let n): touchedNodes.insert(n)
                            }
                        }
                    }
                    for e in touchedEdges {
                        let record = try edge(e)
                        touchedNodes.insert(record.source)
                        touchedNodes.insert(record.target)
                    }
                }
                var result = try project(rows)
                result.touchedNodes = touchedNodes
                result.touchedEdges = touchedEdges
                profile.append((result.rows.count, DispatchTime.now().uptimeNanoseconds - start))
                return result
            }
            try checkRows(rows.count)
            profile.append((rows.count, DispatchTime.now().uptimeNanoseconds - start))
        }
        return QueryResult(columns: [], rows: [], rowFacts: [], touchedNodes: [], touchedEdges: [], planText: nil)
    }

    // MARK: Stages

    func runAnchor(_ rows: [Row], _ p: Int, _ n: Int, _ strategy: QueryPlan.AnchorStrategy) throws(KGError) -> [Row] {
        try anchor(rows, pattern: query.patterns[p], at: n, strategy: strategy)
    }

    func runExpand(_ rows: [Row], _ p: Int, _ s: Int, _ backward: Bool) throws(KGError) -> [Row] {
        try expand(rows, pattern: query.patterns[p], step: s, backward: backward)
    }

    private func anchor(_ rows: [Row], pattern: BoundPattern, at index: Int, strategy: QueryPlan.AnchorStrategy) throws(KGError) -> [Row] {
        let node = pattern.nodes[index]
        var out: [Row] = []
        var scanned: [Int64]?
        for row in rows {
            let candidates: [Int64]
            switch strategy {
            case .named(let id, _): candidates = [id]
            case .bound:
                guard case .node(let id) = row.values[node.slot] else { continue }
                candidates = [id]
            case .propertyLookup(let key, let expression):
                if scanned == nil {
                    if case .string(let value) = try evaluate(expression, row: row) {
                        scanned = try store.nodeIDs(where: key, equals: value)
                    } else {
                        scanned = []
                    }
                }
                candidates = scanned!
            case .kindScan(let kinds, _):
                if scanned == nil { scanned = try store.nodeIDs(kinds: kinds) }
                candidates = scanned!
            case .fullScan:
                if scanned == nil { scanned = try store.nodeIDs(kinds: nil) }
                candidates = scanned!
            }
            for id in candidates {
                try tick()
                guard try admits(id, node, row: row) else { continue }
                var next = row
                next.values[node.slot] = .node(id)
                if tracksFacts, try isFactNode(id) { next.facts.append(.node(id)) }
                out.append(next)
            }
            try checkRows(out.count)
        }
        return out
    }

    private func expand(_ rows: [Row], pattern: BoundPattern, step index: Int, backward: Bool) throws(KGError) -> [Row] {
        let fromNode = backward ? pattern.nodes[index + 1] : pattern.nodes[index]
        let toNode = backward ? pattern.nodes[index] : pattern.nodes[index + 1]
        let step = pattern.steps[index]
        var out: [Row] = []
        var memo: [Int64: [Neighbor]] = [:]
        // A warm engine walks wide frontiers over the in-memory adjacency.
        if warm, rows.count > wideStep, case .edge(let edge, nil) = step { try loadAdjacency(for: edge) }
        let constrained = toNode.kinds != nil || !toNode.properties.isEmpty || query.window != nil
        for row in rows {
            guard case .node(let from) = row.values[fromNode.slot] else { continue }
            let neighbors: [Neighbor]
            if let cached = memo[from], !step.dependsOnRow {
                neighbors = cached
            } else {
                neighbors = try self.neighbors(step, from: from, backward: backward, row: row)
                if !step.dependsOnRow { memo[from] = neighbors }
            }
            let target = row.values[toNode.slot]
            if constrained, neighbors.count > (warm ? min(8, wideAnswer) : 8), !target.isNode {
                if neighbors.count > (warm ? wideAnswer : 50_000), toNode.properties.isEmpty, query.window == nil { _ = try store.nodeColumns() }
                if store.adjacency.columns == nil || !toNode.properties.isEmpty || query.window != nil { try prefetchNodes(neighbors.map(\.node)) }
            }
            for neighbor in neighbors {
                try tick()
                if case .node(let existing) = target {
                    guard existing == neighbor.node else { continue }
                } else if !(try admits(neighbor.node, toNode, row: row)) {
                    continue
                }
                var next = row
                next.values[toNode.slot] = .node(neighbor.node)
                if case .edge(let bound, nil) = step, let slot = bound.slot, let id = neighbor.edge {
                    next.values[slot] = .edge(id)
                }
                if tracksFacts {
                    next.facts.append(contentsOf: neighbor.facts)
                    if case .node = target {} else if try isFactNode(neighbor.node) { next.facts.append(.node(neighbor.node)) }
                    if pattern.pathSlot != nil {
                        next.traces[index] = backward ? neighbor.steps.reversed().map(\.flipped) : neighbor.steps
                    }
                }
                out.append(next)
            }
            try checkRows(out.count)
        }
        return out
    }

    private func bindPath(_ rows: [Row], pattern: BoundPattern) -> [Row] {
        guard let slot = pattern.pathSlot else { return rows }
        return rows.map { row in
            var next = row
            guard case .node(let start) = row.values[pattern.nodes[0].slot] else { return next }
            var steps: [PathStep] = []
            for i in 0..<pattern.steps.count { steps += row.traces[i] ?? [] }
            next.values[slot] = .path(PathValue(start: start, steps: steps))
            next.traces = [:]
            return next
        }
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
    s >= 1 ? String(format: "%.0f s", s) : String(format: "%.0f ms", s * 1000)
}
