import Foundation
import KGModel

extension QueryExecutor {
    static func aggregateKey(_ expression: Expression) -> String { "\u{0}" + QueryPrinter.format(expression) }
}

/// RETURN: projection, implicit grouping for aggregates, DISTINCT, ORDER BY,
/// SKIP and LIMIT, fed chunk by chunk as the stages before it make rows.
///
/// What it keeps is only what the answer needs: without ORDER BY it stops
/// the pipeline once SKIP + LIMIT rows are there (``add(_:)`` returns
/// false); aggregates are running totals per group (count(*) over a billion
/// rows holds one number), never the group's rows; ORDER BY … LIMIT k keeps
/// the best k rows (sorted and cut whenever the buffer doubles). Everything
/// it holds is charged to the query's memory budget, and sorting ticks it.
final class ProjectionSink {
    private let executor: QueryExecutor
    private var budget: QueryBudget { executor.budget }
    private let clause: ReturnClause
    private let items: [ReturnItem]
    /// The items compiled once per run (those without an aggregate).
    private let compiledItems: [CompiledExpression]
    /// The items without an aggregate, compiled: the key of a group.
    private let groupKey: [CompiledExpression]
    private let columns: [String]
    /// Each item's name for ORDER BY (alias or whole expression text), printed once.
    private let itemNames: [String]
    private let readSlots: [Int]
    private let onlyKeys: Bool
    private let aggregated: Bool
    private let grouped: Bool
    private let calls: [AggregateCall]
    private let skip: Int
    private let limit: Int?
    /// SKIP + LIMIT, saturating: the rows that make the answer complete.
    private let needed: Int?
    private let tracksFacts: Bool
    /// ORDER BY: for each sort item, the column it names (nil: evaluated).
    private let sortColumns: [Int?]
    /// ORDER BY … LIMIT: how many rows to keep while sorting.
    private let keep: Int?

    // Rows of a plain projection (no aggregate).
    private var values: [[Value]] = []
    private var facts: [[Fact]] = []
    private var sortKeys: [[Value]] = []
    private var arrival: [Int] = []
    private var arrivals = 0
    private var seenOne: [Value: Int] = [:]
    /// DISTINCT of one node or its key: the slot whose node ids are kept
    /// (keys are unique, so the same node is the same key), and those seen.
    private let distinctNodeSlot: Int?
    private var seenNodes: NodeSet
    private var seenMany: [[Value]: Int] = [:]
    // Groups of an aggregating projection.
    private var groupIndex: [[Value]: Int] = [:]
    private var groups: [Group] = []
    private var rowsSeen = 0
    private(set) var touchedNodes = Set<Int64>()
    private(set) var touchedEdges = Set<Int64>()

    struct AggregateCall {
        var key: String
        var name: String
        var call: FunctionCall
        var span: SourceSpan
        /// The argument, compiled (nil for `count(*)`).
        var argument: CompiledExpression?
    }

    /// A running aggregate.
    struct Accumulator {
        var count = 0
        var values: [Value] = []
        var seen: Set<Value>?
        /// DISTINCT nodes, by id (a bitmap when ids are dense).
        var seenNodes: NodeSet?
        var best: Value?
        var total = 0.0
        var intTotal: Int64 = 0
        var allInts = true
    }

    struct Group {
        var key: [Value]
        var representative: Row?
        var accumulators: [Accumulator]
        var facts: [Fact] = []
    }

    init(_ executor: QueryExecutor) throws(KGError) {
        self.executor = executor
        let query = executor.query
        clause = query.returnClause
        var items = clause.items
        if clause.star {
            items = query.variables.filter { !$0.name.hasPrefix(" ") }.map {
                ReturnItem(Expression(.variable($0.name)), alias: nil)
            }
        }
        self.items = items
        // Compiled by the plan's first run and kept with its RETURN operator.
        let root = executor.plan.root as? Return
        let compiled = root?.compiledItems ?? items.map { CompiledExpression.compile($0.expression, for: query) }
        root?.compiledItems = compiled
        compiledItems = compiled
        distinctNodeSlot = clause.distinct && items.count == 1 && !executor.tracksFacts ? Self.nodeSlot(of: items[0].expression, in: query) : nil
        seenNodes = NodeSet(capacity: distinctNodeSlot == nil ? nil : executor.store.adjacency.maxNodeID)
        groupKey = zip(items, compiledItems).filter { !$0.0.expression.containsAggregate }.map(\.1)
        columns = items.map(\.header)
        itemNames = items.map(\.columnName)
        let expressions = items.map(\.expression) + clause.orderBy.map(\.expression)
        readSlots = Set(expressions.flatMap(\.propertyReadVariables)).compactMap { query.slots[$0] }
        // Only keys read (the usual answer of ids): the in-memory key column serves them.
        onlyKeys = expressions.allSatisfy { $0.readsOnlyKeys }
        aggregated = items.contains { $0.expression.containsAggregate }
        grouped = items.contains { !$0.expression.containsAggregate }
        var calls: [AggregateCall] = []
        for item in items { Self.collectAggregates(in: item.expression, into: &calls) }
        let arguments = root?.compiledArguments ?? calls.map { call in
            call.call.star ? nil : call.call.arguments.first.map { CompiledExpression.compile($0, for: query) }
        }
        root?.compiledArguments = arguments
        for i in calls.indices { calls[i].argument = arguments[i] }
        self.calls = calls
        tracksFacts = executor.tracksFacts
        let skip = try Self.count(clause.skip, what: "SKIP", executor) ?? 0
        let limit = try Self.count(clause.limit, what: "LIMIT", executor)
        self.skip = skip
        self.limit = limit
        let needed = limit.map { skip.addingReportingOverflow($0).overflow ? Int.max : skip + $0 }
        self.needed = needed
        let clause = self.clause
        sortColumns = clause.orderBy.map { sort in
            items.firstIndex { $0.expression == sort.expression || $0.alias?.name == QueryPrinter.format(sort.expression) }
        }
        // Keeping the best k needs rows that never merge their facts later.
        keep = clause.orderBy.isEmpty || items.contains(where: { $0.expression.containsAggregate }) || (clause.distinct && executor.tracksFacts) ? nil
            : needed.flatMap { $0 <= 1_000_000 ? $0 : nil }
    }

    /// The node slot of `n` or `n.key`, whose distinct values are its distinct nodes.
    private static func nodeSlot(of expression: Expression, in query: BoundQuery) -> Int? {
        var base = expression
        if case .property(let inner, "key") = expression.kind { base = inner }
        guard case .variable(let name) = base.kind, let slot = query.slots[name], query.variables[slot].sort == .node else { return nil }
        return slot
    }

    /// SKIP and LIMIT: a whole number of at least 0 (literal or parameter).
    private static func count(_ expression: Expression?, what: String, _ executor: QueryExecutor) throws(KGError) -> Int? {
        guard let expression else { return nil }
        if case .int(let i) = try executor.evaluate(expression, row: nil), i >= 0 { return Int(i) }
        throw KGError(.invalidArgument, "\(what) takes a whole number of at least 0", span: expression.span,
                      suggestion: "for example \(what) 10, or \(what) $n with --param n=10")
    }

    private static func collectAggregates(in expression: Expression, into calls: inout [AggregateCall]) {
        switch expression.kind {
        case .call(let call) where FunctionCatalogue.all[call.name.lowercased()]?.isAggregate == true:
            let key = QueryExecutor.aggregateKey(expression)
            if !calls.contains(where: { $0.key == key }) {
                calls.append(AggregateCall(key: key, name: call.name.lowercased(), call: call, span: expression.span))
            }
        case .call(let call): for a in call.arguments { collectAggregates(in: a, into: &calls) }
        case .property(let base, _): collectAggregates(in: base, into: &calls)
        case .list(let items): for i in items { collectAggregates(in: i, into: &calls) }
        case .not(let e), .negate(let e), .isNull(let e, _): collectAggregates(in: e, into: &calls)
        case .binary(_, let a, let b), .subscript(let a, index: let b):
            collectAggregates(in: a, into: &calls)
            collectAggregates(in: b, into: &calls)
        case .slice(let a, _, _), .hasKind(let a, _): collectAggregates(in: a, into: &calls)
        default: break
        }
    }

    // MARK: Rows in

    /// Takes a chunk of rows; false when the answer needs no more.
    func add(_ rows: [Row]) throws(KGError) -> Bool {
        let store = executor.store
        if tracksFacts { try touch(rows) }
        // Read every node the answer mentions in a few batched statements.
        if onlyKeys && !readSlots.isEmpty && executor.keysFromColumns && store.adjacency.columns == nil { _ = try store.nodeColumns() }
        if rows.count > 8 && !(onlyKeys && store.adjacency.columns != nil) {
            var ids: [Int64] = []
            for row in rows { for slot in readSlots { if case .node(let id) = row.values[slot] { ids.append(id) } } }
            if onlyKeys { try executor.prefetchKeys(ids) } else { try executor.prefetchNodes(ids) }
        }
        rowsSeen += rows.count
        if aggregated {
            for row in rows { try aggregate(row) }
            return true
        }
        for row in rows {
            try budget.tick()
            var byNode = false
            if let slot = distinctNodeSlot, case .node(let id) = row.values[slot] {
                guard seenNodes.insert(id) else { continue }
                try budget.charge(16)
                byNode = true
            }
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in compiledItems { out.append(try item(row, executor)) }
            if clause.distinct, !byNode {
                if items.count == 1 {
                    if let index = seenOne[out[0]] { if tracksFacts { facts[index] += row.facts; try budget.charge(row.facts.count * MemoryEstimate.fact) }; continue }
                    seenOne[out[0]] = values.count
                } else {
                    if let index = seenMany[out] { if tracksFacts { facts[index] += row.facts; try budget.charge(row.facts.count * MemoryEstimate.fact) }; continue }
                    seenMany[out] = values.count
                }
                try budget.charge(MemoryEstimate.entry + MemoryEstimate.of(out))
            }
            if !clause.orderBy.isEmpty {
                let key = try sortKey(out, representative: row)
                sortKeys.append(key)
                arrival.append(arrivals)
                try budget.charge(MemoryEstimate.of(key) + 8)
            }
            arrivals += 1
            try budget.charge(MemoryEstimate.of(out) + row.facts.count * MemoryEstimate.fact + 32)
            values.append(out)
            facts.append(tracksFacts ? row.facts : [])
            if let keep, values.count >= 2 * keep + 1024 { try cut(to: keep) }
            if clause.orderBy.isEmpty, let needed, values.count >= needed, !(clause.distinct && tracksFacts) { return false }
            if limit.map({ $0 > executor.limits.rowLimit }) ?? true, keep == nil { try executor.checkRows(values.count - skip) }
        }
        return true
    }

    /// `count` rows counted elsewhere (the independent parts of a cross
    /// product): the aggregates are count(*) only.
    func addCount(_ count: Int) {
        guard count > 0 else { return }
        var accumulator = Accumulator()
        accumulator.count = count
        groups = [Group(key: [], representative: nil, accumulators: Array(repeating: accumulator, count: calls.count))]
    }

    /// What the answer touches (for DOT of an answer): only when facts are tracked.
    private func touch(_ rows: [Row]) throws(KGError) {
        let variables = executor.query.variables
        let before = touchedNodes.count + touchedEdges.count
        for row in rows {
            for (slot, variable) in variables.enumerated() {
                switch (variable.sort, row.values[slot]) {
                case (.node, .node(let id)): touchedNodes.insert(id)
                case (.edge, .edge(let id)): touchedEdges.insert(id)
                case (.path, .path(let path)):
                    touchedNodes.formUnion(path.nodes)
                    touchedEdges.formUnion(path.steps.compactMap(\.edge))
                default: break
                }
            }
            for fact in row.facts {
                switch fact {
                case .edge(let e): touchedEdges.insert(e)
                case .node(let n): touchedNodes.insert(n)
                }
            }
        }
        try budget.charge((touchedNodes.count + touchedEdges.count - before) * MemoryEstimate.entry)
    }

    private func aggregate(_ row: Row) throws(KGError) {
        try budget.tick()
        var index = 0
        if grouped {
            var key: [Value] = []
            key.reserveCapacity(groupKey.count)
            for item in groupKey { key.append(try item(row, executor)) }
            if let found = groupIndex[key] {
                index = found
            } else {
                index = groups.count
                groupIndex[key] = index
                groups.append(Group(key: key, representative: row, accumulators: Array(repeating: Accumulator(), count: calls.count)))
                try budget.charge(2 * MemoryEstimate.entry + 2 * MemoryEstimate.of(key) + MemoryEstimate.of(row, paths: tracksFacts)
                                  + calls.count * 96)
                if limit.map({ $0 > executor.limits.rowLimit }) ?? true { try executor.checkRows(groups.count - skip) }
            }
        } else if groups.isEmpty {
            groups.append(Group(key: [], representative: row, accumulators: Array(repeating: Accumulator(), count: calls.count)))
            try budget.charge(MemoryEstimate.of(row, paths: tracksFacts) + calls.count * 96)
        }
        for (c, call) in calls.enumerated() { try accumulate(&groups[index].accumulators[c], call, row: row) }
        if tracksFacts {
            groups[index].facts += row.facts
            try budget.charge(row.facts.count * MemoryEstimate.fact)
        }
    }

    private func accumulate(_ acc: inout Accumulator, _ aggregate: AggregateCall, row: Row) throws(KGError) {
        if aggregate.call.star { acc.count += 1; return }
        guard let argument = aggregate.argument else {
            throw KGError(.invalidArgument, "\(aggregate.call.name)() needs an argument", span: aggregate.span, suggestion: "count(*) counts rows")
        }
        let v = try argument(row, executor)
        if v.isNull { return }
        if aggregate.call.distinct {
            if case .node(let id) = v {
                if acc.seenNodes == nil {
                    acc.seenNodes = NodeSet(capacity: executor.store.adjacency.maxNodeID)
                    try budget.charge((executor.store.adjacency.maxNodeID ?? 0) / 8 + 64)
                }
                guard acc.seenNodes?.insert(id) == true else { return }
                try budget.charge(16)
            } else {
                if acc.seen == nil { acc.seen = [] }
                guard acc.seen?.insert(v).inserted == true else { return }
                try budget.charge(MemoryEstimate.entry + MemoryEstimate.of(v))
            }
        }
        switch aggregate.name {
        case "count":
            acc.count += 1
        case "collect":
            acc.values.append(v)
            try budget.charge(MemoryEstimate.of(v))
        case "min", "max":
            guard let current = acc.best else { acc.best = v; return }
            let c = compare(v, current) ?? sortRank(v).compare(sortRank(current))
            if aggregate.name == "min" ? c == .orderedAscending : c == .orderedDescending { acc.best = v }
        case "sum", "avg":
            switch v {
            case .int(let i):
                acc.total += Double(i)
                let (sum, overflow) = acc.intTotal.addingReportingOverflow(i)
                acc.intTotal = sum
                if overflow { acc.allInts = false }   // beyond 64 bits: the sum as a float, not a wrapped integer
            case .double(let d):
                acc.total += d
                acc.allInts = false
            default: throw KGError(.runtimeType, "\(aggregate.name)() adds numbers", span: aggregate.span)
            }
            acc.count += 1
        default:
            break
        }
    }

    private func result(_ acc: Accumulator, _ aggregate: AggregateCall) throws(KGError) -> Value {
        if aggregate.call.star { return .int(Int64(acc.count)) }
        switch aggregate.name {
        case "count": return .int(Int64(acc.count))
        case "collect": return .list(acc.values)
        case "min", "max": return acc.best ?? .null
        case "sum", "avg":
            if aggregate.name == "sum" && acc.allInts { return .int(acc.intTotal) }
            if aggregate.name == "avg" && acc.count == 0 { return .null }
            let value = aggregate.name == "sum" ? acc.total : acc.total / Double(acc.count)
            // One answer in every format: an overflowing float sum is an error, never inf (CSV) or null (JSON).
            guard value.isFinite else {
                throw KGError(.numericOverflow, "\(aggregate.name)() of these values is beyond the range of 64-bit floats (about ±1.8e308)",
                              span: aggregate.span, suggestion: "narrow the rows, or scale the values down")
            }
            return .double(value)
        default:
            return .null
        }
    }

    // MARK: Sorting

    private func sortKey(_ row: [Value], representative: Row?) throws(KGError) -> [Value] {
        var key: [Value] = []
        var aliasValues: [String: Value]?
        for (s, sort) in clause.orderBy.enumerated() {
            if let column = sortColumns[s] {
                key.append(row[column])
            } else {
                if aliasValues == nil {
                    var aliases: [String: Value] = [:]
                    for (c, item) in items.enumerated() {
                        aliases[itemNames[c]] = row[c]
                        if item.expression.containsAggregate { aliases[QueryExecutor.aggregateKey(item.expression)] = row[c] }
                    }
                    aliasValues = aliases
                }
                key.append(try executor.evaluate(sort.expression, row: representative, aliases: aliasValues ?? [:]))
            }
        }
        // Nodes sort by name (then id), as people read them.
        return try key.map { (v: Value) throws(KGError) -> Value in
            if case .node(let id) = v { return .list([.string(try executor.node(id).name), .int(id)]) }
            return v
        }
    }

    /// The indices of the buffered rows in ORDER BY order (ties: arrival order).
    private func sortedOrder() throws(KGError) -> [Int] {
        var order = Array(values.indices)
        let descending = clause.orderBy.map(\.descending)
        let keys = sortKeys, arrival = self.arrival, budget = self.budget
        do {
            try order.sort { (x: Int, y: Int) throws -> Bool in
                try budget.tick()
                for (k, desc) in descending.enumerated() {
                    let a = keys[x][k], b = keys[y][k]
                    if a.isNull != b.isNull { return b.isNull }   // nulls last
                    let c = compare(a, b) ?? sortRank(a).compare(sortRank(b))
                    if c == .orderedSame { continue }
                    return desc ? c == .orderedDescending : c == .orderedAscending
                }
                return arrival[x] < arrival[y]
            }
        } catch {
            throw KGError.wrap(error)
        }
        return order
    }

    /// Keeps the best `count` buffered rows (ORDER BY … LIMIT).
    private func cut(to count: Int) throws(KGError) {
        let order = Array(try sortedOrder().prefix(count))
        var kept = [Bool](repeating: false, count: values.count)
        for i in order { kept[i] = true }
        var dropped = 0
        for i in values.indices where !kept[i] { dropped += MemoryEstimate.of(values[i]) + MemoryEstimate.of(sortKeys[i]) + 40 }
        values = order.map { values[$0] }
        facts = order.map { facts[$0] }
        sortKeys = order.map { sortKeys[$0] }
        arrival = order.map { arrival[$0] }
        budget.release(dropped)
    }

    // MARK: The answer

    func finish() throws(KGError) -> QueryResult {
        if aggregated { try finishGroups() }
        if !clause.orderBy.isEmpty {
            let order = try sortedOrder()
            values = order.map { values[$0] }
            facts = order.map { facts[$0] }
        }
        if skip > 0 || limit != nil {
            let start = min(skip, values.count)
            let end = limit.map { min(values.count, start + min($0, values.count)) } ?? values.count   // no overflow for huge SKIP/LIMIT
            values = Array(values[start..<max(start, end)])
            facts = Array(facts[start..<max(start, end)])
        }
        try executor.checkRows(values.count)
        if tracksFacts {
            for e in touchedEdges {
                try budget.tick()
                let record = try executor.edge(e)
                touchedNodes.insert(record.source)
                touchedNodes.insert(record.target)
            }
        }
        return QueryResult(columns: columns, rows: values, rowFacts: tracksFacts ? facts.map { Array(Set($0)).sorted() } : [],
                           touchedNodes: [], touchedEdges: [], planText: nil)
    }

    /// One row per group: its keys and its aggregates (with DISTINCT and the sort keys).
    private func finishGroups() throws(KGError) {
        // No rows and no grouping keys: one row of aggregates over nothing (count = 0).
        if groups.isEmpty && !grouped {
            groups = [Group(key: [], representative: nil, accumulators: Array(repeating: Accumulator(), count: calls.count))]
        }
        var representatives: [Row?] = []
        for group in groups {
            try budget.tick()
            var aggregates: [String: Value] = [:]
            for (c, call) in calls.enumerated() { aggregates[call.key] = try result(group.accumulators[c], call) }
            var keyValues = group.key.makeIterator()
            var out: [Value] = []
            for item in items {
                if item.expression.containsAggregate {
                    out.append(try executor.evaluate(item.expression, row: group.representative, aliases: aggregates))
                } else {
                    out.append(keyValues.next() ?? .null)
                }
            }
            values.append(out)
            facts.append(group.facts)
            representatives.append(group.representative)
            try budget.charge(MemoryEstimate.of(out) + 32)
        }
        groups = []
        if clause.distinct {
            var v: [[Value]] = [], f: [[Fact]] = [], r: [Row?] = []
            var seen: [[Value]: Int] = [:]
            for (i, row) in values.enumerated() {
                try budget.tick()
                if let index = seen[row] { if tracksFacts { f[index] += facts[i] }; continue }
                seen[row] = v.count
                v.append(row); f.append(facts[i]); r.append(representatives[i])
            }
            values = v; facts = f; representatives = r
        }
        if !clause.orderBy.isEmpty {
            sortKeys = []
            arrival = []
            for (i, row) in values.enumerated() {
                try budget.tick()
                sortKeys.append(try sortKey(row, representative: representatives[i]))
                arrival.append(i)
            }
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
    package func compare(_ other: Int) -> ComparisonResult { self < other ? .orderedAscending : (self > other ? .orderedDescending : .orderedSame) }
}
