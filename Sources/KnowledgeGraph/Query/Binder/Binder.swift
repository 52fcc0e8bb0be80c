/// Resolves a parsed ``Query`` against a graph: variables get slots, kinds and
/// edge types are checked against the schema, node names are resolved (exact
/// key, then name, then alias), parameters are bound, and functions checked.
/// Every problem is a ``KGError`` with the span of the offending text.
struct Binder {
    let store: GraphStore
    let parameters: [String: Value]
    /// Derived types being bound (to refuse a definition that uses itself).
    var derivedStack: [String] = []

    /// Whether bare words in node position may name nodes (not in derived definitions).
    var resolvesBareNames = true
    private var variables: [BoundQuery.Variable] = []
    private var slots: [String: Int] = [:]
    /// Words in expressions that are not variables but name a node.
    private var constants: [String: Value] = [:]

    init(store: GraphStore, parameters: [String: Value], derivedStack: [String] = []) {
        self.store = store
        self.parameters = parameters
        self.derivedStack = derivedStack
    }

    var schema: GraphSchema { store.schema }

    /// Binds a whole query.
    mutating func bind(_ query: Query, tracksFacts: Bool) throws(KGError) -> BoundQuery {
        let referenced = Self.referencedNames(in: query)
        var occurrences: [String: Int] = [:]
        for pattern in query.patterns {
            for node in pattern.nodes { if let v = node.variable?.name { occurrences[v, default: 0] += 1 } }
        }
        var patterns: [BoundPattern] = []
        for pattern in query.patterns {
            patterns.append(try bindPattern(pattern, isNameCandidate: { name in
                !referenced.contains(name) && (occurrences[name] ?? 0) <= 1
            }))
        }
        if let filter = query.whereClause {
            try check(filter, allowAggregates: false, aliases: [])
        }
        var aliases: Set<String> = []
        for item in query.returnClause.items {
            try check(item.expression, allowAggregates: true, aliases: [])
            if let alias = item.alias?.name { aliases.insert(alias) }
        }
        for sort in query.returnClause.orderBy {
            try check(sort.expression, allowAggregates: true, aliases: aliases)
        }
        for e in [query.returnClause.skip, query.returnClause.limit].compactMap({ $0 }) {
            try check(e, allowAggregates: false, aliases: [])
            guard e.variableNames.isEmpty else {
                throw KGError(.invalidArgument, "SKIP and LIMIT take a number or a $parameter", span: e.span)
            }
        }
        if query.returnClause.star && variables.filter({ !$0.name.hasPrefix(" ") }).isEmpty {
            throw KGError(.invalidArgument, "RETURN * needs at least one named variable", span: query.returnClause.span)
        }
        let window = try query.time.map { time throws(KGError) in try bindTime(time) }
        let usesEvidence = query.returnClause.items.contains { $0.expression.callsEvidence }
        return BoundQuery(mode: query.mode, variables: variables, slots: slots, patterns: patterns, filter: query.whereClause,
                          window: window, returnClause: query.returnClause, parameters: parameters, constants: constants,
                          tracksFacts: tracksFacts || usesEvidence, source: query)
    }

    /// Binds a derived type's definition: a pattern from (x) to (y) with a condition.
    mutating func bindDefinition(_ derived: DerivedEdgeType) throws(KGError) -> DerivedDefinition {
        let (pattern, condition): (PathPattern, Expression?)
        do {
            (pattern, condition) = try Parser.parsePatternDefinition(derived.definition)
        } catch {
            throw KGError(error.code, "in the definition of derived type '\(derived.name)' (schema line \(derived.definitionLine)): \(error.message)",
                          suggestion: error.suggestion)
        }
        guard !pattern.hops.isEmpty else {
            throw KGError(.invalidPattern, "the definition of derived type '\(derived.name)' must lead from (x) to (y) over at least one edge")
        }
        do {
            let bound = try bindPattern(pattern, isNameCandidate: { _ in false })
            if let condition { try check(condition, allowAggregates: false, aliases: []) }
            return DerivedDefinition(name: derived.name, pattern: bound, filter: condition, slots: slots, slotCount: variables.count)
        } catch {
            throw KGError(error.code, "in the definition of derived type '\(derived.name)' (schema line \(derived.definitionLine)): \(error.message)",
                          suggestion: error.suggestion)
        }
    }

    // MARK: Variables

    private mutating func declare(_ name: String, sort: BoundQuery.VariableSort, span: SourceSpan) throws(KGError) -> Int {
        if let slot = slots[name] {
            let existing = variables[slot]
            guard existing.sort == sort else {
                throw KGError(.variableConflict, "'\(name)' is used as a \(sort.rawValue) here but as a \(existing.sort.rawValue) at \(existing.span.start)",
                              span: span, suggestion: "use another name for one of them")
            }
            if sort == .path {
                throw KGError(.variableConflict, "the path variable '\(name)' is declared twice", span: span)
            }
            return slot
        }
        let slot = variables.count
        variables.append(BoundQuery.Variable(name: name, sort: sort, slot: slot, span: span))
        slots[name] = slot
        return slot
    }

    private mutating func anonymousSlot(_ sort: BoundQuery.VariableSort, span: SourceSpan) -> Int {
        let slot = variables.count
        variables.append(BoundQuery.Variable(name: " \(slot)", sort: sort, slot: slot, span: span))
        return slot
    }

    /// Names used outside node positions: in WHERE, RETURN, ORDER BY,
    /// property values, as edge or path variables.
    static func referencedNames(in query: Query) -> Set<String> {
        var names = Set<String>()
        if let w = query.whereClause { names.formUnion(w.variableNames) }
        for item in query.returnClause.items { names.formUnion(item.expression.variableNames) }
        for sort in query.returnClause.orderBy { names.formUnion(sort.expression.variableNames) }
        if query.returnClause.star { names.insert("*") }
        for pattern in query.patterns {
            if let p = pattern.variable { names.insert(p.name) }
            for node in pattern.nodes { for c in node.properties { names.formUnion(c.value.variableNames) } }
            for hop in pattern.hops { collect(hop.step, into: &names) }
        }
        return names
    }

    private static func collect(_ step: PatternStep, into names: inout Set<String>) {
        switch step {
        case .edge(let e):
            if let v = e.variable { names.insert(v.name) }
            for c in e.properties { names.formUnion(c.value.variableNames) }
        case .group(let g):
            g.steps.forEach { collect($0, into: &names) }
            for node in g.nodes { if let v = node.variable { names.insert(v.name) } }
        }
    }

    // MARK: Patterns

    private mutating func bindPattern(_ pattern: PathPattern, isNameCandidate: (String) -> Bool) throws(KGError) -> BoundPattern {
        var nodes: [BoundNode] = []
        var steps: [BoundStep] = []
        nodes.append(try bindNode(pattern.start, isNameCandidate: isNameCandidate, inGroup: false))
        for hop in pattern.hops {
            steps.append(try bindStep(hop.step))
            nodes.append(try bindNode(hop.node, isNameCandidate: isNameCandidate, inGroup: false))
        }
        var pathSlot: Int?
        if let variable = pattern.variable {
            pathSlot = try declare(variable.name, sort: .path, span: variable.span)
        }
        if let selector = pattern.selector {
            guard steps.count == 1, steps[0].repetition != nil else {
                throw KGError(.invalidPattern, "\(selector.kind == .allShortest ? "ALL SHORTEST" : "SHORTEST") needs a pattern with one repeated step between two nodes",
                              span: selector.span, suggestion: "for example: MATCH p = SHORTEST (a)-[:partner_of]-+(b)")
            }
        }
        return BoundPattern(nodes: nodes, steps: steps, pathSlot: pathSlot, selector: pattern.selector?.kind,
                            text: QueryPrinter.format(pattern), span: pattern.span)
    }

    private mutating func bindNode(_ node: NodePattern, isNameCandidate: (String) -> Bool, inGroup: Bool) throws(KGError) -> BoundNode {
        var kinds: Set<String>?
        if !node.kinds.isEmpty {
            var set = Set<String>()
            for kind in node.kinds {
                guard schema.kinds[kind.name] != nil else {
                    throw KGError(.unknownKind, "the graph's schema has no node kind '\(kind.name)'", span: kind.span,
                                  suggestion: EditDistance.suggestion(for: kind.name, among: schema.kindOrder).map { "did you mean '\($0)'?" }
                                    ?? "kinds are " + schema.kindOrder.joined(separator: ", "))
                }
                set.insert(kind.name)
            }
            kinds = set
        }
        var properties: [(key: String, value: Expression)] = []
        for constraint in node.properties {
            try checkNodeProperty(constraint.key.name, kinds: kinds, span: constraint.key.span)
            try check(constraint.value, allowAggregates: false, aliases: [])
            properties.append((constraint.key.name, constraint.value))
        }
        var fixed: Int64?
        let variable = node.variable
        if let nameRef = node.name {
            fixed = try resolve(nameRef).id
        } else if let v = variable, kinds == nil, properties.isEmpty, resolvesBareNames {
            // A bare word in node position: a node's name when it names exactly
            // one node (and then also a variable bound to it); otherwise a variable.
            let found = try store.candidates(forName: v.name)
            let capitalised = v.name.first.map { $0.isUppercase || !$0.isASCII } ?? false
            if found.count == 1 {
                fixed = found[0].id
            } else if capitalised && (found.count > 1 || isNameCandidate(v.name)) {
                // Looks like a name and is not used as a variable: say what is wrong.
                _ = try resolve(NameReference(.identifier(v.name), span: v.span))
            }
        }
        if inGroup, let v = variable, fixed == nil {
            throw KGError(.invalidPattern, "a node inside a repeated group cannot have a variable ('\(v.name)')", span: v.span,
                          suggestion: "name the group's end nodes outside the parentheses instead")
        }
        let slot: Int
        if let v = variable, !inGroup { slot = try declare(v.name, sort: .node, span: v.span) } else { slot = anonymousSlot(.node, span: node.span) }
        if let fixed, let kinds, let record = try store.node(id: fixed), !kinds.contains(record.kind) {
            throw KGError(.typeMismatch, "'\(record.name)' is a \(record.kind), not a \(kinds.sorted().joined(separator: " or "))", span: node.span)
        }
        return BoundNode(slot: slot, kinds: kinds, properties: properties, fixed: fixed, label: QueryPrinter.format(node), span: node.span)
    }

    private func resolve(_ reference: NameReference) throws(KGError) -> NodeRecord {
        let name: String
        switch reference.kind {
        case .string(let s), .identifier(let s): name = s
        case .parameter(let p):
            guard let value = parameters[p] else {
                throw KGError(.missingParameter, "the parameter $\(p) has no value", span: reference.span,
                              suggestion: "pass it with --param \(p)=VALUE")
            }
            switch value {
            case .string(let s): name = s
            case .int(let i): name = String(i)
            default: throw KGError(.invalidArgument, "the parameter $\(p) must be a node name", span: reference.span)
            }
        }
        do {
            return try store.resolve(name, span: reference.span)
        } catch {
            var e = error
            if e.code == .unknownNode, case .identifier = reference.kind {
                e.suggestion = (e.suggestion.map { $0 + "; " } ?? "")
                    + "a capitalised word in parentheses names a node; to match any node use a variable in RETURN or WHERE, or write ()"
            }
            throw e
        }
    }

    private mutating func bindStep(_ step: PatternStep) throws(KGError) -> BoundStep {
        switch step {
        case .edge(let edge):
            var slot: Int?
            if let v = edge.variable {
                if edge.quantifier != nil {
                    throw KGError(.invalidPattern, "a repeated edge cannot have a variable ('\(v.name)'): it would stand for many edges",
                                  span: v.span, suggestion: "name the path instead: MATCH p = (a)-[:t]->+(b) RETURN edges(p)")
                }
                slot = try declare(v.name, sort: .edge, span: v.span)
            }
            var types: [BoundEdgeType] = []
            for reference in edge.types {
                let name = reference.name.name
                let inverse = reference.inverse != (edge.direction == .incoming)
                if let stored = schema.edgeTypes[name] {
                    types.append(BoundEdgeType(name: name, inverse: inverse, isSymmetric: stored.isSymmetric, derived: false))
                } else if let derived = schema.derivedTypes[name] {
                    if derivedStack.contains(name) {
                        throw KGError(.invalidPattern, "derived type '\(name)' is defined in terms of itself", span: reference.span)
                    }
                    types.append(BoundEdgeType(name: name, inverse: inverse, isSymmetric: derived.isSymmetric, derived: true))
                } else {
                    throw KGError(.unknownEdgeType, "the graph's schema has no edge type '\(name)'", span: reference.name.span,
                                  suggestion: EditDistance.suggestion(for: name, among: schema.allEdgeTypeNames).map { "did you mean '\($0)'?" }
                                    ?? "edge types are " + schema.allEdgeTypeNames.joined(separator: ", "))
                }
            }
            var properties: [(key: String, value: Expression)] = []
            for constraint in edge.properties {
                let declared = types.isEmpty ? schema.edgeTypeOrder.contains { schema.edgeTypes[$0]!.properties[constraint.key.name] != nil || schema.edgeTypes[$0]!.isOpen }
                    : types.contains { schema.edgeTypes[$0.name]?.properties[constraint.key.name] != nil || schema.edgeTypes[$0.name]?.isOpen == true }
                guard declared || ["valid_from", "valid_to", "type"].contains(constraint.key.name) else {
                    throw KGError(.unknownProperty, "no edge type here has a property '\(constraint.key.name)'", span: constraint.key.span)
                }
                try check(constraint.value, allowAggregates: false, aliases: [])
                properties.append((constraint.key.name, constraint.value))
            }
            let bound = BoundEdge(types: types, undirected: edge.direction == .undirected, reversed: edge.direction == .incoming, properties: properties, slot: slot,
                                  text: QueryPrinter.format(PatternStep.edge(edge)))
            return .edge(bound, repetition: edge.quantifier)
        case .group(let group):
            var steps: [BoundStep] = []
            var interior: [BoundNode] = []
            for (i, inner) in group.steps.enumerated() {
                steps.append(try bindStep(inner))
                if i < group.nodes.count {
                    interior.append(try bindNode(group.nodes[i], isNameCandidate: { _ in false }, inGroup: true))
                }
            }
            return .group(BoundSequence(steps: steps, interior: interior, text: QueryPrinter.format(PatternStep.group(group))),
                          repetition: group.quantifier)
        }
    }

    // MARK: Expressions

    static let builtinNodeProperties: Set<String> = ["key", "name", "kind", "id"]
    static let builtinEdgeProperties: Set<String> = ["type", "valid_from", "valid_to", "id"]

    private func checkNodeProperty(_ key: String, kinds: Set<String>?, span: SourceSpan) throws(KGError) {
        if Self.builtinNodeProperties.contains(key) { return }
        let candidates = kinds.map { Array($0) } ?? schema.kindOrder
        let declared = candidates.contains { schema.kinds[$0]?.properties[key] != nil || schema.kinds[$0]?.isOpen == true }
        guard declared else {
            let known = Set(candidates.flatMap { schema.kinds[$0]?.propertyOrder ?? [] }).union(Self.builtinNodeProperties)
            throw KGError(.unknownProperty, "no \(kinds.map { $0.sorted().joined(separator: " or ") } ?? "node kind") has a property '\(key)'",
                          span: span, suggestion: EditDistance.suggestion(for: key, among: known.sorted()).map { "did you mean '\($0)'?" })
        }
    }

    private mutating func check(_ expression: Expression, allowAggregates: Bool, aliases: Set<String>) throws(KGError) {
        switch expression.kind {
        case .literal: return
        case .parameter(let name):
            guard parameters[name] != nil else {
                throw KGError(.missingParameter, "the parameter $\(name) has no value", span: expression.span,
                              suggestion: "pass it with --param \(name)=VALUE")
            }
        case .variable(let name):
            if slots[name] == nil, !aliases.contains(name), constants[name] == nil,
               let found = try? store.candidates(forName: name), found.count == 1 {
                constants[name] = .node(found[0].id)
            }
            guard slots[name] != nil || aliases.contains(name) || constants[name] != nil else {
                let known = variables.map(\.name).filter { !$0.hasPrefix(" ") } + aliases
                throw KGError(.unknownVariable, "'\(name)' is not a variable of this query", span: expression.span,
                              suggestion: EditDistance.suggestion(for: name, among: known).map { "did you mean '\($0)'?" }
                                ?? (known.isEmpty ? "name a node in the pattern, e.g. (c:Company)" : "variables: " + known.joined(separator: ", ")))
            }
        case .property(let base, let key):
            try check(base, allowAggregates: allowAggregates, aliases: aliases)
            if case .variable(let name) = base.kind, let slot = slots[name] {
                let variable = variables[slot]
                switch variable.sort {
                case .node:
                    try checkNodeProperty(key, kinds: nil, span: expression.span)
                case .edge:
                    let declared = Self.builtinEdgeProperties.contains(key)
                        || schema.edgeTypeOrder.contains { schema.edgeTypes[$0]!.properties[key] != nil || schema.edgeTypes[$0]!.isOpen }
                    guard declared else {
                        throw KGError(.unknownProperty, "no edge type has a property '\(key)'", span: expression.span)
                    }
                case .path:
                    throw KGError(.invalidArgument, "a path has no properties; use length(\(name)), nodes(\(name)) or edges(\(name))", span: expression.span)
                }
            }
        case .list(let items):
            for item in items { try check(item, allowAggregates: allowAggregates, aliases: aliases) }
        case .not(let e), .negate(let e), .isNull(let e, _):
            try check(e, allowAggregates: allowAggregates, aliases: aliases)
        case .binary(_, let a, let b):
            try check(a, allowAggregates: allowAggregates, aliases: aliases)
            try check(b, allowAggregates: allowAggregates, aliases: aliases)
        case .call(let call):
            let lowered = call.name.lowercased()
            guard let function = FunctionCatalogue.all[lowered] else {
                throw KGError(.unknownFunction, "there is no function '\(call.name)'", span: expression.span,
                              suggestion: EditDistance.suggestion(for: lowered, among: FunctionCatalogue.all.keys.sorted()).map { "did you mean '\($0)'?" })
            }
            if function.isAggregate {
                guard allowAggregates else {
                    throw KGError(.invalidAggregate, "\(function.name)() aggregates rows and cannot be used in WHERE or inside another aggregate",
                                  span: expression.span, suggestion: "aggregate in RETURN, e.g. RETURN c, count(*)")
                }
                if call.arguments.contains(where: { $0.containsAggregate }) {
                    throw KGError(.invalidAggregate, "aggregates cannot be nested", span: expression.span)
                }
            }
            let count = call.star ? 0 : call.arguments.count
            if lowered == "count", !call.star, call.arguments.isEmpty {
                throw KGError(.invalidArgument, "count() needs an argument: count(*) counts rows, count(x) the rows where x is not null",
                              span: expression.span, suggestion: "write count(*)")
            }
            guard function.arity.contains(count) || (call.star && lowered == "count") else {
                throw KGError(.invalidArgument, "\(function.name)() takes \(function.arity.lowerBound == function.arity.upperBound ? "\(function.arity.lowerBound)" : "\(function.arity.lowerBound) to \(function.arity.upperBound)") argument(s), not \(count)",
                              span: expression.span)
            }
            if call.star && lowered != "count" {
                throw KGError(.invalidArgument, "only count(*) takes *", span: expression.span)
            }
            for argument in call.arguments { try check(argument, allowAggregates: false, aliases: aliases) }
        }
    }

    // MARK: Time

    private func bindTime(_ time: TimeClause) throws(KGError) -> TimeWindow {
        func date(_ e: Expression) throws(KGError) -> PartialDate {
            switch e.kind {
            case .literal(.date(let d)): return d
            case .literal(.integer(let y)):
                if let d = PartialDate(year: y) { return d }
            case .literal(.string(let s)):
                if let d = PartialDate(s) { return d }
            case .parameter(let p):
                guard let v = parameters[p] else {
                    throw KGError(.missingParameter, "the parameter $\(p) has no value", span: e.span, suggestion: "pass it with --param \(p)=2018-01")
                }
                switch v {
                case .string(let s): if let d = PartialDate(s) { return d }
                case .int(let i): if let d = PartialDate(year: Int(i)) { return d }
                case .date(let d): return d
                default: break
                }
            default: break
            }
            throw KGError(.invalidDate, "expected a date such as 2018, 2018-01 or 2018-01-15", span: e.span)
        }
        switch time.kind {
        case .asOf(let e):
            let d = try date(e)
            return TimeWindow(firstDay: d.firstDay, lastDay: d.lastDay, text: "AS OF \(d)")
        case .during(let a, let b):
            let from = try date(a), to = try date(b)
            guard from.firstDay <= to.lastDay else {
                throw KGError(.invalidDate, "the period ends (\(to)) before it starts (\(from))", span: time.span)
            }
            return TimeWindow(firstDay: from.firstDay, lastDay: to.lastDay, text: "DURING \(from) .. \(to)")
        }
    }
}
