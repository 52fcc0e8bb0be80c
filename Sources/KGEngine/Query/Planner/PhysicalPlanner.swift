import KGModel
import KGStorage

/// Turns the logical order of a query (``QueryPlan/Stage``: where each
/// pattern starts, the order its steps are walked, where each part of WHERE
/// goes) into a tree of physical operators, making every access choice with
/// its estimate:
///
/// - an expansion reads a stored edge type by index probes, or over the
///   type's in-memory adjacency when a warm engine expects more than
///   ``wideStep`` rows in or out (a repetition or a shortest path always walks
///   the adjacency, unless edges must be read whole: property conditions, a
///   time window);
/// - reached nodes' kinds come from the in-memory node columns, and answer
///   keys from the key column, when more rows are expected than a batched
///   read of records is worth (``wideKinds``, ``wideAnswer``);
/// - `RETURN count(*)` over patterns that share no variable is a
///   ``CrossProductCount`` of the independent parts.
///
/// Estimates come from the store: the exact degree of a named node (one
/// index count), the candidates of a scan (counted per kind), the average
/// degree of a type whose adjacency is in memory; otherwise an assumed fan-out
/// of ``assumedFanOut``, and EXPLAIN says which.
struct PhysicalPlanner {
    let store: any GraphReading
    /// A long-lived engine (`kg serve`, the shell): in-memory indexes pay off.
    let warm: Bool
    /// For tests: use the in-memory indexes for every step, however narrow.
    let forceMemory: Bool
    let tracksFacts: Bool
    /// Whether the degree of a named node is counted for estimates (not for
    /// the plans made per node while a derived edge type is evaluated).
    var countsDegrees = true

    static let assumedFanOut = 1

    var wideStep: Int { forceMemory ? 0 : 64 }
    var wideKinds: Int { forceMemory ? 0 : (warm ? 500 : 50_000) }
    var wideAnswer: Int { forceMemory ? 0 : (warm ? 500 : 20_000) }

    /// The whole query: the stages, then RETURN at the root.
    func build(_ query: BoundQuery, stages: [QueryPlan.Stage]) throws(KGError) -> PhysicalOperator {
        if let parts = try crossProductParts(query, stages: stages) {
            return Return(input: CrossProductCount(parts: parts), keysFromColumns: false)
        }
        let top = try pipeline(query, stages: stages)
        let onlyKeys = (query.returnClause.items.map(\.expression) + query.returnClause.orderBy.map(\.expression)).allSatisfy { $0.readsOnlyKeys }
        let keys = !query.returnClause.star && onlyKeys && (top?.estimatedRows ?? 1) > wideAnswer
            && query.returnClause.items.contains { !$0.expression.propertyReadVariables.isEmpty }
        let items = query.returnClause.items
        return Return(input: top, keysFromColumns: keys,
                      aggregatesOnly: !items.isEmpty && items.allSatisfy { $0.expression.containsAggregate })
    }

    /// The stages as a chain of operators, without RETURN (nested
    /// evaluation: derived edge types, EXISTS); nil when there are none.
    func pipeline(_ query: BoundQuery, stages: [QueryPlan.Stage]) throws(KGError) -> PhysicalOperator? {
        var top: PhysicalOperator?
        for stage in stages {
            switch stage {
            case .anchor(let p, let n, let strategy):
                top = source(query, pattern: p, position: n, strategy: strategy, input: top)
            case .expand(let p, let s, let backward):
                guard let input = top else { continue }
                top = try expand(query, pattern: p, step: s, backward: backward, input: input)
            case .shortest(let p, let all):
                guard let input = top else { continue }
                top = ShortestPath(input: input, pattern: p, all: all, access: walkAccess(query.patterns[p].steps[0], query))
            case .bindPath(let p):
                guard let input = top else { continue }
                top = BindPath(input: input, pattern: p)
            case .filter(let condition):
                guard let input = top else { continue }
                top = Filter(input: input, condition: condition, query: query)
            case .project:
                break
            }
        }
        return top
    }

    private func source(_ query: BoundQuery, pattern p: Int, position n: Int, strategy: QueryPlan.AnchorStrategy, input: PhysicalOperator?) -> PhysicalOperator {
        switch strategy {
        case .named(let id, let name):
            return NodeSeek(input: input, pattern: p, position: n, id: id, name: name)
        case .bound(let variable):
            return NodeByVariable(input: input, pattern: p, position: n, variable: variable)
        case .propertyLookup(let key, let value):
            return NodeIndexSeek(input: input, pattern: p, position: n, property: key, value: value)
        case .kindScan(let kinds, let estimate):
            return NodeScan(input: input, pattern: p, position: n, kinds: kinds, candidateCount: estimate,
                            estimatedRows: Estimate.product(max(1, input?.estimatedRows ?? 1), estimate))
        case .fullScan(let estimate):
            return NodeScan(input: input, pattern: p, position: n, kinds: nil, candidateCount: estimate,
                            estimatedRows: Estimate.product(max(1, input?.estimatedRows ?? 1), estimate))
        }
    }

    private func expand(_ query: BoundQuery, pattern p: Int, step s: Int, backward: Bool, input: PhysicalOperator) throws(KGError) -> PhysicalOperator {
        let pattern = query.patterns[p]
        let step = pattern.steps[s]
        let from = backward ? pattern.nodes[s + 1] : pattern.nodes[s]
        let to = backward ? pattern.nodes[s] : pattern.nodes[s + 1]
        let fan = try fanOut(step, from: countsDegrees ? from.fixed : nil, backward: backward)
        let rows = Estimate.product(input.estimatedRows, fan.value)
        let kinds = to.kinds != nil && to.properties.isEmpty && query.window == nil && rows > wideKinds
        if step.repetition != nil {
            return RepeatExpand(input: input, pattern: p, step: s, backward: backward, access: walkAccess(step, query),
                                kindsFromColumns: kinds, fanOut: fan)
        }
        var access = EdgeAccess.index
        if case .edge(let edge, nil) = step, readsWholeTypes(edge, query), warm || forceMemory, input.estimatedRows > wideStep || rows > wideStep {
            access = .adjacency
        }
        return Expand(input: input, pattern: p, step: s, backward: backward, access: access, kindsFromColumns: kinds, fanOut: fan)
    }

    /// A repetition or a shortest path over one edge walks the adjacency
    /// when the edge's stored types can be read whole.
    private func walkAccess(_ step: BoundStep, _ query: BoundQuery) -> EdgeAccess {
        if case .edge(let edge, _) = step, readsWholeTypes(edge, query) { return .adjacency }
        return .index
    }

    /// Whether no condition needs an edge's record (properties, a time
    /// window) and the edge has stored types to load.
    private func readsWholeTypes(_ edge: BoundEdge, _ query: BoundQuery) -> Bool {
        edge.properties.isEmpty && query.window == nil && edge.types.contains { !$0.derived }
    }

    /// Neighbours per row a step is expected to reach from a node.
    private func fanOut(_ step: BoundStep, from fixed: Int64?, backward: Bool) throws(KGError) -> Estimate {
        switch step {
        case .edge(let edge, let quantifier):
            var one = try edgeFanOut(edge, from: fixed, backward: backward)
            if let quantifier, (quantifier.max ?? 2) > 1 {
                let levels = min(quantifier.max ?? 3, 3)
                var reach = 1
                for _ in 0..<levels { reach = Estimate.product(reach, max(1, one.value)) }
                // At most every node, when the in-memory indexes know how many (counting them here would cost a scan).
                let total = store.adjacency.maxNodeID.map { $0 + 1 } ?? reach
                one = Estimate(value: min(reach, max(1, total)), source: "reach of \(one.source), \(levels) levels")
            }
            return one
        case .group(let sequence, _):
            return Estimate(value: Self.assumedFanOut, source: "assumed for the segment \(sequence.text)")
        }
    }

    private func edgeFanOut(_ edge: BoundEdge, from fixed: Int64?, backward: Bool) throws(KGError) -> Estimate {
        if edge.types.isEmpty {
            guard let fixed else { return Estimate(value: Self.assumedFanOut, source: "assumed") }
            var total = 0
            for outgoing in edge.undirected ? [true, false] : [edge.reversed == backward] {
                total += try store.degree(of: fixed, type: nil, outgoing: outgoing)
            }
            return Estimate(value: total, source: "degree of the named node")
        }
        var total = 0
        var sources: Set<String> = []
        for type in edge.types {
            if type.derived {
                total += Self.assumedFanOut
                sources.insert("assumed for derived \(type.name)")
                continue
            }
            let follow = type.inverse == backward
            let directions = edge.undirected || type.isSymmetric ? [true, false] : [follow]
            for outgoing in directions {
                if let fixed {
                    if let list = store.adjacency.list(type.name) {
                        let offsets = outgoing ? list.outOffsets : list.inOffsets
                        let i = Int(fixed)
                        total += i >= 0 && i + 1 < offsets.count ? Int(offsets[i + 1] - offsets[i]) : 0
                    } else {
                        total += try store.degree(of: fixed, type: type.name, outgoing: outgoing)
                    }
                    sources.insert("degree of the named node")
                } else if let list = store.adjacency.list(type.name), list.outOffsets.count > 1 {
                    total += max(1, (list.outTargets.count + list.outOffsets.count - 2) / (list.outOffsets.count - 1))
                    sources.insert("average over \(type.name)")
                } else {
                    total += Self.assumedFanOut
                    sources.insert("assumed")
                }
            }
        }
        return Estimate(value: total, source: sources.sorted().joined(separator: ", "))
    }

    /// The independent parts of `RETURN count(*)` over patterns that share no
    /// variable, each a pipeline; nil when the query is not of that shape.
    private func crossProductParts(_ query: BoundQuery, stages: [QueryPlan.Stage]) throws(KGError) -> [PhysicalOperator]? {
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
        for (i, stage) in stages.enumerated() {
            guard case .filter(let condition) = stage else { continue }
            let parts = Set(condition.variableNames.compactMap { query.slots[$0] }.compactMap { owner[$0] })
            guard let first = parts.first else { filters.append((i, 0)); continue }
            for p in parts { join(p, first) }
            filters.append((i, first))
        }
        let roots = Set(query.patterns.indices.map(root))
        guard roots.count > 1 else { return nil }
        var parts: [PhysicalOperator] = []
        for part in roots.sorted() {
            var own: [QueryPlan.Stage] = []
            for (i, stage) in stages.enumerated() {
                switch stage {
                case .anchor(let p, _, _), .expand(let p, _, _), .shortest(let p, _), .bindPath(let p):
                    if root(p) == part { own.append(stage) }
                case .filter:
                    if let f = filters.first(where: { $0.0 == i }), root(f.1) == part { own.append(stage) }
                case .project:
                    break
                }
            }
            guard let top = try pipeline(query, stages: own) else { return nil }
            parts.append(top)
        }
        return parts
    }
}
