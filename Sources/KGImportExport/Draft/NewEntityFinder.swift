import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// Finds names the graph does not know, conservatively: only a name right
/// after a word that says what it is ("Automobilhersteller Faw Car",
/// "CEO Tim Cook", "the chipmaker Nvidia"). A capitalised German noun on
/// its own is never taken for a company. The designators are per language,
/// each with the kind it suggests (a kind of that name, or whose `noun`
/// says so, must exist in the schema).
struct NewEntityFinder: Sendable {
    /// Word endings that say what the next name is, by language: ending → kind word.
    static let designators: [String: [(String, String)]] = [
        "de": [("hersteller", "company"), ("konzern", "company"), ("anbieter", "company"), ("firma", "company"),
               ("unternehmen", "company"), ("gigant", "company"), ("autobauer", "company"), ("zulieferer", "company"),
               ("lieferant", "company"), ("rivale", "company"), ("bauer", "company"), ("riese", "company"), ("start-up", "company"), ("startup", "company"),
               ("chef", "person"), ("chefin", "person"), ("gründer", "person"), ("gründerin", "person"),
               ("vizepräsident", "person"), ("präsident", "person"), ("manager", "person"), ("managerin", "person"),
               ("vorstand", "person"), ("ceo", "person"), ("geschäftsführer", "person"), ("analyst", "person"),
               ("behörde", "organisation"), ("institut", "organisation"), ("instituts", "organisation"),
               ("verband", "organisation"), ("kammer", "organisation")],
        "en": [("company", "company"), ("maker", "company"), ("manufacturer", "company"), ("firm", "company"),
               ("startup", "company"), ("rival", "company"), ("supplier", "company"), ("giant", "company"),
               ("ceo", "person"), ("founder", "person"), ("president", "person"), ("chairman", "person"),
               ("executive", "person"), ("analyst", "person"), ("agency", "organisation"), ("regulator", "organisation"),
               ("institute", "organisation")],
    ]

    /// Words that never begin a name.
    static let stopWords: Set<String> = [
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "und", "oder", "mit", "von", "für", "in", "im",
        "the", "a", "an", "and", "or", "of", "for", "with", "in", "on", "at", "to", "Prof", "Dr", "Mr", "Mrs", "Ms",
    ]

    let kindByWord: [String: String]

    init(schema: GraphSchema) {
        var kinds: [String: String] = [:]
        for name in schema.kindOrder {
            guard let kind = schema.kinds[name], !kind.isFact else { continue }
            kinds[name.lowercased()] = name
            for noun in kind.nouns.values { kinds[noun.singular.lowercased()] = name }
        }
        self.kindByWord = kinds
    }

    /// Names after designators in `tokens` that no mention covers: (name, kind, designator).
    func names(in tokens: [SentenceToken], mentions: [EntityMention]) -> [(String, String, String)] {
        var out: [(String, String, String)] = []
        let covered = Set(mentions.flatMap { Array($0.start...$0.end) })
        for (i, t) in tokens.enumerated() where t.isWord && i + 1 < tokens.count {
            let lower = t.lower
            var kindWord: String?
            for list in Self.designators.values {
                for (ending, word) in list where lower.hasSuffix(ending) { kindWord = word; break }
                if kindWord != nil { break }
            }
            guard let word = kindWord, let kind = kindByWord[word] else { continue }
            var words: [String] = []
            var j = i + 1
            while j < tokens.count, words.count < 3, tokens[j].isWord, !covered.contains(j), !Self.stopWords.contains(tokens[j].text),
                  let c = tokens[j].text.first, c.isUppercase || (c.isNumber && !words.isEmpty) {
                words.append(tokens[j].text)
                j += 1
            }
            guard !words.isEmpty, j >= tokens.count || !tokens[j].isWord || tokens[j].text.first?.isLowercase == true else { continue }
            let name = words.joined(separator: " ")
            guard name.count >= 2, !name.contains("-") || words.count > 1 else { continue }
            out.append((name, kind, t.text))
        }
        return out
    }
}
