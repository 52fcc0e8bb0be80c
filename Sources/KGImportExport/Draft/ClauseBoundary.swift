import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// Where a clause that hangs off the main clause begins: a comma followed
/// by a relative or subordinating word ("…, was Nokia … vereinfachen
/// dürfte", "…, which could …", "…, weil …"). Only such a boundary is
/// taken as clear: a comma alone may join names of a list or two main
/// clauses, and then nothing is cut.
///
/// `kg draft` uses it twice: a speculation marker inside such a clause
/// hedges that clause, not the clause before it ("Beide Firmen tauschen
/// Patente aus, was die Expansion vereinfachen dürfte" states the
/// exchange); and the object of a verb is looked for in the verb's clause,
/// not past such a boundary.
enum ClauseBoundary {
    /// Words that open a dependent clause after a comma, by language (lower case).
    static let openers: [String: Set<String>] = [
        "de": ["was", "der", "die", "das", "dem", "den", "deren", "dessen", "welche", "welcher", "welches", "welchem", "welchen",
               "weil", "da", "obwohl", "obgleich", "wobei", "womit", "wodurch", "worauf", "wenn", "dass", "sodass", "damit", "nachdem",
               "während", "wie", "wo"],
        "en": ["which", "who", "whom", "whose", "that", "because", "while", "although", "though", "since", "where", "when", "as",
               "so", "whereas"],
    ]

    /// Whether token `i` is a comma that opens a dependent clause.
    static func isBoundary(_ tokens: [SentenceToken], at i: Int) -> Bool {
        guard i + 1 < tokens.count, tokens[i].text == ",", tokens[i + 1].isWord else { return false }
        let next = tokens[i + 1].lower
        return openers.values.contains { $0.contains(next) }
    }

    /// The boundary that opens the clause holding token `at`: the nearest
    /// comma before it that opens a dependent clause, with no other comma in
    /// between; nil when the token is in the sentence's first clause or the
    /// boundary is not clear.
    static func opening(before at: Int, in tokens: [SentenceToken]) -> Int? {
        var i = at - 1
        while i >= 0 {
            if tokens[i].text == "," { return isBoundary(tokens, at: i) ? i : nil }
            if [";", ":", "–", "—", "(", ")"].contains(tokens[i].text) { return nil }
            i -= 1
        }
        return nil
    }

    /// The first boundary after token `at` (a dependent clause that follows it), if any.
    static func next(after at: Int, in tokens: [SentenceToken]) -> Int? {
        guard at + 1 < tokens.count else { return nil }
        return ((at + 1)..<tokens.count).first { isBoundary(tokens, at: $0) }
    }
}
