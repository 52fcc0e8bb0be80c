import KGModel

/// Lists, maps and kinds in expressions: `xs[i]` (negative from the end),
/// `xs[a..b]`, `m["key"]` (also into JSON objects and arrays held in
/// properties: `e.occurrences[0].alt_group`), `n:Kind|Kind`, and
/// `ANY / ALL / NONE / SINGLE (v IN xs WHERE …)`.
extension QueryExecutor {
    func evaluateListOrKind(_ expression: Expression, row: Row?, aliases: [String: Value]) throws(KGError) -> Value {
        switch expression.kind {
        case .subscript(let base, let index):
            let container = try evaluate(base, row: row, aliases: aliases)
            let key = try evaluate(index, row: row, aliases: aliases)
            switch (container, key) {
            case (.null, _), (_, .null): return .null
            case (.list(let items), .int(let i)):
                let position = i < 0 ? Int64(items.count) + i : i
                return position >= 0 && position < Int64(items.count) ? items[Int(position)] : .null
            case (.map(let members), .string(let k)): return members[k] ?? .null
            case (.node, .string(let k)), (.edge, .string(let k)):
                return try evaluate(Expression(.property(base, key: k), span: expression.span), row: row, aliases: aliases)
            case (.list, _):
                throw KGError(.runtimeType, "a list is indexed by a whole number, such as xs[0] or xs[-1]", span: index.span)
            case (.map, _):
                throw KGError(.runtimeType, "a map is indexed by a string, such as m[\"key\"]", span: index.span)
            default:
                throw KGError(.runtimeType, "'\(QueryPrinter.format(base))' is not a list or a map, so it cannot be indexed", span: expression.span)
            }
        case .slice(let base, let from, let to):
            let container = try evaluate(base, row: row, aliases: aliases)
            let low = try from.map { e throws(KGError) in try evaluate(e, row: row, aliases: aliases) }
            let high = try to.map { e throws(KGError) in try evaluate(e, row: row, aliases: aliases) }
            if container.isNull || low?.isNull == true || high?.isNull == true { return .null }
            guard case .list(let items) = container else {
                throw KGError(.runtimeType, "only a list can be sliced", span: expression.span)
            }
            func bound(_ value: Value?, default fallback: Int) throws(KGError) -> Int {
                guard let value else { return fallback }
                guard case .int(let i) = value else { throw KGError(.runtimeType, "slice bounds are whole numbers", span: expression.span) }
                let n = Int64(items.count)
                return Int(max(0, min(n, i < 0 ? n + i : i)))
            }
            let a = try bound(low, default: 0), b = try bound(high, default: items.count)
            return a < b ? .list(Array(items[a..<b])) : .list([])
        case .hasKind(let base, let kinds):
            switch try evaluate(base, row: row, aliases: aliases) {
            case .null: return .null
            case .node(let id):
                if let kind = store.adjacency.columns?.kind(id) { return .bool(kinds.contains(kind)) }
                return .bool(kinds.contains(try node(id).kind))
            default:
                throw KGError(.runtimeType, "'\(QueryPrinter.format(base))' is not a node, so it has no kind", span: expression.span)
            }
        case .listPredicate(let p):
            let list = try evaluate(p.list, row: row, aliases: aliases)
            guard case .list(let items) = list else {
                if list.isNull { return .null }
                throw KGError(.runtimeType, "\(p.quantifier.rawValue)(… IN …) needs a list after IN", span: p.list.span)
            }
            var trues = 0, unknowns = 0
            var scope = aliases
            for item in items {
                scope[p.variable] = item
                switch try evaluate(p.condition, row: row, aliases: scope) {
                case .bool(true): trues += 1
                case .bool(false): break
                case .null: unknowns += 1
                default: throw KGError(.runtimeType, "the condition of \(p.quantifier.rawValue)(…) must be true or false", span: p.condition.span)
                }
            }
            let falses = items.count - trues - unknowns
            switch p.quantifier {
            case .any: return trues > 0 ? .bool(true) : (unknowns > 0 ? .null : .bool(false))
            case .all: return falses > 0 ? .bool(false) : (unknowns > 0 ? .null : .bool(true))
            case .none: return trues > 0 ? .bool(false) : (unknowns > 0 ? .null : .bool(true))
            case .single: return trues > 1 ? .bool(false) : (unknowns > 0 ? .null : .bool(trues == 1))
            }
        default:
            return try evaluate(expression, row: row, aliases: aliases)
        }
    }
}
