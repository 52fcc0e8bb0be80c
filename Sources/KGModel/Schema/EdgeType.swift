/// An edge type a graph schema declares: its name, which kinds it may join,
/// whether it is symmetric, how it reads as English, and its properties.
public struct EdgeType: Sendable, Hashable {
    public var name: String
    public var sources: KindSet
    public var targets: KindSet
    /// A symmetric type (`--` in the schema) reads the same both ways
    /// (`competitor_of`, `partner_of`); it is stored once, in either direction.
    public var isSymmetric: Bool
    /// How `source TYPE target` reads: "licenses patents to".
    public var phrase: String
    /// How `target TYPE⁻¹ source` reads: "licenses patents from".
    public var inversePhrase: String
    public var properties: [String: PropertyDefinition]
    public var propertyOrder: [String]
    public var isOpen: Bool
    /// Phrases in other languages, by language code (`de`), declared with
    /// `phrase de "lizenziert Patente an" / "lizenziert Patente von"`.
    public var translations: [String: PhrasePair] = [:]
    /// The schema declares no phrase: ``phrase`` and ``inversePhrase`` were
    /// made from the name by rule (``EnglishPhrasing``), and `kg ask` also
    /// reads the rule's other phrases (``GraphSchema/generatedSynonyms(of:)``).
    public var phraseIsGenerated = false

    public init(name: String, sources: KindSet, targets: KindSet, isSymmetric: Bool = false,
                phrase: String? = nil, inversePhrase: String? = nil,
                properties: [PropertyDefinition] = [], isOpen: Bool = false) {
        self.name = name
        self.sources = sources
        self.targets = targets
        self.isSymmetric = isSymmetric
        if phrase == nil && inversePhrase == nil {
            // No phrase declared (an inferred schema): English phrases made by rule from the name.
            let generated = EnglishPhrasing.phrases(forType: name)[0]
            self.phrase = generated.phrase
            self.inversePhrase = isSymmetric ? generated.phrase : generated.inverse
            self.phraseIsGenerated = true
        } else {
            let defaultPhrase = name.replacingOccurrences(of: "_", with: " ")
            self.phrase = phrase ?? defaultPhrase
            self.inversePhrase = inversePhrase ?? (isSymmetric ? (phrase ?? defaultPhrase) : "is \(defaultPhrase) of")
        }
        self.properties = Dictionary(uniqueKeysWithValues: properties.map { ($0.name, $0) })
        self.propertyOrder = properties.map(\.name)
        self.isOpen = isOpen
    }
}

/// An edge type defined by a pattern in the query language rather than stored:
/// `licenses_patents_to` from licence agreements. Usable wherever a stored
/// type is; never written.
public struct DerivedEdgeType: Sendable, Hashable {
    public var name: String
    public var sources: KindSet
    public var targets: KindSet
    public var isSymmetric: Bool
    public var phrase: String
    public var inversePhrase: String
    /// The definition: a pattern from `(x)` to `(y)` with an optional WHERE.
    public var definition: String
    /// The line of the definition in the schema source, for error messages.
    public var definitionLine: Int
    /// Phrases in other languages, by language code (see ``EdgeType/translations``).
    public var translations: [String: PhrasePair] = [:]

    public init(name: String, sources: KindSet, targets: KindSet, isSymmetric: Bool, phrase: String,
                inversePhrase: String, definition: String, definitionLine: Int) {
        self.name = name
        self.sources = sources
        self.targets = targets
        self.isSymmetric = isSymmetric
        self.phrase = phrase
        self.inversePhrase = inversePhrase
        self.definition = definition
        self.definitionLine = definitionLine
    }
}

/// How an edge type reads in one language: `source PHRASE target` and
/// `target INVERSE source`.
public struct PhrasePair: Sendable, Hashable {
    public var phrase: String
    public var inverse: String

    public init(phrase: String, inverse: String) {
        self.phrase = phrase
        self.inverse = inverse
    }
}
