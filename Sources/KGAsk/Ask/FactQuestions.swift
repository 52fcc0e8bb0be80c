import KGModel
import KGStorage
import KGSQLite
import KGEngine

/// A question read into query text by the lexicon's frames rather than the
/// forms of ``QuestionGrammar``: property values ("when was Xiaomi
/// founded?"), the facts behind a relation ("when did Nokia license patents
/// to Xiaomi?", "how many patents did Microsoft sell to Xiaomi?", "what did
/// Nokia supply to Xiaomi?"), dates and periods ("in 2017", "before 2018"),
/// and the agreements two parties have.
struct PreparedQuestion: Sendable {
    var query: String
    var shape: AskTranslator.Shape
    /// What the question asks about, as a sentence ("Xiaomi was founded").
    var statement: String?
    /// The sentence for an empty answer.
    var empty: String?
    /// For a question restricted to a period: a query counting the facts
    /// left out because they have no date (said in a note).
    var undated: String? = nil
}

/// A restriction to a year: "in 2017", "before 2018", "since 2018", "2017" (German "Wer verkaufte 2017 …").
struct TimeFilter: Sendable, Hashable {
    enum Relation: Sendable, Hashable { case during, before, since, after }
    var relation: Relation
    var year: Int
    /// The words, for messages.
    var text: String

    /// The condition on a date expression.
    func condition(_ date: String) -> String {
        switch relation {
        case .during: return "\(date) >= \(year) AND \(date) < \(year + 1)"
        case .before: return "\(date) < \(year)"
        case .since: return "\(date) >= \(year)"
        case .after: return "\(date) >= \(year + 1)"
        }
    }

    /// Takes the year words out of the question's words (before they are read,
    /// so that "verkaufte 2017 Patente an" stays one phrase).
    /// A year that is part of a node's name ("MIDC 2018") stays (`isName`).
    static func extract(from tokens: inout [QuestionToken], isName: (String) -> Bool = { _ in false }) -> TimeFilter? {
        for (i, token) in tokens.enumerated() {
            guard !token.isQuoted, token.text.count == 4, let year = Int(token.text), (1800...2200).contains(year) else { continue }
            let partOfName = (1...3).contains { n in
                i - n >= 0 && isName(tokens[(i - n)...i].map(\.text).joined(separator: " "))
            } || (i + 1 < tokens.count && isName(tokens[i...(i + 1)].map(\.text).joined(separator: " ")))
            if partOfName { continue }
            var relation = TimeFilter.Relation.during
            var start = i
            if i > 0 {
                switch tokens[i - 1].folded {
                case "in", "im", "during", "während": start = i - 1
                case "before", "until", "vor", "bis": relation = .before; start = i - 1
                case "since", "seit", "from", "ab": relation = .since; start = i - 1
                case "after", "nach": relation = .after; start = i - 1
                default: break
                }
            }
            let text = tokens[start...i].map(\.text).joined(separator: " ")
            tokens.removeSubrange(start...i)
            return TimeFilter(relation: relation, year: year, text: text)
        }
        return nil
    }
}

/// Reads the questions of ``PreparedQuestion``.
struct FactQuestionReader {
    let schema: GraphSchema
    let store: GraphStore
    let lexicon: AskLexicon

    static func literal(_ node: NodeRecord, store: GraphStore) -> String {
        let byName = (try? store.candidates(forName: node.name)) ?? []
        return QueryPrinter.quoted(byName.count == 1 && byName[0].id == node.id ? node.name : node.key)
    }

    // MARK: Property frames

    /// "when was X founded", "how many parameters does X have", "what kind of site does X have in Y".
    func propertyFrame(_ items: [QuestionItem], language: inout String) -> PreparedQuestion? {
        // The question as words and name slots.
        enum Piece { case word(String), name(NodeRecord) }
        var pieces: [Piece] = []
        for item in items {
            switch item {
            case .name(let node, _, _): pieces.append(.name(node))
            case .word(let role, let t):
                if role == .article || role == .filler { continue }
                pieces.append(.word(t.folded))
            case .unknown(let t): pieces.append(.word(t.folded))
            case .relation(let r, _):
                for w in QuestionTokenizer.tokenize(r.text) where !FunctionWords.articles.contains(w.folded) { pieces.append(.word(w.folded)) }
            case .kind(_, let text, _):
                for w in QuestionTokenizer.tokenize(text) { pieces.append(.word(w.folded)) }
            }
        }
        for frame in schema.lexicon.frames {
            let words = QuestionTokenizer.tokenize(frame.frame).map { $0.text == "X" || $0.text == "Y" ? $0.text : $0.folded }
                .filter { w in let role = FunctionWords.role(of: w); return role != .article && role != .filler }
            guard words.count == pieces.count else { continue }
            var x: NodeRecord?, y: NodeRecord?
            var matched = true
            for (word, piece) in zip(words, pieces) {
                switch piece {
                case .name(let node):
                    if word == "X" { x = node } else if word == "Y" { y = node } else { matched = false }
                case .word(let w):
                    if word == "X" || word == "Y" || WordMatching.match(w, word) == nil { matched = false }
                }
                if !matched { break }
            }
            guard matched, let x else { continue }
            let property = frame.property
            if frame.ownerIsEdge {
                guard let y, let edge = schema.edgeTypes[frame.owner], edge.sources.contains(x.kind), edge.targets.contains(y.kind) else { continue }
                language = frame.language
                let query = "MATCH (x = \(Self.literal(x, store: store)))-[e:\(frame.owner)]->(y = \(Self.literal(y, store: store))) RETURN e.\(property)"
                let empty = language == "de" ? "Der Graph sagt nicht, \(frame.frame.replacingOccurrences(of: "X", with: x.name).replacingOccurrences(of: "Y", with: y.name))."
                    : "The graph does not say \(frame.frame.replacingOccurrences(of: "X", with: x.name).replacingOccurrences(of: "Y", with: y.name))."
                return PreparedQuestion(query: query, shape: .value, statement: nil, empty: empty)
            }
            guard y == nil, x.kind == frame.owner else { continue }
            language = frame.language
            let query = "MATCH (x = \(Self.literal(x, store: store))) WHERE x.\(property) IS NOT NULL RETURN x.\(property)"
            let filled = frame.frame.replacingOccurrences(of: "X", with: x.name)
            let empty = language == "de" ? "Der Graph sagt nicht, \(filled)." : "The graph does not say \(filled)."
            return PreparedQuestion(query: query, shape: .value, statement: nil, empty: empty)
        }
        return nil
    }

    // MARK: Derived relations through a fact

    /// A derived type's definition as a path from x to y through a fact
    /// node: the pattern text between `(x)` and `(y)`, its condition, and
    /// the fact's variable and kind.
    struct Inlined {
        var middle: String
        var condition: String?
        var factVariable: String
        var factKind: String
    }

    func inlined(_ type: String) -> Inlined? {
        guard let derived = schema.derivedTypes[type] else { return nil }
        var definition = derived.definition.split(whereSeparator: \.isNewline).joined(separator: " ")
        var condition: String?
        if let range = definition.range(of: " WHERE ") {
            condition = String(definition[range.upperBound...])
            definition = String(definition[..<range.lowerBound])
        }
        definition = definition.trimmedSpaces
        guard definition.hasPrefix("(x)"), definition.hasSuffix("(y)") else { return nil }
        guard let (pattern, _) = try? Parser.parsePatternDefinition(derived.definition) else { return nil }
        for node in pattern.nodes {
            guard let variable = node.variable?.name, variable != "x", variable != "y" else { continue }
            for kind in node.kinds where schema.kinds[kind.name]?.isFact == true {
                return Inlined(middle: String(definition.dropFirst(3).dropLast(3)), condition: condition, factVariable: variable, factKind: kind.name)
            }
        }
        return nil
    }

    /// Subject, relation and object of "NAME PHRASE [NAME]" (the object may be missing).
    func statement(_ items: [QuestionItem]) -> (NodeRecord, RelationReading, NodeRecord?)? {
        let rest = items.filter { item in
            switch item.role {
            case .auxiliary?, .article?, .filler?, .have?, .preposition?, .and?: return false
            default: return true
            }
        }
        // "when did Xiaomi and IKEA partner?": two names, then a phrase that reads both ways.
        if rest.count == 3, case .name(let a, _, _) = rest[0], case .name(let b, _, _) = rest[1], let relation = rest[2].relation,
           items.contains(where: { $0.role == .and }) {
            for candidate in [relation] + relation.alternatives where candidate.isSymmetric && inlined(candidate.types[0]) != nil {
                return (a, candidate, b)
            }
            return nil
        }
        guard rest.count == 2 || rest.count == 3, case .name(let subject, _, _) = rest[0], let relation = rest[1].relation else { return nil }
        var object: NodeRecord?
        if rest.count == 3 {
            guard case .name(let o, _, _) = rest[2] else { return nil }
            object = o
        }
        let grammar = QuestionGrammar(schema: schema)
        let candidates = [relation] + relation.alternatives
        for candidate in candidates where candidate.types.count >= 1 && inlined(candidate.types[0]) != nil
            && grammar.fits(subject, asSubjectOf: candidate) && (object.map { grammar.fits($0, asObjectOf: candidate) } ?? true) {
            return (subject, candidate, object)
        }
        return nil
    }

    /// The `(x …)MIDDLE(y …)` text of one relation between two ends, the fact's variable and kind, and the condition.
    func path(_ relation: RelationReading, subject: String, object: String) -> (text: String, fact: String, kind: String, condition: String?)? {
        guard let inline = inlined(relation.types[0]) else { return nil }
        let (from, to) = relation.subjectIsSource || relation.isSymmetric ? (subject, object) : (object, subject)
        return ("(x\(from))\(inline.middle)(y\(to))", inline.factVariable, inline.factKind, inline.condition)
    }

    enum Ask { case when, property(String), what }

    /// when / how many PROP / what + NAME PHRASE [NAME] [time].
    func factQuestion(_ ask: Ask, _ items: [QuestionItem], time: TimeFilter?, language: String) -> PreparedQuestion? {
        guard let (subject, relation, object) = statement(items) else { return nil }
        let s = " = " + Self.literal(subject, store: store)
        let o = object.map { " = " + Self.literal($0, store: store) } ?? ""
        guard let (text, fact, kind, condition) = path(relation, subject: s, object: o), let factKind = schema.kinds[kind] else { return nil }
        var conditions = condition.map { [$0] } ?? []
        let returned: [String]
        switch ask {
        case .when:
            guard factKind.properties["date"] != nil else { return nil }
            returned = ["\(fact).date"]
        case .property(let p):
            guard factKind.properties[p] != nil else { return nil }
            returned = ["\(fact).\(p)"]
        case .what:
            guard let what = schema.lexicon.whatProperties[relation.types[0]], !what.isEmpty else { return nil }
            returned = what.map { "\(fact).\($0)" }
        }
        if let time {
            guard factKind.properties["date"] != nil else { return nil }
            conditions.append(time.condition("\(fact).date"))
        }
        conditions.append(returned.map { "\($0) IS NOT NULL" }.joined(separator: " OR "))
        let whereText = " WHERE " + conditions.map { conditions.count > 1 && $0.contains(" OR ") ? "(\($0))" : $0 }.joined(separator: " AND ")
        let phrase = Self.phrase(schema, relation)
        let said = subject.name + " " + phrase + (object.map { " " + $0.name } ?? "")
        let query = "MATCH \(text)\(whereText) RETURN DISTINCT " + returned.joined(separator: ", ")
        let empty: String
        switch ask {
        case .when: empty = language == "de" ? "Der Graph sagt nicht, wann: \(said)." : "The graph does not say when \(said)."
        case .property(let p): empty = language == "de" ? "Der Graph nennt kein \(p) für: \(said)." : "The graph gives no \(p) for: \(said)."
        case .what: empty = language == "de" ? "Der Graph sagt nicht, was: \(said)." : "The graph does not say what \(said)."
        }
        return PreparedQuestion(query: query, shape: .value, statement: said, empty: empty)
    }

    static func phrase(_ schema: GraphSchema, _ relation: RelationReading) -> String {
        let pair = schema.phrases(of: relation.types[0]).first { $0.language == relation.language }?.phrases
            ?? PhrasePair(phrase: schema.phrase(of: relation.types[0]), inverse: schema.phrase(of: relation.types[0], inverse: true))
        return relation.subjectIsSource || relation.isSymmetric ? pair.phrase : pair.inverse
    }

    // MARK: A time restriction on a list, count or yes/no question

    /// The reading with its one relation through a dated fact inlined and restricted to `time`.
    func restricted(_ reading: QuestionReading, time: TimeFilter, language: String) -> PreparedQuestion? {
        switch reading {
        case .find(let asked, let chain, let anchor, let askedIsSubject, let count):
            guard chain.count == 1, let relation = chain.first, relation.types.count == 1 else {
                // The asked node is itself a dated fact ("which agreements … in 2017").
                return nil
            }
            let anchorText = " = " + Self.literal(anchor, store: store)
            let kind = asked.kind.map { ":" + $0 } ?? ""
            let askedEnd = kind
            let (subjectText, objectText) = askedIsSubject ? (askedEnd, anchorText) : (anchorText, askedEnd)
            guard let (text, fact, factKindName, condition) = path(relation, subject: subjectText, object: objectText),
                  schema.kinds[factKindName]?.properties["date"] != nil else { return nil }
            let askedVariable = (askedIsSubject == (relation.subjectIsSource || relation.isSymmetric)) ? "x" : "y"
            var conditions = condition.map { [$0] } ?? []
            conditions.append(time.condition("\(fact).date"))
            let returned = count ? "count(DISTINCT \(askedVariable))" : "DISTINCT \(askedVariable) ORDER BY \(askedVariable).name"
            let query = "MATCH \(text) WHERE " + conditions.joined(separator: " AND ") + " RETURN " + returned
            let undated = "MATCH \(text) WHERE " + ((condition.map { [$0] } ?? []) + ["\(fact).date IS NULL"]).joined(separator: " AND ")
                + " RETURN count(DISTINCT \(fact))"
            let phrase = Self.phrase(schema, relation)
            let empty = askedIsSubject
                ? (language == "de" ? "Niemand im Graphen \(phrase) \(anchor.name) (\(time.text))." : "No one in the graph \(phrase) \(anchor.name) \(time.text).")
                : (language == "de" ? "Der Graph nennt nichts (\(time.text))." : "The graph names nothing \(anchor.name) \(phrase) \(time.text).")
            return PreparedQuestion(query: query, shape: count ? .count : .list, statement: nil, empty: empty, undated: undated)
        case .yesNo(let subject, let chain, let object):
            guard chain.count == 1, let relation = chain.first, relation.types.count == 1,
                  let (text, fact, factKindName, condition) = path(relation, subject: " = " + Self.literal(subject, store: store),
                                                                   object: " = " + Self.literal(object, store: store)),
                  schema.kinds[factKindName]?.properties["date"] != nil else { return nil }
            var conditions = condition.map { [$0] } ?? []
            conditions.append(time.condition("\(fact).date"))
            let query = "MATCH \(text) WHERE " + conditions.joined(separator: " AND ") + " RETURN count(*) AS matches"
            let undated = "MATCH \(text) WHERE " + ((condition.map { [$0] } ?? []) + ["\(fact).date IS NULL"]).joined(separator: " AND ")
                + " RETURN count(DISTINCT \(fact))"
            return PreparedQuestion(query: query, shape: .yesNo,
                                    statement: "\(subject.name) \(Self.phrase(schema, relation)) \(object.name) \(time.text)", empty: nil, undated: undated)
        default:
            return nil
        }
    }

    // MARK: Agreements two parties have

    /// "which agreements do Nokia and Xiaomi have?", "how many agreements does IKEA have with Xiaomi?",
    /// "Welche Vereinbarungen haben Microsoft und Xiaomi?", "which agreements does Xiaomi have?".
    func factsOfParties(_ items: [QuestionItem], time: TimeFilter?, when: Bool, language: String) -> PreparedQuestion? {
        var rest = items.filter { item in
            switch item.role {
            case .auxiliary?, .article?, .filler?, .have?, .preposition?, .and?: return false
            default: return true
            }
        }
        var count = false
        if rest.count >= 2, rest[0].role == .how, rest[1].role == .many { count = true; rest.removeFirst(2) }
        else if let role = rest.first?.role, [.which, .what].contains(role) { rest.removeFirst() }
        else if !when { return nil }
        guard case .kind(let kindName, let kindText, _)? = rest.first, let kind = schema.kinds[kindName], kind.isFact else { return nil }
        rest.removeFirst()
        // "which agreements were made in 2017?": a verb of making a deal, then only the date.
        let dealVerbs: Set<String> = ["made", "make", "signed", "sign", "concluded", "closed", "struck", "reached", "agreed", "entered",
                                      "geschlossen", "abgeschlossen", "unterzeichnet", "vereinbart", "getroffen", "eingegangen"]
        if time != nil, !rest.isEmpty, rest.allSatisfy({ item in
            switch item {
            case .unknown(let t): return dealVerbs.contains(t.folded)
            case .relation(let r, _): return QuestionTokenizer.tokenize(r.text).allSatisfy { dealVerbs.contains($0.folded) }
            default: return false
            }
        }) { rest = [] }
        let names = rest.compactMap { item -> NodeRecord? in if case .name(let n, _, _) = item { return n } else { return nil } }
        guard (names.isEmpty && time != nil && rest.isEmpty) || ((1...2).contains(names.count) && names.count == rest.count) else { return nil }
        // The role edges from the fact kind to the parties' kinds.
        func roles(for node: NodeRecord) -> [String] {
            schema.edgeTypeOrder.filter { name in
                guard let e = schema.edgeTypes[name], !e.isSymmetric else { return false }
                return e.sources.contains(kindName) && e.targets.contains(node.kind) && !(e.targets.contains(kindName) && e.targets != .any)
            }
        }
        var hops: [String] = []
        for (n, node) in names.enumerated() {
            let types = roles(for: node)
            guard !types.isEmpty else { return nil }
            hops.append("(f)-[:\(types.joined(separator: "|"))]->(p\(n + 1) = \(Self.literal(node, store: store)))")
        }
        let variable = "f"
        var conditions: [String] = []
        if let time {
            guard kind.properties["date"] != nil else { return nil }
            conditions.append(time.condition("f.date"))
        }
        var query = "MATCH (f:\(kindName))" + hops.map { ", " + $0 }.joined()
        let undated = time == nil ? nil : query + " WHERE f.date IS NULL RETURN count(DISTINCT f)"
        if !conditions.isEmpty { query += " WHERE " + conditions.joined(separator: " AND ") }
        if count { query += " RETURN count(DISTINCT \(variable))" }
        else if when, kind.properties["date"] != nil { query += " RETURN DISTINCT f, f.date ORDER BY f.name" }
        else { query += " RETURN DISTINCT f ORDER BY f.name" }
        let who = names.map(\.name).joined(separator: language == "de" ? " und " : " and ")
        let period = time.map { " (\($0.text))" } ?? ""
        let empty = names.isEmpty
            ? (language == "de" ? "Der Graph kennt keine \(kindText)\(period)." : "The graph knows no \(kindText.lowercased())\(period).")
            : (language == "de" ? "Der Graph kennt keine \(kindText) von \(who)\(period)." : "The graph knows no \(kindText.lowercased()) of \(who)\(period).")
        return PreparedQuestion(query: query, shape: count ? .count : .list, statement: nil, empty: empty, undated: undated)
    }
}
