/// RETURN: projection, implicit grouping for aggregates, DISTINCT, ORDER BY,
/// SKIP and LIMIT.
extension QueryExecutor {
    /// Runs every stage before the projection and returns the raw rows.
    func runRows() throws(KGError) -> [Row] {
        var rows = [Row(values: Array(repeating: .null, count: query.variables.count), facts: [], traces: [:])]
        for stage in plan.stages {
            switch stage {
            case .anchor(let p, let n, let strategy):
                rows = try runAnchor(rows, p, n, strategy)
            case .expand(let p, let s, let backward):
                rows = try runExpand(rows, p, s, backward)
            case .filter(let condition):
                var kept: [Row] = []
                for row in rows where try truth(evaluate(condition, row: row), span: condition.span) { kept.append(row) }
                rows = kept
            default:
                break
            }
        }
        return rows
    }

    static func aggregateKey(_ expression: Expression) -> String { "\u{0}" + QueryPrinter.format(expression) }

    func project(_ rows: [Row]) throws(KGError) -> QueryResult {
        let clause = query.returnClause
        var items = clause.items
        if clause.star {
            items = query.variables.filter { !$0.name.hasPrefix(" ") }.map {
                ReturnItem(Expression(.variable($0.name)), alias: nil)
            }
        }
        let columns = items.map(\.columnName)
        // Read every node the answer mentions in a few batched statements.
        let expressions = items.map(\.expression) + clause.orderBy.map(\.expression)
        let readSlots = Set(expressions.flatMap(\.propertyReadVariables)).compactMap { query.slots[$0] }
        // Only keys read (the usual answer of ids): the in-memory key column serves them.
        let onlyKeys = expressions.allSatisfy { $0.readsOnlyKeys }
        if onlyKeys && !readSlots.isEmpty && rows.count > (warm ? wideAnswer : 20_000) { _ = try store.nodeColumns() }
        if rows.count > 8 && !(onlyKeys && store.adjacency.columns != nil) {
            var ids: [Int64] = []
            for row in rows { for slot in readSlots { if case .node(let id) = row.values[slot] { ids.append(id) } } }
            if onlyKeys { try prefetchKeys(ids) } else { try prefetchNodes(ids) }
        }
        let aggregated = items.contains { $0.expression.containsAggregate }
        var values: [[Value]] = []
        var facts: [[Fact]] = []
        var representatives: [Row] = []

        if aggregated {
            var groups: [[Value]: Int] = [:]
            var members: [[Row]] = []
            var keys: [[Value]] = []
            let grouped = items.contains { !$0.expression.containsAggregate }
            if !grouped && !rows.isEmpty {
                // Only aggregates: one group of every row.
                members = [rows]
                keys = [[]]
            }
            for row in rows where grouped {
                try tick()
                var key: [Value] = []
                for item in items where !item.expression.containsAggregate { key.append(try evaluate(item.expression, row: row)) }
                if let index = groups[key] { members[index].append(row) }
                else {
                    groups[key] = members.count
                    members.append([row])
                    keys.append(key)
                }
            }
            // No rows and no grouping keys: one row of aggregates over nothing (count = 0).
            if rows.isEmpty && items.allSatisfy({ $0.expression.containsAggregate }) {
                members = [[]]
                keys = [[]]
            }
            for (index, group) in members.enumerated() {
                var aggregates: [String: Value] = [:]
                for item in items { try computeAggregates(in: item.expression, over: group, into: &aggregates) }
                var keyValues = keys[index].makeIterator()
                var out: [Value] = []
                for item in items {
                    if item.expression.containsAggregate {
                        out.append(try evaluate(item.expression, row: group.first, aliases: aggregates))
                    } else {
                        out.append(keyValues.next() ?? .null)
                    }
                }
                values.append(out)
                facts.append(group.flatMap(\.facts))
                representatives.append(group.first ?? Row(values: [], facts: [], traces: [:]))
            }
        } else {
            values.reserveCapacity(rows.count)
            facts.reserveCapacity(rows.count)
            representatives.reserveCapacity(rows.count)
            for row in rows {
                try tick()
                var out: [Value] = []
                out.reserveCapacity(items.count)
                for item in items { out.append(try evaluate(item.expression, row: row)) }
                values.append(out)
                facts.append(row.facts)
                representatives.append(row)
            }
        }

        if clause.distinct {
            var v: [[Value]] = [], f: [[Fact]] = [], r: [Row] = []
            v.reserveCapacity(values.count)
            if items.count == 1 {
                // One column: key the set by the value itself, not a one-element array.
                var seen = [Value: Int](minimumCapacity: values.count)
                for (i, row) in values.enumerated() {
                    if let index = seen[row[0]] { if tracksFacts { f[index] += facts[i] }; continue }
                    seen[row[0]] = v.count
                    v.append(row); f.append(facts[i]); r.append(representatives[i])
                }
            } else {
                var seen = [[Value]: Int](minimumCapacity: values.count)
                for (i, row) in values.enumerated() {
                    if let index = seen[row] { if tracksFacts { f[index] += facts[i] }; continue }
                    seen[row] = v.count
                    v.append(row); f.append(facts[i]); r.append(representatives[i])
                }
            }
            values = v; facts = f; representatives = r
        }

        if !clause.orderBy.isEmpty {
            var keys: [[Value]] = []
            for (i, row) in values.enumerated() {
                var aliasValues: [String: Value] = [:]
                for (c, item) in items.enumerated() {
                    aliasValues[item.columnName] = row[c]
                    if item.expression.containsAggregate { aliasValues[Self.aggregateKey(item.expression)] = row[c] }
                }
                var key: [Value] = []
                for sort in clause.orderBy {
                    if let column = items.firstIndex(where: { $0.expression == sort.expression || $0.alias?.name == QueryPrinter.format(sort.expression) }) {
                        key.append(row[column])
                    } else {
                        key.append(try evaluate(sort.expression, row: representatives[i], aliases: aliasValues))
                    }
                }
                // Nodes sort by name (then id), as people read them.
                keys.append(try key.map { (v: Value) throws(KGError) -> Value in
                    if case .node(let id) = v { return .list([.string(try node(id).name), .int(id)]) }
                    return v
                })
            }
            var order = Array(values.indices)
            let descending = clause.orderBy.map(\.descending)
            order.sort { x, y in
                for (k, desc) in descending.enumerated() {
                    let a = keys[x][k], b = keys[y][k]
                    if a.isNull != b.isNull { return b.isNull }   // nulls last
                    let c = compare(a, b) ?? sortRank(a).compare(sortRank(b))
                    if c == .orderedSame { continue }
                    return desc ? c == .orderedDescending : c == .orderedAscending
                }
                return x < y
            }
            values = order.map { values[$0] }
            facts = order.map { facts[$0] }
        }

        let skip = try count(clause.skip, what: "SKIP") ?? 0
        let limit = try count(clause.limit, what: "LIMIT")
        if skip > 0 || limit != nil {
            let start = min(skip, values.count)
            let end = limit.map { min(values.count, start + min($0, values.count)) } ?? values.count   // no overflow for huge SKIP/LIMIT
            values = Array(values[start..<max(start, end)])
            facts = Array(facts[start..<max(start, end)])
        }
        try checkRows(values.count)
        return QueryResult(columns: columns, rows: values, rowFacts: tracksFacts ? facts.map { Array(Set($0)).sorted() } : [],
                           touchedNodes: [], touchedEdges: [], planText: nil)
    }

    private func count(_ expression: Expression?, what: String) throws(KGError) -> Int? {
        guard let expression else { return nil }
        switch try evaluate(expression, row: nil) {
        case .int(let i) where i >= 0: return Int(i)
        case .string(let s): if let i = Int(s), i >= 0 { return i }
        default: break
        }
        throw KGError(.invalidArgument, "\(what) takes a whole number of at least 0", span: expression.span)
    }

    private func computeAggregates(in expression: Expression, over rows: [Row], into aggregates: inout [String: Value]) throws(KGError) {
        switch expression.kind {
        case .call(let call) where FunctionCatalogue.all[call.name.lowercased()]?.isAggregate == true:
            let key = Self.aggregateKey(expression)
            guard aggregates[key] == nil else { return }
            aggregates[key] = try aggregate(call, over: rows, span: expression.span)
        case .call(let call): for a in call.arguments { try computeAggregates(in: a, over: rows, into: &aggregates) }
        case .property(let base, _): try computeAggregates(in: base, over: rows, into: &aggregates)
        case .list(let items): for i in items { try computeAggregates(in: i, over: rows, into: &aggregates) }
        case .not(let e), .negate(let e), .isNull(let e, _): try computeAggregates(in: e, over: rows, into: &aggregates)
        case .binary(_, let a, let b), .subscript(let a, index: let b):
            try computeAggregates(in: a, over: rows, into: &aggregates)
            try computeAggregates(in: b, over: rows, into: &aggregates)
        case .slice(let a, _, _): try computeAggregates(in: a, over: rows, into: &aggregates)
        default: break
        }
    }

    private func aggregate(_ call: FunctionCall, over rows: [Row], span: SourceSpan) throws(KGError) -> Value {
        let name = call.name.lowercased()
        if call.star { return .int(Int64(rows.count)) }
        var values: [Value] = []
        for row in rows {
            let v = try evaluate(call.arguments[0], row: row)
            if !v.isNull { values.append(v) }
        }
        if call.distinct {
            if name == "count", values.allSatisfy(\.isNode) {
                // Counting distinct nodes: a set of ids.
                var ids = Set<Int64>(minimumCapacity: values.count)
                for case .node(let id) in values { ids.insert(id) }
                return .int(Int64(ids.count))
            }
            var seen = Set<Value>(minimumCapacity: values.count)
            values = values.filter { seen.insert($0).inserted }
        }
        switch name {
        case "count": return .int(Int64(values.count))
        case "collect": return .list(values)
        case "min", "max":
            var best: Value?
            for v in values {
                guard let current = best else { best = v; continue }
                let c = compare(v, current) ?? sortRank(v).compare(sortRank(current))
                if name == "min" ? c == .orderedAscending : c == .orderedDescending { best = v }
            }
            return best ?? .null
        case "sum", "avg":
            var total = 0.0
            var allInts = true
            var intTotal: Int64 = 0
            for v in values {
                switch v {
                case .int(let i):
                    total += Double(i)
                    let (sum, overflow) = intTotal.addingReportingOverflow(i)
                    intTotal = sum
                    if overflow { allInts = false }   // beyond 64 bits: the sum as a float, not a wrapped integer
                case .double(let d): total += d; allInts = false
                default: throw KGError(.runtimeType, "\(name)() adds numbers", span: span)
                }
            }
            if name == "sum" { return allInts ? .int(intTotal) : .double(total) }
            return values.isEmpty ? .null : .double(total / Double(values.count))
        default:
            return .null
        }
    }
}

/// A fallback order between values of different sorts (for ORDER BY, min, max).
func sortRank(_ v: Value) -> Int {
    switch v {
    case .null: return 9
    case .bool: return 0
    case .int, .double: return 1
    case .date: return 2
    case .string: return 3
    case .node: return 4
    case .edge: return 5
    case .path: return 6
    case .list: return 7
    case .map: return 8
    }
}

extension Int {
    func compare(_ other: Int) -> ComparisonResult { self < other ? .orderedAscending : (self > other ? .orderedDescending : .orderedSame) }
}

import Foundation
