import KGModel

/// Typed property reads over any backend: a ``PropertyColumn`` per (kind,
/// property), loaded on first use from one scan of the kind
/// (``GraphReading/nodePropertyValues(ofKind:key:_:)``) and dropped with the
/// other in-memory indexes whenever the change stamp moves.
///
///     let column = try store.propertyColumn(kind: "Agreement", key: "kind")
///     let deals = try store.nodeIDs(ofKind: "Agreement", property: "kind") { $0 == .string("patent_sale") }
extension GraphReading {
    /// The column of `key` on the nodes of `kind`, loading it on first use;
    /// nil when the kind's node ids are too sparse for an array by id.
    package func propertyColumn(kind: String, key: String) throws(KGError) -> PropertyColumn? {
        let name = PropertyColumn.Key(kind: kind, property: key)
        if let known = adjacency.propertyColumns[name] { return known }
        var entries: [(Int64, JSONValue?)] = []
        try nodePropertyValues(ofKind: kind, key: key) { id, value in entries.append((id, value)) }
        let column = PropertyColumn.build(kind: kind, key: key, declaredType: schema.kinds[kind]?.properties[key]?.type, entries: entries)
        adjacency.propertyColumns[name] = .some(column)
        return column
    }

    /// The column of `key` on the nodes of `kind` if it is loaded (never scans).
    package func loadedPropertyColumn(kind: String, key: String) -> PropertyColumn? {
        adjacency.propertyColumns[PropertyColumn.Key(kind: kind, property: key)] ?? nil
    }

    /// The ids of the nodes of `kind` whose property `key` satisfies
    /// `predicate` (called with the stored value, or nil where a node does not
    /// carry it), in id order; `predicate` runs once per distinct value, not
    /// once per node. Nil when no column can be built (sparse ids): then scan
    /// the kind and read the records. For a planner that starts a pattern at
    /// "agreements whose kind is patent_sale" instead of filtering every agreement.
    public func nodeIDs(ofKind kind: String, property key: String,
                        matching predicate: (JSONValue?) throws(KGError) -> Bool) throws(KGError) -> [Int64]? {
        guard let column = try propertyColumn(kind: kind, key: key) else { return nil }
        var wanted = [Bool](repeating: false, count: column.values.count + 2)
        wanted[Int(PropertyColumn.absentCode)] = try predicate(nil)
        for (i, value) in column.values.enumerated() { wanted[i + 2] = try predicate(value) }
        var ids: [Int64] = []
        for (slot, code) in column.codes.enumerated() where wanted[Int(code)] {
            ids.append(column.lowestID + Int64(slot))
        }
        return ids
    }
}
