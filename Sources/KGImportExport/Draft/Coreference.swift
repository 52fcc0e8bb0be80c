import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// Reads a definite description as the entity it refers back to: "der
/// Möbelbauer", "die Firma", "der US-Konzern", "the company" name the
/// entity of that kind that the sentence itself, or the last sentence
/// before it that names one, named first (its subject, as a rule). The
/// describing words are the designators of ``NewEntityFinder``; a
/// description followed by a name ("der Automobilhersteller Faw Car") is
/// not one, nor a plural ("die beiden Unternehmen"). The pronoun "er" in a
/// sentence that names nothing before it is what the sentence before named
/// last. The reviewer sees the reading in the proposal's comment.
enum Coreference {
    static let articles: Set<String> = ["der", "die", "das", "den", "dem", "des", "the"]
    /// Pronouns read as what the sentence before named last (German "er"; "es" and "sie" are too often something else).
    static let pronouns: Set<String> = ["er", "Er"]
    static let quantities: Set<String> = ["beiden", "beide", "zwei", "drei", "viele", "vielen", "andere", "anderen", "alle", "both", "two", "other", "many", "all"]

    /// Mentions for the descriptions in `tokens`, given the mentions of the
    /// sentences before it (latest last).
    static func mentions(in tokens: [SentenceToken], named: [EntityMention], before: [[EntityMention]],
                         kindByWord: [String: String]) -> [EntityMention] {
        var out: [EntityMention] = []
        let covered = Set(named.flatMap { Array($0.start...$0.end) })
        // "er" (German: he, or it for a masculine noun such as "der Chip") in a sentence that
        // names nothing before it: what the sentence before named last ("… der Chip namens
        // XringO1 … . Entwickelt wurde er …").
        if let i = tokens.indices.first(where: { tokens[$0].isWord && pronouns.contains(tokens[$0].text) }),
           !named.contains(where: { $0.start < i }), let previous = before.last, let r = previous.max(by: { $0.end < $1.end }), r.via == nil {
            out.append(EntityMention(entity: r.entity, start: i, end: i, text: tokens[i].text,
                                     via: "\"\(tokens[i].text)\" read as \(r.entity.name)"))
        }
        for (i, t) in tokens.enumerated() where t.isWord && i > 0 && !covered.contains(i) {
            guard let kind = kind(of: t.lower, kindByWord) else { continue }
            // "der Möbelbauer", "des chinesischen Autobauers": an article at most one word before.
            let article = articles.contains(tokens[i - 1].lower) ? i - 1
                : (i > 1 && articles.contains(tokens[i - 2].lower) && tokens[i - 1].isWord && tokens[i - 1].text.first?.isLowercase == true ? i - 2 : nil)
            guard let a = article, !(a..<i).contains(where: { quantities.contains(tokens[$0].lower) }) else { continue }
            if i + 1 < tokens.count, tokens[i + 1].isWord, tokens[i + 1].text.first?.isUppercase == true { continue }
            let earlier = named.filter { $0.end < a && $0.entity.kind == kind }
            let referent = earlier.first ?? before.reversed().lazy.compactMap { $0.first { $0.entity.kind == kind } }.first
            guard let r = referent else { continue }
            let text = tokens[a...i].map(\.text).joined(separator: " ")
            out.append(EntityMention(entity: r.entity, start: i, end: i, text: text, via: "\"\(text)\" read as \(r.entity.name)"))
        }
        return out
    }

    /// The kind a describing noun names ("Möbelbauer" → Company), in any language.
    static func kind(of word: String, _ kindByWord: [String: String]) -> String? {
        for list in NewEntityFinder.designators.values {
            for (ending, kindWord) in list {
                for tail in ["", "s", "n", "en", "es"] where word.hasSuffix(ending + tail) {
                    if let kind = kindByWord[kindWord] { return kind }
                }
            }
        }
        return nil
    }
}
