import KGModel
import KGStorage

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
    /// The nodes one step reaches from `from`. For a repetition, `target`
    /// (a bound or named end) stops the search as soon as it is reached, and
    /// only it is returned.
    ///
    /// `adjacency`: the planner chose the in-memory adjacency for the step's
    /// stored types (``EdgeAccess``); otherwise index probes.
    func neighbors(_ step: BoundStep, from: Int64, backward: Bool, row: Row?, target: Int64? = nil, adjacency: Bool) throws(KGError) -> [Neighbor] {
        switch step {
        case .edge(let edge, nil):
            return try edgeNeighbors(edge, from: from, backward: backward, row: row, adjacency: adjacency)
        case .edge(let edge, let quantifier?):
            if adjacency {
                try loadAdjacency(for: edge)
                if let fast = try fastRepeated(edge, quantifier, from: from, backward: backward, target: target) { return fast }
            }
            return try repeated(quantifier, from: from, target: target) { (u: Int64) throws(KGError) -> [Neighbor] in
                try self.edgeNeighbors(edge, from: u, backward: backward, row: row, adjacency: adjacency)
            }
        case .group(let sequence, let quantifier):
            return try repeated(quantifier, from: from, target: target) { (u: Int64) throws(KGError) -> [Neighbor] in
                try self.sequenceNeighbors(sequence, from: u, backward: backward, row: row)
            }
        }
    }

    /// What a repeated step reaches from `from`, with parent pointers to
    /// build each walk on demand (``witness(_:in:)``).
    func reach(_ step: BoundStep, from: Int64, backward: Bool, row: Row?, target: Int64?, adjacency: Bool) throws(KGError) -> Reach {
        switch step {
        case .edge(let edge, let quantifier):
            if adjacency { try loadAdjacency(for: edge) }
            return try reach(quantifier ?? Quantifier(min: 1, max: 1), from: from, target: target) { (u: Int64) throws(KGError) -> [Neighbor] in
                try self.edgeNeighbors(edge, from: u, backward: backward, row: row, adjacency: adjacency)
            }
        case .group(let sequence, let quantifier):
            return try reach(quantifier, from: from, target: target) { (u: Int64) throws(KGError) -> [Neighbor] in
                try self.sequenceNeighbors(sequence, from: u, backward: backward, row: row)
            }
        }
    }

    /// One edge: every stored or derived edge of the allowed types.
    func edgeNeighbors(_ edge: BoundEdge, from: Int64, backward: Bool, row: Row?, adjacency: Bool) throws(KGError) -> [Neighbor] {
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
            let memory = needsRecord || !adjacency ? nil : store.adjacency.list(type.name)
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
                for n in try neighbors(sequence.steps[index], from: partial.node, backward: backward, row: row, adjacency: false) {
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

    /// The adjacency arrays an edge walks from the node at its `backward`
    /// end: per stored type its list, read in the stored direction
    /// (`outgoing`) or against it, both ways for an undirected or symmetric
    /// type. Nil unless every type is stored and its list loaded, and no
    /// property or time condition needs the edges' records.
    func adjacencyWalks(_ edge: BoundEdge, backward: Bool) -> [(list: AdjacencyList, outgoing: Bool, type: String)]? {
        guard edge.properties.isEmpty, query.window == nil, !edge.types.isEmpty else { return nil }
        var walks: [(list: AdjacencyList, outgoing: Bool, type: String)] = []
        for type in edge.types {
            guard !type.derived, let list = store.adjacency.list(type.name) else { return nil }
            if edge.undirected || type.isSymmetric {
                walks += [(list, true, type.name), (list, false, type.name)]
            } else {
                walks.append((list, type.inverse == backward, type.name))
            }
        }
        return walks
    }

    /// Repetition over stored types whose adjacency is in memory, when no
    /// walk needs remembering: a breadth-first search straight over the
    /// adjacency arrays with a bitmap of visited nodes. Nil when it does not apply.
    func fastRepeated(_ edge: BoundEdge, _ quantifier: Quantifier, from start: Int64, backward: Bool, target: Int64? = nil) throws(KGError) -> [Neighbor]? {
        guard !tracksFacts, quantifier.min <= 1, let walks = adjacencyWalks(edge, backward: backward) else { return nil }
        let maximum = quantifier.max ?? Int.max
        var results: [Neighbor] = []
        if quantifier.min == 0 {
            if let target, target == start { return [Neighbor(node: start, steps: [], facts: [])] }
            if target == nil { results.append(Neighbor(node: start, steps: [], facts: [])) }
        }
        var visited = NodeSet(capacity: store.adjacency.maxNodeID)
        let bitmapBytes = (store.adjacency.maxNodeID ?? 0) / 8 + 64
        try budget.charge(bitmapBytes)
        var charged = bitmapBytes
        defer { budget.release(charged) }
        var frontier: [Int32] = [Int32(truncatingIfNeeded: start)]
        var next: [Int32] = []
        var depth = 0
        while !frontier.isEmpty && depth < maximum {
            depth += 1
            next.removeAll(keepingCapacity: true)
            for u in frontier {
                try tick()
                for (list, outgoing, _) in walks {
                    let offsets = outgoing ? list.outOffsets : list.inOffsets
                    let targets = outgoing ? list.outTargets : list.inTargets
                    let i = Int(u)
                    guard i >= 0, i + 1 < offsets.count else { continue }
                    for k in Int(offsets[i])..<Int(offsets[i + 1]) {
                        let v = targets[k]
                        if visited.insert(Int64(v)) {
                            if let target {
                                if Int64(v) == target { return [Neighbor(node: target, steps: [], facts: [])] }
                            } else {
                                results.append(Neighbor(node: Int64(v), steps: [], facts: []))
                            }
                            next.append(v)
                        }
                    }
                }
            }
            let size = (next.count + (target == nil ? next.count : 0)) * MemoryEstimate.neighbor / 2
            try budget.charge(size)
            charged += size
            swap(&frontier, &next)
        }
        return results
    }

    /// Repetition: every node reachable by a walk of `min` to `max` steps, once
    /// (set semantics), with one shortest witness walk when tracking.
    func repeated(_ quantifier: Quantifier, from start: Int64, target: Int64? = nil, base: (Int64) throws(KGError) -> [Neighbor]) throws(KGError) -> [Neighbor] {
        let reach = try self.reach(quantifier, from: start, target: target, base: base)
        defer { budget.release(reach.bytes) }
        var results: [Neighbor] = []
        if reach.includesStart { results.append(Neighbor(node: start, steps: [], facts: [])) }
        results.reserveCapacity(reach.nodes.count + 1)
        for node in reach.nodes { results.append(try witness(node, in: reach)) }
        return results
    }

    /// The nodes a repetition reaches, each once, with how each was first
    /// reached. Walks of exactly `min` steps (min above 1) are found level by
    /// level; the sequence of levels is deterministic, so once a level repeats
    /// the rest is periodic and a bound far beyond the graph (`{9223372036854775807}`)
    /// costs no more than the levels before the repeat. Then a breadth-first
    /// search with a visited set, which ends when the frontier is empty.
    func reach(_ quantifier: Quantifier, from start: Int64, target: Int64?, base: (Int64) throws(KGError) -> [Neighbor]) throws(KGError) -> Reach {
        let minimum = quantifier.min
        let maximum = quantifier.max ?? Int.max
        var reach = Reach(start: start, minimum: minimum)
        if minimum == 0 {
            if let target, target == start { reach.includesStart = true; return reach }
            reach.includesStart = target == nil
        }
        guard maximum >= 1 else { return reach }
        func charge(_ bytes: Int) throws(KGError) {
            try budget.charge(bytes)
            reach.bytes += bytes
        }
        let keep = tracksFacts
        func light(_ n: Neighbor) -> Neighbor { keep ? n : Neighbor(node: n.node, steps: [], facts: []) }

        var frontier: [Int64]
        var visited = NodeSet(capacity: store.adjacency.maxNodeID)
        try charge((store.adjacency.maxNodeID ?? 0) / 8 + 64)
        var depth: Int

        if minimum <= 1 {
            frontier = [start]
            depth = 0
        } else {
            // Walks of exactly `minimum` steps, level by level, until a level repeats.
            var level: [Int64] = [start]
            var orders: [[Int64]] = [level]
            var firstSeen: [[Int64]: Int] = [level: 0]
            var k = 0
            while k < minimum {
                var next: [Int64: (Int64, Neighbor)] = [:]
                var order: [Int64] = []
                for u in level {
                    for n in try base(u) {
                        try tick()
                        if next[n.node] == nil {
                            next[n.node] = (u, light(n))
                            order.append(n.node)
                            try charge(MemoryEstimate.entry + 8 + (keep ? MemoryEstimate.of(n) : 0))
                        }
                    }
                }
                if keep { reach.levels.append(next) }
                k += 1
                level = order
                if level.isEmpty { return reach }   // no walk has exactly `minimum` steps
                if k == minimum { break }
                if let first = firstSeen[level] {
                    // Periodic from `first` with period k - first.
                    let period = k - first
                    reach.periodStart = first
                    reach.period = period
                    level = orders[first + (minimum - first) % period]
                    break
                }
                firstSeen[level] = k
                orders.append(level)
                try charge(level.count * 16 + MemoryEstimate.entry)
            }
            frontier = level
            depth = minimum
            for node in level { _ = visited.insert(node) }
            if let target {
                if level.contains(target) { reach.nodes = [target]; return reach }
            } else {
                reach.nodes = level
                try charge(level.count * 8)
            }
        }

        while !frontier.isEmpty && depth < maximum {
            depth += 1
            var next: [Int64] = []
            for u in frontier {
                for n in try base(u) {
                    try tick()
                    guard visited.insert(n.node) else { continue }
                    if keep {
                        reach.parents[n.node] = (u, n)
                        try charge(MemoryEstimate.entry + MemoryEstimate.of(n))
                    }
                    next.append(n.node)
                    if depth >= minimum {
                        if let target {
                            if n.node == target { reach.nodes = [target]; return reach }
                        } else {
                            reach.nodes.append(n.node)
                        }
                    }
                }
            }
            try charge(next.count * 16)
            frontier = next
        }
        return reach
    }

    /// The walk that first reached `node`: back through the breadth-first
    /// parents, then through the exact levels of a lower bound above one.
    func witness(_ node: Int64, in reach: Reach) throws(KGError) -> Neighbor {
        guard tracksFacts else { return Neighbor(node: node, steps: [], facts: []) }
        var steps: [[PathStep]] = []
        var facts: [Fact] = []
        var current = node
        let start = reach.start
        // The breadth-first part: back to the start, or to a node of the last
        // exact level (those are never given breadth-first parents).
        var walked = 0
        while let (previous, n) = reach.parents[current] {
            try tick()
            steps.append(n.steps)
            facts += n.facts
            if previous != start, try isFactNode(previous) { facts.append(.node(previous)) }
            current = previous
            walked += 1
            if current == start && reach.levels.isEmpty || walked > reach.parents.count { break }
        }
        if !reach.levels.isEmpty {
            // A walk of `minimum` steps: refused before it is built when it cannot fit.
            let (bytes, overflow) = reach.minimum.multipliedReportingOverflow(by: MemoryEstimate.step)
            if overflow || !budget.fits(bytes) { throw budget.memoryError() }
            var j = reach.minimum - 1
            while j >= 0 {
                try tick()
                guard let (previous, n) = reach.levels[reach.levelIndex(j)][current] else { break }
                steps.append(n.steps)
                facts += n.facts
                if previous != start, try isFactNode(previous) { facts.append(.node(previous)) }
                current = previous
                j -= 1
            }
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
        // The nested evaluation spends the outer query's budget: one deadline,
        // one tick counter, one cancellation flag, one memory account.
        var planner = self.planner
        planner.tracksFacts = tracksFacts
        planner.countsDegrees = false   // planned once per node: no index counts for estimates
        guard let root = try planner.physical.pipeline(subquery, stages: stages) else { return [] }
        let sub = QueryExecutor(store: store, plan: QueryPlan(query: subquery, stages: stages, root: root, warm: planner.warm), budget: budget,
                                derived: derivedCache, planner: planner, tracksFacts: tracksFacts)
        sub.derivedDepth = derivedDepth + 1
        sub.nodeCache = nodeCache
        let rows = try sub.runRows()
        defer { for row in rows { budget.release(MemoryEstimate.of(row, paths: tracksFacts)) } }
        var out: [Neighbor] = []
        var seen: [Int64: Int] = [:]
        let endSlot = pattern.nodes[endIndex].slot
        for row in rows {
            try tick()
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

/// What a repetition reached from `start`: the nodes in the order found
/// (each once), and how each was first reached, as parent pointers, so that
/// a walk is built only for a node that makes a row.
struct Reach {
    var start: Int64
    var minimum: Int
    /// Whether the walk of no steps (a lower bound of 0) reaches `start` itself.
    var includesStart = false
    var nodes: [Int64] = []
    /// Breadth-first parents (when walks are kept).
    var parents: [Int64: (Int64, Neighbor)] = [:]
    /// Per exact level j (lower bound above one): node at level j+1 → its parent at level j.
    var levels: [[Int64: (Int64, Neighbor)]] = []
    /// The levels repeat from `periodStart` with this period (0: they did not).
    var periodStart = 0
    var period = 0
    /// Bytes charged to the budget for this structure.
    var bytes = 0

    init(start: Int64, minimum: Int) {
        self.start = start
        self.minimum = minimum
    }

    /// Which stored level stands for exact level `j`.
    func levelIndex(_ j: Int) -> Int {
        guard period > 0, j >= levels.count else { return j }
        return periodStart + (j - periodStart) % period
    }
}
