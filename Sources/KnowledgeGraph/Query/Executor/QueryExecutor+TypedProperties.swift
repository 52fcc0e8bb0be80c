/// Reading a node's property from a ``PropertyColumn`` (an array lookup)
/// instead of parsing the node's JSON, with the same answer: the stored value
/// converted by the type the node's kind declares (a date-typed string is a
/// date, an int stays an int, a float a float), a property the node does not
/// carry null, and `kind` the node's kind when it carries no `kind` property.
///
/// A column is used when it is loaded; a warm engine (`kg serve`, the shell)
/// builds one once a query has parsed the properties of many nodes (four
/// times ``wideAnswer``'s worth: 2000 by default, at once with
/// `alwaysUseMemoryIndexes`), so a query that reads a few nodes never pays a
/// scan of their kind. A one-shot `kg query` builds none.
extension QueryExecutor {
    /// How many parsed records make a warm query build the column it reads.
    var columnDemand: Int { wideAnswer * 4 }

    /// The node's property `key` from the column of its kind, or nil when no
    /// column is loaded (and none is worth building) or the column does not
    /// cover the node. Never `key`, `id` or `name`, which are the node's own.
    func typedNodeProperty(_ id: Int64, kind: String, _ key: String) throws(KGError) -> Value? {
        let column: PropertyColumn
        if let loaded = store.loadedPropertyColumn(kind: kind, key: key) {
            column = loaded
        } else {
            guard warm, propsCache.count >= columnDemand, let built = try store.propertyColumn(kind: kind, key: key) else { return nil }
            column = built
        }
        switch column.entry(of: id) {
        case .present(let json): return Value(json, type: column.declaredType)
        case .absent: return key == "kind" ? .string(kind) : .null
        case .notCovered: return nil
        }
    }
}
