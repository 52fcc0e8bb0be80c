import KGModel

/// The words `kg ask` understands, generated from a graph's schema: every
/// edge type's phrase and inverse phrase in every declared language (an
/// undeclared phrase is the type's name read as words: `depends_on` →
/// "depends on"), the noun form of phrases ending in "of" ("is a partner of"
/// → "partner"), and every kind as a noun, singular and plural.
/// Node names are not listed here: they are looked up in the store.
struct AskLexicon: Sendable {
    /// One way to read an edge type: `subject PHRASE object`.
    struct Relation: Sendable, Hashable {
        /// The edge type (stored or derived).
        var type: String
        var language: String
        /// The phrase as declared ("licenses patents to").
        var phrase: String
        /// The words that must appear, folded, without articles and auxiliaries.
        var words: [String]
        /// Whether the subject of the phrase is the edge's source (the phrase,
        /// not the inverse phrase). Symmetric types read the same both ways.
        var subjectIsSource: Bool
        var isSymmetric: Bool
        /// A noun form: the phrase without its final "of" ("partner").
        var isNoun: Bool
        /// Read from the type's name, not declared ("seller" for `seller`).
        var isTypeName = false
        /// A synonym from the schema's lexicon (`say`), not the type's own phrase.
        var isSynonym = false
        /// The phrase without its final "in" / "at", for where-questions
        /// ("where does Xiaomi have a site" ← "has a site in").
        var isWhereForm = false
        /// Made by rule from the type's name (``EnglishPhrasing``): the schema
        /// declares no phrase for the type. A declared phrase with the same
        /// words wins over it.
        var isGenerated = false
    }

    /// A kind as a noun: "company" / "companies".
    struct KindNoun: Sendable, Hashable {
        var kind: String
        var language: String
        var words: [String]
        var isPlural: Bool
    }

    var relations: [Relation] = []
    var kinds: [KindNoun] = []
    /// Every content word of the lexicon (to tell phrase words from names).
    var vocabulary: Set<String> = []
    /// Role hierarchy: for a type, it and the types that imply it (party → party, licensor, licensee, …).
    var subtypes: [String: [String]] = [:]
    /// Spelling variants, folded: licence → license.
    var spellings: [String: String] = [:]

    init(schema: GraphSchema) {
        for type in schema.allEdgeTypeNames {
            let all = schema.lexicon.typeAndSubtypes(of: type)
            if all.count > 1 { subtypes[type] = all }
        }
        spellings = schema.lexicon.spellings
        for type in schema.allEdgeTypeNames {
            let symmetric = schema.edgeTypes[type]?.isSymmetric ?? schema.derivedTypes[type]?.isSymmetric ?? false
            let generated = schema.edgeTypes[type]?.phraseIsGenerated ?? false
            for (language, pair) in schema.phrases(of: type) {
                let isGenerated = generated && language == "en"
                add(type: type, language: language, phrase: pair.phrase, subjectIsSource: true, symmetric: symmetric, isGenerated: isGenerated)
                if !symmetric || pair.inverse != pair.phrase {
                    add(type: type, language: language, phrase: pair.inverse, subjectIsSource: false, symmetric: symmetric, isGenerated: isGenerated)
                }
                // The type's own name, read as words, always works too (in English).
                if language == "en" {
                    let named = type.replacingOccurrences(of: "_", with: " ")
                    if named.lowercased() != pair.phrase.lowercased() {
                        add(type: type, language: language, phrase: named, subjectIsSource: true, symmetric: symmetric, isTypeName: true)
                    }
                }
            }
            // Synonyms from the schema's lexicon (`say LANG "phrase" / "inverse"`), after the declared phrases,
            // then those made by rule for a type without declared phrases ("partners with" for partner_of).
            let synonyms = (schema.lexicon.synonyms[type] ?? []).map { ($0, false) } + schema.generatedSynonyms(of: type).map { ($0, true) }
            for (synonym, isGenerated) in synonyms {
                if isGenerated && synonym.phrases.inverse == synonym.phrases.phrase {
                    // A reciprocal phrase made by rule ("partners with") reads both ways, so it is asked both ways.
                    add(type: type, language: synonym.language, phrase: synonym.phrases.phrase, subjectIsSource: true, symmetric: true, isSynonym: true,
                        isGenerated: true)
                    continue
                }
                add(type: type, language: synonym.language, phrase: synonym.phrases.phrase, subjectIsSource: true, symmetric: symmetric, isSynonym: true,
                    isGenerated: isGenerated)
                if !symmetric && synonym.phrases.inverse != synonym.phrases.phrase {
                    add(type: type, language: synonym.language, phrase: synonym.phrases.inverse, subjectIsSource: false, symmetric: symmetric, isSynonym: true,
                        isGenerated: isGenerated)
                } else if !symmetric {
                    // A phrase that reads the same both ways ("cross-licenses with") on a directed type.
                    add(type: type, language: synonym.language, phrase: synonym.phrases.phrase, subjectIsSource: false, symmetric: symmetric, isSynonym: true,
                        isGenerated: isGenerated)
                }
            }
        }
        for name in schema.kindOrder {
            guard let kind = schema.kinds[name] else { continue }
            var nouns = kind.nouns
            if nouns["en"] == nil {
                let singular = Self.words(ofIdentifier: name).joined(separator: " ")
                nouns["en"] = NounForms(singular: singular, plural: Self.englishPlural(singular))
            }
            for (language, forms) in nouns.sorted(by: { $0.key < $1.key }) {
                addKind(name, language: language, text: forms.singular, plural: false)
                addKind(name, language: language, text: forms.plural, plural: true)
                if language == "en", forms.singular == "person" { addKind(name, language: language, text: "people", plural: true) }
            }
        }
    }

    private mutating func add(type: String, language: String, phrase: String, subjectIsSource: Bool, symmetric: Bool, isTypeName: Bool = false,
                              isSynonym: Bool = false, isGenerated: Bool = false) {
        var words = Self.contentWords(of: phrase, language: language)
        if words.isEmpty { words = QuestionTokenizer.tokenize(phrase).map { WordMatching.normalised($0.folded) } }
        guard !words.isEmpty else { return }
        let relation = Relation(type: type, language: language, phrase: phrase, words: words, subjectIsSource: subjectIsSource,
                                isSymmetric: symmetric, isNoun: false, isTypeName: isTypeName, isSynonym: isSynonym, isGenerated: isGenerated)
        guard !relations.contains(relation) else { return }
        relations.append(relation)
        vocabulary.formUnion(words)
        if words.count > 1, let last = words.last, FunctionWords.nounLinks.contains(last) {
            var noun = relation
            noun.words.removeLast()
            noun.isNoun = true
            if !relations.contains(noun) { relations.append(noun) }
        }
        // A phrase made by rule also reads without its "for" ("where does Ada work" ← "works for").
        if words.count > 1, let last = words.last, FunctionWords.placePrepositions.contains(last) || (isGenerated && subjectIsSource && last == "for") {
            var whereForm = relation
            whereForm.words.removeLast()
            whereForm.isWhereForm = true
            if !relations.contains(whereForm) { relations.append(whereForm) }
        }
    }

    private mutating func addKind(_ kind: String, language: String, text: String, plural: Bool) {
        let words = QuestionTokenizer.tokenize(text).map(\.folded)
        guard !words.isEmpty else { return }
        let noun = KindNoun(kind: kind, language: language, words: words, isPlural: plural)
        if !kinds.contains(noun) { kinds.append(noun) }
        vocabulary.formUnion(words)
    }

    /// The words of a phrase that carry meaning: folded, irregular verbs
    /// normalised, without articles and auxiliaries ("is a partner of" →
    /// partner, of).
    static func contentWords(of phrase: String, language: String) -> [String] {
        let skipped = FunctionWords.skippedInPhrases(language: language)
        return QuestionTokenizer.tokenize(phrase).map(\.folded).filter { !skipped.contains($0) }.map(WordMatching.normalised)
    }

    /// `CompanyGroup` → company, group; `supply_chain` → supply, chain.
    static func words(ofIdentifier name: String) -> [String] { EnglishPhrasing.words(ofIdentifier: name) }

    /// The English plural of the last word of a noun: company → companies
    /// (person → persons here; "people" is added beside it).
    static func englishPlural(_ noun: String) -> String {
        noun == "person" ? "persons" : EnglishPhrasing.plural(noun)
    }

    /// Relations whose words start at `tokens[start]`, longest first, with
    /// how many tokens they cover (articles inside a phrase are skipped).
    func relations(at start: Int, in tokens: [QuestionToken]) -> [(relation: Relation, length: Int, exact: Int)] {
        var found: [(relation: Relation, length: Int, exact: Int, distance: Int)] = []
        for relation in relations {
            var i = start, exact = 0, distance = 0, matched = true
            for (n, word) in relation.words.enumerated() {
                if n > 0 {
                    while i < tokens.count, FunctionWords.articles.contains(tokens[i].folded), WordMatching.distance(tokens[i].folded, word) == nil { i += 1 }
                }
                guard i < tokens.count, !tokens[i].isQuoted, !tokens[i].isPossessive,
                      let d = WordMatching.distance(tokens[i].folded, word) else { matched = false; break }
                if d == 0 { exact += 1 }
                distance += d
                i += 1
            }
            if matched { found.append((relation, i - start, exact, distance)) }
        }
        // Longest phrase first; then the closest words; then declared phrases before generated ones and type names.
        return found.sorted { a, b in
            if a.relation.words.count != b.relation.words.count { return a.relation.words.count > b.relation.words.count }
            if a.distance != b.distance { return a.distance < b.distance }
            if a.relation.isGenerated != b.relation.isGenerated { return !a.relation.isGenerated }
            return !a.relation.isTypeName && b.relation.isTypeName
        }.map { ($0.relation, $0.length, $0.exact) }
    }

    /// The kind noun starting at `tokens[start]`, the longest.
    func kind(at start: Int, in tokens: [QuestionToken]) -> (noun: KindNoun, length: Int)? {
        var best: (noun: KindNoun, length: Int, exact: Int)?
        for noun in kinds where start + noun.words.count <= tokens.count {
            var exact = 0, matched = true
            for (n, word) in noun.words.enumerated() {
                let token = tokens[start + n]
                guard !token.isQuoted, !token.isPossessive, let kind = WordMatching.match(token.folded, word) else { matched = false; break }
                if kind == .exact { exact += 1 }
            }
            guard matched else { continue }
            if let current = best, current.noun.words.count > noun.words.count
                || (current.noun.words.count == noun.words.count && current.exact >= exact) { continue }
            best = (noun, noun.words.count, exact)
        }
        return best.map { ($0.noun, $0.length) }
    }
}

/// When a word of a question is a word of a phrase: the same word, an
/// irregular form of it (sold → sell), or the same stem with a short ending
/// (license, licenses, licensed; entwickelt, entwickeln).
enum WordMatching {
    enum Kind { case exact, inflected }

    /// Irregular forms → the word they are a form of: the verbs of
    /// ``EnglishPhrasing/irregularBases`` (sold → sell) and a few plurals.
    static let irregular: [String: String] = EnglishPhrasing.irregularBases.merging([
        "leads": "lead", "people": "person", "children": "child",
    ]) { _, new in new }

    static func normalised(_ word: String) -> String { irregular[word] ?? word }

    /// A word without its regular English ending: supplies, supplied → suppl-y;
    /// licenses, licensed, license → licens; sells → sell; developing → develop.
    static func englishBase(_ word: String) -> String {
        var w = Substring(word)
        if w.count > 4, w.hasSuffix("ies") || w.hasSuffix("ied") { return String(w.dropLast(3)) + "y" }
        if w.count > 4, w.hasSuffix("sses") || w.hasSuffix("ches") || w.hasSuffix("shes") || w.hasSuffix("xes") { w = w.dropLast(2) }
        else if w.count > 5, w.hasSuffix("ing") { w = w.dropLast(3) }
        else if w.count > 4, w.hasSuffix("ed") { w = w.dropLast(2) }
        else if w.count > 3, w.hasSuffix("s"), !w.hasSuffix("ss") { w = w.dropLast(1) }
        if w.count > 3, w.hasSuffix("e") { w = w.dropLast(1) }
        return String(w)
    }

    /// Endings of English and German inflection and derivation that tell two forms of a word apart.
    static let endings: Set<String> = ["", "s", "es", "ed", "d", "ing", "ng", "g", "er", "ers", "e", "y", "ies", "ied", "ie", "or", "ors", "ion", "on", "n",
                                       "en", "et", "t", "te", "ten", "st", "est", "em", "ern", "ung", "nd", "end", "ly", "al", "ce", "se", "ze", "ve", "ive"]

    static func match(_ questionWord: String, _ lexiconWord: String) -> Kind? {
        distance(questionWord, lexiconWord).map { $0 == 0 ? .exact : .inflected }
    }

    /// 0 for the same word, the number of letters of the endings that differ
    /// for inflected forms (sell / sells 1, sell / seller 2), nil otherwise.
    static func distance(_ questionWord: String, _ lexiconWord: String) -> Int? {
        let a = normalised(questionWord), b = normalised(lexiconWord)
        if a == b { return questionWord == lexiconWord ? 0 : 1 }
        // Regular English inflection: supply / supplies / supplied, license / licensed.
        if englishBase(a) == englishBase(b) { return 1 }
        let x = Array(a), y = Array(b)
        var common = 0
        while common < x.count, common < y.count, x[common] == y[common] { common += 1 }
        let restA = x.count - common, restB = y.count - common
        // The same stem with short endings (entwickelt / entwickeln, licensing / licensed), not
        // another word that shares its first letters (party / partner).
        if common >= 4, restA <= 3, restB <= 3, endings.contains(String(x[common...])), endings.contains(String(y[common...])) { return restA + restB }
        if common >= 2, (restA == 0 && (y[common...] == ["s"] || y[common...] == ["e", "s"]))
            || (restB == 0 && (x[common...] == ["s"] || x[common...] == ["e", "s"])) { return restA + restB }
        return nil
    }
}

/// The words of questions that are not phrases, kinds or names, in English and German.
enum FunctionWords {
    enum Role: Sendable, Hashable {
        case who, what, which, how, many, auxiliary, article, and, connect, filler, preposition, have, `where`
    }

    static let englishArticles: Set<String> = ["a", "an", "the"]
    static let germanArticles: Set<String> = ["der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines"]
    static let articles: Set<String> = englishArticles.union(germanArticles)
    static let englishAuxiliaries: Set<String> = ["is", "are", "was", "were", "be", "been", "am", "does", "do", "did"]
    static let germanAuxiliaries: Set<String> = ["ist", "sind", "war", "waren", "wird", "werden", "wurde", "wurden", "hat", "haben", "hatte", "hatten"]
    static let auxiliaries: Set<String> = englishAuxiliaries.union(germanAuxiliaries)
    static let have: Set<String> = ["has", "have", "had"]

    /// Words left out of a phrase's words: articles and auxiliaries ("is CEO of"
    /// → CEO, of). German keeps "an" (a preposition there: "lizenziert Patente an").
    static func skippedInPhrases(language: String) -> Set<String> {
        switch language {
        case "en": return englishArticles.union(englishAuxiliaries).union(have)
        case "de": return germanArticles.union(germanAuxiliaries)
        default: return []
        }
    }
    /// A final word that makes a phrase a noun with an object: "partner of".
    static let nounLinks: Set<String> = ["of", "von"]
    /// A final word a where-question leaves out: "has a site in".
    static let placePrepositions: Set<String> = ["in", "at", "bei"]

    static let roles: [String: Role] = {
        var roles: [String: Role] = [:]
        for w in ["who", "whom", "wer", "wen", "wem"] { roles[w] = .who }
        for w in ["what", "was"] { roles[w] = .what }
        for w in ["which", "welche", "welcher", "welches", "welchen", "welchem"] { roles[w] = .which }
        for w in ["how", "wie"] { roles[w] = .how }
        for w in ["where", "wo"] { roles[w] = .where }
        for w in ["many", "much", "viele", "viel"] { roles[w] = .many }
        for w in auxiliaries { roles[w] = .auxiliary }
        for w in have { roles[w] = .have }
        for w in articles { roles[w] = .article }
        for w in ["and", "und"] { roles[w] = .and }
        for w in ["connected", "connect", "connects", "connection", "connections", "related", "linked", "link", "links", "path",
                  "verbunden", "verbindung", "verknüpft", "zusammen", "hängen", "hängt"] { roles[w] = .connect }
        for w in ["please", "list", "show", "me", "all", "tell", "give", "find", "that", "bitte", "zeige", "zeig", "alle", "nenne", "liste", "mir"] {
            roles[w] = .filler
        }
        for w in ["to", "from", "with", "between", "of", "mit", "zwischen", "von", "zu", "an", "and"] where roles[w] == nil { roles[w] = .preposition }
        return roles
    }()

    static func role(of word: String) -> Role? { roles[word] }
}
