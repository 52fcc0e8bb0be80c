/// The functions of the query language, by lower-cased name.
enum FunctionCatalogue {
    struct Function {
        var name: String
        var arity: ClosedRange<Int>
        var isAggregate: Bool
        var summary: String
    }

    static let all: [String: Function] = {
        let list = [
            Function(name: "count", arity: 1...1, isAggregate: true, summary: "number of rows (count(*)) or of non-null values"),
            Function(name: "collect", arity: 1...1, isAggregate: true, summary: "the values as a list"),
            Function(name: "min", arity: 1...1, isAggregate: true, summary: "smallest value"),
            Function(name: "max", arity: 1...1, isAggregate: true, summary: "largest value"),
            Function(name: "sum", arity: 1...1, isAggregate: true, summary: "sum of numbers"),
            Function(name: "avg", arity: 1...1, isAggregate: true, summary: "mean of numbers"),
            Function(name: "length", arity: 1...1, isAggregate: false, summary: "edges in a path, or characters in a string, items in a list"),
            Function(name: "nodes", arity: 1...1, isAggregate: false, summary: "the nodes of a path"),
            Function(name: "edges", arity: 1...1, isAggregate: false, summary: "the edges of a path"),
            Function(name: "evidence", arity: 0...1, isAggregate: false, summary: "the evidence the row (or one edge/node/path) rests on"),
            Function(name: "key", arity: 1...1, isAggregate: false, summary: "a node's key"),
            Function(name: "name", arity: 1...1, isAggregate: false, summary: "a node's name"),
            Function(name: "kind", arity: 1...1, isAggregate: false, summary: "a node's kind"),
            Function(name: "type", arity: 1...1, isAggregate: false, summary: "an edge's type"),
            Function(name: "coalesce", arity: 1...16, isAggregate: false, summary: "the first non-null argument"),
            Function(name: "lower", arity: 1...1, isAggregate: false, summary: "lower-case string"),
            Function(name: "upper", arity: 1...1, isAggregate: false, summary: "upper-case string"),
            Function(name: "size", arity: 1...1, isAggregate: false, summary: "items in a list"),
            Function(name: "year", arity: 1...1, isAggregate: false, summary: "the year of a date"),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }()
}

extension Expression {
    /// Whether the expression contains an aggregate call.
    var containsAggregate: Bool {
        switch kind {
        case .call(let call):
            if FunctionCatalogue.all[call.name.lowercased()]?.isAggregate == true { return true }
            return call.arguments.contains { $0.containsAggregate }
        case .property(let base, _): return base.containsAggregate
        case .list(let items): return items.contains { $0.containsAggregate }
        case .not(let e), .negate(let e), .isNull(let e, _): return e.containsAggregate
        case .binary(_, let a, let b): return a.containsAggregate || b.containsAggregate
        case .subscript(let a, let b): return a.containsAggregate || b.containsAggregate
        case .slice(let a, let b, let c): return a.containsAggregate || (b?.containsAggregate ?? false) || (c?.containsAggregate ?? false)
        case .hasKind(let e, _): return e.containsAggregate
        case .listPredicate(let p): return p.list.containsAggregate || p.condition.containsAggregate
        case .literal, .parameter, .variable, .exists: return false
        }
    }

    /// Every variable name the expression reads.
    var variableNames: [String] {
        switch kind {
        case .variable(let name): return [name]
        case .call(let call): return call.arguments.flatMap(\.variableNames)
        case .property(let base, _): return base.variableNames
        case .list(let items): return items.flatMap(\.variableNames)
        case .not(let e), .negate(let e), .isNull(let e, _): return e.variableNames
        case .binary(_, let a, let b): return a.variableNames + b.variableNames
        case .subscript(let a, let b): return a.variableNames + b.variableNames
        case .slice(let a, let b, let c): return a.variableNames + (b?.variableNames ?? []) + (c?.variableNames ?? [])
        case .hasKind(let e, _): return e.variableNames
        case .listPredicate(let p): return p.list.variableNames + p.condition.variableNames.filter { $0 != p.variable }
        case .exists(let e): return e.referencedNames
        case .literal, .parameter: return []
        }
    }

    /// Variables whose properties (or key, name, kind) the expression reads.
    var propertyReadVariables: [String] {
        switch kind {
        case .property(let base, _):
            if case .variable(let name) = base.kind { return [name] }
            return base.propertyReadVariables
        case .call(let call):
            if ["key", "name", "kind"].contains(call.name.lowercased()) { return call.arguments.flatMap(\.variableNames) }
            return call.arguments.flatMap(\.propertyReadVariables)
        case .list(let items): return items.flatMap(\.propertyReadVariables)
        case .not(let e), .negate(let e), .isNull(let e, _): return e.propertyReadVariables
        case .binary(_, let a, let b): return a.propertyReadVariables + b.propertyReadVariables
        case .subscript(let a, let b): return a.propertyReadVariables + b.propertyReadVariables
        case .slice(let a, let b, let c): return a.propertyReadVariables + (b?.propertyReadVariables ?? []) + (c?.propertyReadVariables ?? [])
        case .hasKind(let e, _): return e.variableNames
        case .listPredicate(let p): return p.list.propertyReadVariables + p.condition.propertyReadVariables.filter { $0 != p.variable }
        case .literal, .parameter, .variable, .exists: return []
        }
    }

    /// Whether every property the expression reads is a node's `key`.
    var readsOnlyKeys: Bool {
        switch kind {
        case .property(let base, let key):
            if case .variable = base.kind { return key == "key" }
            return false
        case .call(let call):
            if ["name", "kind", "evidence", "nodes", "edges"].contains(call.name.lowercased()) { return false }
            return call.arguments.allSatisfy(\.readsOnlyKeys)
        case .list(let items): return items.allSatisfy(\.readsOnlyKeys)
        case .not(let e), .negate(let e), .isNull(let e, _): return e.readsOnlyKeys
        case .binary(_, let a, let b): return a.readsOnlyKeys && b.readsOnlyKeys
        case .subscript(let a, let b): return a.readsOnlyKeys && b.readsOnlyKeys
        case .slice(let a, let b, let c): return a.readsOnlyKeys && (b?.readsOnlyKeys ?? true) && (c?.readsOnlyKeys ?? true)
        case .hasKind, .listPredicate, .exists: return false
        case .literal, .parameter, .variable: return true
        }
    }

    /// Whether the expression calls evidence().
    var callsEvidence: Bool {
        switch kind {
        case .call(let call): return call.name.lowercased() == "evidence" || call.arguments.contains { $0.callsEvidence }
        case .property(let base, _): return base.callsEvidence
        case .list(let items): return items.contains { $0.callsEvidence }
        case .not(let e), .negate(let e), .isNull(let e, _): return e.callsEvidence
        case .binary(_, let a, let b): return a.callsEvidence || b.callsEvidence
        case .subscript(let a, let b): return a.callsEvidence || b.callsEvidence
        case .slice(let a, let b, let c): return a.callsEvidence || (b?.callsEvidence ?? false) || (c?.callsEvidence ?? false)
        case .hasKind(let e, _): return e.callsEvidence
        case .listPredicate(let p): return p.list.callsEvidence || p.condition.callsEvidence
        case .literal, .parameter, .variable, .exists: return false
        }
    }
}

extension ExistsPredicate {
    /// Every variable name the predicate's patterns and condition mention
    /// (the outer ones among them are joins).
    var referencedNames: [String] {
        var names: [String] = []
        for pattern in patterns {
            if let p = pattern.variable { names.append(p.name) }
            for node in pattern.nodes {
                if let v = node.variable?.name, !NamingRule.isNodeName(v) { names.append(v) }
                for c in node.properties { names += c.value.variableNames }
            }
            for hop in pattern.hops {
                if case .edge(let e) = hop.step {
                    if let v = e.variable { names.append(v.name) }
                    for c in e.properties { names += c.value.variableNames }
                }
            }
        }
        if let condition { names += condition.variableNames }
        return names
    }
}
