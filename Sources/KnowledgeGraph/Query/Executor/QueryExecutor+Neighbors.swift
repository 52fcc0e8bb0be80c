/// A node reached over one pattern step, with the path walked and the facts
/// used (both empty when the query does not track them).
struct Neighbor {
    var node: Int64
    var steps: [PathStep]
    var facts: [Fact]
    /// The stored edge walked, for a single-edge step (bound to edge variables).
    var edge: Int64? = nil
}

/// Walking steps: stored edges through the indexes, derived edge types through
/// their definitions, repetition as a breadth-first frontier with a visited set.
extension QueryExecutor {
    func neighbors(_ step: BoundStep, from: Int64, backward: Bool, row: Row?) throws(KGError) -> [Neighbor] {
        switch step {
        case .edge(let edge, nil):
            return try edgeNeighbors(edge, from: from, backward: backward, row: row)
        case .edge(let edge, let quantifier?):
            try loadAdjacency(for: edge)
            if let fast = try fastRepeated(edge, quantifier, from: from, backward: backward) { return fast }
            return try repeated(quantifier, from: from) { (u: Int64) throws(KGError) -> [Neighbor] in
                try self.edgeNeighbors(edge, from: u, backward: backward, row: row)
            }
        case .group(let sequence, let quantifier):
            return try repeated(quantifier, from: from) { (u: Int64) throws(KGError) -> [Neighbor] in
                try self.sequenceNeighbors(sequence, from: u, backward: backward, row: row)
            }
        }
    }

    /// One edge: every stored or derived edge of the allowed types.
    func edgeNeighbors(_ edge: BoundEdge, from: Int64, backward: Bool, row: Row?) throws(KGError) -> [Neighbor] {
        var out: [Neighbor] = []
        let needsRecord = !edge.properties.isEmpty || query.window != nil
        func add(_ id: Int64, _ type: String, _ to: Int64, reversed: Bool) throws(KGError) {
            if needsRecord {
                let record = try self.edge(id)
                if let window = query.window, !window.admits(record.period) { return }
                for (key, expected) in edge.properties {
                    guard compare(edgeProperty(record, key), try evaluate(expected, row: row)) == .orderedSame else { return }
                }
            }
            out.append(Neighbor(node: to, steps: tracksFacts ? [PathStep(edge: id, type: type, from: from, to: to, reversed: reversed)] : [],
                                facts: tracksFacts ? [.edge(id)] : [], edge: id))
        }
        if edge.types.isEmpty {
            let follow = edge.reversed == backward
            for forward in directions(follow: follow, both: edge.undirected) {
                for (to, id, type) in try store.adjacent(from, type: nil, outgoing: forward) {
                    try tick()
                    try add(id, type, to, reversed: !forward)
                }
            }
            return out
        }
        for type in edge.types {
            let follow = type.inverse == backward
            let both = edge.undirected || type.isSymmetric
            if type.derived && both {
                // Both ways over a derived type: each related node once, with all its facts.
                var index: [Int64: Int] = [:]
                for forward in [true, false] {
                    for n in try derivedNeighbors(type.name, from: from, forward: forward) {
                        try tick()
                        if let i = index[n.node] { out[i].facts += n.facts; continue }
                        index[n.node] = out.count
                        out.append(n)
                    }
                }
                continue
            }
            let memory = needsRecord ? nil : store.adjacency.list(type.name)
            for forward in directions(follow: follow, both: both) {
                if type.derived {
                    for n in try derivedNeighbors(type.name, from: from, forward: forward) {
                        try tick()
                        out.append(n)
                    }
                } else if let memory {
                    let track = tracksFacts
                    try memory.forEach(from, outgoing: forward) { (to: Int64, id: Int64) throws(KGError) in
                        out.append(Neighbor(node: to, steps: track ? [PathStep(edge: id, type: type.name, from: from, to: to, reversed: !forward)] : [],
                                            facts: track ? [.edge(id)] : [], edge: id))
                    }
                } else {
                    for (to, id, _) in try store.adjacent(from, type: type.name, outgoing: forward) {
                        try tick()
                        try add(id, type.name, to, reversed: !forward)
                    }
                }
            }
        }
        return out
    }

    private func directions(follow: Bool, both: Bool) -> [Bool] { both ? [true, false] : [follow] }

    /// Loads the in-memory adjacency of an edge's stored types before a large
    /// walk (repetition, shortest paths); not when edges must be read whole
    /// (property constraints, a time window).
    func loadAdjacency(for edge: BoundEdge) throws(KGError) {
        guard edge.properties.isEmpty, query.window == nil else { return }
        for type in edge.types where !type.derived { _ = try store.adjacencyList(type.name) }
    }

    /// A composite segment: its steps in order with its interior nodes checked.
    func sequenceNeighbors(_ sequence: BoundSequence, from: Int64, backward: Bool, row: Row?) throws(KGError) -> [Neighbor] {
        var frontier = [Neighbor(node: from, steps: [], facts: [])]
        let order = backward ? Array(sequence.steps.indices.reversed()) : Array(sequence.steps.indices)
        for (position, index) in order.enumerated() {
            var next: [Neighbor] = []
            var seen = Set<Int64>()
            for partial in frontier {
                for n in try neighbors(sequence.steps[index], from: partial.node, backward: backward, row: row) {
                    try tick()
                    if position < order.count - 1 {
                        let interior = sequence.interior[backward ? index - 1 : index]
                        guard try admits(n.node, interior, row: row) else { continue }
                    }
                    guard seen.insert(n.node).inserted else { continue }
                    var facts = partial.facts + n.facts
                    if tracksFacts, position < order.count - 1, try isFactNode(n.node) { facts.append(.node(n.node)) }
                    next.append(Neighbor(node: n.node, steps: partial.steps + n.steps, facts: facts))
                }
            }
            frontier = next
        }
        return frontier
    }

    /// Repetition over stored types whose adjacency is in memory, when no
    /// walk needs remembering: a breadth-first search straight over the
    /// adjacency arrays with a bitmap of visited nodes. Nil when it does not apply.
    func fastRepeated(_ edge: BoundEdge, _ quantifier: Quantifier, from start: Int64, backward: Bool) throws(KGError) -> [Neighbor]? {
        guard !tracksFacts, quantifier.min <= 1, edge.properties.isEmpty, query.window == nil, !edge.types.isEmpty,
              edge.types.allSatisfy({ !$0.derived }) else { return nil }
        var walks: [(AdjacencyList, Bool)] = []
        for type in edge.types {
            guard let list = store.adjacency.list(type.name) else { return nil }
            let follow = type.inverse == backward
            if edge.undirected || type.isSymmetric { walks += [(list, true), (list, false)] } else { walks.append((list, follow)) }
        }
        let maximum = quantifier.max ?? Int.max
        var results: [Neighbor] = []
        if quantifier.min == 0 { results.append(Neighbor(node: start, steps: [], facts: [])) }
        var visited = NodeSet(capacity: store.adjacency.maxNodeID)
        var frontier: [Int32] = [Int32(truncatingIfNeeded: start)]
        var next: [Int32] = []
        var depth = 0
        while !frontier.isEmpty && depth < maximum {
            depth += 1
            next.removeAll(keepingCapacity: true)
            for u in frontier {
                try tick()
                for (list, outgoing) in walks {
                    let offsets = outgoing ? list.outOffsets : list.inOffsets
                    let targets = outgoing ? list.outTargets : list.inTargets
                    let i = Int(u)
                    guard i + 1 < offsets.count else { continue }
                    for k in Int(offsets[i])..<Int(offsets[i + 1]) {
                        let v = targets[k]
                        if visited.insert(Int64(v)) {
                            next.append(v)
                            results.append(Neighbor(node: Int64(v), steps: [], facts: []))
                        }
                    }
                }
            }
            try checkRows(results.count)
            swap(&frontier, &next)
        }
        return results
    }

    /// Repetition: every node reachable by a walk of `min` to `max` steps, once
    /// (set semantics), with one shortest witness walk when tracking.
    func repeated(_ quantifier: Quantifier, from start: Int64, base: (Int64) throws(KGError) -> [Neighbor]) throws(KGError) -> [Neighbor] {
        let minimum = quantifier.min
        let maximum = quantifier.max ?? Int.max
        var results: [Neighbor] = []
        if minimum == 0 { results.append(Neighbor(node: start, steps: [], facts: [])) }
        guard maximum >= 1 else { return results }

        // parents: how each node was first reached (for witness walks).
        var parents: [Int64: (Int64, Neighbor)] = [:]
        var frontier: [Int64]
        var visited = NodeSet(capacity: store.adjacency.maxNodeID)
        var depth: Int
        var levelParents: [[Int64: (Int64, Neighbor)]] = []

        if minimum <= 1 {
            frontier = [start]
            depth = 0
        } else {
            // Walks of exactly `minimum` steps, level by level.
            var level: [Int64] = [start]
            for _ in 1...minimum {
                var next: [Int64: (Int64, Neighbor)] = [:]
                var order: [Int64] = []
                for u in level {
                    for n in try base(u) {
                        try tick()
                        if next[n.node] == nil { next[n.node] = (u, n); order.append(n.node) }
                    }
                }
                levelParents.append(next)
                level = order
            }
            frontier = level
            depth = minimum
            for node in level { _ = visited.insert(node) }
            for node in level { results.append(try witness(node, start: start, parents: parents, levels: levelParents)) }
        }

        while !frontier.isEmpty && depth < maximum {
            depth += 1
            var next: [Int64] = []
            for u in frontier {
                for n in try base(u) {
                    try tick()
                    guard visited.insert(n.node) else { continue }
                    if tracksFacts { parents[n.node] = (u, n) }
                    next.append(n.node)
                    if depth >= minimum {
                        results.append(tracksFacts ? try witness(n.node, start: start, parents: parents, levels: levelParents)
                                                   : Neighbor(node: n.node, steps: [], facts: []))
                    }
                }
            }
            try checkRows(results.count)
            frontier = next
        }
        return results
    }

    /// The walk that first reached `node`: back through the breadth-first
    /// parents, then through the exact levels of a lower bound above one.
    private func witness(_ node: Int64, start: Int64, parents: [Int64: (Int64, Neighbor)], levels: [[Int64: (Int64, Neighbor)]]) throws(KGError) -> Neighbor {
        guard tracksFacts else { return Neighbor(node: node, steps: [], facts: []) }
        var steps: [[PathStep]] = []
        var facts: [Fact] = []
        var current = node
        // The breadth-first part: back to the start, or to a node of the last
        // exact level (those are never given breadth-first parents).
        while let (previous, n) = parents[current] {
            steps.append(n.steps)
            facts += n.facts
            if previous != start, try isFactNode(previous) { facts.append(.node(previous)) }
            current = previous
            if current == start && levels.isEmpty { break }
        }
        for level in levels.reversed() {
            guard let (previous, n) = level[current] else { break }
            steps.append(n.steps)
            facts += n.facts
            if previous != start, try isFactNode(previous) { facts.append(.node(previous)) }
            current = previous
        }
        return Neighbor(node: node, steps: steps.reversed().flatMap { $0 }, facts: facts)
    }

    // MARK: Derived edge types

    /// Nodes related to `from` by a derived type: its definition evaluated with
    /// x = from (forward) or y = from (backward).
    func derivedNeighbors(_ name: String, from: Int64, forward: Bool) throws(KGError) -> [Neighbor] {
        guard let definition = derivedCache[name] else {
            throw KGError(.runtimeType, "derived type '\(name)' is not compiled")
        }
        guard derivedDepth < 16 else {
            throw KGError(.invalidPattern, "derived types nest more than 16 deep ('\(name)')")
        }
        let pattern = definition.pattern
        let startIndex = forward ? 0 : pattern.nodes.count - 1
        let endIndex = forward ? pattern.nodes.count - 1 : 0
        var stages: [QueryPlan.Stage] = [.anchor(pattern: 0, node: startIndex, strategy: .named(from, name))]
        if forward {
            for s in 0..<pattern.steps.count { stages.append(.expand(pattern: 0, step: s, backward: false)) }
        } else {
            for s in (0..<pattern.steps.count).reversed() { stages.append(.expand(pattern: 0, step: s, backward: true)) }
        }
        if let filter = definition.filter { stages.append(.filter(filter)) }
        var variables: [BoundQuery.Variable] = (0..<definition.slotCount).map { BoundQuery.Variable(name: " \($0)", sort: .node, slot: $0, span: .unknown) }
        for (name, slot) in definition.slots { variables[slot].name = name }
        var fixedPattern = pattern
        fixedPattern.nodes[startIndex].fixed = from
        let subquery = BoundQuery(mode: .run, variables: variables, slots: definition.slots, patterns: [fixedPattern], filter: definition.filter,
                                  window: query.window, returnClause: ReturnClause(), parameters: [:], tracksFacts: tracksFacts, source: query.source)
        let sub = QueryExecutor(store: store, plan: QueryPlan(query: subquery, stages: stages), limits: limits,
                                cancellation: cancellation, derived: derivedCache, tracksFacts: tracksFacts)
        sub.derivedDepth = derivedDepth + 1
        sub.warm = warm
        sub.wideStep = wideStep
        sub.wideAnswer = wideAnswer
        sub.nodeCache = nodeCache
        let rows = try sub.runRows()
        var out: [Neighbor] = []
        var seen: [Int64: Int] = [:]
        let endSlot = pattern.nodes[endIndex].slot
        for row in rows {
            guard case .node(let to) = row.values[endSlot] else { continue }
            if let index = seen[to] {
                if tracksFacts { out[index].facts += row.facts }
                continue
            }
            seen[to] = out.count
            out.append(Neighbor(node: to, steps: tracksFacts ? [PathStep(edge: nil, type: name, from: from, to: to, reversed: !forward)] : [],
                                facts: tracksFacts ? row.facts : []))
        }
        return out
    }
}
