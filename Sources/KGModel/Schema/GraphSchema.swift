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
    /// Synonyms, role hierarchy, property question frames and spelling
    /// variants, for `kg ask` (``SchemaLexicon``).
    public var lexicon = SchemaLexicon()

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

    /// The phrases of a stored or derived type in every language: English
    /// (`en`, the main phrase) first, then the declared translations by code.
    public func phrases(of type: String) -> [(language: String, phrases: PhrasePair)] {
        let english = PhrasePair(phrase: phrase(of: type), inverse: phrase(of: type, inverse: true))
        let translations = edgeTypes[type]?.translations ?? derivedTypes[type]?.translations ?? [:]
        return [("en", english)] + translations.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) }
    }

    /// Every language a phrase is declared in, English first.
    public var phraseLanguages: [String] {
        let others = Set(edgeTypes.values.flatMap(\.translations.keys) + derivedTypes.values.flatMap(\.translations.keys))
        return ["en"] + others.subtracting(["en"]).sorted()
    }
}
