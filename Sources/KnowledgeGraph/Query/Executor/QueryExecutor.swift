import Foundation

/// One partial answer: a value per variable slot, the facts it rests on, and
/// the path steps walked so far per pattern step (for path variables).
struct Row {
    var values: [Value]
    var facts: [Fact]
    var traces: [Int: [PathStep]]
}

/// Runs a ``QueryPlan`` over a graph, stage by stage, in chunks: each stage
/// passes at most ``chunkRows`` rows (about ``chunkBytes``) to the next before
/// it goes on, so no stage holds the whole table of partial answers, the
/// projection can stop the pipeline once LIMIT has its rows, and aggregates
/// never need the rows they have counted. Every loop observes the one
/// ``QueryBudget`` of the query (deadline, cancellation, memory).
final class QueryExecutor {
    let store: any GraphReading
    let plan: QueryPlan
    let budget: QueryBudget
    var limits: QueryLimits { budget.limits }
    let parameters: [String: Value]
    var query: BoundQuery { plan.query }
    let tracksFacts: Bool
    var nodeCache: [Int64: NodeRecord] = [:]
    var edgeCache: [Int64: EdgeRecord] = [:]
    var propsCache: [Int64: [String: JSONValue]] = [:]
    var keyCache: [Int64: String] = [:]
    var derivedCache: [String: DerivedDefinition]
    /// The executors of the query's EXISTS predicates, planned on first use (QueryExecutor+Exists).
    var existsExecutors: [Int: QueryExecutor] = [:]
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

    /// Rows (and about how many bytes) a stage hands on at once.
    static let chunkRows = 1024
    static let chunkBytes = 1 << 20

    /// Per stage: candidates of a scan (read once), neighbours per start node
    /// (memoised), rows in and inclusive nanoseconds (for PROFILE).
    var scans: [[Int64]?] = []
    var memos: [[Int64: [Neighbor]]] = []
    var memoBytes: [Int] = []
    var rowsIn: [Int] = []
    var nanos: [UInt64] = []
    /// The last stage: the projection, or (nested evaluation) a collector.
    var terminal: (([Row]) throws(KGError) -> Bool)?

    init(store: any GraphReading, plan: QueryPlan, budget: QueryBudget, derived: [String: DerivedDefinition], tracksFacts: Bool? = nil) {
        self.store = store
        self.plan = plan
        self.budget = budget
        self.parameters = plan.query.parameters
        self.derivedCache = derived
        self.tracksFacts = tracksFacts ?? (plan.query.tracksFacts || plan.query.patterns.contains { $0.pathSlot != nil })
    }

    convenience init(store: any GraphReading, plan: QueryPlan, limits: QueryLimits, cancellation: CancellationFlag?,
                     derived: [String: DerivedDefinition], tracksFacts: Bool? = nil) {
        self.init(store: store, plan: plan, budget: QueryBudget(limits: limits, cancellation: cancellation), derived: derived, tracksFacts: tracksFacts)
    }

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
        store.schema.kinds[try node(id).kind]?.isFact == true
    }

    // MARK: Running

    func run() throws(KGError) -> QueryResult {
        let sink = try ProjectionSink(self)
        if let count = try factoredCount() {
            sink.addCount(count)
            return try sink.finish()
        }
        terminal = { (rows: [Row]) throws(KGError) -> Bool in try sink.add(rows) }
        try runStages()
        var result = try sink.finish()
        let count = plan.stages.count
        for i in 0..<count {
            let own = nanos[i] &- (i + 1 < count ? nanos[i + 1] : 0)
            profile.append((i + 1 < count ? rowsIn[i + 1] : result.rows.count, own))
        }
        result.touchedNodes = sink.touchedNodes
        result.touchedEdges = sink.touchedEdges
        return result
    }

    /// `RETURN count(*)` over patterns that share no variable (`MATCH (a), (b)`):
    /// the product of each independent part's count, never their cross
    /// product. Nil when the query is not of that shape.
    private func factoredCount() throws(KGError) -> Int? {
        let clause = query.returnClause
        guard !tracksFacts, !clause.star, query.patterns.count > 1, !clause.items.isEmpty, clause.items.allSatisfy({ item in
            if case .call(let call) = item.expression.kind, call.star, call.name.lowercased() == "count" { return true }
            return false
        }) else { return nil }
        // Constraints that read variables could join parts: keep the general path.
        for pattern in query.patterns {
            if pattern.nodes.contains(where: { $0.properties.contains { !$0.value.variableNames.isEmpty } }) { return nil }
            if pattern.steps.contains(where: { $0.dependsOnRow }) { return nil }
        }
        var parent = Array(query.patterns.indices)
        func root(_ x: Int) -> Int { var x = x; while parent[x] != x { x = parent[x] }; return x }
        func join(_ a: Int, _ b: Int) { parent[root(a)] = root(b) }
        var owner: [Int: Int] = [:]
        for (p, pattern) in query.patterns.enumerated() {
            var slots = pattern.nodes.map(\.slot)
            if let path = pattern.pathSlot { slots.append(path) }
            for step in pattern.steps { if case .edge(let e, _) = step, let slot = e.slot { slots.append(slot) } }
            for slot in slots { if let q = owner[slot] { join(p, q) } else { owner[slot] = p } }
        }
        var filters: [(Int, Int)] = []   // (stage, pattern whose part it belongs to)
        for (i, stage) in plan.stages.enumerated() {
            guard case .filter(let condition) = stage else { continue }
            let parts = Set(condition.variableNames.compactMap { query.slots[$0] }.compactMap { owner[$0] })
            guard let first = parts.first else { filters.append((i, 0)); continue }
            for p in parts { join(p, first) }
            filters.append((i, first))
        }
        let roots = Set(query.patterns.indices.map(root))
        guard roots.count > 1 else { return nil }
        var product = 1
        for part in roots.sorted() {
            var stages: [QueryPlan.Stage] = []
            for (i, stage) in plan.stages.enumerated() {
                switch stage {
                case .anchor(let p, _, _), .expand(let p, _, _), .shortest(let p, _, _), .bindPath(let p):
                    if root(p) == part { stages.append(stage) }
                case .filter:
                    if let f = filters.first(where: { $0.0 == i }), root(f.1) == part { stages.append(stage) }
                case .project:
                    break
                }
            }
            let sub = QueryExecutor(store: store, plan: QueryPlan(query: query, stages: stages), budget: budget, derived: derivedCache, tracksFacts: false)
            sub.warm = warm
            sub.wideStep = wideStep
            sub.wideAnswer = wideAnswer
            var count = 0
            sub.terminal = { (rows: [Row]) throws(KGError) -> Bool in count += rows.count; return true }
            try sub.runStages()
            if count == 0 { return 0 }
            let (next, overflow) = product.multipliedReportingOverflow(by: count)
            if overflow {
                throw KGError(.numericOverflow, "count(*) of this cross product is more than 2^63 - 1 rows (the independent patterns multiply)",
                              suggestion: "join the patterns by a shared variable or a WHERE condition, or count each pattern on its own")
            }
            product = next
        }
        return product
    }

    /// Runs every stage but the projection, and returns the rows (for the
    /// nested evaluation of derived edge types, whose answers are small).
    func runRows() throws(KGError) -> [Row] {
        var collected: [Row] = []
        let paths = tracksFacts
        let budget = self.budget
        terminal = { (rows: [Row]) throws(KGError) -> Bool in
            for row in rows { try budget.charge(MemoryEstimate.of(row, paths: paths)) }
            collected += rows
            return true
        }
        try runStages()
        return collected
    }

    func runStages() throws(KGError) {
        let count = plan.stages.count
        scans = Array(repeating: nil, count: count)
        memos = Array(repeating: [:], count: count)
        memoBytes = Array(repeating: 0, count: count)
        rowsIn = Array(repeating: 0, count: count)
        nanos = Array(repeating: 0, count: count)
        let start = Row(values: Array(repeating: .null, count: query.variables.count), facts: [], traces: [:])
        _ = try feed([start], stage: 0)
        try budget.check()
    }

    /// Hands `rows` to stage `index`; false when the answer needs no more rows.
    func feed(_ rows: [Row], stage index: Int) throws(KGError) -> Bool {
        guard index < plan.stages.count else { return try terminal?(rows) ?? true }
        rowsIn[index] += rows.count
        let started = DispatchTime.now().uptimeNanoseconds
        defer { nanos[index] &+= DispatchTime.now().uptimeNanoseconds &- started }
        switch plan.stages[index] {
        case .anchor(let p, let n, let strategy):
            return try anchor(rows, pattern: query.patterns[p], at: n, strategy: strategy, stage: index)
        case .expand(let p, let s, let backward):
            return try expand(rows, pattern: query.patterns[p], step: s, backward: backward, stage: index)
        case .shortest(let p, _, let all):
            return try shortest(rows, pattern: query.patterns[p], all: all, stage: index)
        case .bindPath(let p):
            return try feed(try bindPath(rows, pattern: query.patterns[p]), stage: index + 1)
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
            return try feed(kept, stage: index + 1)
        case .project:
            return try terminal?(rows) ?? true
        }
    }

    /// Rows a stage has made and not yet handed on.
    struct RowChunk {
        var rows: [Row] = []
        var bytes = 0
    }

    /// Adds `row` to `chunk`, handing the chunk to stage `next` when full.
    @inline(__always)
    func emit(_ row: Row, into chunk: inout RowChunk, next: Int) throws(KGError) -> Bool {
        let size = MemoryEstimate.of(row, paths: tracksFacts)
        try budget.charge(size)
        chunk.rows.append(row)
        chunk.bytes += size
        if chunk.rows.count >= Self.chunkRows || chunk.bytes >= Self.chunkBytes { return try flush(&chunk, next: next) }
        return true
    }

    func flush(_ chunk: inout RowChunk, next: Int) throws(KGError) -> Bool {
        guard !chunk.rows.isEmpty else { return true }
        let rows = chunk.rows, bytes = chunk.bytes
        chunk = RowChunk()
        defer { budget.release(bytes) }
        return try feed(rows, stage: next)
    }

    // MARK: Stages

    private func anchor(_ rows: [Row], pattern: BoundPattern, at index: Int, strategy: QueryPlan.AnchorStrategy, stage: Int) throws(KGError) -> Bool {
        let node = pattern.nodes[index]
        var out = RowChunk()
        for row in rows {
            let candidates: [Int64]
            switch strategy {
            case .named(let id, _): candidates = [id]
            case .bound:
                guard case .node(let id) = row.values[node.slot] else { continue }
                candidates = [id]
            case .propertyLookup(let key, let expression):
                if scans[stage] == nil {
                    if case .string(let value) = try evaluate(expression, row: row) {
                        scans[stage] = try store.nodeIDs(where: key, equals: value)
                    } else {
                        scans[stage] = []
                    }
                    try budget.charge(32 + (scans[stage]?.count ?? 0) * 8)
                }
                candidates = scans[stage] ?? []
            case .kindScan(let kinds, _):
                if scans[stage] == nil {
                    scans[stage] = try store.nodeIDs(kinds: kinds)
                    try budget.charge(32 + (scans[stage]?.count ?? 0) * 8)
                }
                candidates = scans[stage] ?? []
            case .fullScan:
                if scans[stage] == nil {
                    scans[stage] = try store.nodeIDs(kinds: nil)
                    try budget.charge(32 + (scans[stage]?.count ?? 0) * 8)
                }
                candidates = scans[stage] ?? []
            }
            for id in candidates {
                try tick()
                guard try admits(id, node, row: row) else { continue }
                var next = row
                next.values[node.slot] = .node(id)
                if tracksFacts, try isFactNode(id) { next.facts.append(.node(id)) }
                guard try emit(next, into: &out, next: stage + 1) else { return false }
            }
        }
        return try flush(&out, next: stage + 1)
    }

    private func expand(_ rows: [Row], pattern: BoundPattern, step index: Int, backward: Bool, stage: Int) throws(KGError) -> Bool {
        let fromNode = backward ? pattern.nodes[index + 1] : pattern.nodes[index]
        let toNode = backward ? pattern.nodes[index] : pattern.nodes[index + 1]
        let step = pattern.steps[index]
        var out = RowChunk()
        // A warm engine walks wide frontiers over the in-memory adjacency.
        if warm, rows.count > wideStep, case .edge(let edge, nil) = step { try loadAdjacency(for: edge) }
        let constrained = toNode.kinds != nil || !toNode.properties.isEmpty || query.window != nil
        // A repetition whose walks are kept (path variables, evidence): the
        // walk of each reached node is built from parent pointers only for
        // the rows that are made, never a whole walk per reached node.
        let lazyWalks = tracksFacts && step.repetition != nil
        for row in rows {
            guard case .node(let from) = row.values[fromNode.slot] else { continue }
            let target = row.values[toNode.slot]
            let targetID: Int64? = if case .node(let t) = target { t } else { toNode.fixed }
            if lazyWalks {
                let reach = try self.reach(step, from: from, backward: backward, row: row, target: targetID)
                defer { budget.release(reach.bytes) }
                if reach.includesStart {
                    guard try emitExpanded(row, Neighbor(node: from, steps: [], facts: []), target: target, toNode: toNode, step: step,
                                           pattern: pattern, index: index, backward: backward, into: &out, stage: stage) else { return false }
                }
                for node in reach.nodes {
                    try tick()
                    if case .node(let existing) = target {
                        guard existing == node else { continue }
                    } else if !(try admits(node, toNode, row: row)) {
                        continue
                    }
                    let walk = try witness(node, in: reach)
                    guard try emitExpanded(row, walk, target: target, toNode: toNode, step: step, pattern: pattern, index: index,
                                           backward: backward, into: &out, stage: stage, admitted: true) else { return false }
                }
                continue
            }
            let neighbors: [Neighbor]
            if let cached = memos[stage][from], !step.dependsOnRow {
                neighbors = cached
            } else {
                neighbors = try self.neighbors(step, from: from, backward: backward, row: row, target: step.repetition != nil ? targetID : nil)
                if !step.dependsOnRow, step.repetition == nil || targetID == nil {
                    let size = MemoryEstimate.entry + neighbors.count * MemoryEstimate.neighbor
                    if memoBytes[stage] + size > limits.memoryLimit / 8 {
                        // A cache, not state: drop it rather than fail.
                        budget.release(memoBytes[stage])
                        memos[stage] = [:]
                        memoBytes[stage] = 0
                    }
                    if budget.fits(size) {
                        try budget.charge(size)
                        memoBytes[stage] += size
                        memos[stage][from] = neighbors
                    }
                }
            }
            if constrained, neighbors.count > (warm ? min(8, wideAnswer) : 8), !target.isNode {
                if neighbors.count > (warm ? wideAnswer : 50_000), toNode.properties.isEmpty, query.window == nil { _ = try store.nodeColumns() }
                if store.adjacency.columns == nil || !toNode.properties.isEmpty || query.window != nil { try prefetchNodes(neighbors.map(\.node)) }
            }
            for neighbor in neighbors {
                try tick()
                guard try emitExpanded(row, neighbor, target: target, toNode: toNode, step: step, pattern: pattern, index: index,
                                       backward: backward, into: &out, stage: stage) else { return false }
            }
        }
        return try flush(&out, next: stage + 1)
    }

    /// The row for one neighbour of an expansion, if the neighbour fits.
    @inline(__always)
    private func emitExpanded(_ row: Row, _ neighbor: Neighbor, target: Value, toNode: BoundNode, step: BoundStep, pattern: BoundPattern,
                              index: Int, backward: Bool, into out: inout RowChunk, stage: Int, admitted: Bool = false) throws(KGError) -> Bool {
        if case .node(let existing) = target {
            guard existing == neighbor.node else { return true }
        } else if !admitted, !(try admits(neighbor.node, toNode, row: row)) {
            return true
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
        return try emit(next, into: &out, next: stage + 1)
    }

    func bindPath(_ rows: [Row], pattern: BoundPattern) throws(KGError) -> [Row] {
        guard let slot = pattern.pathSlot else { return rows }
        var out: [Row] = []
        out.reserveCapacity(rows.count)
        for row in rows {
            try tick()
            var next = row
            guard case .node(let start) = row.values[pattern.nodes[0].slot] else { out.append(next); continue }
            var steps: [PathStep] = []
            for i in 0..<pattern.steps.count { steps += row.traces[i] ?? [] }
            next.values[slot] = .path(PathValue(start: start, steps: steps))
            next.traces = [:]
            out.append(next)
        }
        return out
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
