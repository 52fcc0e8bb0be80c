/// The words of a schema beyond its main phrases, for `kg ask`: a lexicon in
/// the spirit of lemon lexica. Declared in the schema text (see
/// `docs/schema-format.md`):
///
///     edge ceo_of: Person -> Company "is CEO of" / "has CEO"
///       say en "is chief executive of" / "is led by"      a synonym (and its inverse)
///       say de "ist Geschäftsführer von" / "wird geführt von"
///     edge licensor: Agreement -> Company "has licensor" / "is licensor in"
///       implies party                                      a licensor is a party
///     kind Company
///       prop founded: int
///         ask en "when was X founded"                      a question frame for the property
///     derived supplies: … as (x)<-[:supplier]-(a:Agreement …)-[:customer]->(y)
///       what goods                                         "what does X supply?" answers a.goods
///     spelling en "licence" / "license"                     a spelling variant
///     derived partner_of: … as (x)<-[:party]-(a:Agreement {kind: "partnership"})-[:party]->(y)
///       cue de "Partnerschaft"                             a noun that names the relation (kg draft)
public struct SchemaLexicon: Sendable, Hashable {
    /// More phrases for an edge or derived type, by type: synonyms and their inverses.
    public var synonyms: [String: [LexiconPhrase]] = [:]
    /// Role hierarchy: a type and the types it implies (`licensor` → `party`).
    public var implies: [String: [String]] = [:]
    /// Question frames of properties of kinds and edge types.
    public var frames: [PropertyFrame] = []
    /// For a derived type through a fact node: the properties of the fact
    /// that say *what* the relation is about ("what does Nokia supply?").
    public var whatProperties: [String: [String]] = [:]
    /// Spelling variants: variant → the spelling the schema uses.
    public var spellings: [String: String] = [:]
    /// Nouns that name a relation without saying who does what to whom
    /// ("Partnerschaft", "collaboration"), by type: `kg draft` reads a
    /// sentence that holds one and names two parties as that relation.
    /// Declared with `cue LANG "noun"` under an edge or derived type.
    public var cues: [String: [LexiconCue]] = [:]

    public init() {}

    /// The types that imply `type`, directly or through others, `type` first.
    public func typeAndSubtypes(of type: String) -> [String] {
        var out = [type]
        var i = 0
        while i < out.count {
            for (sub, supers) in implies.sorted(by: { $0.key < $1.key }) where supers.contains(out[i]) && !out.contains(sub) { out.append(sub) }
            i += 1
        }
        return out
    }
}

/// A phrase of the lexicon in one language: `subject PHRASE object` and its inverse.
public struct LexiconPhrase: Sendable, Hashable {
    public var language: String
    public var phrases: PhrasePair
    public init(language: String, phrases: PhrasePair) {
        self.language = language
        self.phrases = phrases
    }
}

/// How a question asks for a property: "when was X founded" for
/// `Company.founded`, "what kind of site does X have in Y" for
/// `located_in.site`. `X` stands for the node (or the edge's source), `Y`
/// for the edge's target.
public struct PropertyFrame: Sendable, Hashable {
    /// The kind or edge type that has the property.
    public var owner: String
    public var ownerIsEdge: Bool
    public var property: String
    public var language: String
    public var frame: String

    public init(owner: String, ownerIsEdge: Bool, property: String, language: String, frame: String) {
        self.owner = owner
        self.ownerIsEdge = ownerIsEdge
        self.property = property
        self.language = language
        self.frame = frame
    }
}

/// A noun that names a relation in one language (`cue de "Partnerschaft"`):
/// "eine Partnerschaft zwischen Nokia und Xiaomi" states `partner_of`.
public struct LexiconCue: Sendable, Hashable {
    public var language: String
    public var noun: String
    public init(language: String, noun: String) {
        self.language = language
        self.noun = noun
    }
}
