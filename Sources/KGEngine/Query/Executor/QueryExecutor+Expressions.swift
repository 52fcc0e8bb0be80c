import Foundation
import KGModel
import KGStorage

/// Evaluating expressions over a row: three-valued logic (null is unknown),
/// numbers compare across int and float, strings holding dates compare with
/// dates, and a partial date compares by the first day it covers.
extension QueryExecutor {
    func evaluate(_ expression: Expression, row: Row?, aliases: [String: Value] = [:]) throws(KGError) -> Value {
        switch expression.kind {
        case .literal(let literal):
            return literal.value
        case .parameter(let name):
            return parameters[name] ?? .null
        case .variable(let name):
            if let value = aliases[name] { return value }
            guard let slot = query.slots[name] else { return query.constants[name] ?? .null }
            // No row, or the empty stand-in row of an aggregate over no rows
            // (MATCH finds nothing, RETURN count(*) ORDER BY b): null.
            guard let row, slot < row.values.count else { return .null }
            return row.values[slot]
        case .property(let base, let key):
            switch try evaluate(base, row: row, aliases: aliases) {
            case .node(let id):
                // A key is the same from the key column, the keys read or the record.
                if key == "key", let k = store.adjacency.columns?.key(id) ?? keyCache[id] { return .string(k) }
                // A declared or stored property from its column, without the record.
                if let value = try typedNodePropertyWithoutRecord(id, key) { return value }
                return try nodeProperty(try node(id), key)
            case .edge(let id): return edgeProperty(try edge(id), key)
            case .map(let members): return members[key] ?? .null
            case .null: return .null
            default:
                throw KGError(.runtimeType, "'\(QueryPrinter.format(base))' has no properties", span: expression.span)
            }
        case .list(let items):
            var values: [Value] = []
            for item in items { values.append(try evaluate(item, row: row, aliases: aliases)) }
            return .list(values)
        case .not(let e):
            switch try evaluate(e, row: row, aliases: aliases) {
            case .null: return .null
            case let v: return .bool(!(try truth(v, span: e.span)))
            }
        case .negate(let e):
            switch try evaluate(e, row: row, aliases: aliases) {
            case .int(let i):
                guard i != .min else {   // -(-2^63) does not fit: it trapped (a --param can hold it)
                    throw KGError(.runtimeType, "-(\(i)) does not fit in a 64-bit integer", span: expression.span)
                }
                return .int(-i)
            case .double(let d): return .double(-d)
            case .null: return .null
            default: throw KGError(.runtimeType, "only numbers can be negated", span: expression.span)
            }
        case .isNull(let e, let negated):
            let isNull = try evaluate(e, row: row, aliases: aliases).isNull
            return .bool(negated ? !isNull : isNull)
        case .binary(let op, let a, let b):
            return try binary(op, a, b, row: row, aliases: aliases, span: expression.span)
        case .subscript, .slice, .hasKind, .listPredicate:
            return try evaluateListOrKind(expression, row: row, aliases: aliases)
        case .exists(let predicate):
            return try exists(predicate, row: row)
        case .call(let call):
            if FunctionCatalogue.all[call.name.lowercased()]?.isAggregate == true {
                guard let value = aliases[Self.aggregateKey(expression)] else {
                    throw KGError(.invalidAggregate, "\(call.name)() aggregates rows and is not allowed here", span: expression.span)
                }
                return value
            }
            return try callFunction(call, row: row, aliases: aliases, span: expression.span)
        }
    }

    func truth(_ value: Value, span: SourceSpan? = nil) throws(KGError) -> Bool {
        switch value {
        case .bool(let b): return b
        case .null: return false
        default: throw KGError(.runtimeType, "a condition must be true or false", span: span)
        }
    }

    private func binary(_ op: BinaryOperator, _ a: Expression, _ b: Expression, row: Row?, aliases: [String: Value], span: SourceSpan) throws(KGError) -> Value {
        switch op {
        case .and, .or:
            return try logical(op, try evaluate(a, row: row, aliases: aliases), leftSpan: a.span, rightSpan: b.span) { () throws(KGError) -> Value in
                try evaluate(b, row: row, aliases: aliases)
            }
        default: break
        }
        let l = try evaluate(a, row: row, aliases: aliases)
        let r = try evaluate(b, row: row, aliases: aliases)
        if l.isNull || r.isNull { return .null }
        if let value = try comparison(op, l, r, rightSpan: b.span) { return value }
        switch op {
        case .contains, .startsWith, .endsWith:
            guard let ls = try text(l), let rs = try text(r) else {
                throw KGError(.runtimeType, "\(op.symbol) compares strings", span: span)
            }
            switch op {
            case .contains: return .bool(ls.contains(rs))
            case .startsWith: return .bool(ls.hasPrefix(rs))
            default: return .bool(ls.hasSuffix(rs))
            }
        default: return .null
        }
    }

    /// AND and OR in three-valued logic: the right side is evaluated only
    /// when the left does not decide (false for AND, true for OR).
    func logical(_ op: BinaryOperator, _ left: Value, leftSpan: SourceSpan, rightSpan: SourceSpan,
                 right: () throws(KGError) -> Value) throws(KGError) -> Value {
        let decisive = op == .or
        if case .bool(let b) = left, b == decisive { return .bool(decisive) }
        let r = try right()
        if case .bool(let b) = r, b == decisive { return .bool(decisive) }
        if left.isNull || r.isNull { return .null }
        let x = try truth(left, span: leftSpan), y = try truth(r, span: rightSpan)
        return .bool(decisive ? x || y : x && y)
    }

    private func text(_ value: Value) throws(KGError) -> String? {
        switch value {
        case .string(let s): return s
        case .date(let d): return d.description
        case .node(let id): return try node(id).name
        default: return nil
        }
    }

    /// A node's property. `key`, `id` and `name` are always the node's own;
    /// a declared property called `kind` (an agreement's kind of deal) wins
    /// over the node's kind (use kind(n) for that).
    func nodeProperty(_ record: NodeRecord, _ key: String) throws(KGError) -> Value {
        if key != "key" && key != "id" && key != "name", propsCache[record.id] == nil, record.propsJSON != "{}",
           let value = try typedNodeProperty(record.id, kind: record.kind, key) {
            return value   // from the property's column: no JSON parsed
        }
        if key != "key" && key != "id" && key != "name", let json = properties(of: record)[key] {
            return Value(json, type: store.schema.kinds[record.kind]?.properties[key]?.type)
        }
        switch key {
        case "key": return .string(record.key)
        case "name": return .string(record.name)
        case "kind": return .string(record.kind)
        case "id": return .int(record.id)
        default:
            guard let json = record.props[key] else { return .null }
            return Value(json, type: store.schema.kinds[record.kind]?.properties[key]?.type)
        }
    }

    /// A node's parsed properties, parsed once per query.
    func properties(of record: NodeRecord) -> [String: JSONValue] {
        if record.propsJSON == "{}" { return [:] }
        if let cached = propsCache[record.id] { return cached }
        let parsed = record.props
        propsCache[record.id] = parsed
        return parsed
    }

    func edgeProperty(_ record: EdgeRecord, _ key: String) -> Value {
        switch key {
        case "type": return .string(record.type)
        case "id": return .int(record.id)
        case "valid_from": return record.period.from.map(Value.date) ?? .null
        case "valid_to": return record.period.to.map(Value.date) ?? .null
        default:
            guard let json = record.props[key] else { return .null }
            return Value(json, type: store.schema.edgeTypes[record.type]?.properties[key]?.type)
        }
    }

    private func callFunction(_ call: FunctionCall, row: Row?, aliases: [String: Value], span: SourceSpan) throws(KGError) -> Value {
        let name = call.name.lowercased()
        if name == "evidence" {
            var facts = row?.facts ?? []
            if let argument = call.arguments.first {
                facts = []
                switch try evaluate(argument, row: row, aliases: aliases) {
                case .edge(let id): facts = [.edge(id)]
                case .node(let id): facts = [.node(id)]
                case .path(let p): facts = p.steps.compactMap { $0.edge.map(Fact.edge) }
                case .null: return .null
                default: throw KGError(.invalidArgument, "evidence() takes an edge, a node or a path", span: span)
                }
            }
            return try evidenceValue(facts)
        }
        // The binder checks arities; an expression it did not see must still never index past the arguments.
        if let function = FunctionCatalogue.all[name], !function.isAggregate, !function.arity.contains(call.arguments.count) {
            throw KGError(.invalidArgument, "\(call.name)() takes \(function.arity.lowerBound)…\(function.arity.upperBound) arguments, not \(call.arguments.count)",
                          span: span)
        }
        var args: [Value] = []
        for a in call.arguments { args.append(try evaluate(a, row: row, aliases: aliases)) }
        return try apply(name, call, args, span: span)
    }

    /// A scalar function (name lower-cased, arity checked) over its evaluated arguments.
    func apply(_ name: String, _ call: FunctionCall, _ args: [Value], span: SourceSpan) throws(KGError) -> Value {
        if args.contains(where: \.isNull), name != "coalesce" { return .null }
        switch name {
        case "length":
            switch args[0] {
            case .path(let p): return .int(Int64(p.length))
            case .string(let s): return .int(Int64(s.count))
            case .list(let l): return .int(Int64(l.count))
            default: throw KGError(.invalidArgument, "length() takes a path, a string or a list", span: span)
            }
        case "size":
            switch args[0] {
            case .list(let l): return .int(Int64(l.count))
            case .string(let s): return .int(Int64(s.count))
            case .map(let m): return .int(Int64(m.count))
            default: throw KGError(.invalidArgument, "size() takes a list, a string or a map", span: span)
            }
        case "nodes":
            guard case .path(let p) = args[0] else { throw KGError(.invalidArgument, "nodes() takes a path", span: span) }
            return .list(p.nodes.map(Value.node))
        case "edges":
            guard case .path(let p) = args[0] else { throw KGError(.invalidArgument, "edges() takes a path", span: span) }
            return .list(p.steps.map { step in step.edge.map(Value.edge) ?? .map(["type": .string(step.type), "from": .node(step.from), "to": .node(step.to)]) })
        case "key", "name", "kind":
            guard case .node(let id) = args[0] else { throw KGError(.invalidArgument, "\(name)() takes a node", span: span) }
            let record = try node(id)
            return .string(name == "key" ? record.key : name == "name" ? record.name : record.kind)
        case "type":
            guard case .edge(let id) = args[0] else { throw KGError(.invalidArgument, "type() takes an edge", span: span) }
            return .string(try edge(id).type)
        case "coalesce":
            return args.first { !$0.isNull } ?? .null
        case "lower", "upper":
            guard case .string(let s) = args[0] else { throw KGError(.invalidArgument, "\(name)() takes a string", span: span) }
            return .string(name == "lower" ? s.lowercased() : s.uppercased())
        case "year":
            switch args[0] {
            case .date(let d): return .int(Int64(d.year))
            case .string(let s): if let d = PartialDate(s) { return .int(Int64(d.year)) }
            default: break
            }
            throw KGError(.invalidArgument, "year() takes a date", span: span)
        default:
            throw KGError(.invalidAggregate, "\(call.name)() aggregates rows and is not allowed here", span: span)
        }
    }

    /// The evidence of facts as a list of maps: the facts a quote supports,
    /// the source, its file and date, and the quote.
    func evidenceValue(_ facts: [Fact]) throws(KGError) -> Value {
        .list(try store.evidenceItems(for: facts).map(\.value))
    }
}

/// `=`, `<>`, `<`, `<=`, `>`, `>=` and `IN` over two values that are not
/// null; nil for any other operator.
func comparison(_ op: BinaryOperator, _ l: Value, _ r: Value, rightSpan: SourceSpan) throws(KGError) -> Value? {
    switch op {
    case .equal: return .bool(compare(l, r) == .orderedSame)
    case .notEqual: return .bool(compare(l, r) != .orderedSame)
    case .less, .lessOrEqual, .greater, .greaterOrEqual:
        guard let order = compare(l, r) else { return .null }
        switch op {
        case .less: return .bool(order == .orderedAscending)
        case .lessOrEqual: return .bool(order != .orderedDescending)
        case .greater: return .bool(order == .orderedDescending)
        default: return .bool(order != .orderedAscending)
        }
    case .in:
        guard case .list(let items) = r else {
            throw KGError(.runtimeType, "IN needs a list on its right, such as ['a', 'b']", span: rightSpan)
        }
        return .bool(items.contains { compare(l, $0) == .orderedSame })
    default:
        return nil
    }
}

/// Compares two values: nil when they cannot be ordered (different sorts).
func compare(_ a: Value, _ b: Value) -> ComparisonResult? {
    func order<T: Comparable>(_ x: T, _ y: T) -> ComparisonResult { x < y ? .orderedAscending : (x > y ? .orderedDescending : .orderedSame) }
    switch (a, b) {
    case (.int(let x), .int(let y)): return order(x, y)
    case (.int(let x), .double(let y)): return order(Double(x), y)
    case (.double(let x), .int(let y)): return order(x, Double(y))
    case (.double(let x), .double(let y)): return order(x, y)
    case (.string(let x), .string(let y)): return order(x, y)
    case (.bool(let x), .bool(let y)): return order(x ? 1 : 0, y ? 1 : 0)
    case (.date(let x), .date(let y)):
        if x == y { return .orderedSame }
        return x.firstDay == y.firstDay ? order(x.precision, y.precision) : order(x.firstDay, y.firstDay)
    case (.date, .string(let s)): return PartialDate(s).flatMap { compare(a, .date($0)) }
    case (.string(let s), .date): return PartialDate(s).flatMap { compare(.date($0), b) }
    case (.date(let d), .int(let y)): return PartialDate(year: Int(y)).flatMap { compare(.date(d), .date($0)) }
    case (.int(let y), .date(let d)): return PartialDate(year: Int(y)).flatMap { compare(.date($0), .date(d)) }
    case (.node(let x), .node(let y)): return order(x, y)
    case (.edge(let x), .edge(let y)): return order(x, y)
    case (.null, .null): return .orderedSame
    case (.list(let x), .list(let y)):
        for (u, v) in zip(x, y) {
            guard let c = compare(u, v) else { return nil }
            if c != .orderedSame { return c }
        }
        return order(x.count, y.count)
    case (.path(let x), .path(let y)): return x == y ? .orderedSame : order(x.length, y.length)
    default: return nil
    }
}
