import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// Reads one sentence for relations: where a lexicon cue of a type stands
/// (``RelationCue``), which named entities are its two ends. The ends are
/// found by the kinds the type allows, by position (the subject before the
/// verb, the object after it or after the phrase's preposition: "Patente
/// von Nokia erworben" makes Nokia the seller), by lists ("Office und
/// Skype"), and, for a noun cue ("Partnerschaft"), by the parties joined by
/// "und"/"and" or named after "mit"/"with". When the ends are not clear the
/// sentence proposes nothing: a missed fact costs the reviewer less than a
/// wrong one.
struct FactProposer: Sendable {
    struct Candidate: Sendable {
        var type: String
        var source: EntityMention
        var target: EntityMention
        var bothWays: Bool
        var cue: RelationCue
        var words: [String]
        /// The tokens the cue matched.
        var positions: [Int] = []
        /// A word that denies the cue's clause ("nicht"): then the fact is not proposed.
        var negation: String? = nil
    }

    let schema: GraphSchema
    let cues: [RelationCue]
    /// Allowed kinds of each type's ends.
    let ends: [String: (sources: KindSet, targets: KindSet, symmetric: Bool)]

    init(schema: GraphSchema, shapes: [String: FactShape]) {
        self.schema = schema
        var ends: [String: (KindSet, KindSet, Bool)] = [:]
        for (type, shape) in shapes {
            if let e = schema.edgeTypes[type] {
                ends[type] = (e.sources, e.targets, e.isSymmetric)
            } else if let d = schema.derivedTypes[type] {
                // The role edges' ends must allow the kinds too.
                let roleSources = shape.sourceRole.flatMap { schema.edgeTypes[$0.type] }.map { $0.targets } ?? .any
                let roleTargets = shape.targetRole.flatMap { schema.edgeTypes[$0.type] }.map { $0.targets } ?? .any
                ends[type] = (Self.intersect(d.sources, roleSources), Self.intersect(d.targets, roleTargets), d.isSymmetric)
            }
        }
        self.ends = ends
        self.cues = RelationCue.cues(of: schema, types: Set(shapes.keys))
    }

    private static func intersect(_ a: KindSet, _ b: KindSet) -> KindSet {
        switch (a, b) {
        case (.any, _): return b
        case (_, .any): return a
        case (.some(let x), .some(let y)): return .some(x.filter(y.contains))
        }
    }

    /// The relations `tokens` state between `mentions`. `topic` gives the
    /// article's subject among kinds, for an end a sentence leaves unsaid
    /// ("der Geschäftsführer Lei Jun", "In Düsseldorf wird ein Vertriebsteam aufgebaut").
    func propose(tokens: [SentenceToken], mentions: [EntityMention], language: String,
                 topic: (KindSet) -> DraftEntity? = { _ in nil }) -> [Candidate] {
        guard !mentions.isEmpty else { return [] }
        // Only the phrases of the sentence's language: "Basis" is German here, not English.
        // Frames are shapes, not words of one language ("OpenAI’s o1-mini" in a German sentence).
        let cues = self.cues.filter { $0.language == language || $0.frame != nil }
        var out: [Candidate] = []
        var passiveTypes = Set<String>()
        // Passive readings first: "wird von X entwickelt" must not be read as "X entwickelt".
        for cue in cues.sorted(by: { ($0.passive ? 0 : 1) < ($1.passive ? 0 : 1) }) {
            if !cue.passive, passiveTypes.contains(cue.type) { continue }
            let rules = Inflection.rules(for: cue.language)
            if let frame = cue.frame {
                guard let ends = self.ends[cue.type] else { continue }
                for (source, target, at) in frame.matches(tokens, mentions, rules: rules, sourceKinds: ends.sources, targetKinds: ends.targets) {
                    // A list after the frame's last end: "… Office und das Videotelefonie-Programm Skype".
                    var targets = [target]
                    if let group = listGroups(mentions.filter { ends.targets.contains($0.entity.kind) }, tokens).first(where: { $0.contains(target) }) {
                        // Not past another name: "OpenAI’s o1-mini und Alibabas QwQ-32B".
                        targets = group.filter { g in g.start >= target.start
                            && !mentions.contains { $0.start > target.end && $0.start < g.start && !group.contains($0) } }
                    }
                    for t in targets where t.entity.key != source.entity.key {
                        let words = (at.map { tokens[$0].text } + [source.text, t.text]).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                        out.append(Candidate(type: cue.type, source: source, target: t, bothWays: false, cue: cue, words: words, positions: at))
                    }
                }
                continue
            }
            guard let positions = cue.match(in: tokens, rules: rules) else { continue }
            if cue.passive {
                // A passive needs its auxiliary near the participle; then the active reading is not tried.
                let near = max(0, positions[0] - 12)...min(tokens.count - 1, positions.last! + 3)
                guard near.contains(where: { rules.passiveAuxiliaries.contains(tokens[$0].lower) }) else { continue }
                passiveTypes.insert(cue.type)
            }
            guard let ends = self.ends[cue.type] else { continue }
            // A cue word inside a name is no cue ("Partner AG"); at the end of a compound it is ("Xiaomi-Manager").
            if positions.contains(where: { p in mentions.contains { m in m.via == nil && (m.start...m.end).contains(p) && !Self.isCompound(m) } }) { continue }
            let found = cue.reading == .noun
                ? nounParties(cue, positions, tokens, mentions, ends, topic)
                : verbParties(cue, positions, tokens, mentions, ends, rules, topic)
            let words = positions.map { tokens[$0].text }
            let negation = negation(in: tokens, around: positions, rules)
            for f in found where f.0.entity.key != f.1.entity.key {
                out.append(Candidate(type: cue.type, source: f.0, target: f.1, bothWays: f.2, cue: cue, words: words, positions: positions, negation: negation))
            }
        }
        return out
    }

    /// Whether another phrase of the same type has the same words and another reading.
    private func hasTwin(_ cue: RelationCue) -> Bool {
        self.cues.contains { $0.type == cue.type && $0.reading != cue.reading && $0.core.map { $0.lowercased() } == cue.core.map { $0.lowercased() } && $0.preposition != cue.preposition }
    }

    /// Whether no kind is in both sets (then the kinds tell the ends apart).
    static func disjoint(_ a: KindSet, _ b: KindSet) -> Bool {
        guard case .some(let x) = a, case .some(let y) = b else { return false }
        return Set(x).isDisjoint(with: y)
    }

    /// An end the sentence does not name: the article's subject.
    static func implied(_ entity: DraftEntity) -> EntityMention {
        EntityMention(entity: entity, start: -1, end: -1, text: entity.name, via: "the article's subject")
    }

    /// A mention as the first part of a hyphen compound ("Xiaomi-Manager").
    static func isCompound(_ m: EntityMention) -> Bool {
        m.via == nil && m.start == m.end && m.text.contains("-") && !m.entity.names.contains { $0.contains("-") }
    }

    // MARK: - Ends of a noun cue

    private func nounParties(_ cue: RelationCue, _ positions: [Int], _ tokens: [SentenceToken], _ mentions: [EntityMention],
                             _ ends: (sources: KindSet, targets: KindSet, symmetric: Bool),
                             _ topic: (KindSet) -> DraftEntity?) -> [(EntityMention, EntityMention, Bool)] {
        if !ends.symmetric, let at = positions.first, Self.disjoint(ends.sources, ends.targets) {
            // The ends' kinds tell them apart ("Xiaomi … In München entsteht ein Entwicklungszentrum"):
            // the nearest of each; a source the sentence leaves unsaid is the article's subject.
            guard let target = nearest(mentions.filter { ends.targets.contains($0.entity.kind) }, to: at, tokens, limit: 14) else { return [] }
            if let source = nearest(mentions.filter { ends.sources.contains($0.entity.kind) }, to: at, tokens, limit: 20) { return [(source, target, false)] }
            if let subject = topic(ends.sources) { return [(Self.implied(subject), target, false)] }
            return []
        }
        // A noun names the relation without its direction: only symmetric types, or both ways.
        let fits = mentions.filter { ends.sources.contains($0.entity.kind) && ends.targets.contains($0.entity.kind) }
        guard fits.count >= 2, let at = positions.first else { return [] }
        let bothWays = !ends.symmetric
        // Parties joined by "und"/"and", nearest to the noun.
        let groups = listGroups(fits, tokens).filter { $0.count >= 2 }
        func reach(_ g: [EntityMention]) -> Int { g.map { distance(tokens, at, $0) }.min() ?? .max }
        if let group = groups.min(by: { reach($0) < reach($1) }), reach(group) <= 16 {
            return pairs(group).map { ($0.0, $0.1, bothWays) }
        }
        // "X … Partnerschaft mit Y".
        if let object = markedObject(["mit", "with", "zwischen", "between"], after: at, tokens, fits),
           let subject = nearest(fits.filter { $0.end < at && $0.entity.key != object.entity.key }, to: at, tokens, limit: 14) {
            return [(subject, object, bothWays)]
        }
        if fits.count == 2, Set(fits.map(\.entity.key)).count == 2,
           fits.allSatisfy({ distance(tokens, at, $0) <= 20 }) {
            return [(fits[0], fits[1], bothWays)]
        }
        return []
    }

    // MARK: - Ends of a verb or predicate phrase

    private func verbParties(_ cue: RelationCue, _ positions: [Int], _ tokens: [SentenceToken], _ mentions: [EntityMention],
                             _ ends: (sources: KindSet, targets: KindSet, symmetric: Bool), _ rules: Inflection,
                             _ topic: (KindSet) -> DraftEntity?) -> [(EntityMention, EntityMention, Bool)] {
        let first = positions.first!, last = positions.last!
        // The object is in the verb's clause: not past a dependent clause after it (", was Nokia …").
        let clauseEnd = ClauseBoundary.next(after: last, in: tokens) ?? tokens.count
        let mentions = mentions.filter { $0.start < clauseEnd }
        // Which kinds the phrase's subject and object may have.
        let subjectKinds = cue.reading == .inverse ? ends.targets : ends.sources
        let objectKinds = cue.reading == .inverse ? ends.sources : ends.targets
        let subjects = mentions.filter { subjectKinds.contains($0.entity.kind) }
        let objects = mentions.filter { objectKinds.contains($0.entity.kind) }
        guard !subjects.isEmpty || !objects.isEmpty else { return [] }
        let disjoint = !ends.symmetric && Self.disjoint(subjectKinds, objectKinds)

        // A predicate noun between its object and its subject: "Nokias Chef Rajeev Suri",
        // "Xiaomi-Manager Hugo Barra", "Nokia's CEO Rajeev Suri".
        if positions.count == 1, cue.coreIsNoun[0] || cue.language == "en", cue.reading == .forward {
            let p = positions[0]
            if let owner = objects.first(where: { $0.end == p - 1 || ($0.start == p && Self.isCompound($0)) }),
               owner.end == p || tokens[owner.end].text != owner.entity.name,
               let person = subjects.first(where: { $0.start == p + 1 }), person.entity.key != owner.entity.key {
                return [(person, owner, false)]
            }
            // "der Geschäftsführer Lei Jun", "CEO Lei Jun": the owner is the article's subject.
            if disjoint, let person = subjects.first(where: { $0.start == p + 1 }), !objects.contains(where: { $0.end == p - 1 || $0.start == p }),
               p == 0 || ["der", "die", "the"].contains(tokens[p - 1].lower), let owner = topic(objectKinds) {
                return [(person, Self.implied(owner), false)]
            }
        }
        guard !subjects.isEmpty else { return [] }

        var object: EntityMention?
        if let p = cue.preposition {
            object = markedObject([p], near: first, last, tokens, objects)
        }
        // "licenses patents to" and "… from" share their words: only the preposition tells the object.
        let twin = object == nil && cue.preposition != nil && hasTwin(cue)
        if object == nil, !cue.passive, !twin {
            object = nearest(objects.filter { $0.start > last }, to: last, tokens, limit: 12)
        }
        var subject: EntityMention?
        if object == nil, !cue.passive, !twin, cue.language == "de", !ends.symmetric, !cue.coreIsNoun[0] {
            // Verb last in a German clause: "die Xiaomi … hochgestuft haben" (subject, object, verb).
            let before = mentions.filter { $0.end < first && !Self.isCompound($0) }
            if let o = before.last(where: { objectKinds.contains($0.entity.kind) && distance(tokens, first, $0) <= 18 }) {
                let group = listGroups(before.filter { objectKinds.contains($0.entity.kind) }, tokens).first { $0.contains(o) } ?? [o]
                if let s = before.last(where: { $0.end < group[0].start && subjectKinds.contains($0.entity.kind) && distance(tokens, first, $0) <= 30 }) {
                    object = group[0]
                    subject = s
                }
            }
        }
        if object == nil, cue.passive, disjoint, cue.preposition != nil,
           let patient = nearest(subjects.filter { $0.end < first && !governed($0, tokens, rules) }, to: first, tokens, limit: 18)
               ?? subjects.first(where: { $0.start > last && $0.start <= last + 2 && !governed($0, tokens, rules) }),
           let agent = topic(objectKinds) {
            // A passive without its agent ("So werden unter dem Label „Mijia“ … angeboten"): the article's subject.
            return [cue.reading == .inverse ? (Self.implied(agent), patient, false) : (patient, Self.implied(agent), false)]
        }
        guard !objects.isEmpty else { return [] }
        let mutual = !ends.symmetric && tokens.contains { rules.reciprocalMarkers.contains($0.lower) }
        guard var obj = object else {
            // "X und Y kooperieren", "zwischen X und Y … gegenseitig Patente zu lizenzieren":
            // a symmetric or mutual relation between the parties of a list.
            // Not for a predicate noun: "Rivalen wie OPPO und Vivo" are rivals of someone else.
            guard ends.symmetric || mutual || cue.reading == .reciprocal, !cue.coreIsNoun[0] || mutual else { return [] }
            let both = subjects.filter { objectKinds.contains($0.entity.kind) }
            func reach(_ g: [EntityMention]) -> Int { g.map { distance(tokens, first, $0) }.min() ?? .max }
            if let group = listGroups(both, tokens).filter({ $0.count >= 2 }).min(by: { reach($0) < reach($1) }), reach(group) <= 14 {
                return pairs(group).map { ($0.0, $0.1, !ends.symmetric) }
            }
            return []
        }
        let before = subjects.filter { $0.end < first && $0.entity.key != obj.entity.key && !Self.isCompound($0) && !governed($0, tokens, rules) }
        if subject != nil {
            // found with the object above
        } else if obj.end < first, !before.isEmpty {
            // Verb last ("… Patente von Nokia erworben"): the subject comes first.
            subject = before.filter { $0.end < obj.start }.first.flatMap { distance(tokens, first, $0) <= 18 ? $0 : nil }
                ?? nearest(before, to: first, tokens, limit: 12)
        } else {
            subject = nearest(before, to: first, tokens, limit: 12)
        }
        if subject == nil {
            // Verb second with the subject after it: "Dafür verkauft der Konzern …", also between
            // the verb and the rest of the phrase ("verkauft der US-Konzern Patente an …").
            subject = nearest(subjects.filter { $0.start > last && $0.end < obj.start && $0.entity.key != obj.entity.key }, to: last, tokens, limit: 6)
                ?? nearest(subjects.filter { $0.start > first && $0.end < obj.start && !positions.contains($0.start) && $0.entity.key != obj.entity.key },
                           to: first, tokens, limit: 4)
        }
        if subject == nil, cue.language == "de", !cue.coreIsNoun[0], obj.start > last, subjectKinds.contains(obj.entity.kind),
           let next = objects.first(where: { $0.start > obj.end && $0.entity.key != obj.entity.key && distance(tokens, obj.end, $0) <= 6 }),
           !joined(obj, next, tokens) {
            // "übertrifft MiMo o1-mini": the subject right after the verb, then the object.
            subject = obj
            obj = next
        }
        guard let subj = subject, subj.entity.key != obj.entity.key else {
            // "X und Y kooperieren": a symmetric relation between the parties of a list.
            if ends.symmetric, !cue.coreIsNoun[0], let group = listGroups(subjects, tokens).first(where: { $0.count >= 2 && distance(tokens, first, $0.last!) <= 8 }) {
                return pairs(group).map { ($0.0, $0.1, false) }
            }
            return []
        }
        // The object may be a list: "installiert Office und Skype".
        var objectList = [obj]
        if let group = listGroups(objects, tokens).first(where: { $0.contains(obj) }) {
            objectList = group.filter { $0.start >= obj.start && $0.entity.key != subj.entity.key }
            obj = objectList[0]
        }
        let reciprocal = cue.reading == .reciprocal
            || (mutual && subjectKinds.contains(obj.entity.kind) && objectKinds.contains(subj.entity.kind))
        // A plural subject ("Beide Firmen beliefern Huawei") is both its parties.
        let subjectList = subj.plural ? mentions.filter { $0.plural && $0.via == subj.via } : [subj]
        return subjectList.flatMap { s in
            objectList.filter { $0.entity.key != s.entity.key }.map { o in
                cue.reading == .inverse ? (o, s, reciprocal) : (s, o, reciprocal)
            }
        }
    }

    // MARK: - Positions

    /// A negation in the clause of the cue's words (between the punctuation
    /// marks around them): "Samsung beliefert Huawei nicht mehr, seit …".
    private func negation(in tokens: [SentenceToken], around positions: [Int], _ rules: Inflection) -> String? {
        let stops: Set<String> = [",", ";", ":", "–", "—", "(", ")", "."]
        var a = positions.first!, b = positions.last!
        while a > 0, !stops.contains(tokens[a - 1].text) { a -= 1 }
        while b < tokens.count - 1, !stops.contains(tokens[b + 1].text) { b += 1 }
        return tokens[a...b].first { $0.isWord && rules.isNegation($0.text) }?.text
    }

    /// Whether a preposition governs the mention ("auf Basis der ARM-Architektur"): then it is no subject.
    private func governed(_ m: EntityMention, _ tokens: [SentenceToken], _ rules: Inflection) -> Bool {
        var i = m.start - 1
        var steps = 0
        while i >= 0, steps < 3, tokens[i].isWord {
            if rules.prepositions.contains(tokens[i].lower) { return true }
            i -= 1
            steps += 1
        }
        return false
    }

    /// Words between two positions, counting punctuation that separates clauses thrice.
    private func distance(_ tokens: [SentenceToken], _ at: Int, _ m: EntityMention) -> Int {
        let (a, b) = m.end < at ? (m.end, at) : (at, m.start)
        guard b > a else { return 0 }
        var d = 0
        for i in (a + 1)..<b {
            let t = tokens[i]
            d += t.isWord ? 1 : (",;:–—()[]".contains(t.text) ? 3 : 0)
        }
        return d + 1
    }

    private func nearest(_ candidates: [EntityMention], to at: Int, _ tokens: [SentenceToken], limit: Int) -> EntityMention? {
        candidates.map { ($0, distance(tokens, at, $0)) }.filter { $0.1 <= limit }.min { $0.1 < $1.1 }?.0
    }

    /// The mention a preposition introduces ("von Nokia", "mit dem chinesischen Handyanbieter Xiaomi"):
    /// the first mention within four words after it, the preposition near the cue.
    private func markedObject(_ prepositions: [String], near first: Int, _ last: Int, _ tokens: [SentenceToken], _ candidates: [EntityMention]) -> EntityMention? {
        for (q, t) in tokens.enumerated() where prepositions.contains(t.lower) && q >= first - 8 && q <= last + 6 {
            if let m = candidates.filter({ $0.start > q && $0.start <= q + 5 }).min(by: { $0.start < $1.start }),
               !tokens[(q + 1)..<m.start].contains(where: { !$0.isWord && $0.text != "@" }) {
                return m
            }
        }
        return nil
    }

    private func markedObject(_ prepositions: [String], after at: Int, _ tokens: [SentenceToken], _ candidates: [EntityMention]) -> EntityMention? {
        markedObject(prepositions, near: at + 1, at + 2, tokens, candidates)
    }

    /// Mentions joined by list words ("Samsung, Apple, Huawei und Lenovo"), in order.
    private func listGroups(_ mentions: [EntityMention], _ tokens: [SentenceToken]) -> [[EntityMention]] {
        var groups: [[EntityMention]] = []
        for m in mentions.sorted(by: { $0.start < $1.start }) {
            if let last = groups.last?.last, joined(last, m, tokens) {
                groups[groups.count - 1].append(m)
            } else {
                groups.append([m])
            }
        }
        return groups
    }

    private func joined(_ a: EntityMention, _ b: EntityMention, _ tokens: [SentenceToken]) -> Bool {
        // The two parties one plural names ("beide Firmen"): a list of their own.
        if a.plural, b.plural, a.via == b.via, b.start == a.end + 1 { return true }
        guard b.start > a.end, b.start - a.end <= 5 else { return false }
        let between = tokens[(a.end + 1)..<b.start]
        let listWords: Set<String> = ["und", "and", "sowie", "oder", "or", ","]
        guard between.contains(where: { listWords.contains($0.lower) }) else { return false }
        // A comma alone joins only names ("Samsung, Apple"); ", die …" opens a clause.
        if !between.contains(where: { listWords.contains($0.lower) && $0.text != "," }), between.count > 1 { return false }
        // Only list words, articles and descriptive nouns in between ("und das Videotelefonie-Programm"):
        // a lower-case word may be a verb ("Samsung, hatten Nokia").
        let articles: Set<String> = ["der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "the", "a", "an", "@"]
        return between.allSatisfy { t in
            listWords.contains(t.lower) || articles.contains(t.lower) || (t.isWord && t.text.first?.isUppercase == true)
        }
    }

    private func pairs(_ group: [EntityMention]) -> [(EntityMention, EntityMention)] {
        var out: [(EntityMention, EntityMention)] = []
        for i in group.indices { for j in group.indices where j > i && group[i].entity.key != group[j].entity.key { out.append((group[i], group[j])) } }
        return out
    }
}
