/// The rules of one graph: its node kinds, edge types and derived edge types.
/// A schema is data (a `.kgs` text, see `docs/schema-format.md`), stored in the
/// graph file and enforced by the store on every write.
public struct GraphSchema: Sendable {
    public var name: String
    public var kinds: [String: NodeKind]
    public var kindOrder: [String]
    public var edgeTypes: [String: EdgeType]
    public var edgeTypeOrder: [String]
    public var derivedTypes: [String: DerivedEdgeType]
    public var derivedTypeOrder: [String]
    /// The text the schema was parsed from (what is stored in the graph).
    public var source: String

    public init(name: String, kinds: [NodeKind] = [], edgeTypes: [EdgeType] = [], derivedTypes: [DerivedEdgeType] = [], source: String = "") {
        self.name = name
        self.kinds = Dictionary(uniqueKeysWithValues: kinds.map { ($0.name, $0) })
        self.kindOrder = kinds.map(\.name)
        self.edgeTypes = Dictionary(uniqueKeysWithValues: edgeTypes.map { ($0.name, $0) })
        self.edgeTypeOrder = edgeTypes.map(\.name)
        self.derivedTypes = Dictionary(uniqueKeysWithValues: derivedTypes.map { ($0.name, $0) })
        self.derivedTypeOrder = derivedTypes.map(\.name)
        self.source = source
    }

    /// Every edge type name, stored and derived.
    public var allEdgeTypeNames: [String] { edgeTypeOrder + derivedTypeOrder }

    /// The phrase of a stored or derived type (for sentences and labels).
    public func phrase(of type: String, inverse: Bool = false) -> String {
        if let t = edgeTypes[type] { return inverse ? t.inversePhrase : t.phrase }
        if let t = derivedTypes[type] { return inverse ? t.inversePhrase : t.phrase }
        return type.replacingOccurrences(of: "_", with: " ")
    }
}
