/// The type of a property declared in a graph schema.
public enum PropertyType: String, Sendable, CaseIterable {
    case string, int, float, bool, date

    /// Whether `value` is a value of this type. Dates are stored as JSON
    /// strings holding a partial date (`2017`, `2017-07`, `2017-07-14`).
    public func accepts(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.string, .string), (.int, .int), (.float, .double), (.float, .int), (.bool, .bool): return true
        case (.date, .string(let s)): return PartialDate(s) != nil
        default: return false
        }
    }
}

/// A property a node kind or an edge type declares.
public struct PropertyDefinition: Sendable, Hashable {
    public var name: String
    public var type: PropertyType
    public var isRequired: Bool
    /// When set, the only values allowed (for string properties).
    public var allowedValues: [String]?

    public init(name: String, type: PropertyType, isRequired: Bool = false, allowedValues: [String]? = nil) {
        self.name = name
        self.type = type
        self.isRequired = isRequired
        self.allowedValues = allowedValues
    }
}
