import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// A fact `kg draft` proposes from an article: `source TYPE target`, with
/// the sentence it rests on and the lexicon words that read it.
public struct FactProposal: Sendable, Hashable {
    /// The stored or derived edge type.
    public var type: String
    /// The source end (`x` of the type).
    public var source: DraftEntity
    /// The target end (`y` of the type).
    public var target: DraftEntity
    /// The relation holds both ways ("tauschen Patente aus", "gegenseitig"):
    /// one fact with both ends in both roles.
    public var bothWays: Bool
    /// The sentences it rests on, verbatim (the first is where it was found).
    public var quotes: [String]
    /// The lexicon line the proposal rests on: `say de "verbündet sich mit"`.
    public var lexicon: String
    /// The words of the sentence that matched it.
    public var words: [String]
    /// The fact's date, from the sentence or the article's publication date.
    public var date: PartialDate?
    /// How ends the sentence does not name were read ("\"der Möbelbauer\" read as IKEA").
    public var readings: [String] = []

    /// The fact as `(type, source name, target name)`, for comparing drafts.
    public var relations: [(type: String, source: String, target: String)] {
        bothWays ? [(type, source.name, target.name), (type, target.name, source.name)] : [(type, source.name, target.name)]
    }
}

/// A fact the graph already has, found again in the article: listed, not proposed.
public struct KnownFact: Sendable, Hashable {
    /// The fact as the article states it.
    public var proposal: FactProposal
    /// The key of the fact node that holds it (an agreement); nil for a stored edge.
    public var factNode: String?
    /// The write that added it, when the graph's history knows it (`kg log`).
    public var write: Int64?
}

/// A sentence that names entities and reads as a relation but is marked as
/// rumour, fiction or speculation: not proposed, listed for the reviewer.
public struct SkippedSentence: Sendable, Hashable {
    /// The sentence, verbatim.
    public var sentence: String
    /// The marker words ("fiktive", "würden").
    public var markers: [String]
}

/// An entity the graph does not have, named in the article after a word that
/// says what it is ("Automobilhersteller Faw Car", "CEO Tim Cook").
public struct ProposedEntity: Sendable, Hashable {
    /// The proposed node: a new key, the kind the designator suggests, the name.
    public var entity: DraftEntity
    /// The word that gave its kind ("Automobilhersteller").
    public var designator: String
    /// The sentence that names it, verbatim: the new node's evidence.
    public var quote: String
}
