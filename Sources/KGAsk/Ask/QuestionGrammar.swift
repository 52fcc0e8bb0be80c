import KGModel
import KGStorage

/// What a question asks, once read: the forms `kg ask` knows.
enum QuestionReading: Sendable {
    /// who / what / which KIND / how many … : the asked node is the subject
    /// of the first phrase of `chain` and `anchor` the object of the last
    /// ("who licenses patents to Xiaomi", "partners of partners of Xiaomi"),
    /// or, with `askedIsSubject` false, the object of a one-phrase chain
    /// whose subject is `anchor` ("what does Xiaomi develop").
    case find(asked: AskedNode, chain: [RelationReading], anchor: NodeRecord, askedIsSubject: Bool, count: Bool)
    /// "is IKEA a partner of Xiaomi?": is there such a chain from subject to object?
    case yesNo(subject: NodeRecord, chain: [RelationReading], object: NodeRecord)
    /// "how is IKEA connected to Microsoft?": a shortest path.
    case connection(from: NodeRecord, to: NodeRecord)
    /// "who is Lei Jun?": the facts the node takes part in, as sentences.
    case describe(NodeRecord)
    /// Read by the lexicon's frames into query text (``FactQuestionReader``).
    case prepared(PreparedQuestion)
}

/// The node a question asks for: the question word and the kind, if named.
struct AskedNode: Sendable, Hashable {
    var word: String
    var kind: String?
}

/// Matches the items of a question against the forms of ``QuestionReading``.
/// Articles, fillers ("please", "list", "all") and "have" are left out;
/// anything else that fits no form means the question is not understood
/// (nil): kg never guesses.
struct QuestionGrammar {
    let schema: GraphSchema

    func read(_ all: [QuestionItem]) -> QuestionReading? {
        var items = all.filter { item in
            switch item.role {
            case .article?, .filler?, .have?: return false
            default: return true
            }
        }
        items = Self.relativeClauses(items)
        if items.contains(where: { if case .unknown = $0 { return true } else { return false } }) { return nil }
        // "Nokia licenses patents from whom?": the question word at the end asks for the object.
        if items.count >= 3, items.first?.isName == true, let role = items.last?.role, [.who, .what].contains(role),
           items.dropFirst().dropLast().allSatisfy({ $0.relation != nil || $0.role == .preposition }) {
            items.insert(items.removeLast(), at: 0)
            items = items.filter { $0.role != .preposition }
        }

        let names = items.compactMap { item -> NodeRecord? in if case .name(let n, _, _) = item { return n } else { return nil } }
        let relations = items.compactMap(\.relation)

        // Connection: two names, a word such as "connected", no phrase.
        if items.contains(where: { $0.role == .connect }), names.count == 2, relations.isEmpty,
           items.allSatisfy({ $0.isName || [.connect, .how, .what, .auxiliary, .preposition, .and].contains($0.role) }) {
            return .connection(from: names[0], to: names[1])
        }

        // German "was" at the start is "what" (not the English "was") unless a name follows.
        if case .word(.auxiliary, let token)? = items.first, token.folded == "was", items.count > 1, !items[1].isName {
            items[0] = .word(.what, token)
        }
        // Who / what is NAME?
        if items.count == 3, let role = items[0].role, [.who, .what].contains(role), items[1].role == .auxiliary,
           case .name(let node, _, _) = items[2] {
            return .describe(node)
        }
        // How many …
        var count = false
        if items.count >= 2, items[0].role == .how, items[1].role == .many {
            count = true
            items.removeFirst(2)
        }
        // Where …: the asked node is a place (a kind called Place, Location, City, Country, Region or Site).
        if items.first?.role == .where {
            // "where is Globex?": the one type made by rule that says where its source is ("is located in").
            if items.count == 3, items[1].role == .auxiliary, case .name(let anchor, _, _) = items[2] {
                let located = schema.edgeTypeOrder.compactMap { schema.edgeTypes[$0] }.filter { edge in
                    edge.phraseIsGenerated && EnglishPhrasing.isLocationPhrase(edge.phrase) && edge.sources.contains(anchor.kind)
                }
                guard located.count == 1 else { return nil }
                let relation = RelationReading(types: [located[0].name], subjectIsSource: true, isSymmetric: false, isNoun: false, isWhereForm: true,
                                               language: "en", text: located[0].phrase)
                return .find(asked: AskedNode(word: "place", kind: nil), chain: [relation], anchor: anchor, askedIsSubject: false, count: false)
            }
            guard items.count == 3 || (items.count == 4 && items[1].role == .auxiliary),
                  case .name(let anchor, _, _)? = items.last(where: \.isName), let relation = items.last?.relation,
                  relation.isWhereForm || !relation.isNoun else { return nil }
            if let place = schema.kindOrder.first(where: { ["place", "location", "city", "country", "region", "site"].contains($0.lowercased()) }) {
                let fitted = fitting(relation) { fits(anchor, asSubjectOf: $0) && fits(kind: place, asObjectOf: $0) }
                if fits(kind: place, asObjectOf: fitted) {
                    return .find(asked: AskedNode(word: "place", kind: place), chain: [fitted], anchor: anchor, askedIsSubject: false, count: false)
                }
            }
            // A phrase made by rule from a name ending in in, at or for (works_for, invests_in),
            // with no place kind at its end: "where does Ada work" asks for what she works for.
            let generated = { (r: RelationReading) in
                r.isWhereForm && r.subjectIsSource && r.types.allSatisfy { schema.edgeTypes[$0]?.phraseIsGenerated == true }
            }
            let fitted = fitting(relation) { generated($0) && fits(anchor, asSubjectOf: $0) }
            guard generated(fitted), fits(anchor, asSubjectOf: fitted) else { return nil }
            return .find(asked: AskedNode(word: "place", kind: nil), chain: [fitted], anchor: anchor, askedIsSubject: false, count: false)
        }
        // A phrase read without its final "in" belongs to where-questions only.
        if items.contains(where: { $0.relation?.isWhereForm == true }) {
            items = items.map { item in
                guard case .relation(let r, let span) = item, r.isWhereForm else { return item }
                if let full = r.alternatives.first(where: { !$0.isWhereForm }) { return .relation(full, span: span) }
                return .unknown(QuestionToken(text: r.text, folded: r.text.lowercased(), isQuoted: false, isPossessive: false, span: span))
            }
            if items.contains(where: { if case .unknown = $0 { return true } else { return false } }) { return nil }
        }
        // The question word and the kind asked for.
        var asked: AskedNode?
        if let first = items.first, let role = first.role, [.who, .what, .which].contains(role) {
            guard case .word(_, let token) = first else { return nil }
            asked = AskedNode(word: role == .who ? "who" : (role == .what ? "what" : token.folded), kind: nil)
            items.removeFirst()
        }
        if case .kind(let kind, _, _)? = items.first {
            asked = AskedNode(word: asked?.word ?? "x", kind: kind)
            items.removeFirst()
        } else if count && asked == nil {
            asked = AskedNode(word: "x", kind: nil)
        }

        // Yes / no: AUX NAME PHRASE… NAME.
        if asked == nil, !count, items.first?.role == .auxiliary {
            let rest = items.dropFirst().filter { $0.role != .auxiliary }
            if rest.count >= 3, case .name(let subject, _, _) = rest.first, case .name(let object, _, _) = rest.last {
                var chain = rest.dropFirst().dropLast().compactMap(\.relation)
                if chain.count == rest.count - 2 {
                    if let first = chain.first { chain[0] = fitting(first) { fits(subject, asSubjectOf: $0) } }
                    if let last = chain.last { chain[chain.count - 1] = fitting(last) { fits(object, asObjectOf: $0) } }
                    return .yesNo(subject: subject, chain: chain, object: object)
                }
            }
            return nil
        }

        let auxiliaryAfterQuestionWord = items.first?.role == .auxiliary
        var rest = items.filter { $0.role != .auxiliary }
        // "who supplies to Acme": a "to" after a verb made by rule that has no preposition of its own, before the name.
        if rest.count >= 3, case .name = rest[rest.count - 1], case .word(.preposition, let to) = rest[rest.count - 2], to.folded == "to",
           let relation = rest[rest.count - 3].relation, relation.types.allSatisfy({ schema.edgeTypes[$0]?.phraseIsGenerated == true }),
           let last = QuestionTokenizer.tokenize(relation.text).last?.folded, FunctionWords.role(of: last) != .preposition {
            rest.remove(at: rest.count - 2)
        }
        let asking = asked ?? AskedNode(word: "x", kind: nil)
        guard rest.count >= 2 else { return nil }

        // PHRASE… NAME: the asked node is the subject.
        if case .name(let anchor, _, _) = rest.last {
            var chain = rest.dropLast().compactMap(\.relation)
            if chain.count == rest.count - 1 {
                chain = fittingChain(chain)
                if let last = chain.last {
                    // The reading that fits the anchor as its object, else one that fits it as the subject (German word order).
                    let object = fitting(last) { fits(anchor, asObjectOf: $0) }
                    chain[chain.count - 1] = object.types == last.types && !fits(anchor, asObjectOf: last) && chain.count == 1
                        ? fitting(last) { fits(anchor, asSubjectOf: $0) } : object
                }
                // A reading the schema rules out, when the other way round fits
                // (German "Was entwickelt Xiaomi?" = what does Xiaomi develop).
                if chain.count == 1, !auxiliaryAfterQuestionWord, !fits(anchor, asObjectOf: chain[0]), fits(anchor, asSubjectOf: chain[0]),
                   asking.kind.map({ fits(kind: $0, asObjectOf: chain[0]) }) ?? true {
                    return .find(asked: asking, chain: chain, anchor: anchor, askedIsSubject: false, count: count)
                }
                return .find(asked: asking, chain: chain, anchor: anchor, askedIsSubject: true, count: count)
            }
        }
        // NAME PHRASE: the asked node is the object ("what does Xiaomi develop"), also with a
        // dangling "to" after a verb that has no preposition of its own ("what does Globex supply to").
        var named = rest
        if named.count == 3, case .word(.preposition, let to) = named[2], to.folded == "to", let relation = named[1].relation,
           let last = QuestionTokenizer.tokenize(relation.text).last?.folded, FunctionWords.role(of: last) != .preposition {
            named.removeLast()
        }
        if named.count == 2, case .name(let anchor, _, _) = named[0], let relation = named[1].relation, asked != nil {
            return .find(asked: asking, chain: [fitting(relation) { fits(anchor, asSubjectOf: $0) }], anchor: anchor, askedIsSubject: false, count: count)
        }
        return nil
    }

    /// Relative clauses folded into the chain: "the company that sold
    /// patents to Xiaomi" (a kind between two phrases constrains the node
    /// between them), "the company whose CEO is Lei Jun" and "which
    /// company's CEO is Lei Jun" (the noun read the other way round).
    static func relativeClauses(_ all: [QuestionItem]) -> [QuestionItem] {
        var items = all
        var i = 0
        while i < items.count {
            // whose NOUN is → the noun's phrase the other way round.
            let isWhose: Bool = {
                switch items[i] {
                case .unknown(let t): return t.folded == "whose" || t.folded == "deren" || t.folded == "dessen" || t.isPossessive
                default: return false
                }
            }()
            if isWhose, i + 1 < items.count, case .relation(var r, let span) = items[i + 1] {
                // "whose CEO" from "is CEO of" (a noun: turned round) or from "has CEO" (already the right way).
                if r.isNoun {
                    r.subjectIsSource.toggle()
                    r.isNoun = false
                }
                r.alternatives = r.alternatives.map { a in
                    var a = a
                    if a.isNoun { a.subjectIsSource.toggle(); a.isNoun = false }
                    return a
                }
                var j = i + 2
                while j < items.count, items[j].role == .auxiliary { j += 1 }
                items.replaceSubrange(i..<j, with: [.relation(r, span: span)])
                continue
            }
            i += 1
        }
        i = 0
        while i < items.count {
            // PHRASE KIND that PHRASE → the kind constrains the node between the phrases.
            if i > 0, case .kind(let kind, _, _) = items[i], var previous = items[i - 1].relation {
                var j = i + 1
                while j < items.count, items[j].role == .auxiliary || items[j].role == .who || items[j].role == .which
                        || { if case .unknown(let t) = items[j] { return ["that", "which", "who", "das", "die", "der"].contains(t.folded) } else { return false } }() {
                    j += 1
                }
                if j < items.count, items[j].relation != nil {
                    previous.objectKind = kind
                    items[i - 1] = .relation(previous, span: items[i - 1].span)
                    items.removeSubrange(i..<j)
                    continue
                }
            }
            i += 1
        }
        return items
    }

    /// The chain with, for each phrase, the reading whose ends fit the next
    /// phrase's ("CEO of supplier of Xiaomi": the supplier is a company, not an agreement).
    func fittingChain(_ chain: [RelationReading]) -> [RelationReading] {
        guard chain.count > 1 else { return chain }
        var out = chain
        for i in stride(from: chain.count - 2, through: 0, by: -1) {
            let next = out[i + 1]
            let subjectsOfNext = ends(of: next).subject
            func fitsNext(_ r: RelationReading) -> Bool {
                ends(of: r).object.contains { set in subjectsOfNext.contains { other in overlaps(set, other) } }
            }
            if !fitsNext(out[i]), let better = out[i].alternatives.first(where: fitsNext) { out[i] = better }
        }
        for i in 1..<out.count {
            let objectsOfPrevious = ends(of: out[i - 1]).object
            func fitsPrevious(_ r: RelationReading) -> Bool {
                ends(of: r).subject.contains { set in objectsOfPrevious.contains { other in overlaps(set, other) } }
            }
            if !fitsPrevious(out[i]) {
                if let better = out[i].alternatives.first(where: fitsPrevious) {
                    var b = better
                    b.objectKind = out[i].objectKind
                    out[i] = b
                }
            }
        }
        return out
    }

    private func overlaps(_ a: KindSet, _ b: KindSet) -> Bool {
        switch (a, b) {
        case (.any, _), (_, .any): return true
        case (.some(let x), .some(let y)): return !Set(x).isDisjoint(with: y)
        }
    }

    /// `relation`, or the first of its alternatives that `fits` when it does not.
    private func fitting(_ relation: RelationReading, _ fits: (RelationReading) -> Bool) -> RelationReading {
        if fits(relation) { return relation }
        return relation.alternatives.first(where: fits) ?? relation
    }

    // MARK: Kinds at the ends of a phrase

    private func ends(of relation: RelationReading) -> (subject: [KindSet], object: [KindSet]) {
        var subject: [KindSet] = [], object: [KindSet] = []
        for type in relation.types {
            let sources = schema.edgeTypes[type]?.sources ?? schema.derivedTypes[type]?.sources ?? .any
            let targets = schema.edgeTypes[type]?.targets ?? schema.derivedTypes[type]?.targets ?? .any
            if relation.isSymmetric {
                subject += [sources, targets]; object += [sources, targets]
            } else if relation.subjectIsSource {
                subject.append(sources); object.append(targets)
            } else {
                subject.append(targets); object.append(sources)
            }
        }
        return (subject, object)
    }

    func fits(_ node: NodeRecord, asObjectOf relation: RelationReading) -> Bool { fits(kind: node.kind, asObjectOf: relation) }
    func fits(_ node: NodeRecord, asSubjectOf relation: RelationReading) -> Bool {
        ends(of: relation).subject.contains { $0.contains(node.kind) }
    }
    func fits(kind: String, asObjectOf relation: RelationReading) -> Bool {
        ends(of: relation).object.contains { $0.contains(kind) }
    }
}
