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
/// not one, nor a plural ("die Hersteller"). A description that says the
/// country ("der US-Konzern") is the article's one entity from there, and
/// so are its people ("an die Chinesen", ``Demonyms``); a plural that
/// counts two ("beide Firmen", "both companies") is the two parties the
/// text last joined by "und"/"and" (``pairs(in:named:before:context:kindByWord:)``).
/// The pronoun "er" in a sentence that names nothing before it is what the
/// sentence before named last. The reviewer sees the reading in the
/// proposal's comment.
enum Coreference {
    static let articles: Set<String> = ["der", "die", "das", "den", "dem", "des", "the"]
    /// Pronouns read as what the sentence before named last (German "er"; "es" and "sie" are too often something else).
    static let pronouns: Set<String> = ["er", "Er"]
    static let quantities: Set<String> = ["beiden", "beide", "zwei", "drei", "viele", "vielen", "andere", "anderen", "alle", "both", "two", "other", "many", "all"]

    /// Mentions for the descriptions in `tokens`, given the mentions of the
    /// sentences before it (latest last).
    static func mentions(in tokens: [SentenceToken], named: [EntityMention], before: [[EntityMention]],
                         kindByWord: [String: String], context: Context = Context()) -> [EntityMention] {
        var out: [EntityMention] = []
        out += nationalities(in: tokens, named: named, context: context)
        out += pairs(in: tokens, named: named + out, before: before, context: context, kindByWord: kindByWord)
        let covered = Set(named.flatMap { Array($0.start...$0.end) })
        // "er" (German: he, or it for a masculine noun such as "der Chip") in a sentence that
        // names nothing before it: what the sentence before named last ("… der Chip namens
        // XringO1 … . Entwickelt wurde er …").
        if let i = tokens.indices.first(where: { tokens[$0].isWord && pronouns.contains(tokens[$0].text) }),
           !named.contains(where: { $0.start < i }), let previous = before.last, let r = previous.max(by: { $0.end < $1.end }), r.via == nil {
            out.append(EntityMention(entity: r.entity, start: i, end: i, text: tokens[i].text,
                                     via: "\"\(tokens[i].text)\" read as \(r.entity.name)"))
        }
        let taken = covered.union(out.flatMap { Array($0.start...$0.end) })
        for (i, t) in tokens.enumerated() where t.isWord && i > 0 && !taken.contains(i) {
            guard let kind = kind(of: t.lower, kindByWord) else { continue }
            // "der Möbelbauer", "des chinesischen Autobauers", "the Finnish company": an article at most one word before.
            let article = articles.contains(tokens[i - 1].lower) ? i - 1
                : (i > 1 && articles.contains(tokens[i - 2].lower) && tokens[i - 1].isWord
                   && (tokens[i - 1].text.first?.isLowercase == true || Demonyms.country(ofModifier: tokens[i - 1].text) != nil) ? i - 2 : nil)
            guard let a = article, !(a..<i).contains(where: { quantities.contains(tokens[$0].lower) }) else { continue }
            // A plural ("die Firmen", "die Konzerne", "die Hersteller") is not one entity.
            if isPlural(t.lower, article: tokens[a].lower, kindByWord) { continue }
            if i + 1 < tokens.count, tokens[i + 1].isWord, tokens[i + 1].text.first?.isUppercase == true { continue }
            let earlier = named.filter { $0.end < a && $0.entity.kind == kind }
            var referent = earlier.first ?? before.reversed().lazy.compactMap { $0.first { $0.entity.kind == kind } }.first
            // A description that says the country ("der US-Konzern", "des chinesischen Autobauers") is the
            // one entity of the article from there; never one the graph places elsewhere.
            if let country = ((a + 1)...i).lazy.compactMap({ Demonyms.country(ofModifier: tokens[$0].text) }).first,
               !(referent.map { Demonyms.matches($0.entity, country) } ?? false) {
                if let only = Demonyms.only(country, among: context.articleEntities.filter { $0.kind == kind }) {
                    referent = EntityMention(entity: only, start: -1, end: -1, text: only.name)
                } else if let r = referent, r.entity.country != nil, !Demonyms.matches(r.entity, country) {
                    referent = nil
                }
            }
            guard let r = referent else { continue }
            let text = tokens[a...i].map(\.text).joined(separator: " ")
            out.append(EntityMention(entity: r.entity, start: i, end: i, text: text, via: "\"\(text)\" read as \(r.entity.name)"))
        }
        return out
    }

    /// What a sentence's descriptions may refer to beyond the sentences just before it.
    struct Context: Sendable {
        /// The entities the article names anywhere (by name or alias).
        var articleEntities: [DraftEntity] = []
        /// The tokens of the sentences before (latest last), aligned with `before`.
        var beforeTokens: [[SentenceToken]] = []
        /// The entities the article's headline names, if it has one.
        var headline: [DraftEntity] = []
    }

    /// People of a country for the one entity of the article from there:
    /// "an die Chinesen", "zwischen den Finnen und Chinesen" (the article
    /// governs both nouns of the list), "the Finns". Only after an article
    /// (or a list word after such a noun), and only when the graph stores
    /// the country of exactly one entity the article names.
    static func nationalities(in tokens: [SentenceToken], named: [EntityMention], context: Context) -> [EntityMention] {
        var out: [EntityMention] = []
        let covered = Set(named.flatMap { Array($0.start...$0.end) })
        for (i, t) in tokens.enumerated() where t.isWord && i > 0 && !covered.contains(i) {
            guard let country = Demonyms.country(ofNoun: t.text), t.text.first?.isUppercase == true else { continue }
            let afterArticle = articles.contains(tokens[i - 1].lower)
            let afterList = ["und", "and", "sowie"].contains(tokens[i - 1].lower) && out.contains { $0.end == i - 2 }
            guard afterArticle || afterList else { continue }
            guard let only = Demonyms.only(country, among: context.articleEntities) else { continue }
            let text = afterArticle ? "\(tokens[i - 1].text) \(t.text)" : t.text
            out.append(EntityMention(entity: only, start: i, end: i, text: text, via: "\"\(text)\" read as \(only.name)"))
        }
        return out
    }

    /// Words that make a description plural and say it counts two ("zwei", "two" after an article).
    static let two: Set<String> = ["beide", "beiden", "zwei", "both", "two"]

    /// A plural naming two parties ("beide Firmen", "die beiden Konzerne",
    /// "both companies", "the two groups"): the two entities of that kind
    /// the text last joined by "und"/"and" (in the sentence before the
    /// plural or in the three sentences before it), else the two the
    /// headline names, else the two the whole article names; never when
    /// these are not exactly two. One mention for each, on the number word
    /// and on the noun, read as a list.
    static func pairs(in tokens: [SentenceToken], named: [EntityMention], before: [[EntityMention]], context: Context,
                      kindByWord: [String: String]) -> [EntityMention] {
        var out: [EntityMention] = []
        let covered = Set(named.flatMap { Array($0.start...$0.end) })
        for (i, t) in tokens.enumerated() where t.isWord && i + 1 < tokens.count && two.contains(t.lower) {
            // "zwei"/"two" only definite ("die zwei Konzerne", "the two groups"): "zwei Firmen aus Taiwan" are others.
            if ["zwei", "two"].contains(t.lower), !(i > 0 && articles.contains(tokens[i - 1].lower)) { continue }
            let n = i + 1
            guard tokens[n].isWord, !covered.contains(n), !covered.contains(i),
                  let kind = pluralKind(of: tokens[n].lower, kindByWord) else { continue }
            let pair = lastPair(of: kind, in: tokens, before: i, named: named)
                ?? zip(context.beforeTokens, before).reversed().lazy.compactMap { (words, names) in
                    lastPair(of: kind, in: words, before: words.count, named: names)
                }.first
                ?? exactlyTwo(context.headline.filter { $0.kind == kind })
                ?? exactlyTwo(context.articleEntities.filter { $0.kind == kind })
            guard let (a, b) = pair else { continue }
            let text = tokens[i...n].map(\.text).joined(separator: " ")
            let via = "\"\(text)\" read as \(a.name) and \(b.name)"
            out.append(EntityMention(entity: a, start: i, end: i, text: text, via: via, plural: true))
            out.append(EntityMention(entity: b, start: n, end: n, text: text, via: via, plural: true))
        }
        return out
    }

    /// Masculine and neuter designators: after "die" they are plural ("die Hersteller").
    static let notFeminine = ["konzern", "hersteller", "anbieter", "unternehmen", "gigant", "autobauer", "zulieferer", "lieferant",
                              "rivale", "bauer", "riese", "chef", "manager", "vorstand", "analyst", "verband", "institut"]

    /// Whether a describing noun is plural: a plural form ("Firmen", "Konzerne",
    /// "companies"), or a masculine or neuter noun after "die".
    static func isPlural(_ word: String, article: String, _ kindByWord: [String: String]) -> Bool {
        // ("des Giganten", "dem Riesen" are singular: weak nouns are left to the article.)
        if ["firmen", "konzerne", "companies", "firms", "makers", "groups"].contains(where: { word == $0 || word.hasSuffix("-" + $0) }) { return true }
        return article == "die" && notFeminine.contains { word.hasSuffix($0) || word.hasSuffix($0 + "e") || word.hasSuffix($0 + "en") }
    }

    /// The kind a plural describing noun names ("Firmen", "Konzerne", "companies", "groups").
    static func pluralKind(of word: String, _ kindByWord: [String: String]) -> String? {
        let plurals: [String: String] = ["companies": "company", "groups": "company", "firms": "company", "makers": "company",
                                         "konzerne": "konzern", "firmen": "firma", "unternehmen": "unternehmen",
                                         "hersteller": "hersteller", "anbieter": "anbieter", "gruppen": "company"]
        for (plural, singular) in plurals where word == plural || word.hasSuffix("-" + plural) {
            if let k = kindByWord[singular] ?? kind(of: singular, kindByWord) { return k }
        }
        if word.hasSuffix("giganten") || word.hasSuffix("riesen") || word.hasSuffix("autobauer") { return kindByWord["company"] }
        return nil
    }

    /// The last two distinct entities of `kind` joined by "und"/"and" before token `end`.
    private static func lastPair(of kind: String, in tokens: [SentenceToken], before end: Int, named: [EntityMention]) -> (DraftEntity, DraftEntity)? {
        let mentions = named.filter { $0.entity.kind == kind && $0.end < end && !$0.plural }.sorted { $0.start < $1.start }
        guard mentions.count >= 2 else { return nil }
        for k in stride(from: mentions.count - 1, through: 1, by: -1) {
            let x = mentions[k - 1], y = mentions[k]
            guard x.entity.key != y.entity.key, y.start > x.end, y.start - x.end <= 5 else { continue }
            let between = tokens[(x.end + 1)..<y.start]
            guard between.contains(where: { ["und", "and", "sowie"].contains($0.lower) }),
                  between.allSatisfy({ $0.isWord }) else { continue }
            return (x.entity, y.entity)
        }
        return nil
    }

    private static func exactlyTwo(_ entities: [DraftEntity]) -> (DraftEntity, DraftEntity)? {
        var seen: [DraftEntity] = []
        for e in entities where !seen.contains(where: { $0.key == e.key }) { seen.append(e) }
        return seen.count == 2 ? (seen[0], seen[1]) : nil
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
