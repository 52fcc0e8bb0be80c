import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// How to write a fact of a type as graph text, read from the schema: a
/// stored edge type is one `edge` line; a derived type defined through a
/// fact node (`(x)<-[:licensor]-(a:Agreement)-[:licensee]->(y) WHERE
/// a.kind IN ["patent_license", …]`) is a node of the fact's kind with its
/// role edges to both ends and the property values the definition demands
/// (`{kind: "partnership"}`, or the first of `IN [...]`). A derived type
/// whose definition needs more (conditions on edge properties, longer
/// paths) has no shape: `kg draft` does not propose it.
struct FactShape: Sendable, Hashable {
    /// A role edge between the fact node and one end.
    struct Role: Sendable, Hashable {
        var type: String
        /// True when the edge points from the fact node to the end (`<-[:licensor]-` read from x).
        var fromFact: Bool
    }

    var type: String
    /// nil for a stored edge type.
    var factKind: String?
    var sourceRole: Role?
    var targetRole: Role?
    /// Property values a new fact node is written with, in order.
    var properties: [(String, String)]
    /// Every value the definition accepts, by property (`IN [...]`): a fact
    /// node with any of them holds the relation.
    var accepted: [String: [String]] = [:]

    static func == (a: FactShape, b: FactShape) -> Bool {
        a.type == b.type && a.factKind == b.factKind && a.sourceRole == b.sourceRole && a.targetRole == b.targetRole
            && a.properties.map { "\($0.0)=\($0.1)" } == b.properties.map { "\($0.0)=\($0.1)" }
    }
    func hash(into h: inout Hasher) { h.combine(type) }

    var isStored: Bool { factKind == nil }

    /// The shape of a stored or derived type, or nil when kg cannot write it.
    static func of(_ type: String, in schema: GraphSchema) -> FactShape? {
        if schema.edgeTypes[type] != nil { return FactShape(type: type, factKind: nil, properties: []) }
        guard let derived = schema.derivedTypes[type],
              let (pattern, condition) = try? Parser.parsePatternDefinition(derived.definition),
              pattern.hops.count == 2,
              pattern.start.variable?.name == "x", pattern.hops[1].node.variable?.name == "y",
              case .edge(let first) = pattern.hops[0].step, case .edge(let second) = pattern.hops[1].step,
              first.quantifier == nil, second.quantifier == nil, first.types.count == 1, second.types.count == 1,
              !first.types[0].inverse, !second.types[0].inverse,
              first.direction != .undirected, second.direction != .undirected,
              first.properties.isEmpty, second.properties.isEmpty
        else { return nil }
        let fact = pattern.hops[0].node
        guard fact.kinds.count == 1, let factVariable = fact.variable?.name ?? Optional("_"), fact.name == nil,
              pattern.start.kinds.isEmpty, pattern.hops[1].node.kinds.isEmpty,
              schema.kinds[fact.kinds[0].name] != nil else { return nil }
        var properties: [(String, String)] = []
        var accepted: [String: [String]] = [:]
        for constraint in fact.properties {
            guard case .literal(let literal) = constraint.value.kind, let text = literalText(literal) else { return nil }
            properties.append((constraint.key.name, text))
            accepted[constraint.key.name] = [text]
        }
        if let condition {
            guard collect(condition, fact: factVariable, into: &properties, accepted: &accepted) else { return nil }
        }
        // x <-[:r]- (a): the edge points from the fact to x.
        let source = Role(type: first.types[0].name.name, fromFact: first.direction == .incoming)
        let target = Role(type: second.types[0].name.name, fromFact: second.direction == .outgoing)
        guard schema.edgeTypes[source.type] != nil, schema.edgeTypes[target.type] != nil else { return nil }
        return FactShape(type: type, factKind: fact.kinds[0].name, sourceRole: source, targetRole: target, properties: properties, accepted: accepted)
    }

    /// Reads a condition made of `a.p = "v"`, `a.p IN ["v", …]` (the first
    /// value) and `x <> y`, joined by AND; anything else: false.
    private static func collect(_ e: Expression, fact: String, into properties: inout [(String, String)], accepted: inout [String: [String]]) -> Bool {
        switch e.kind {
        case .binary(.and, let l, let r):
            return collect(l, fact: fact, into: &properties, accepted: &accepted) && collect(r, fact: fact, into: &properties, accepted: &accepted)
        case .binary(.notEqual, let l, let r):
            if case .variable(let a) = l.kind, case .variable(let b) = r.kind, Set([a, b]) == ["x", "y"] { return true }
            return false
        case .binary(.equal, let l, let r):
            guard case .property(let base, let key) = l.kind, case .variable(fact) = base.kind,
                  case .literal(let literal) = r.kind, let text = literalText(literal) else { return false }
            if !properties.contains(where: { $0.0 == key }) { properties.append((key, text)) }
            accepted[key] = [text]
            return true
        case .binary(.in, let l, let r):
            guard case .property(let base, let key) = l.kind, case .variable(fact) = base.kind,
                  case .list(let items) = r.kind, let firstItem = items.first,
                  case .literal(let literal) = firstItem.kind, let text = literalText(literal) else { return false }
            if !properties.contains(where: { $0.0 == key }) { properties.append((key, text)) }
            accepted[key] = items.compactMap { item in
                if case .literal(let l) = item.kind { return literalText(l) }
                return nil
            }
            return true
        default:
            return false
        }
    }

    private static func literalText(_ literal: Literal) -> String? {
        switch literal {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .boolean(let b): return b ? "true" : "false"
        case .date(let d): return d.description
        default: return nil
        }
    }
}
