import KGModel

/// An expression compiled once per plan: a closure over a row, with every
/// variable already a slot, literals already values and literal lists (the
/// right side of `IN`) built once. Evaluating it does what
/// ``QueryExecutor/evaluate(_:row:aliases:)`` does with the same tree (the
/// same three-valued logic, the same comparisons, the same errors at the same
/// spans); parts it does not compile (aggregates, `evidence()`, EXISTS, list
/// operations, string operators) are handed to that interpreter whole.
struct CompiledExpression {
    let run: (Row, QueryExecutor) throws(KGError) -> Value

    func callAsFunction(_ row: Row, _ executor: QueryExecutor) throws(KGError) -> Value { try run(row, executor) }

    /// Compiles `expression` for rows of `query`.
    static func compile(_ expression: Expression, for query: BoundQuery) -> CompiledExpression {
        if let constant = constant(expression) { return CompiledExpression { _, _ in constant } }
        switch expression.kind {
        case .parameter(let name):
            return CompiledExpression { _, x in x.parameters[name] ?? .null }
        case .variable(let name):
            guard let slot = query.slots[name] else {
                let value = query.constants[name] ?? .null
                return CompiledExpression { _, _ in value }
            }
            return CompiledExpression { row, _ in slot < row.values.count ? row.values[slot] : .null }
        case .property(let base, let key):
            let object = compile(base, for: query)
            let span = expression.span
            let printed = QueryPrinter.format(base)
            return CompiledExpression { row, x throws(KGError) in
                switch try object(row, x) {
                case .node(let id):
                    // A key is the same from the key column, the keys read or the record.
                    if key == "key", let k = x.store.adjacency.columns?.key(id) ?? x.keyCache[id] { return .string(k) }
                    // A declared or stored property from its column, without the record.
                    if let value = try x.typedNodePropertyWithoutRecord(id, key) { return value }
                    return try x.nodeProperty(try x.node(id), key)
                case .edge(let id): return x.edgeProperty(try x.edge(id), key)
                case .map(let members): return members[key] ?? .null
                case .null: return .null
                default: throw KGError(.runtimeType, "'\(printed)' has no properties", span: span)
                }
            }
        case .not(let inner):
            let operand = compile(inner, for: query)
            let span = inner.span
            return CompiledExpression { row, x throws(KGError) in
                switch try operand(row, x) {
                case .null: return .null
                case let v: return .bool(!(try x.truth(v, span: span)))
                }
            }
        case .isNull(let inner, let negated):
            let operand = compile(inner, for: query)
            return CompiledExpression { row, x throws(KGError) in
                let isNull = try operand(row, x).isNull
                return .bool(negated ? !isNull : isNull)
            }
        case .binary(let op, let a, let b):
            return binary(op, a, b, expression, for: query)
        case .call(let call):
            return function(call, expression, for: query)
        default:
            return CompiledExpression { row, x throws(KGError) in try x.evaluate(expression, row: row) }
        }
    }

    private static func binary(_ op: BinaryOperator, _ a: Expression, _ b: Expression, _ whole: Expression,
                               for query: BoundQuery) -> CompiledExpression {
        let left = compile(a, for: query), right = compile(b, for: query)
        let leftSpan = a.span, rightSpan = b.span
        switch op {
        case .and, .or:
            return CompiledExpression { row, x throws(KGError) in
                try x.logical(op, try left(row, x), leftSpan: leftSpan, rightSpan: rightSpan) { () throws(KGError) -> Value in try right(row, x) }
            }
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in:
            return CompiledExpression { row, x throws(KGError) in
                let l = try left(row, x)
                let r = try right(row, x)
                if l.isNull || r.isNull { return .null }
                return try comparison(op, l, r, rightSpan: rightSpan) ?? .null
            }
        default:
            return CompiledExpression { row, x throws(KGError) in try x.evaluate(whole, row: row) }
        }
    }

    /// A scalar function with its name resolved once: its arguments compiled,
    /// then ``QueryExecutor/apply(_:_:_:span:)``. Aggregates, `evidence()`
    /// and a call of the wrong arity are left to the interpreter, which
    /// reports them as it always does.
    private static func function(_ call: FunctionCall, _ whole: Expression, for query: BoundQuery) -> CompiledExpression {
        let name = call.name.lowercased()
        guard name != "evidence", let function = FunctionCatalogue.all[name], !function.isAggregate,
              function.arity.contains(call.arguments.count) else {
            return CompiledExpression { row, x throws(KGError) in try x.evaluate(whole, row: row) }
        }
        let arguments = call.arguments.map { compile($0, for: query) }
        let span = whole.span
        return CompiledExpression { row, x throws(KGError) in
            var values: [Value] = []
            values.reserveCapacity(arguments.count)
            for argument in arguments { values.append(try argument(row, x)) }
            return try x.apply(name, call, values, span: span)
        }
    }

    /// The value of an expression that reads nothing from a row or a run:
    /// a literal, or a list of them.
    static func constant(_ expression: Expression) -> Value? {
        switch expression.kind {
        case .literal(let literal):
            return literal.value
        case .list(let items):
            var values: [Value] = []
            for item in items {
                guard let value = constant(item) else { return nil }
                values.append(value)
            }
            return .list(values)
        default:
            return nil
        }
    }
}

extension Literal {
    /// The literal as a value.
    var value: Value {
        switch self {
        case .string(let s): .string(s)
        case .integer(let i): .int(Int64(i))
        case .decimal(let d): .double(d)
        case .date(let d): .date(d)
        case .boolean(let b): .bool(b)
        case .null: .null
        }
    }
}
