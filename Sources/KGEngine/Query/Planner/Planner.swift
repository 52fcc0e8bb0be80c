import KGModel
import KGStorage

/// Chooses where each pattern starts and in which order its steps are walked.
///
/// A pattern starts from its most selective node: one named in the query,
/// then one bound by an earlier pattern, then the kind with the fewest nodes,
/// and only then a scan of every node. From there it walks right to the end
/// and left to the start, so a pattern anchored on Xiaomi never scans all
/// companies. Repetition is a breadth-first frontier with a visited set;
/// SHORTEST between two bound ends is a bidirectional breadth-first search.
///
/// The logical order is then made a tree of physical operators by the
/// ``PhysicalPlanner``, which chooses every access path.
struct Planner {
    let store: any GraphReading
    /// The most nodes and steps the patterns of one query may have.
    static let maximumPatternSize = 1_000
    /// A long-lived engine: in-memory indexes pay off (see ``PhysicalPlanner``).
    var warm = false
    /// For tests: in-memory indexes for every step.
    var forceMemory = false
    /// Whether the answer keeps its facts (evidence, path variables).
    var tracksFacts = false

    /// See ``PhysicalPlanner/countsDegrees``.
    var countsDegrees = true

    var physical: PhysicalPlanner {
        PhysicalPlanner(store: store, warm: warm, forceMemory: forceMemory, tracksFacts: tracksFacts, countsDegrees: countsDegrees)
    }

    /// The plan of a query, RETURN at its root.
    func plan(_ query: BoundQuery) throws(KGError) -> QueryPlan {
        let stages = try order(query)
        return QueryPlan(query: query, stages: stages, root: try physical.build(query, stages: stages), warm: warm)
    }

    /// The same logical order with this planner's access paths (a plan made
    /// for a cold engine, run again by the warm engine it became).
    func replan(_ plan: QueryPlan) throws(KGError) -> QueryPlan {
        QueryPlan(query: plan.query, stages: plan.stages, root: try physical.build(plan.query, stages: plan.stages), warm: warm)
    }

    /// The plan of nested patterns (an EXISTS): `initiallyBound` are the
    /// slots bound before the first pattern (the enclosing row's variables).
    func nestedPlan(_ query: BoundQuery, initiallyBound: Set<Int>) throws(KGError) -> QueryPlan {
        let stages = try order(query, initiallyBound: initiallyBound)
        return QueryPlan(query: query, stages: stages, root: try physical.pipeline(query, stages: stages) ?? Return(input: nil, keysFromColumns: false),
                         warm: warm)
    }

    /// The plan of an `EXISTS { … }` of `query`: its patterns, run from each
    /// row with the enclosing row's variables bound.
    func existsPlan(_ query: BoundQuery, _ bound: BoundExists) throws(KGError) -> QueryPlan {
        var sub = query
        sub.patterns = bound.patterns
        sub.filter = bound.filter
        sub.variables = bound.variables
        sub.slots = bound.slots
        sub.constants = bound.constants
        sub.returnClause = ReturnClause()
        sub.tracksFacts = false
        return try nestedPlan(sub, initiallyBound: Set(0..<bound.outerSlotCount))
    }

    /// The logical order: where each pattern starts, the order of its steps,
    /// and where each part of WHERE goes.
    func order(_ query: BoundQuery, initiallyBound: Set<Int> = []) throws(KGError) -> [QueryPlan.Stage] {
        // Rows pass from operator to operator as nested calls: a pipeline
        // thousands of operators long would overflow the stack.
        let size = query.patterns.reduce(0) { $0 + $1.nodes.count + $1.steps.count }
        if size > Self.maximumPatternSize {
            throw KGError(.invalidPattern, "the patterns have \(size) nodes and steps; kg plans at most \(Self.maximumPatternSize)",
                          span: query.patterns.first?.span,
                          suggestion: "split the question into shorter patterns, or use a repetition such as -[:next]->{1,5000}")
        }
        var stages: [QueryPlan.Stage] = []
        var bound = initiallyBound
        var kindCounts: [String: Int] = [:]
        var total: Int?
        func count(kinds: Set<String>?) throws(KGError) -> Int {
            guard let kinds else {
                if total == nil { total = try store.nodeCount() }
                return total!
            }
            var sum = 0
            for k in kinds {
                if kindCounts[k] == nil { kindCounts[k] = try store.nodeCount(kind: k) }
                sum += kindCounts[k]!
            }
            return sum
        }

        for (p, pattern) in query.patterns.enumerated() {
            // Score every node position; lower is better. Scans are estimated
            // (a count per kind) only when no position can be looked up.
            let lookupExists = pattern.nodes.contains { node in
                node.fixed != nil || bound.contains(node.slot)
                    || node.properties.contains { ($0.key == "key" || $0.key == "name") && $0.value.variableNames.isEmpty }
            }
            var best = (score: Int.max, index: 0, strategy: QueryPlan.AnchorStrategy.fullScan(estimate: 0))
            for (i, node) in pattern.nodes.enumerated() {
                let candidate: (Int, QueryPlan.AnchorStrategy)
                if let fixed = node.fixed {
                    candidate = (0, .named(fixed, node.label))
                } else if bound.contains(node.slot) {
                    candidate = (1, .bound(query.variables[node.slot].name))
                } else if let lookup = node.properties.first(where: { ($0.key == "key" || $0.key == "name") && $0.value.variableNames.isEmpty }) {
                    candidate = (2, .propertyLookup(lookup.key, lookup.value))
                } else if lookupExists {
                    continue
                } else {
                    let estimate = try count(kinds: node.kinds)
                    let strategy: QueryPlan.AnchorStrategy = node.kinds.map { .kindScan($0.sorted(), estimate: estimate) } ?? .fullScan(estimate: estimate)
                    candidate = (10 + estimate / (node.properties.isEmpty ? 1 : 10), strategy)
                }
                if candidate.0 < best.score { best = (candidate.0, i, candidate.1) }
            }
            if let selector = pattern.selector, pattern.steps.count == 1 {
                let ends = [0, 1].map { pattern.nodes[$0].fixed != nil || bound.contains(pattern.nodes[$0].slot) }
                if ends[0] && ends[1] {
                    stages.append(.anchor(pattern: p, node: 0, strategy: pattern.nodes[0].fixed.map { .named($0, pattern.nodes[0].label) }
                                          ?? .bound(query.variables[pattern.nodes[0].slot].name)))
                    stages.append(.shortest(pattern: p, all: selector == .allShortest))
                    bound.formUnion(pattern.nodes.map(\.slot))
                    if pattern.pathSlot != nil { stages.append(.bindPath(pattern: p)) }
                    continue
                }
            }
            stages.append(.anchor(pattern: p, node: best.index, strategy: best.strategy))
            for step in best.index..<pattern.steps.count { stages.append(.expand(pattern: p, step: step, backward: false)) }
            for step in (0..<best.index).reversed() { stages.append(.expand(pattern: p, step: step, backward: true)) }
            bound.formUnion(pattern.nodes.map(\.slot))
            if pattern.pathSlot != nil { stages.append(.bindPath(pattern: p)) }
        }
        if let filter = query.filter { stages = pushDown(filter, into: stages, query: query) }
        stages.append(.project)
        return stages
    }

    /// Splits WHERE into its AND-ed parts and puts each right after the first
    /// stage that binds every variable it reads, so rows that cannot match are
    /// dropped before the next expansion multiplies them.
    func pushDown(_ filter: Expression, into stages: [QueryPlan.Stage], query: BoundQuery) -> [QueryPlan.Stage] {
        func conjuncts(_ e: Expression) -> [Expression] {
            if case .binary(.and, let a, let b) = e.kind { return conjuncts(a) + conjuncts(b) }
            return [e]
        }
        var boundAfter: [Set<Int>] = []
        var bound = Set<Int>()
        for stage in stages {
            switch stage {
            case .anchor(let p, let n, _): bound.insert(query.patterns[p].nodes[n].slot)
            case .expand(let p, let s, let backward):
                let pattern = query.patterns[p]
                bound.insert(pattern.nodes[backward ? s : s + 1].slot)
                if case .edge(let e, nil) = pattern.steps[s], let slot = e.slot { bound.insert(slot) }
            case .shortest(let p, _): bound.formUnion(query.patterns[p].nodes.map(\.slot))
            case .bindPath(let p): if let slot = query.patterns[p].pathSlot { bound.insert(slot) }
            default: break
            }
            boundAfter.append(bound)
        }
        var placed: [Int: [Expression]] = [:]
        for part in conjuncts(filter) {
            let slots = Set(part.variableNames.compactMap { query.slots[$0] })
            // A part that reads no variable stays at the end, where WHERE stands.
            let index = slots.isEmpty ? stages.count - 1 : (boundAfter.firstIndex { slots.isSubset(of: $0) } ?? (stages.count - 1))
            placed[index, default: []].append(part)
        }
        var out: [QueryPlan.Stage] = []
        for (i, stage) in stages.enumerated() {
            out.append(stage)
            if let parts = placed[i] {
                let combined = Expression.chain(.and, parts)   // balanced: thousands of conditions stay shallow
                out.append(.filter(combined))
            }
        }
        return out
    }
}
