import KGModel

/// One property of the nodes of one kind, held in memory as a column: a
/// small integer code per node id (dictionary-encoded values), so reading
/// `a.kind` of an agreement is an array lookup, not a JSON parse.
///
/// Built on first use from one scan of the kind's nodes
/// (``GraphReading/nodePropertyValues(ofKind:key:_:)``, for SQLite one range
/// of the kind index with the value extracted by SQLite's `json_extract`),
/// kept in the ``AdjacencyCache`` and dropped with it whenever the graph's
/// change stamp moves. The values are the JSON values as stored: a `one of`
/// property has a handful of distinct values and so a handful of codes.
///
///     if let column = try store.propertyColumn(kind: "Agreement", key: "kind") {
///         column.entry(of: id)   // .present(.string("patent_license")), .absent or .notCovered
///     }
package final class PropertyColumn {
    /// What the column knows about one node.
    package enum Entry: Equatable {
        /// The node carries the property, with this stored value.
        case present(JSONValue)
        /// The node is of the column's kind and does not carry the property.
        case absent
        /// The node is not one the column was built from (another kind, or
        /// an id outside the column): read the node's record instead.
        case notCovered
    }

    /// A column's name: the kind and the property.
    struct Key: Hashable {
        var kind: String
        var property: String
    }

    let kind: String
    let key: String
    /// The type the schema declares for the property on this kind, if any.
    package let declaredType: PropertyType?
    /// The id of the first slot of ``codes``.
    let lowestID: Int64
    /// Per node id from ``lowestID``: 0 not covered, 1 absent, 2 + i the value ``values``[i].
    let codes: [UInt32]
    /// The distinct values, in order of first appearance.
    let values: [JSONValue]
    /// How many nodes of the kind the column holds.
    let nodeCount: Int

    static let notCoveredCode: UInt32 = 0
    static let absentCode: UInt32 = 1

    init(kind: String, key: String, declaredType: PropertyType?, lowestID: Int64, codes: [UInt32], values: [JSONValue], nodeCount: Int) {
        self.kind = kind
        self.key = key
        self.declaredType = declaredType
        self.lowestID = lowestID
        self.codes = codes
        self.values = values
        self.nodeCount = nodeCount
    }

    /// Builds the column from (node id, value or nil when absent) pairs of the
    /// kind's nodes, in any order; nil when an id is negative or the ids span
    /// more than 4 × their count + 65 536 slots (arrays by id would be huge).
    static func build(kind: String, key: String, declaredType: PropertyType?, entries: [(Int64, JSONValue?)]) -> PropertyColumn? {
        guard let lowest = entries.lazy.map(\.0).min(), let highest = entries.lazy.map(\.0).max() else {
            return PropertyColumn(kind: kind, key: key, declaredType: declaredType, lowestID: 0, codes: [], values: [], nodeCount: 0)
        }
        guard lowest >= 0, highest - lowest < Int64(Int32.max), highest - lowest <= 4 * Int64(entries.count) + 65_536 else { return nil }
        var codes = [UInt32](repeating: notCoveredCode, count: Int(highest - lowest) + 1)
        var values: [JSONValue] = []
        var index: [DistinctValue: UInt32] = [:]
        for (id, value) in entries {
            let code: UInt32
            if let value {
                let distinct = DistinctValue(value)
                if let distinct, let known = index[distinct] { code = known } else {
                    code = UInt32(truncatingIfNeeded: values.count) + 2
                    if let distinct { index[distinct] = code }
                    values.append(value)
                }
            } else {
                code = absentCode
            }
            codes[Int(id - lowest)] = code
        }
        return PropertyColumn(kind: kind, key: key, declaredType: declaredType, lowestID: lowest, codes: codes, values: values,
                              nodeCount: entries.count)
    }

    /// A value as the dictionary tells values apart: exactly, bit for bit
    /// and byte for byte (`0.0` and `-0.0` are two values though `==` calls
    /// them equal, and so are "é" and "e\u{301}"); lists and maps are never
    /// shared (nil), each node keeps its own.
    private enum DistinctValue: Hashable {
        case null, bool(Bool), int(Int64), double(UInt64), string(ExactString)

        init?(_ value: JSONValue) {
            switch value {
            case .null: self = .null
            case .bool(let b): self = .bool(b)
            case .int(let i): self = .int(i)
            case .double(let d): self = .double(d.bitPattern)
            case .string(let s): self = .string(ExactString(text: s))
            case .array, .object: return nil
            }
        }
    }

    /// A string compared by its UTF-8 bytes, not by Unicode equivalence.
    private struct ExactString: Hashable {
        let text: String
        static func == (a: ExactString, b: ExactString) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    /// The code of node `id` (``notCoveredCode`` outside the column).
    @inline(__always)
    func code(of id: Int64) -> UInt32 {
        let slot = id &- lowestID
        guard slot >= 0, slot < Int64(codes.count) else { return Self.notCoveredCode }
        return codes[Int(slot)]
    }

    /// What the column holds for node `id`.
    @inline(__always)
    package func entry(of id: Int64) -> Entry {
        switch code(of: id) {
        case Self.notCoveredCode: return .notCovered
        case Self.absentCode: return .absent
        case let code: return .present(values[Int(code - 2)])
        }
    }

    /// About how many bytes the column holds (codes and distinct values).
    var byteCount: Int {
        codes.count * MemoryLayout<UInt32>.stride + values.reduce(0) { total, value in
            if case .string(let s) = value { return total + 32 + s.utf8.count }
            return total + 32
        }
    }
}
