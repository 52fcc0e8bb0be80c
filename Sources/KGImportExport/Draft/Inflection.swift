import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// How words of one language inflect, for matching a lexicon phrase
/// ("lizenziert Patente an") against a sentence ("Patente zu lizenzieren"):
/// the rules are written once per language here, not as one lexicon line
/// per form. German: verb and noun endings, participles with ge-,
/// separable particles ("wirbt … ab", "abgeworben", "austauschen"), closed
/// noun compounds ("Mobilfunkpatente" holds "Patente"), a small table of
/// strong verbs. English: -s, -es, -ed, -ing, y/i, a few irregular verbs.
struct Inflection: Sendable {
    let language: String
    /// Words a phrase needs no match for (articles, auxiliaries, prepositions).
    let functionWords: Set<String>
    /// Prepositions that mark a phrase's object ("von Nokia", "to Xiaomi").
    let prepositions: Set<String>
    /// Auxiliaries of the passive ("wird entwickelt von", "is made by").
    let passiveAuxiliaries: Set<String>
    /// Separable verb particles (German): "wirbt … ab", "abgeworben".
    let particles: Set<String>
    /// Words that join the items of a list ("Office und Skype").
    let listWords: Set<String>
    /// Words that make a directed relation mutual ("gegenseitig Patente lizenzieren").
    let reciprocalMarkers: Set<String>
    /// Words that deny what their clause says ("nicht", "keine", "not").
    let negations: Set<String>
    /// Whether nouns form closed compounds ("Mobilfunkpatente").
    let closedCompounds: Bool
    /// Strong and irregular verbs: every form of one verb, one set each.
    let irregular: [Set<String>]
    /// Endings stripped to find a word's stem, longest first.
    let endings: [String]

    /// Whether `word` denies its clause ("nicht", "doesn't").
    func isNegation(_ word: String) -> Bool {
        let w = word.lowercased()
        return negations.contains(w) || (language == "en" && (w.hasSuffix("n't") || w.hasSuffix("n’t")))
    }

    static func rules(for language: String) -> Inflection {
        language == "de" ? .german : .english
    }

    static let german = Inflection(
        language: "de",
        functionWords: ["ist", "sind", "war", "waren", "wird", "wurde", "werden", "wurden", "worden", "hat", "haben", "hatte",
                        "ein", "eine", "einen", "einem", "einer", "eines", "der", "die", "das", "den", "dem", "des", "sich",
                        "von", "vom", "an", "mit", "zu", "zum", "zur", "in", "im", "bei", "für", "auf", "als", "über", "nach", "aus", "vor", "hinter"],
        prepositions: ["von", "vom", "an", "mit", "zu", "in", "im", "bei", "für", "auf", "als", "zwischen", "über", "hinter"],
        passiveAuxiliaries: ["wird", "wurde", "werden", "wurden", "worden", "ist", "sind", "war"],
        particles: ["ab", "an", "auf", "aus", "bei", "ein", "fest", "her", "hoch", "herab", "herunter", "los", "mit", "nach", "vor",
                    "weg", "zu", "zurück", "zusammen", "fort", "teil", "bekannt"],
        listWords: ["und", "sowie", "oder", ","],
        reciprocalMarkers: ["gegenseitig", "gegenseitige", "gegenseitigen", "wechselseitig", "miteinander", "untereinander"],
        negations: ["nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "weder", "nirgends"],
        closedCompounds: true,
        irregular: [
            ["erwirbt", "erwarb", "erwarben", "erworben", "erwerben"],
            ["gibt", "gab", "gaben", "gegeben", "geben"],
            ["bietet", "bot", "boten", "geboten", "bieten"],
            ["schlägt", "schlug", "schlugen", "geschlagen", "schlagen"],
            ["übertrifft", "übertraf", "übertrafen", "übertroffen", "übertreffen"],
            ["liegt", "lag", "lagen", "gelegen", "liegen"],
            ["geht", "ging", "gingen", "gegangen", "gehen"],
            ["nimmt", "nahm", "nahmen", "genommen", "nehmen"],
            ["wirbt", "warb", "warben", "geworben", "werben"],
            ["bezieht", "bezog", "bezogen", "beziehen"],
            ["schließt", "schloss", "schlossen", "geschlossen", "schließen"],
            ["stellt", "stellte", "stellten", "gestellt", "stellen"],
            ["tritt", "trat", "traten", "getreten", "treten"],
            ["leitet", "leitete", "leiteten", "geleitet", "leiten"],
        ],
        endings: ["eten", "test", "ten", "tet", "est", "en", "em", "er", "es", "et", "st", "te", "e", "n", "s", "t"])

    static let english = Inflection(
        language: "en",
        functionWords: ["is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "a", "an", "the", "of", "to",
                        "from", "with", "by", "in", "at", "on", "for", "as", "than", "its", "their", "into"],
        prepositions: ["of", "to", "from", "with", "by", "in", "at", "on", "for", "into", "between", "behind"],
        passiveAuxiliaries: ["is", "are", "was", "were", "been", "be", "being"],
        particles: [],
        listWords: ["and", "as well as", "or", ","],
        reciprocalMarkers: ["mutually", "mutual", "each other", "one another", "reciprocal", "cross-license", "cross-licence"],
        negations: ["not", "no", "never", "neither", "nor", "cannot", "without"],
        closedCompounds: false,
        irregular: [
            ["sell", "sells", "sold", "selling"], ["buy", "buys", "bought", "buying"], ["make", "makes", "made", "making"],
            ["build", "builds", "built", "building"], ["lead", "leads", "led", "leading"], ["beat", "beats", "beaten", "beating"],
            ["give", "gives", "gave", "given", "giving"], ["get", "gets", "got", "gotten", "getting"],
            ["run", "runs", "ran", "running"], ["win", "wins", "won", "winning"], ["take", "takes", "took", "taken", "taking"],
        ],
        endings: ["ing", "ies", "ied", "es", "ed", "s", "d"])

    /// The forms a word may reduce to: itself, without one ending, without
    /// a participle's ge- (German); lower case.
    func stems(_ word: String) -> Set<String> {
        let w = word.lowercased()
        var out: Set<String> = [w]
        var bases = [w]
        if language == "de", w.hasPrefix("ge"), w.count >= 6 { bases.append(String(w.dropFirst(2))) }
        for base in bases {
            out.insert(base)
            for ending in endings where base.hasSuffix(ending) && base.count - ending.count >= 3 {
                var stem = String(base.dropLast(ending.count))
                if language == "en", ending == "ies" || ending == "ied" { stem += "y" }
                out.insert(stem)
            }
            if language == "en", base.hasSuffix("y") { out.insert(String(base.dropLast()) + "i") }
        }
        return out
    }

    /// Whether the sentence word `token` is a form of the phrase word `word`.
    func matches(_ token: String, _ word: String) -> Bool {
        let t = token.lowercased(), w = word.lowercased()
        if t == w { return true }
        if let group = irregular.first(where: { $0.contains(w) }), group.contains(t) { return true }
        let ts = stems(t), ws = stems(w)
        if ws.contains(where: { $0.count >= 4 && ts.contains($0) }) { return true }
        return false
    }

    /// Whether `token` is `word` as the last part of a compound: after a
    /// hyphen ("Chip-Lieferant") or, for nouns of a compounding language,
    /// closed up ("Mobilfunkpatente").
    func matchesAsCompoundTail(_ token: String, _ word: String, isNoun: Bool) -> Bool {
        if let dash = token.lastIndex(of: "-") {
            let tail = String(token[token.index(after: dash)...])
            if !tail.isEmpty, matches(tail, word) { return true }
        }
        guard closedCompounds, isNoun, word.count >= 4 else { return false }
        let t = token.lowercased(), w = word.lowercased()
        guard t.count >= w.count + 3 else { return false }
        for stem in stems(w) where stem.count >= 4 {
            if let range = t.range(of: stem, options: .backwards), t.distance(from: t.startIndex, to: range.lowerBound) >= 3,
               t.distance(from: range.upperBound, to: t.endIndex) <= 3 { return true }
        }
        return false
    }

    /// Whether `token` is a separable verb written as one word: the particle
    /// glued before the verb, with ge- or zu- between ("abgeworben",
    /// "austauschen", "hochgestuft", "anzubieten").
    func matchesGlued(_ token: String, verb: String, particle: String) -> Bool {
        let t = token.lowercased()
        guard t.hasPrefix(particle), t.count > particle.count + 2 else { return false }
        var rest = String(t.dropFirst(particle.count))
        if matches(rest, verb) { return true }
        if rest.hasPrefix("zu") { rest = String(rest.dropFirst(2)); if matches(rest, verb) { return true } }
        if rest.hasPrefix("ge") {
            rest = String(rest.dropFirst(2))
            if matches(rest, verb) { return true }
            if let group = irregular.first(where: { $0.contains(verb.lowercased()) }), group.contains("ge" + rest) { return true }
        }
        return false
    }
}
