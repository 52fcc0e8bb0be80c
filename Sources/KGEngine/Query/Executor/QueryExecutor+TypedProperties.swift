import KGModel
import KGStorage

/// Reading a node's property from a ``PropertyColumn`` (an array lookup)
/// instead of parsing the node's JSON, with the same answer: the stored value
/// converted by the type the node's kind declares (a date-typed string is a
/// date, an int stays an int, a float a float), a property the node does not
/// carry null, and `kind` the node's kind when it carries no `kind` property.
///
/// A column is used when it is loaded; a warm engine (`kg serve`, the shell)
/// builds one once a query has parsed the properties of many nodes (2000,
/// or at once with `alwaysUseMemoryIndexes`), so a query that reads a few
/// nodes never pays a scan of their kind. A one-shot `kg query` builds none.
extension QueryExecutor {
    /// How many parsed records make a warm query build the column it reads.
    var columnDemand: Int { planner.forceMemory ? 0 : 2000 }

    /// The node's property `key` from the column of its kind, or nil when no
    /// column is loaded (and none is worth building) or the column does not
    /// cover the node. Never `key`, `id` or `name`, which are the node's own.
    func typedNodeProperty(_ id: Int64, kind: String, _ key: String) throws(KGError) -> Value? {
        let column: PropertyColumn
        if let loaded = store.loadedPropertyColumn(kind: kind, key: key) {
            column = loaded
        } else {
            guard planner.warm || planner.forceMemory, propsCache.count >= columnDemand, let built = try store.propertyColumn(kind: kind, key: key) else { return nil }
            column = built
        }
        switch column.entry(of: id) {
        case .present(let json): return Value(json, type: column.declaredType)
        case .absent: return key == "kind" ? .string(kind) : .null
        case .notCovered: return nil
        }
    }

    /// The node's property from a column when its record has not been read
    /// (the node's kind from the node columns): what a compiled property read
    /// can call before `nodeProperty(node(id), key)` so that a filter whose
    /// reads ``columnsServe(_:ids:)`` answers needs no record at all.
    @inline(__always)
    func typedNodePropertyWithoutRecord(_ id: Int64, _ key: String) throws(KGError) -> Value? {
        guard key != "key", key != "id", key != "name", nodeCache[id] == nil, let kind = store.adjacency.columns?.kind(id) else { return nil }
        return try typedNodeProperty(id, kind: kind, key)
    }
}

extension QueryExecutor {
    /// Whether every node record `condition` would read for the rows with
    /// these node ids is answered by loaded columns (node kinds, and the
    /// column of every property it reads for each node's kind), so a filter
    /// can skip reading the records (`prefetchNodes`) before it runs. False
    /// whenever the condition reads anything else of a node (its name, a
    /// property through a non-variable, `key`/`id`/`name`, evidence).
    /// Skipping is only ever a saving: a record the columns do not answer is
    /// still read, one at a time.
    func columnsServe(_ condition: Expression, ids: [Int64]) -> Bool {
        guard let keys = condition.columnReadableKeys, !keys.isEmpty, let columns = store.adjacency.columns else { return false }
        var servedKinds: [UInt16: Bool] = [:]
        for id in ids {
            guard id >= 0, Int(id) < columns.kindCodes.count else { return false }
            let code = columns.kindCodes[Int(id)]
            if let served = servedKinds[code] {
                if !served { return false }
                continue
            }
            guard let kind = columns.kind(id) else { return false }
            let served = keys.allSatisfy { store.loadedPropertyColumn(kind: kind, key: $0) != nil }
            servedKinds[code] = served
            if !served { return false }
        }
        return true
    }
}

extension Expression {
    /// The property names an expression reads as `variable.property`, when
    /// that is all it reads of any node record (nil otherwise: a name, a kind
    /// test, `key`, `id` or `name`, evidence, a nested pattern).
    var columnReadableKeys: [String]? {
        switch kind {
        case .property(let base, let key):
            guard case .variable = base.kind, key != "key", key != "id", key != "name" else { return nil }
            return [key]
        case .call(let call):
            if ["key", "name", "kind", "evidence", "nodes", "edges"].contains(call.name.lowercased()) { return nil }
            return Self.union(call.arguments.map(\.columnReadableKeys))
        case .list(let items): return Self.union(items.map(\.columnReadableKeys))
        case .not(let e), .negate(let e), .isNull(let e, _): return e.columnReadableKeys
        case .binary(let op, let a, let b):
            // `n CONTAINS 'x'` reads the node's name.
            if op == .contains || op == .startsWith || op == .endsWith {
                if case .variable = a.kind { return nil }
                if case .variable = b.kind { return nil }
            }
            return Self.union([a.columnReadableKeys, b.columnReadableKeys])
        case .subscript(let a, let b): return Self.union([a.columnReadableKeys, b.columnReadableKeys])
        case .slice(let a, let b, let c):
            return Self.union([a.columnReadableKeys, b.map(\.columnReadableKeys) ?? [], c.map(\.columnReadableKeys) ?? []])
        case .hasKind, .listPredicate, .exists: return nil
        case .literal, .parameter, .variable: return []
        }
    }

    private static func union(_ parts: [[String]?]) -> [String]? {
        var keys: [String] = []
        for part in parts {
            guard let part else { return nil }
            for key in part where !keys.contains(key) { keys.append(key) }
        }
        return keys
    }
}
