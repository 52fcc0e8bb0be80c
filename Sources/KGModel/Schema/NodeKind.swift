/// A kind of node a graph schema declares (Company, Person, Agreement…).
public struct NodeKind: Sendable, Hashable {
    public var name: String
    public var description: String?
    /// Declared properties by name, in declaration order in ``propertyOrder``.
    public var properties: [String: PropertyDefinition]
    public var propertyOrder: [String]
    /// An open kind accepts properties it does not declare (inferred schemas).
    public var isOpen: Bool
    /// A fact kind (an agreement) is a fact of its own: answers that pass
    /// through such a node carry its evidence. Declared with `fact`.
    public var isFact: Bool = false
    /// The kind as a noun, by language code (`en`, `de`), declared with
    /// `noun de "Unternehmen" / "Unternehmen"`; English defaults to the name
    /// read as words ("company" / "companies").
    public var nouns: [String: NounForms] = [:]

    public init(name: String, description: String? = nil, properties: [PropertyDefinition] = [], isOpen: Bool = false) {
        self.name = name
        self.description = description
        self.properties = Dictionary(uniqueKeysWithValues: properties.map { ($0.name, $0) })
        self.propertyOrder = properties.map(\.name)
        self.isOpen = isOpen
    }
}

/// The node kinds an edge end allows: any kind, or some of them.
public enum KindSet: Sendable, Hashable, CustomStringConvertible {
    case any
    case some([String])

    public func contains(_ kind: String) -> Bool {
        switch self {
        case .any: return true
        case .some(let kinds): return kinds.contains(kind)
        }
    }

    public var description: String {
        switch self {
        case .any: return "*"
        case .some(let kinds): return kinds.joined(separator: "|")
        }
    }
}

/// A noun in its singular and plural forms ("company" / "companies").
public struct NounForms: Sendable, Hashable {
    public var singular: String
    public var plural: String

    public init(singular: String, plural: String) {
        self.singular = singular
        self.plural = plural
    }
}
