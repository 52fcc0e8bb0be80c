import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// One way the schema's lexicon says a relation, read the other way round
/// from `kg ask`: from a sentence to the edge type. Made from a type's
/// phrases (`"licenses patents to"`, `phrase de "lizenziert Patente an"`),
/// its `say` synonyms and its `cue` nouns; a schema without phrases (an
/// inferred CSV schema) reads its type names as words (`works_with`:
/// "works with").
struct RelationCue: Sendable, Hashable {
    enum Reading: Sendable, Hashable {
        /// `subject PHRASE object` is `subject TYPE object`.
        case forward
        /// The inverse phrase: `subject INVERSE object` is `object TYPE subject`.
        case inverse
        /// A phrase that reads the same both ways for a directed type
        /// ("tauscht Patente mit"): the relation holds both ways.
        case reciprocal
        /// A noun naming the relation between parties (`cue`): "Partnerschaft".
        case noun
        /// A pattern with the ends as X and Y (`cue de "Y von X"`, `cue en "X's Y"`).
        case frame
    }

    var type: String
    var language: String
    var reading: Reading
    /// The phrase as the schema writes it, for the comment on a proposal.
    var phrase: String
    /// Which schema line it comes from: `phrase`, `say`, `cue`, or the type name.
    var origin: String
    /// Words a sentence must hold (in any order within a few words, in
    /// order for English).
    var core: [String]
    /// Whether each core word is a noun (capitalised in the phrase).
    var coreIsNoun: [Bool]
    /// A German separable particle at the end of the phrase ("ab" of "wirbt ab von").
    var particle: String?
    /// The preposition that introduces the phrase's object ("von", "to").
    var preposition: String?
    /// Whether the phrase is passive ("wird entwickelt von").
    var passive: Bool
    /// For a frame cue: its words and slots.
    var frame: CueFrame? = nil

    /// The cues of every type `kg draft` can propose, for the languages given.
    static func cues(of schema: GraphSchema, types: Set<String>) -> [RelationCue] {
        var out: [RelationCue] = []
        for type in schema.allEdgeTypeNames where types.contains(type) {
            let symmetric = schema.edgeTypes[type]?.isSymmetric ?? schema.derivedTypes[type]?.isSymmetric ?? false
            var pairs: [(String, PhrasePair, String)] = schema.phrases(of: type).map { ($0.language, $0.phrases, $0.language == "en" ? "the type's phrase" : "phrase \($0.language)") }
            for s in schema.lexicon.synonyms[type] ?? [] { pairs.append((s.language, s.phrases, "say \(s.language)")) }
            for (language, pair, origin) in pairs {
                if symmetric || pair.phrase == pair.inverse {
                    if let cue = make(type, language, pair.phrase, symmetric ? .forward : .reciprocal, origin) { out.append(cue) }
                } else {
                    if let cue = make(type, language, pair.phrase, .forward, origin) { out.append(cue) }
                    if let cue = make(type, language, pair.inverse, .inverse, origin) { out.append(cue) }
                }
            }
            for c in schema.lexicon.cues[type] ?? [] {
                if let frame = CueFrame(c.noun) {
                    out.append(RelationCue(type: type, language: c.language, reading: .frame, phrase: c.noun, origin: "cue \(c.language)",
                                           core: [], coreIsNoun: [], particle: nil, preposition: nil, passive: false, frame: frame))
                } else if let cue = make(type, c.language, c.noun, .noun, "cue \(c.language)") {
                    out.append(cue)
                }
            }
        }
        return out
    }

    private static func make(_ type: String, _ language: String, _ phrase: String, _ reading: Reading, _ origin: String) -> RelationCue? {
        let rules = Inflection.rules(for: language)
        var words = SentenceTokens.words(phrase)
        guard !words.isEmpty else { return nil }
        var preposition: String?
        if words.count > 1, let last = words.last, rules.prepositions.contains(last.lowercased()) {
            preposition = last.lowercased()
            words.removeLast()
        }
        var particle: String?
        if words.count > 1, let last = words.last, rules.particles.contains(last.lowercased()) {
            particle = last.lowercased()
            words.removeLast()
        }
        // Passive: an auxiliary followed by a participle ("wird entwickelt von"), not by a noun or article ("is a partner of").
        let passive = reading != .noun && words.indices.dropLast().contains { i in
            rules.passiveAuxiliaries.contains(words[i].lowercased()) && !rules.functionWords.contains(words[i + 1].lowercased())
                && words[i + 1].first?.isLowercase == true
        }
        var core = words.filter { !rules.functionWords.contains($0.lowercased()) }
        if core.isEmpty { core = words.filter { !rules.passiveAuxiliaries.contains($0.lowercased()) } }
        guard !core.isEmpty else { return nil }
        let nouns = core.map { w in language == "de" && w.first?.isUppercase == true || reading == .noun }
        return RelationCue(type: type, language: language, reading: reading, phrase: phrase, origin: origin,
                           core: core, coreIsNoun: nouns, particle: particle, preposition: preposition, passive: passive)
    }

    /// Where the cue's words stand in `tokens` (their token indices), if they all do.
    func match(in tokens: [SentenceToken], rules: Inflection) -> [Int]? {
        let window = language == "de" ? 14 : 8
        var positions: [Int] = []
        var glued = false
        for (n, word) in core.enumerated() {
            var best: Int?
            // The first word's first occurrence; each further word the occurrence nearest to it.
            for (i, t) in tokens.enumerated() where t.isWord && !positions.contains(i) {
                if let first = positions.first, abs(i - first) > window { continue }
                if language != "de", let last = positions.last, i < last { continue }
                var ok = rules.matches(t.text, word) || rules.matchesAsCompoundTail(t.text, word, isNoun: coreIsNoun[n])
                if !ok, let particle, n == verbIndex, rules.matchesGlued(t.text, verb: word, particle: particle) { ok = true; glued = true }
                guard ok else { continue }
                if let first = positions.first, let b = best, abs(b - first) <= abs(i - first) { continue }
                best = i
                if positions.isEmpty { break }
            }
            guard let found = best else { return nil }
            positions.append(found)
        }
        if let particle, !glued {
            // The particle stands apart, after the verb: "wirbt … ab".
            guard let v = positions.first,
                  let p = tokens.indices.first(where: { $0 > positions[verbIndex] && $0 <= v + 12 && tokens[$0].lower == particle }) else { return nil }
            positions.append(p)
        }
        return positions.sorted()
    }

    /// The verb a particle belongs to: the first core word.
    private var verbIndex: Int { 0 }
}
