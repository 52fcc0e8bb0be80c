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
        if items.contains(where: { if case .unknown = $0 { return true } else { return false } }) { return nil }

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
        // How many …
        var count = false
        if items.count >= 2, items[0].role == .how, items[1].role == .many {
            count = true
            items.removeFirst(2)
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
                let chain = rest.dropFirst().dropLast().compactMap(\.relation)
                if chain.count == rest.count - 2 { return .yesNo(subject: subject, chain: chain, object: object) }
            }
            return nil
        }

        let auxiliaryAfterQuestionWord = items.first?.role == .auxiliary
        let rest = items.filter { $0.role != .auxiliary }
        let asking = asked ?? AskedNode(word: "x", kind: nil)
        guard rest.count >= 2 else { return nil }

        // PHRASE… NAME: the asked node is the subject.
        if case .name(let anchor, _, _) = rest.last {
            let chain = rest.dropLast().compactMap(\.relation)
            if chain.count == rest.count - 1 {
                // A reading the schema rules out, when the other way round fits
                // (German "Was entwickelt Xiaomi?" = what does Xiaomi develop).
                if chain.count == 1, !auxiliaryAfterQuestionWord, !fits(anchor, asObjectOf: chain[0]), fits(anchor, asSubjectOf: chain[0]),
                   asking.kind.map({ fits(kind: $0, asObjectOf: chain[0]) }) ?? true {
                    return .find(asked: asking, chain: chain, anchor: anchor, askedIsSubject: false, count: count)
                }
                return .find(asked: asking, chain: chain, anchor: anchor, askedIsSubject: true, count: count)
            }
        }
        // NAME PHRASE: the asked node is the object ("what does Xiaomi develop").
        if rest.count == 2, case .name(let anchor, _, _) = rest[0], let relation = rest[1].relation, asked != nil {
            return .find(asked: asking, chain: [relation], anchor: anchor, askedIsSubject: false, count: count)
        }
        return nil
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
