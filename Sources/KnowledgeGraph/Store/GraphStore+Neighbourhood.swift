extension GraphStore {
    /// The nodes within `hops` hops of `center`, and every stored edge of the
    /// allowed types between them (the induced subgraph).
    ///
    /// Edges are followed in both directions. `types` limits the edge types
    /// followed and kept (stored types only; nil means all types).
    ///
    /// Agreements are nodes of their own, so "Xiaomi → agreement → Nokia" is
    /// two edges. With `agreementsAsOneHop` (the default) such a step through
    /// an agreement counts as one hop: entering an agreement costs a hop and
    /// leaving it for one of its parties (or any other non-agreement node)
    /// costs nothing, so `hops: 1` around Xiaomi shows Xiaomi's agreements
    /// *and* their other parties. An agreement that is the centre itself, and
    /// a step from an agreement to another agreement (`part_of`), cost a hop
    /// as usual. With `agreementsAsOneHop: false` every edge is one hop, and
    /// `hops: 1` around Xiaomi shows its agreements but not the other parties.
    ///
    /// The walk goes one frontier at a time, reading each node's edges with
    /// index probes (`(type, src)` and `(type, dst)`, one per stored type and
    /// direction), so it costs what the nodes it reaches cost: no full scan,
    /// nothing allocated per hop (a `hops` beyond the graph's diameter ends
    /// when the frontier is empty). With `maxNodes`, it stops with
    /// ``ErrorCode/tooLarge`` as soon as more nodes than that are reached.
    public func neighbourhood(of center: Int64, hops: Int, types: [String]? = nil,
                              agreementsAsOneHop: Bool = true, maxNodes: Int? = nil) throws(KGError) -> Subgraph {
        // One read transaction for the whole walk: one snapshot, and no file
        // lock taken and dropped around each of its many small reads.
        try snapshot { () throws(KGError) -> Subgraph in
            try walkNeighbourhood(of: center, hops: hops, types: types, agreementsAsOneHop: agreementsAsOneHop, maxNodes: maxNodes)
        }
    }

    /// Runs `body` in one read transaction (one snapshot of the graph; nested
    /// calls join the outer one).
    public func snapshot<T>(_ body: () throws(KGError) -> T) throws(KGError) -> T {
        do {
            return try db.readTransaction { () throws -> T in try body() }
        } catch {
            throw KGError.wrap(error)
        }
    }

    private func walkNeighbourhood(of center: Int64, hops: Int, types: [String]?,
                                   agreementsAsOneHop: Bool, maxNodes: Int?) throws(KGError) -> Subgraph {
        guard hops >= 0 else {
            throw KGError(.usage, "the number of hops must be 0 or more, not \(hops)")
        }
        guard let centerNode = try node(id: center) else {
            throw KGError(.unknownNode, "no node has the id \(center)")
        }
        let allowed = try allowedEdgeTypes(types)
        let followed = (allowed.map { Array($0) } ?? schema.edgeTypeOrder).sorted()
        let agreement = Subgraph.agreementKind

        var kindOf: [Int64: String] = [center: centerNode.kind]   // of the nodes expanded or met from an agreement
        var distance: [Int64: Int] = [center: 0]
        var seenEdges: [Int64: (source: Int64, target: Int64)] = [:]
        // 0-1 breadth-first search, one frontier at a time: a step that costs
        // nothing appends to the frontier being worked through, a step that
        // costs a hop to the next one.
        var frontier: [Int64] = [center]
        var level = 0
        do {
            // Edges with the kind of the other end (needed only to leave an
            // agreement for free), and edges alone, read from the covering
            // (type, src, dst) and (type, dst, src) indexes without touching a row.
            let withKinds = (try db.prepare(Self.outgoingProbe), try db.prepare(Self.incomingProbe))
            let plain = (try db.prepare(Self.outgoingEdges), try db.prepare(Self.incomingEdges))
            let kindStatement = try db.prepare(Self.kindOfNode)
            defer {
                for statement in [withKinds.0, withKinds.1, plain.0, plain.1, kindStatement] { statement.reset() }
            }
            while !frontier.isEmpty {
                var next: [Int64] = []
                var index = 0
                while index < frontier.count {
                    let current = frontier[index]
                    index += 1
                    guard distance[current] == level else { continue }   // reached more cheaply since
                    let kind: String
                    if let known = kindOf[current] { kind = known } else {
                        kindStatement.reset()
                        kindStatement.bind(current, at: 1)
                        kind = try kindStatement.step() ? kindStatement.string(0) : ""
                        kindOf[current] = kind
                    }
                    // Leaving an agreement for a non-agreement costs nothing.
                    let leavesAgreement = agreementsAsOneHop && kind == agreement && current != center
                    let (outgoingStatement, incomingStatement) = leavesAgreement ? withKinds : plain
                    for type in followed {
                        for (statement, outgoing) in [(outgoingStatement, true), (incomingStatement, false)] {
                            statement.reset()
                            statement.bind(type, at: 1)
                            statement.bind(current, at: 2)
                            while try statement.step() {
                                let edge = statement.int64(0), other = statement.int64(1)
                                var free = false
                                if leavesAgreement, other != current {
                                    let otherKind: String
                                    if let known = kindOf[other] { otherKind = known } else {
                                        otherKind = statement.string(2)
                                        kindOf[other] = otherKind
                                    }
                                    free = otherKind != agreement
                                }
                                let reach = level + (free ? 0 : 1)
                                if other != current, reach <= hops, distance[other].map({ $0 > reach }) ?? true {
                                    if distance[other] == nil, let maxNodes, distance.count >= maxNodes {
                                        throw SubgraphRecords.tooLarge(moreThan: maxNodes, hops: hops)
                                    }
                                    distance[other] = reach
                                    if free { frontier.append(other) } else { next.append(other) }
                                }
                                // Every node of the answer is expanded once, so an edge
                                // between two of them is seen from whichever comes second.
                                if distance[other] != nil { seenEdges[edge] = outgoing ? (current, other) : (other, current) }
                            }
                        }
                    }
                }
                frontier = next
                level += 1
            }
        } catch {
            throw KGError.wrap(error)
        }

        let nodes = Set(distance.keys)
        let edges = Set(seenEdges.filter { nodes.contains($0.value.source) && nodes.contains($0.value.target) }.keys)
        return Subgraph(nodes: nodes, edges: edges)
    }

    /// A node's outgoing edges of one type, with the kind of the node at the other end.
    private static let outgoingProbe = "SELECT e.id, e.dst, n.kind FROM edges e JOIN nodes n ON n.id = e.dst WHERE e.type = ?1 AND e.src = ?2"
    /// A node's incoming edges of one type, with the kind of the node at the other end.
    private static let incomingProbe = "SELECT e.id, e.src, n.kind FROM edges e JOIN nodes n ON n.id = e.src WHERE e.type = ?1 AND e.dst = ?2"
    /// A node's outgoing edges of one type (from the index alone).
    private static let outgoingEdges = "SELECT id, dst FROM edges WHERE type = ?1 AND src = ?2"
    /// A node's incoming edges of one type (from the index alone).
    private static let incomingEdges = "SELECT id, src FROM edges WHERE type = ?1 AND dst = ?2"
    /// A node's kind.
    private static let kindOfNode = "SELECT kind FROM nodes WHERE id = ?1"

    /// Every node and every edge of the graph.
    public func wholeGraph() throws(KGError) -> Subgraph {
        do {
            let nodes = try db.query("SELECT id FROM nodes") { $0.int64(0) }
            let edges = try db.query("SELECT id FROM edges") { $0.int64(0) }
            return Subgraph(nodes: Set(nodes), edges: Set(edges))
        } catch { throw KGError.wrap(error) }
    }

    /// The edge types a neighbourhood may follow; nil for all. Unknown and
    /// derived types are errors with a suggestion.
    private func allowedEdgeTypes(_ types: [String]?) throws(KGError) -> Set<String>? {
        guard let types else { return nil }
        for type in types where schema.edgeTypes[type] == nil {
            if schema.derivedTypes[type] != nil {
                throw KGError(.unknownEdgeType, "'\(type)' is a derived edge type; a neighbourhood follows stored edges only",
                              suggestion: "use the stored types it is made of (for agreements: the role types such as licensor, licensee, party)")
            }
            let close = EditDistance.closest(to: type, among: schema.edgeTypeOrder, limit: 3)
            throw KGError(.unknownEdgeType, "the graph's schema has no edge type '\(type)'",
                          suggestion: close.isEmpty ? "the edge types are: " + schema.edgeTypeOrder.joined(separator: ", ")
                                                    : "did you mean " + close.map { "'\($0)'" }.joined(separator: " or ") + "?")
        }
        return Set(types)
    }
}
