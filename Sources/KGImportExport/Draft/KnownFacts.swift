import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// Whether the graph already has a fact `kg draft` found: the same stored
/// edge (same type and ends; either way for a symmetric type), or, for a
/// derived type, a fact node of the same kind and property values with
/// both ends in their roles ("an agreement of kind partnership with Nokia
/// and Xiaomi as parties").
struct KnownFacts {
    let store: GraphStore
    let shapes: [String: FactShape]

    /// The fact node's key (nil for a stored edge) and the write that added it.
    func find(_ p: FactProposal) throws(KGError) -> (factNode: String?, write: Int64?)? {
        guard let shape = shapes[p.type],
              let x = try store.node(key: p.source.key), let y = try store.node(key: p.target.key) else { return nil }
        let symmetric = store.schema.edgeTypes[p.type]?.isSymmetric ?? store.schema.derivedTypes[p.type]?.isSymmetric ?? false
        if shape.isStored {
            var hits: [Int64] = []
            for e in try store.edges(of: x.id, outgoing: true) where e.type == p.type && e.target == y.id { hits.append(e.id) }
            if symmetric || p.bothWays {
                for e in try store.edges(of: y.id, outgoing: true) where e.type == p.type && e.target == x.id { hits.append(e.id) }
            }
            // Both ways must both be there for a mutual fact.
            if p.bothWays, !symmetric, hits.count < 2 { return nil }
            guard let hit = hits.first else { return nil }
            return (nil, try store.addedBy(edge: hit))
        }
        guard shape.factKind != nil, let sr = shape.sourceRole, let tr = shape.targetRole else { return nil }
        for (a, b) in (symmetric ? [(x, y), (y, x)] : [(x, y)]) {
            for fact in try factNodes(at: a.id, role: sr, shape: shape) where try roleEnds(of: fact, role: tr).contains(b.id) {
                // A mutual fact needs the other way too (in this node or another).
                if p.bothWays, !symmetric {
                    var back = false
                    for other in try factNodes(at: b.id, role: sr, shape: shape) where try roleEnds(of: other, role: tr).contains(a.id) { back = true }
                    if !back { continue }
                }
                guard let node = try store.node(id: fact) else { continue }
                return (node.key, try store.addedBy(node: fact))
            }
        }
        return nil
    }

    /// Fact nodes of the shape's kind, with property values its definition
    /// accepts, that have `end` in `role`.
    private func factNodes(at end: Int64, role: FactShape.Role, shape: FactShape) throws(KGError) -> [Int64] {
        var out: [Int64] = []
        // role.fromFact: the edge leaves the fact node and reaches the end.
        for e in try store.edges(of: end, outgoing: !role.fromFact) where e.type == role.type {
            let factID = role.fromFact ? e.source : e.target
            guard let node = try store.node(id: factID), node.kind == shape.factKind else { continue }
            let props = node.props
            if shape.accepted.allSatisfy({ key, values in Self.text(props[key]).map(values.contains) ?? false }) { out.append(factID) }
        }
        return out
    }

    private func roleEnds(of fact: Int64, role: FactShape.Role) throws(KGError) -> [Int64] {
        try store.edges(of: fact, outgoing: role.fromFact).filter { $0.type == role.type }.map { role.fromFact ? $0.target : $0.source }
    }

    private static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s)?: return s
        case .int(let i)?: return String(i)
        case .bool(let b)?: return b ? "true" : "false"
        default: return nil
        }
    }
}
