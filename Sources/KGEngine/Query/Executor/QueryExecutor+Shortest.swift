import KGModel

/// Shortest paths between two bound ends: a bidirectional breadth-first search
/// (ANY SHORTEST), or all shortest paths from a breadth-first search that keeps
/// every parent at the shortest depth (ALL SHORTEST).
extension QueryExecutor {
    func shortest(_ rows: [Row], pattern: BoundPattern, all: Bool, adjacency: Bool, operator op: PhysicalOperator) throws(KGError) -> Bool {
        guard case let step = pattern.steps[0], let quantifier = step.repetition else { return true }
        let base: (Int64, Bool) throws(KGError) -> [Neighbor]
        switch step {
        case .edge(let edge, _):
            if adjacency { try loadAdjacency(for: edge) }
            base = { (u: Int64, backward: Bool) throws(KGError) -> [Neighbor] in
                try self.edgeNeighbors(edge, from: u, backward: backward, row: nil, adjacency: adjacency)
            }
        case .group(let sequence, _):
            base = { (u: Int64, backward: Bool) throws(KGError) -> [Neighbor] in try self.sequenceNeighbors(sequence, from: u, backward: backward, row: nil) }
        }
        var out = RowChunk()
        for row in rows {
            guard case .node(let source) = row.values[pattern.nodes[0].slot] else { continue }
            let target: Int64
            if case .node(let t) = row.values[pattern.nodes[1].slot] { target = t }
            else if let fixed = pattern.nodes[1].fixed { target = fixed }
            else { continue }
            guard try admits(target, pattern.nodes[1], row: row) else { continue }
            func emitPath(_ path: [Neighbor]) throws(KGError) -> Bool {
                var next = row
                next.values[pattern.nodes[1].slot] = .node(target)
                next.traces[0] = path.flatMap(\.steps)
                next.facts += path.flatMap(\.facts)
                for n in path.dropLast() where try isFactNode(n.node) { next.facts.append(.node(n.node)) }
                return try op.emit(next, into: &out, self)
            }
            if all {
                guard try allShortest(from: source, to: target, quantifier: quantifier, base: base, each: emitPath) else { return false }
                continue
            }
            let path: [Neighbor]?
            if adjacency, case .edge(let edge, _) = step, source != target,
               let found = try memoryBidirectional(edge, from: source, to: target, quantifier: quantifier) {
                path = found.isEmpty ? nil : found
            } else {
                path = try bidirectional(from: source, to: target, quantifier: quantifier, base: base)
            }
            if let path { guard try emitPath(path) else { return false } }
        }
        return try op.flush(&out, self)
    }

    /// The bidirectional search straight over in-memory adjacency arrays, for
    /// one stored-type edge without property or time conditions. Nil when it
    /// does not apply; an empty path when there is none.
    private func memoryBidirectional(_ edge: BoundEdge, from source: Int64, to target: Int64, quantifier: Quantifier) throws(KGError) -> [Neighbor]? {
        // The arrays for searching forward from the source.
        guard quantifier.min <= 1, let walks = adjacencyWalks(edge, backward: false) else { return nil }
        // How a node was reached: from `other` over edge `edge` of walks[walk]
        // (an index, so that a parent holds no string to retain).
        struct Link { var other: Int64; var edge: Int64; var walk: Int; var stored: Bool }
        var parentF: [Int64: Link] = [source: Link(other: source, edge: 0, walk: 0, stored: true)]
        var parentB: [Int64: Link] = [target: Link(other: target, edge: 0, walk: 0, stored: true)]
        // Which nodes each side has reached, as bitmaps: the test per edge hashes nothing.
        var seenF = NodeSet(capacity: store.adjacency.maxNodeID), seenB = NodeSet(capacity: store.adjacency.maxNodeID)
        _ = seenF.insert(source)
        _ = seenB.insert(target)
        let bitmaps = 2 * ((store.adjacency.maxNodeID ?? 0) / 8 + 64)
        try budget.charge(bitmaps)
        var frontierF = [source], frontierB = [target]
        var depth = 0
        let maximum = quantifier.max ?? Int.max
        var meeting: Int64?
        var charged = bitmaps
        defer { budget.release(charged) }
        search: while !frontierF.isEmpty, !frontierB.isEmpty, depth < maximum {
            let forward = frontierF.count <= frontierB.count
            var next: [Int64] = []
            for u in forward ? frontierF : frontierB {
                try tick()
                for (w, (list, stored, _)) in walks.enumerated() {
                    // Searching back from the target walks each edge the other way.
                    let outgoing = forward ? stored : !stored
                    let offsets = outgoing ? list.outOffsets : list.inOffsets
                    let targets = outgoing ? list.outTargets : list.inTargets
                    let ids = outgoing ? list.outEdges : list.inEdges
                    let i = Int(u)
                    guard i >= 0, i + 1 < offsets.count else { continue }
                    for k in Int(offsets[i])..<Int(offsets[i + 1]) {
                        let v = Int64(targets[k])
                        if forward {
                            guard seenF.insert(v) else { continue }
                            parentF[v] = Link(other: u, edge: ids[k], walk: w, stored: outgoing)
                            if seenB.contains(v) { meeting = v; break search }
                        } else {
                            guard seenB.insert(v) else { continue }
                            parentB[v] = Link(other: u, edge: ids[k], walk: w, stored: outgoing)
                            if seenF.contains(v) { meeting = v; break search }
                        }
                        next.append(v)
                    }
                }
            }
            depth += 1
            let size = next.count * (MemoryEstimate.entry + 48)
            try budget.charge(size)
            charged += size
            if forward { frontierF = next } else { frontierB = next }
        }
        guard let meet = meeting else { return [] }
        var left: [Neighbor] = []
        var current = meet
        while current != source, let link = parentF[current] {
            left.append(Neighbor(node: current, steps: [PathStep(edge: link.edge, type: walks[link.walk].2, from: link.other, to: current, reversed: !link.stored)],
                                 facts: tracksFacts ? [.edge(link.edge)] : [], edge: link.edge))
            current = link.other
        }
        var path: [Neighbor] = left.reversed()
        current = meet
        while current != target, let link = parentB[current] {
            // Found walking back from link.other to current: forwards it goes current -> link.other.
            path.append(Neighbor(node: link.other, steps: [PathStep(edge: link.edge, type: walks[link.walk].2, from: current, to: link.other, reversed: link.stored)],
                                 facts: tracksFacts ? [.edge(link.edge)] : [], edge: link.edge))
            current = link.other
        }
        return path.count <= maximum ? path : []
    }

    /// One shortest walk from `source` to `target`, searching from both ends
    /// and always growing the smaller frontier.
    private func bidirectional(from source: Int64, to target: Int64, quantifier: Quantifier,
                               base: (Int64, Bool) throws(KGError) -> [Neighbor]) throws(KGError) -> [Neighbor]? {
        if source == target {
            if quantifier.min == 0 { return [] }
            // A closed walk: fall back to the one-sided search.
            let reached = try repeated(quantifier, from: source) { (u: Int64) throws(KGError) -> [Neighbor] in try base(u, false) }
            return reached.first { $0.node == target }.map { [$0] }
        }
        // parentsF[v] = (u, n): v was reached from u going forward; parentsB[v] = (w, n): v reached from w going backward.
        var parentsF: [Int64: (Int64, Neighbor)] = [source: (source, Neighbor(node: source, steps: [], facts: []))]
        var parentsB: [Int64: (Int64, Neighbor)] = [target: (target, Neighbor(node: target, steps: [], facts: []))]
        var frontierF = [source], frontierB = [target]
        var depthF = 0, depthB = 0
        let maximum = quantifier.max ?? Int.max
        var meeting: Int64?
        var charged = 0
        defer { budget.release(charged) }
        while meeting == nil, !frontierF.isEmpty, !frontierB.isEmpty, depthF + depthB < maximum {
            let forward = frontierF.count <= frontierB.count
            var next: [Int64] = []
            for u in forward ? frontierF : frontierB {
                for n in try base(u, !forward) {
                    try tick()
                    if forward {
                        guard parentsF[n.node] == nil else { continue }
                        parentsF[n.node] = (u, n)
                        if parentsB[n.node] != nil { meeting = n.node; break }
                    } else {
                        guard parentsB[n.node] == nil else { continue }
                        parentsB[n.node] = (u, n)
                        if parentsF[n.node] != nil { meeting = n.node; break }
                    }
                    next.append(n.node)
                }
                if meeting != nil { break }
            }
            let size = next.count * (MemoryEstimate.entry + MemoryEstimate.neighbor + 16)
            try budget.charge(size)
            charged += size
            if forward { frontierF = next; depthF += 1 } else { frontierB = next; depthB += 1 }
        }
        guard let meet = meeting else { return nil }
        var left: [Neighbor] = []
        var current = meet
        while current != source, let (previous, n) = parentsF[current] {
            left.append(n)
            current = previous
        }
        var path: [Neighbor] = left.reversed()
        current = meet
        while current != target, let (next, n) = parentsB[current] {
            // n was found walking backward from `next` to `current`: turn it around.
            path.append(Neighbor(node: next, steps: n.steps.reversed().map(\.flipped), facts: n.facts))
            current = next
        }
        guard path.count >= quantifier.min else {
            let reached = try repeated(quantifier, from: source) { (u: Int64) throws(KGError) -> [Neighbor] in try base(u, false) }
            return reached.first { $0.node == target }.map { [$0] }
        }
        return path
    }

    /// Every shortest walk from `source` to `target`, handed to `each` one at
    /// a time (false from `each` stops). The breadth-first search keeps every
    /// parent at the shortest depth; the walks are enumerated depth first
    /// with an explicit stack (no recursion, however long the walks), ticking
    /// and charging memory as they go: a grid has exponentially many.
    private func allShortest(from source: Int64, to target: Int64, quantifier: Quantifier,
                             base: (Int64, Bool) throws(KGError) -> [Neighbor],
                             each: ([Neighbor]) throws(KGError) -> Bool) throws(KGError) -> Bool {
        if source == target && quantifier.min == 0 { return try each([]) }
        var depth: [Int64: Int] = [source: 0]
        var parents: [Int64: [(Int64, Neighbor)]] = [:]
        var frontier = [source]
        var level = 0
        let maximum = quantifier.max ?? Int.max
        var charged = 0
        defer { budget.release(charged) }
        while !frontier.isEmpty, depth[target] == nil || target == source, level < maximum {
            level += 1
            var next: [Int64] = []
            for u in frontier {
                for n in try base(u, false) {
                    try tick()
                    if let d = depth[n.node] {
                        if d == level {
                            parents[n.node, default: []].append((u, n))
                            try budget.charge(MemoryEstimate.of(n) + 8)
                            charged += MemoryEstimate.of(n) + 8
                        }
                        continue
                    }
                    depth[n.node] = level
                    parents[n.node] = [(u, n)]
                    let size = 2 * MemoryEstimate.entry + MemoryEstimate.of(n)
                    try budget.charge(size)
                    charged += size
                    next.append(n.node)
                }
            }
            frontier = next
            if target == source, parents[source] != nil { break }
        }
        guard parents[target] != nil else { return true }
        // Depth-first over parent lists from the target back to the source:
        // stack[i] = (node, index of the parent tried next); walk[i] = the step into stack[i].
        var stack: [(node: Int64, next: Int)] = [(target, 0)]
        var walk: [Neighbor] = []
        while let top = stack.last {
            try tick()
            if top.node == source && !walk.isEmpty {
                guard try each(walk.reversed()) else { return false }
                stack.removeLast()
                walk.removeLast()
                continue
            }
            let options = parents[top.node] ?? []
            if top.next < options.count {
                stack[stack.count - 1].next += 1
                let (previous, n) = options[top.next]
                stack.append((previous, 0))
                walk.append(n)
            } else {
                stack.removeLast()
                if !walk.isEmpty { walk.removeLast() }
            }
        }
        return true
    }
}
