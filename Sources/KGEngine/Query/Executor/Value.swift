import KGModel

/// A value in a query answer: a scalar, a node, an edge, a path, a list or a map.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case date(PartialDate)
    case node(Int64)
    case edge(Int64)
    case path(PathValue)
    case list([Value])
    case map([String: Value])

    /// A JSON property value as a query value (date-typed properties become dates).
    package init(_ json: JSONValue, type: PropertyType? = nil) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s):
            if type == .date, let d = PartialDate(s) { self = .date(d) } else { self = .string(s) }
        case .array(let items): self = .list(items.map { Value($0) })
        case .object(let members): self = .map(members.mapValues { Value($0) })
        }
    }

    var isNull: Bool { if case .null = self { return true } else { return false } }
}

/// One step of a path: an edge (stored, or derived from other facts) from one
/// node to the next, in the direction it was walked.
public struct PathStep: Sendable, Hashable {
    /// The stored edge, or nil for a derived edge type.
    public var edge: Int64?
    public var type: String
    public var from: Int64
    public var to: Int64
    /// Whether the edge was walked against its stored direction.
    public var reversed: Bool
}

/// A path: its start node and the steps walked from it.
public struct PathValue: Sendable, Hashable {
    public var start: Int64
    public var steps: [PathStep]

    public var nodes: [Int64] { [start] + steps.map(\.to) }
    public var length: Int { steps.count }
}

/// A fact an answer row rests on: a stored edge or a node that is a fact of
/// its own (an agreement). Evidence is looked up for facts.
public enum Fact: Sendable, Hashable, Comparable {
    case node(Int64)
    case edge(Int64)
}
