import KGModel
import KGStorage

/// Resolves a parsed ``Query`` against a graph: variables get slots, kinds and
/// edge types are checked against the schema, node names are resolved (exact
/// key, then name, then alias), parameters are bound, and functions checked.
/// Every problem is a ``KGError`` with the span of the offending text.
struct Binder {
    let store: any GraphReading
    let parameters: [String: Value]
    /// Derived types being bound (to refuse a definition that uses itself).
    var derivedStack: [String] = []

    private var variables: [BoundQuery.Variable] = []
    private var slots: [String: Int] = [:]
    /// Words in expressions that are not variables but name a node.
    private var constants: [String: Value] = [:]
    /// How each word in node position was read (for EXPLAIN).
    private(set) var readings: [WordReading] = []
    /// Warnings for the caller (stderr in the CLI); they never change the answer.
    private(set) var warnings: [QueryWarning] = []
    /// The kinds a node variable can have, from every node pattern it stands in (nil: any).
    private var variableKinds: [String: Set<String>] = [:]
    /// The bound patterns of each EXISTS, by its number.
    private(set) var existsQueries: [Int: BoundExists] = [:]

    init(store: any GraphReading, parameters: [String: Value], derivedStack: [String] = []) {
        self.store = store
        self.parameters = parameters
        self.derivedStack = derivedStack
    }

    var schema: GraphSchema { store.schema }

    /// Binds a whole query.
    mutating func bind(_ query: Query, tracksFacts: Bool) throws(KGError) -> BoundQuery {
        var patterns: [BoundPattern] = []
        for pattern in query.patterns {
            patterns.append(try bindPattern(pattern))
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
        try warnAboutLoneVariables(in: query)
        return BoundQuery(mode: query.mode, variables: variables, slots: slots, patterns: patterns, filter: query.whereClause,
                          window: window, returnClause: query.returnClause, parameters: parameters, constants: constants,
                          tracksFacts: tracksFacts || usesEvidence, source: query, readings: readings, warnings: warnings,
                          existsQueries: existsQueries)
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
            let bound = try bindPattern(pattern)
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

    mutating func bindPattern(_ pattern: PathPattern) throws(KGError) -> BoundPattern {
        var nodes: [BoundNode] = []
        var steps: [BoundStep] = []
        nodes.append(try bindNode(pattern.start, inGroup: false))
        for hop in pattern.hops {
            steps.append(try bindStep(hop.step))
            nodes.append(try bindNode(hop.node, inGroup: false))
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

    private mutating func bindNode(_ node: NodePattern, inGroup: Bool) throws(KGError) -> BoundNode {
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
            try warnIfNoNodeCarries(constraint.key.name, kinds: kinds, span: constraint.key.span)
            try check(constraint.value, allowAggregates: false, aliases: [])
            properties.append((constraint.key.name, constraint.value))
        }
        var fixed: Int64?
        let variable = node.variable
        // The naming rule (NamingRule), from the text alone: a name after `=`,
        // a quoted string, a $parameter or a capitalised bare word names a
        // node; a lower-case bare word is a variable.
        if let nameRef = node.name {
            if case .identifier(let word) = nameRef.kind, !NamingRule.isNodeName(word) {
                // A lower-case word is never a name, not even after '='.
                throw KGError(.invalidPattern, "'\(word)' after '=' starts with a lower-case letter, so it would be a variable, not a node's name",
                              span: nameRef.span, suggestion: "quote the name, or capitalise it: (\(variable.map { $0.name + " " } ?? "")= \"\(word)\")")
            }
            let record = try resolve(nameRef, kinds: kinds)
            fixed = record.id
            note(reading: QueryPrinter.format(nameRef), as: record)
            if let v = variable { readings.append(.init(word: v.name, reading: "variable (bound to that node)")) }
        } else if let v = variable, NamingRule.isNodeName(v.name) {
            let record = try resolve(NameReference(.identifier(v.name), span: v.span), kinds: kinds)
            fixed = record.id
            note(reading: v.name, as: record)
        } else if let v = variable, !readings.contains(where: { $0.word == v.name }) {
            readings.append(.init(word: v.name, reading: "variable"))
        }
        if inGroup, let v = variable, fixed == nil {
            throw KGError(.invalidPattern, "a node inside a repeated group cannot have a variable ('\(v.name)')", span: v.span,
                          suggestion: "name the group's end nodes outside the parentheses instead")
        }
        let slot: Int
        if let v = variable, !inGroup { slot = try declare(v.name, sort: .node, span: v.span) } else { slot = anonymousSlot(.node, span: node.span) }
        if let v = variable, !inGroup {
            var known = kinds
            if let fixed, let record = try store.node(id: fixed) { known = [record.kind] }
            if let known { variableKinds[v.name] = variableKinds[v.name].map { $0.intersection(known) } ?? known }
        }
        if let fixed, let kinds, let record = try store.node(id: fixed), !kinds.contains(record.kind) {
            throw KGError(.typeMismatch, "'\(record.name)' is \(Plural.article(for: record.kind)) \(record.kind), not \(Plural.article(for: kinds.sorted().first ?? "")) \(kinds.sorted().joined(separator: " or "))", span: node.span)
        }
        return BoundNode(slot: slot, kinds: kinds, properties: properties, fixed: fixed, label: QueryPrinter.format(node), span: node.span)
    }

    private func resolve(_ reference: NameReference, kinds: Set<String>? = nil) throws(KGError) -> NodeRecord {
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
            return try store.resolve(name, kinds: kinds, span: reference.span)
        } catch {
            var e = error
            if e.code == .unknownNode, case .identifier(let word) = reference.kind, NamingRule.isNodeName(word) {
                e.suggestion = (e.suggestion.map { $0 + "; " } ?? "")
                    + "a capitalised word in parentheses names a node; to use a variable start it with a lower-case letter: (\(NamingRule.variableSpelling(of: word)))"
            }
            throw e
        }
    }

    /// Records for EXPLAIN how a word in node position was read.
    private mutating func note(reading word: String, as record: NodeRecord) {
        guard !readings.contains(where: { $0.word == word }) else { return }
        readings.append(.init(word: word, reading: "node \(record.key) (\(record.kind) \"\(record.name)\")"))
    }

    /// A lower-case word used once in node position, and nowhere else, that
    /// is also the name of a node: the query is right as the rule reads it
    /// (any node), but its writer may have meant the node. Warn, never change the answer.
    private mutating func warnAboutLoneVariables(in query: Query) throws(KGError) {
        let referenced = Self.referencedNames(in: query)
        var occurrences: [String: Int] = [:]
        var lone: [String: NodePattern] = [:]
        for pattern in query.patterns {
            for node in pattern.nodes {
                guard let v = node.variable?.name, node.name == nil else { continue }
                occurrences[v, default: 0] += 1
                if node.kinds.isEmpty && node.properties.isEmpty { lone[v] = node }
            }
        }
        for (name, node) in lone.sorted(by: { $0.key < $1.key }) where occurrences[name] == 1 && !referenced.contains(name) && !NamingRule.isNodeName(name) {
            guard let found = try? store.candidates(forName: name), let first = found.first else { continue }
            let named = found.count == 1 ? "the node '\(first.name)' (\(first.kind), key \(first.key))" : "\(found.count) nodes"
            warnings.append(QueryWarning("(\(name)) is a variable and matches any node, though \(named) \(found.count == 1 ? "is" : "are") also called '\(name)'",
                                         span: node.span, suggestion: "to mean the node write (\"\(name)\"), or (x = \"\(name)\") to keep a variable for it"))
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
                } else if let (typeName, isSymmetric, derived) = inversePhraseType(name) {
                    // `-[:licenses_patents_from]->`: the inverse phrase of licenses_patents_to, walked against it.
                    types.append(BoundEdgeType(name: typeName, inverse: !inverse, isSymmetric: isSymmetric, derived: derived))
                } else {
                    throw KGError(.unknownEdgeType, "the graph's schema has no edge type '\(name)'", span: reference.name.span,
                                  suggestion: edgeTypeSuggestion(for: name, direction: edge.direction)
                                    ?? "edge types are " + schema.allEdgeTypeNames.joined(separator: ", "))
                }
            }
            types = Self.distinctAlternatives(types, undirected: edge.direction == .undirected)
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
                    interior.append(try bindNode(group.nodes[i], inGroup: true))
                }
            }
            return .group(BoundSequence(steps: steps, interior: interior, text: QueryPrinter.format(PatternStep.group(group))),
                          repetition: group.quantifier)
        }
    }

    /// An alternation `:a|b` is a set of types: each edge it matches is
    /// matched once, however often a type is written or however it is spelt
    /// (`a|a`, `a|^a` without a direction, a symmetric `s|^s`, a type and
    /// its inverse phrase the other way round). Keeps the first of each.
    static func distinctAlternatives(_ types: [BoundEdgeType], undirected: Bool) -> [BoundEdgeType] {
        struct Walk: Hashable { var name: String; var derived: Bool; var inverse: Bool? }
        var seen = Set<Walk>()
        return types.filter { type in
            // Walked both ways, the direction of the reference no longer matters.
            let bothWays = undirected || type.isSymmetric
            return seen.insert(Walk(name: type.name, derived: type.derived, inverse: bothWays ? nil : type.inverse)).inserted
        }
    }

    /// The edge type whose inverse phrase, written with `_`, is `name`
    /// ("licenses patents from" → licenses_patents_from), if one is.
    private func inversePhraseType(_ name: String) -> (String, Bool, Bool)? {
        for typeName in schema.edgeTypeOrder {
            guard let t = schema.edgeTypes[typeName], !t.isSymmetric else { continue }
            if Self.phraseName(t.inversePhrase) == name { return (typeName, false, false) }
        }
        for typeName in schema.derivedTypeOrder {
            guard let t = schema.derivedTypes[typeName], !t.isSymmetric else { continue }
            if Self.phraseName(t.inversePhrase) == name { return (typeName, false, true) }
        }
        return nil
    }

    static func phraseName(_ phrase: String) -> String {
        phrase.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" }).joined(separator: "_")
    }

    /// "did you mean" for an unknown edge type. Near an inverse phrase the
    /// suggestion is the type walked the other way (`<-[:licenses_patents_to]-`),
    /// never the type as it stands, which would ask the opposite question.
    private func edgeTypeSuggestion(for name: String, direction: EdgeDirection) -> String? {
        var inverses: [String: String] = [:]
        for typeName in schema.edgeTypeOrder where schema.edgeTypes[typeName]?.isSymmetric == false {
            if let t = schema.edgeTypes[typeName] { inverses[Self.phraseName(t.inversePhrase)] = typeName }
        }
        for typeName in schema.derivedTypeOrder where schema.derivedTypes[typeName]?.isSymmetric == false {
            if let t = schema.derivedTypes[typeName] { inverses[Self.phraseName(t.inversePhrase)] = typeName }
        }
        guard let best = EditDistance.suggestion(for: name, among: schema.allEdgeTypeNames + inverses.keys.sorted()) else { return nil }
        if let forward = inverses[best] {
            let written: String
            switch direction {
            case .outgoing: written = "<-[:\(forward)]-"
            case .incoming: written = "-[:\(forward)]->"
            case .undirected: written = "-[:\(forward)]-"
            }
            return "did you mean \(written) ('\(best)' is \(forward) walked the other way)?"
        }
        return "did you mean '\(best)'?"
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
            if slots[name] == nil, !aliases.contains(name), constants[name] == nil, NamingRule.isNodeName(name) {
                // A capitalised word that is no variable stands for the node it names.
                do {
                    let record = try store.resolve(name, span: expression.span)
                    constants[name] = .node(record.id)
                    note(reading: name, as: record)
                } catch {
                    var e = error
                    if e.code == .unknownNode {
                        e.suggestion = (e.suggestion.map { $0 + "; " } ?? "")
                            + "a capitalised word names a node; a variable starts with a lower-case letter (\(NamingRule.variableSpelling(of: name)))"
                    }
                    throw e
                }
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
                    try checkNodeProperty(key, kinds: variableKinds[name], span: expression.span)
                    try warnIfNoNodeCarries(key, kinds: variableKinds[name], span: expression.span)
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
        case .binary(let op, let a, let b):
            try check(a, allowAggregates: allowAggregates, aliases: aliases)
            try check(b, allowAggregates: allowAggregates, aliases: aliases)
            if op.isComparison { try checkComparable(op, a, b, span: expression.span) }
        case .subscript(let a, let b):
            try check(a, allowAggregates: allowAggregates, aliases: aliases)
            try check(b, allowAggregates: allowAggregates, aliases: aliases)
        case .slice(let a, let b, let c):
            try check(a, allowAggregates: allowAggregates, aliases: aliases)
            for e in [b, c].compactMap({ $0 }) { try check(e, allowAggregates: allowAggregates, aliases: aliases) }
        case .hasKind(let e, let kinds):
            try check(e, allowAggregates: allowAggregates, aliases: aliases)
            if case .variable(let name) = e.kind, let slot = slots[name], variables[slot].sort != .node {
                throw KGError(.invalidArgument, "'\(name)' is \(variables[slot].sort == .edge ? "an edge" : "a path"); only a node has a kind",
                              span: e.span, suggestion: variables[slot].sort == .edge ? "compare the edge's type: type(\(name)) = 'x'" : nil)
            }
            for kind in kinds where schema.kinds[kind] == nil {
                throw KGError(.unknownKind, "the graph's schema has no node kind '\(kind)'", span: expression.span,
                              suggestion: EditDistance.suggestion(for: kind, among: schema.kindOrder).map { "did you mean '\($0)'?" }
                                ?? "kinds are " + schema.kindOrder.joined(separator: ", "))
            }
        case .listPredicate(let p):
            try check(p.list, allowAggregates: allowAggregates, aliases: aliases)
            guard slots[p.variable] == nil else {
                throw KGError(.variableConflict, "'\(p.variable)' is already a variable of the query", span: expression.span,
                              suggestion: "use another name for the item, e.g. \(p.quantifier.rawValue)(item IN … WHERE …)")
            }
            try check(p.condition, allowAggregates: false, aliases: aliases.union([p.variable]))
        case .exists(let e):
            try bindExists(e, aliases: aliases)
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

    // MARK: EXISTS and type checks

    /// Binds the patterns of an EXISTS in a copy of this binder: the
    /// variables of the query so far are joins, new ones are local.
    private mutating func bindExists(_ e: ExistsPredicate, aliases: Set<String>) throws(KGError) {
        var child = self
        let outerCount = variables.count
        var patterns: [BoundPattern] = []
        for pattern in e.patterns { patterns.append(try child.bindPattern(pattern)) }
        if let condition = e.condition { try child.check(condition, allowAggregates: false, aliases: aliases) }
        existsQueries = child.existsQueries
        existsQueries[e.id] = BoundExists(patterns: patterns, filter: e.condition, variables: child.variables, slots: child.slots,
                                          constants: child.constants, outerSlotCount: outerCount)
        for (name, value) in child.constants where constants[name] == nil { constants[name] = value }
        for reading in child.readings where !readings.contains(reading) { readings.append(reading) }
        warnings = child.warnings
    }

    /// The one declared type of `n.key` for a node variable whose kinds are known, if there is one.
    private func declaredType(of expression: Expression) -> PropertyType? {
        guard case .property(let base, let key) = expression.kind, case .variable(let name) = base.kind,
              let slot = slots[name], variables[slot].sort == .node else { return nil }
        // key and name are always a node's own strings, id its number.
        if key == "key" || key == "name" { return .string }
        if key == "id" { return .int }
        guard let kinds = variableKinds[name], !kinds.isEmpty,
              key != "kind" || kinds.contains(where: { schema.kinds[$0]?.properties[key] != nil }) else { return nil }
        var types = Set<PropertyType>()
        for kind in kinds {
            guard let k = schema.kinds[kind] else { return nil }
            if let declared = k.properties[key] { types.insert(declared.type) } else if k.isOpen { return nil }
        }
        return types.count == 1 ? types.first : nil
    }

    /// A comparison of a declared property with a literal of a type it can
    /// never equal or be ordered with (`c.founded > '2000'` on an int) is refused (KGB013).
    private func checkComparable(_ op: BinaryOperator, _ a: Expression, _ b: Expression, span: SourceSpan) throws(KGError) {
        try checkGraphElementComparison(op, a, b, span: span)
        guard [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(op) else { return }
        for (property, other) in [(a, b), (b, a)] {
            guard let type = declaredType(of: property), case .literal(let literal) = other.kind else { continue }
            let fits: Bool
            var hint: String
            switch (type, literal) {
            case (_, .null): fits = true; hint = ""
            case (.int, .integer), (.int, .decimal), (.float, .integer), (.float, .decimal), (.bool, .boolean), (.string, .string): fits = true; hint = ""
            case (.date, .date), (.date, .integer): fits = true; hint = ""
            case (.date, .string(let text)): fits = PartialDate(text) != nil; hint = "write the date without quotes, e.g. 2017-07"
            case (.int, .string(let text)), (.float, .string(let text)):
                fits = false; hint = Double(text) != nil ? "write the number without quotes: \(text)" : "compare with a number"
            case (.int, .date(let d)): fits = false; hint = "write the number: \(d.year)"
            case (.string, .integer(let i)): fits = false; hint = "write the text in quotes: '\(i)'"
            default: fits = false; hint = "compare with a \(type.rawValue)"
            }
            guard !fits else { continue }
            throw KGError(.typeMismatch, "\(QueryPrinter.format(property)) is declared \(type.rawValue), so it can never be \(op.symbol) \(QueryPrinter.format(other))",
                          span: span, suggestion: hint)
        }
    }

    /// A node or an edge compared with a string, number, date or boolean
    /// (written, or held by a parameter) can never hold: `WHERE c = "Xiaomi"`
    /// was 0 rows with status 0. It is refused (KGB013) with the comparison
    /// the user meant: a property of it, or the node named in the pattern.
    private func checkGraphElementComparison(_ op: BinaryOperator, _ a: Expression, _ b: Expression, span: SourceSpan) throws(KGError) {
        guard op.isComparison else { return }
        for (element, other) in [(a, b), (b, a)] {
            guard let sort = graphElementSort(of: element) else { continue }
            // `c IN [...]`: the items are what c is compared with; `x IN c` never reaches a node.
            let compared: [Expression]
            if op == .in {
                guard element == a else { continue }
                if case .list(let items) = other.kind { compared = items }
                else if case .parameter(let p) = other.kind, case .list(let values)? = parameters[p] {
                    // `c IN $names` with a list of strings: each value as a parameter would give it.
                    compared = values.first.map { _ in [other] } ?? []
                } else { compared = [other] }
            } else {
                compared = [other]
            }
            guard let (other, scalar) = compared.lazy.compactMap({ e in self.scalarDescription(of: e).map { (e, $0) } }).first else { continue }
            let name = QueryPrinter.format(element)
            // What to write instead: the value as written ($param or literal).
            let written = QueryPrinter.format(other)
            let suggestion: String
            switch (sort, scalar.value) {
            case ("node", .string):
                if case .variable(let v) = element.kind, slots[v] != nil {
                    suggestion = "compare one of its properties: \(v).name = \(written), or name the node in the pattern: (\(v) = \(written))"
                } else {
                    suggestion = "compare one of its properties, e.g. \(name).name = \(written)"
                }
            case ("node", _): suggestion = "compare one of its properties, e.g. \(name).PROPERTY = \(written)"
            case (_, .string): suggestion = "compare its type or one of its properties: type(\(name)) = \(written) or \(name).PROPERTY = \(written)"
            default: suggestion = "compare one of its properties, e.g. \(name).PROPERTY = \(written)"
            }
            throw KGError(.typeMismatch, "\(name) is \(sort == "node" ? "a node" : "an edge"), which never compares with \(scalar.kind) \(scalar.text) (\(op.symbol))",
                          span: span, suggestion: suggestion)
        }
    }

    /// "node" or "edge" when the expression is a node or edge variable, or a word naming a node.
    private func graphElementSort(of expression: Expression) -> String? {
        guard case .variable(let name) = expression.kind else { return nil }
        if let slot = slots[name] {
            switch variables[slot].sort {
            case .node: return "node"
            case .edge: return "edge"
            case .path: return nil
            }
        }
        if case .node? = constants[name] { return "node" }
        return nil
    }

    /// A literal (or a parameter's value) that is a string, number, date or boolean, as written.
    private func scalarDescription(of expression: Expression) -> (kind: String, text: String, value: Value)? {
        let value: Value
        switch expression.kind {
        case .literal(.string(let s)): value = .string(s)
        case .literal(.integer(let i)): value = .int(Int64(i))
        case .literal(.decimal(let d)): value = .double(d)
        case .literal(.date(let d)): value = .date(d)
        case .literal(.boolean(let b)): value = .bool(b)
        case .parameter(let p):
            guard var v = parameters[p] else { return nil }
            // A list parameter (for IN): its first scalar item stands for it.
            if case .list(let items) = v { guard let item = items.first(where: { if case .node = $0 { return false }; if case .edge = $0 { return false }; return true }) else { return nil }; v = item }
            value = v
        default: return nil
        }
        var text = QueryPrinter.format(expression)
        if case .parameter = expression.kind, case .string(let s) = value { text += " (" + QueryPrinter.format(Expression(.literal(.string(s)))) + ")" }
        switch value {
        case .string: return ("the string", text, value)
        case .int, .double: return ("the number", text, value)
        case .date: return ("the date", text, value)
        case .bool: return ("the boolean", text, value)
        default: return nil
        }
    }

    /// On a kind open to any property, a property no node of the kind
    /// carries gets a warning (the query stands: it may be meant).
    private mutating func warnIfNoNodeCarries(_ key: String, kinds: Set<String>?, span: SourceSpan) throws(KGError) {
        guard !Self.builtinNodeProperties.contains(key), let kinds, !kinds.isEmpty else { return }
        let open = kinds.filter { schema.kinds[$0]?.isOpen == true && schema.kinds[$0]?.properties[key] == nil }
        guard open.count == kinds.count else { return }
        for kind in open.sorted() where try store.someNode(ofKind: kind, hasProperty: key) { return }
        let known = try store.propertyNames(ofKinds: open.sorted())
        warnings.append(QueryWarning("no \(open.sorted().joined(separator: " or ")) node has a property '\(key)'", span: span,
                                     suggestion: EditDistance.suggestion(for: key, among: known).map { "did you mean '\($0)'?" }))
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
