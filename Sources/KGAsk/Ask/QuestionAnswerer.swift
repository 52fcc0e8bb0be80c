import KGModel
import KGStorage
import KGSQLite
import KGEngine

/// Answers questions in plain words ("who licenses patents to Xiaomi?",
/// "Wer lizenziert Patente an Xiaomi?") over any graph, through a grammar
/// generated from the graph's own schema (``AskLexicon``) and its node
/// names. A question becomes a query's syntax tree, which the ordinary
/// binder, planner and executor run; the answer carries the query as text,
/// so users learn the language.
///
///     let answerer = QuestionAnswerer(engine: QueryEngine(store: store))
///     let answer = try answerer.ask("who licenses patents to Xiaomi?", options: .init())
///     print(answer.queryText)   // MATCH (who)-[:licenses_patents_to]->("Xiaomi") RETURN DISTINCT who ORDER BY who.name
///
/// A question that fits no form is an error (KGA001) that says which words
/// were understood and lists phrases the graph knows; kg never guesses.
public struct QuestionAnswerer {
    public let engine: QueryEngine
    let lexicon: AskLexicon

    public init(engine: QueryEngine) {
        self.engine = engine
        self.lexicon = AskLexicon(schema: engine.store.schema)
    }

    /// Reads the question, runs its query and returns the answer.
    public func ask(_ question: String, options: QueryEngine.Options) throws(KGError) -> AskAnswer {
        let reading = try interpret(question)
        let result = try engine.execute(reading.query, options: options)
        var answer = AskAnswer(question: question, queryText: QueryPrinter.format(reading.query), query: reading.query, result: result,
                               understood: reading.understood, shape: reading.shape, language: reading.language,
                               statement: reading.statement)
        if result.rows.isEmpty || (reading.shape == .value && result.rows.allSatisfy({ $0.allSatisfy { $0 == .null } })) {
            answer.sentence = reading.empty
        }
        for alternative in reading.alternatives {
            let other = try engine.execute(alternative.query, options: options)
            var otherAnswer = AskAnswer(question: question, queryText: QueryPrinter.format(alternative.query), query: alternative.query, result: other,
                                        understood: alternative.understood, shape: alternative.shape, language: alternative.language, statement: nil)
            if other.rows.isEmpty { otherAnswer.sentence = alternative.empty }
            answer.otherReadings.append(otherAnswer)
        }
        answer.readings = 1 + answer.otherReadings.count
        if answer.readings > 1 {
            answer.warnings.append(answer.language == "de"
                ? "die Frage hat zwei Lesarten (wer ist Subjekt, wer Objekt?); kg beantwortet beide"
                : "the question has two readings (which is the subject, which the object?); kg answers both")
        }
        if let undated = reading.undated, let query = try? Parser.parse(undated) {
            var quiet = options
            quiet.tracksFacts = false
            if case .int(let n)? = try engine.execute(query, options: quiet).rows.first?.first, n > 0 {
                answer.warnings.append(answer.language == "de"
                    ? "\(n) passende Fakten haben im Graphen kein Datum und sind nicht berücksichtigt: \(undated)"
                    : "\(n) matching \(n == 1 ? "fact has" : "facts have") no date in the graph and \(n == 1 ? "is" : "are") left out: \(undated)")
            }
        }
        if let relation = reading.symmetricCheck, let warning = try symmetricWarning(relation, query: reading.query, result: result, options: options) {
            answer.warnings.append(warning)
        }
        if answer.verdict == false, let pattern = reading.query.patterns.first, let last = pattern.hops.last {
            // "No" to the phrase asked; say how the two are connected otherwise, if at all.
            let step = EdgePattern(direction: .undirected, quantifier: Quantifier(min: 1, max: 4))
            let path = PathPattern(variable: Identifier("p"), selector: PathSelector(.allShortest), start: pattern.start,
                                   hops: [PatternHop(step: .edge(step), node: last.node)])
            let query = Query(matches: [MatchClause(patterns: [path])],
                              returnClause: ReturnClause(items: [ReturnItem(Expression(.variable("p")))], limit: Expression(.literal(.integer(50)))))
            var quiet = options
            quiet.tracksFacts = false
            // Up to three paths through different nodes (not the same agreement by each of its roles),
            // those whose edge types and nodes share a word with the question first.
            let words = QuestionTokenizer.tokenize(question).map(\.folded).filter { $0.count >= 4 && FunctionWords.role(of: $0) == nil }
            func score(_ path: PathValue) -> Int {
                var text = path.steps.flatMap { $0.type.split(separator: "_").map(String.init) }
                for id in path.nodes.dropFirst().dropLast() {
                    if let node = try? engine.store.node(id: id) { text += QuestionTokenizer.tokenize(node.name).map(\.folded) }
                }
                return words.filter { word in text.contains { WordMatching.match(word, $0) != nil } }.count
            }
            var seen = Set<[Int64]>()
            var candidates: [PathValue] = []
            for row in try engine.execute(query, options: quiet).rows {
                guard case .path(let found)? = row.first, seen.insert(Array(found.nodes.dropFirst().dropLast())).inserted else { continue }
                candidates.append(found)
            }
            answer.otherConnections = Array(candidates.enumerated().sorted { (-score($0.element), $0.offset) < (-score($1.element), $1.offset) }
                .map(\.element).prefix(3))
        }
        return answer
    }

    /// Words that make a phrase read the same both ways ("partner", "with").
    static let symmetricCues: Set<String> = ["partner", "partners", "partnered", "competitor", "competitors", "competes", "compete", "rival", "rivals",
                                             "with", "together", "each", "mutual", "mit", "zusammen", "partnerschaft", "konkurrent", "konkurrenten", "sibling", "married", "friend", "friends",
                                             "siblings", "spouse", "spouses", "colleague", "colleagues", "neighbour", "neighbor", "neighbours", "neighbors",
                                             "ally", "allies", "peer", "peers"]

    /// On a type that is not declared symmetric, a phrase that reads both
    /// ways ("partners of Ropan Mobile") misses the edges stored the other
    /// way: say how many the other direction would add.
    private func symmetricWarning(_ relation: RelationReading, query: Query, result: QueryResult, options: QueryEngine.Options) throws(KGError) -> String? {
        guard !relation.isSymmetric, relation.types.count == 1, engine.store.schema.edgeTypes[relation.types[0]] != nil else { return nil }
        let words = QuestionTokenizer.tokenize(relation.text).map(\.folded) + QuestionTokenizer.tokenize(relation.types[0].replacingOccurrences(of: "_", with: " ")).map(\.folded)
        guard words.contains(where: Self.symmetricCues.contains) else { return nil }
        guard query.matches.count == 1, var pattern = query.matches.first?.patterns.first, pattern.hops.count == 1,
              case .edge(var edge) = pattern.hops[0].step, edge.direction != .undirected else { return nil }
        edge.direction = edge.direction == .outgoing ? .incoming : .outgoing
        pattern.hops[0].step = .edge(edge)
        var flipped = query
        flipped.matches = [MatchClause(patterns: [pattern])]
        var quiet = options
        quiet.tracksFacts = false
        let other = try engine.execute(flipped, options: quiet)
        let added: Int
        if case .int(let a)? = result.rows.first?.first, case .int(let b)? = other.rows.first?.first, result.columns.count == 1,
           query.returnClause.items.first.map({ if case .call = $0.expression.kind { return true } else { return false } }) ?? false {
            added = Int(b)   // a count or yes/no: the other direction's matches
            _ = a
        } else {
            let mine = Set(result.rows.map { $0.map { "\($0)" }.joined(separator: "|") })
            added = other.rows.filter { !mine.contains($0.map { "\($0)" }.joined(separator: "|")) }.count
        }
        guard added > 0 else { return nil }
        let type = relation.types[0]
        return "\(type) is not declared symmetric and is stored one way: '\(relation.text)' reads both ways, and the other direction adds \(added) more (query it with an undirected edge: -[:\(type)]-)"
    }

    /// How a question is read, without running it.
    public struct Interpretation: Sendable {
        public let query: Query
        public let shape: AskAnswer.Shape
        public let understood: [String]
        public let language: String
        /// For a yes/no question, the statement asked about.
        public let statement: String?
        /// The sentence for an empty answer.
        public var empty: String? = nil
        /// A query counting the facts a period left out for want of a date.
        var undated: String? = nil
        /// Other readings of the same words, answered too.
        public var alternatives: [Interpretation] = []
        /// The one phrase of the question, to warn when it reads both ways on a directed type.
        var symmetricCheck: RelationReading? = nil
    }

    /// Reads the question into a query, without running it.
    public func interpret(_ question: String) throws(KGError) -> Interpretation {
        guard question.count <= 2000 else {
            throw KGError(.questionNotUnderstood, "the question is too long (\(question.count) characters; at most 2000)")
        }
        var tokens = QuestionTokenizer.tokenize(question).map { token -> QuestionToken in
            guard !token.isQuoted, let canonical = lexicon.spellings[token.folded] else { return token }
            var t = token
            t.folded = canonical
            return t
        }
        guard !tokens.isEmpty else {
            throw KGError(.questionNotUnderstood, "the question is empty", suggestion: "ask, for example: kg ask \"who licenses patents to Xiaomi?\"")
        }
        // "To whom does Nokia license patents?": the preposition goes back to its phrase.
        if tokens.count > 2, FunctionWords.role(of: tokens[0].folded) == .preposition,
           let role = FunctionWords.role(of: tokens[1].folded), [.who, .what, .which].contains(role) {
            tokens.append(tokens.removeFirst())
        }
        let store = engine.store
        let german = Self.looksGerman(tokens)
        // Dates and periods ("in 2017", "before 2018") come out before the words are read.
        let time = TimeFilter.extract(from: &tokens) { text in !((try? store.candidates(forName: text)) ?? []).isEmpty }
        func read(_ tokens: [QuestionToken]) throws(KGError) -> [QuestionItem] {
            try QuestionReader(store: store, lexicon: lexicon, question: question).read(tokens)
        }
        var items = try read(tokens)
        let facts = FactQuestionReader(schema: store.schema, store: store, lexicon: lexicon)
        var reading: QuestionReading?
        var frameLanguage = german ? "de" : "en"
        // 1. A property's question frame ("when was Xiaomi founded?").
        if time == nil, let prepared = facts.propertyFrame(items, language: &frameLanguage) {
            reading = .prepared(prepared)
        }
        // 2. The facts behind a relation: when / how many PROP / what + NAME PHRASE [NAME].
        if reading == nil, let (ask, lead) = factAsk(tokens, store: store) {
            let body = Array(tokens[lead...]).filter { FunctionWords.role(of: $0.folded) != .auxiliary }
            var candidates: [[QuestionToken]] = []
            var property: QuestionToken?
            if case .property = ask { property = tokens[lead - 1] }
            let bodyItems = try read(body)
            if let nameSpan = bodyItems.compactMap({ item -> SourceSpan? in if case .name(_, _, let span) = item { return span } else { return nil } }).first {
                let inName = { (t: QuestionToken) in t.span.start.offset >= nameSpan.start.offset && t.span.end.offset <= nameSpan.end.offset }
                let nameTokens = body.filter(inName)
                let others = body.filter { !inName($0) }
                let nameFirst = body.first.map(inName) ?? false
                // English: NAME VERB [PROP] …; German verb-second: VERB NAME … → NAME VERB [PROP] ….
                let after = nameFirst ? Array(body.drop(while: inName)) : others
                if let property {
                    if !after.isEmpty { candidates.append(nameTokens + [after[0], property] + after.dropFirst()) }
                } else {
                    candidates.append(body)
                    if !nameFirst { candidates.append(nameTokens + others) }
                }
            }
            for candidate in candidates {
                let candidateItems = try read(candidate)
                if let prepared = facts.factQuestion(ask, candidateItems, time: time, language: german ? "de" : "en") {
                    reading = .prepared(prepared)
                    items = candidateItems
                    break
                }
                if case .when = ask, let prepared = facts.factsOfParties(candidateItems, time: time, when: true, language: german ? "de" : "en") {
                    reading = .prepared(prepared)
                    items = candidateItems
                    break
                }
            }
            if reading == nil, !candidates.isEmpty, case .when = ask {
                throw KGError(.questionNotUnderstood, "kg cannot answer '\(tokens[0].text) …' here: it reads it only for a relation through a dated fact (an agreement) or a property the schema gives a question frame",
                              span: tokens[0].span,
                              suggestion: "the phrases that can be asked this way: " + store.schema.derivedTypeOrder.filter { facts.inlined($0) != nil }
                                .map { "'\(store.schema.phrase(of: $0))'" }.joined(separator: ", ") + "; see the frames with: kg schema")
            }
        }
        // 3. The agreements (facts) of one or two parties.
        if reading == nil, let prepared = facts.factsOfParties(items, time: time, when: false, language: german ? "de" : "en") {
            reading = .prepared(prepared)
        }
        // 4. The forms of the grammar.
        var alternatives: [QuestionReading] = []
        if reading == nil {
            reading = QuestionGrammar(schema: store.schema).read(items)
            if reading == nil, let reordered = Self.germanVerbSecond(tokens, items: items) {
                // "Von wem kaufte Xiaomi Patente?": German puts the verb before the
                // subject; read it again with the name first ("wem Xiaomi kaufte Patente von").
                let again = try read(reordered)
                if let second = QuestionGrammar(schema: store.schema).read(again) {
                    reading = second
                    items = again
                }
            }
            if german, let first = tokens.first, let current = reading,
               case .find(let asked, let chain, let anchor, let askedIsSubject, let count) = current, chain.count == 1 {
                let grammar = QuestionGrammar(schema: store.schema)
                let other = QuestionReading.find(asked: asked, chain: chain, anchor: anchor, askedIsSubject: !askedIsSubject, count: count)
                let otherFits = askedIsSubject ? grammar.fits(anchor, asSubjectOf: chain[0]) : grammar.fits(anchor, asObjectOf: chain[0])
                let passive = tokens.contains { ["wird", "werden", "wurde", "wurden"].contains($0.folded) }
                if ["wen", "wem"].contains(first.folded), askedIsSubject, otherFits, !passive {
                    // Accusative and dative ask for the object: "Wen übertrifft MiMo?" = what MiMo outperforms.
                    reading = other
                } else if first.folded == "was", otherFits, !passive, !chain[0].isSymmetric, tokens.count > 1,
                          FunctionWords.role(of: tokens[1].folded) == nil {
                    // "Was übertrifft MiMo?": what MiMo outperforms, or what outperforms MiMo. Both.
                    alternatives = [other]
                }
            }
            if let time, let current = reading {
                guard let restricted = facts.restricted(current, time: time, language: german ? "de" : "en") else {
                    throw KGError(.questionNotUnderstood, "kg cannot restrict this question to '\(time.text)': the relation it asks about keeps no date in this graph",
                                  span: .unknown, suggestion: "ask without the date, or about a relation through a dated agreement, e.g. kg ask \"who sold patents to Xiaomi in 2017?\"")
                }
                reading = .prepared(restricted)
            }
        }
        guard let reading else {
            throw try notUnderstood(question, items: items, tokens: tokens)
        }
        let understood = items.compactMap(\.understanding)
        let (query, shape) = try AskTranslator(store: store).translate(reading)
        let language = items.compactMap(\.relation).first?.language
            ?? (tokens.contains { ["wer", "wie", "ist", "welche", "sind", "was"].contains($0.folded) } && !tokens.contains { ["is", "the", "who", "how"].contains($0.folded) } ? "de" : "en")
        let answerShape: AskAnswer.Shape
        switch shape {
        case .list: answerShape = .list
        case .count: answerShape = .count
        case .yesNo: answerShape = .yesNo
        case .path: answerShape = .path
        case .value: answerShape = .value
        }
        var statement: String?
        if case .yesNo(let subject, let chain, let object) = reading {
            let phrases = chain.map { relation -> String in
                let pair = store.schema.phrases(of: relation.types[0]).first { $0.language == relation.language }?.phrases
                    ?? PhrasePair(phrase: store.schema.phrase(of: relation.types[0]), inverse: store.schema.phrase(of: relation.types[0], inverse: true))
                return relation.subjectIsSource || relation.isSymmetric ? pair.phrase : pair.inverse
            }
            statement = subject.name + " " + phrases.joined(separator: language == "de" ? " etwas, das " : " something that ") + " " + object.name
        }
        var empty: String?
        var undated: String?
        if case .prepared(let prepared) = reading {
            statement = statement ?? prepared.statement
            empty = prepared.empty
            undated = prepared.undated
        } else if case .find(let asked, let chain, let anchor, let askedIsSubject, let count) = reading, !count {
            empty = Self.emptySentence(store.schema, asked: asked, chain: chain, anchor: anchor, askedIsSubject: askedIsSubject, language: language)
        }
        var others: [Interpretation] = []
        for alternative in alternatives {
            let (q, _) = try AskTranslator(store: store).translate(alternative)
            var otherEmpty: String?
            if case .find(let asked, let chain, let anchor, let askedIsSubject, _) = alternative {
                otherEmpty = Self.emptySentence(store.schema, asked: asked, chain: chain, anchor: anchor, askedIsSubject: askedIsSubject, language: language)
            }
            others.append(Interpretation(query: q, shape: answerShape, understood: understood, language: language, statement: nil, empty: otherEmpty))
        }
        var interpretation = Interpretation(query: query, shape: answerShape, understood: understood, language: language, statement: statement, empty: empty)
        interpretation.alternatives = others
        interpretation.undated = undated
        if case .find(_, let chain, _, _, _) = reading, chain.count == 1 { interpretation.symmetricCheck = chain[0] }
        if case .yesNo(_, let chain, _) = reading, chain.count == 1 { interpretation.symmetricCheck = chain[0] }
        return interpretation
    }

    /// "No one in the graph licenses patents to Apple." / "Xiaomi develops nothing the graph knows of."
    static func emptySentence(_ schema: GraphSchema, asked: AskedNode, chain: [RelationReading], anchor: NodeRecord,
                              askedIsSubject: Bool, language: String) -> String {
        let phrases = chain.map { FactQuestionReader.phrase(schema, $0) }
        let german = language == "de"
        let noun = asked.kind.flatMap { kind -> String? in
            let forms = schema.kinds[kind]?.nouns[language]
            return forms?.singular ?? (german ? nil : AskLexicon.words(ofIdentifier: kind).joined(separator: " "))
        }
        if askedIsSubject {
            let who: String
            if let noun { who = german ? "Kein \(noun) im Graphen" : "No \(noun) in the graph" }
            else if asked.word == "who" { who = german ? "Niemand im Graphen" : "No one in the graph" }
            else { who = german ? "Nichts im Graphen" : "Nothing in the graph" }
            let rest = chain.count == 1 ? phrases[0] : phrases.joined(separator: german ? " etwas, das " : " something that ")
            return "\(who) \(rest) \(anchor.name)."
        }
        return german ? "Der Graph kennt nichts, das gilt: \(anchor.name) \(phrases.joined(separator: " … ")) …."
                      : "\(anchor.name) \(phrases.joined(separator: " … ")) nothing the graph knows of."
    }

    static func looksGerman(_ tokens: [QuestionToken]) -> Bool {
        let german: Set<String> = ["wer", "wen", "wem", "was", "wie", "wann", "welche", "welcher", "welches", "welchen", "ist", "sind", "hat", "haben",
                                   "von", "mit", "und", "der", "die", "das", "ein", "eine", "wird", "wurde", "viele", "an", "wo"]
        let english: Set<String> = ["who", "what", "which", "how", "when", "is", "are", "the", "does", "did", "do", "of", "with", "and", "to", "has", "have"]
        let g = tokens.filter { german.contains($0.folded) }.count, e = tokens.filter { english.contains($0.folded) }.count
        return g > e
    }

    /// when / wann, how many PROP (a property of a fact kind), what / was + auxiliary:
    /// what the question asks of the fact behind a relation, and where its body starts.
    private func factAsk(_ tokens: [QuestionToken], store: GraphStore) -> (FactQuestionReader.Ask, Int)? {
        guard let first = tokens.first?.folded else { return nil }
        if first == "when" || first == "wann" { return (.when, 1) }
        if tokens.count > 3, first == "how" || first == "wie", tokens[1].folded == "many" || tokens[1].folded == "viele" {
            let word = tokens[2].folded
            for name in store.schema.kindOrder {
                guard let kind = store.schema.kinds[name], kind.isFact else { continue }
                for p in kind.propertyOrder where kind.properties[p]?.type == .int && WordMatching.match(word, p) != nil { return (.property(p), 3) }
            }
            return nil
        }
        if (first == "what" || first == "was"), tokens.count > 3, FunctionWords.role(of: tokens[1].folded) == .auxiliary { return (.what, 1) }
        // German verb-second: "Was liefert Nokia an Xiaomi?" (tried, and left to the grammar when it does not fit).
        if first == "was", tokens.count > 3, FunctionWords.role(of: tokens[1].folded) == nil { return (.what, 1) }
        return nil
    }

    /// For a German question (wer, wen, wem, was, welche …, wie viele …) with
    /// one name: the tokens with the name moved right after the question word
    /// and its kind noun, or nil.
    static func germanVerbSecond(_ tokens: [QuestionToken], items: [QuestionItem]) -> [QuestionToken]? {
        let names = items.compactMap { item -> SourceSpan? in if case .name(_, _, let span) = item { return span } else { return nil } }
        guard names.count == 1, let name = names.first, let first = tokens.first else { return nil }
        let questionWords: Set<String> = ["wer", "wen", "wem", "was", "welche", "welcher", "welches", "welchen", "welchem", "wie"]
        guard questionWords.contains(first.folded) else { return nil }
        var prefix = 1
        if first.folded == "wie", tokens.count > 2, tokens[1].folded == "viele" { prefix = 3 }
        else if first.folded.hasPrefix("welch"), tokens.count > 1 { prefix = 2 }
        let inName = { (t: QuestionToken) in t.span.start.offset >= name.start.offset && t.span.end.offset <= name.end.offset }
        guard prefix < tokens.count, !tokens[..<prefix].contains(where: inName) else { return nil }
        let nameTokens = tokens.filter(inName)
        let rest = tokens[prefix...].filter { !inName($0) }
        guard !nameTokens.isEmpty, !rest.isEmpty else { return nil }
        return Array(tokens[..<prefix]) + nameTokens + rest
    }

    // MARK: Not understood

    /// The error for a question that fits no form: a word that looks like a
    /// name but names no node gets "did you mean"; otherwise the message says
    /// what was understood and lists phrases the graph knows.
    private func notUnderstood(_ question: String, items: [QuestionItem], tokens: [QuestionToken]) throws(KGError) -> KGError {
        let store = engine.store
        // Unknown words written like names (capitalised, not the first word), joined into runs.
        // Not in a German question (its nouns are capitalised: "Pressesprecher" is a
        // word kg does not know, not a missing node), and never a question word.
        let german = Self.looksGerman(tokens)
        let questionWords: Set<String> = ["when", "wann", "why", "warum", "wieso", "weshalb", "whose", "wessen", "wohin", "woher", "seit", "since"]
        var runs: [[QuestionToken]] = []
        var current: [QuestionToken] = []
        for item in items {
            if case .unknown(let token) = item, token.isCapitalised || token.hasUncasedLetter,
               token.hasUncasedLetter || (!german && !questionWords.contains(token.folded) && token.span.start.offset > 0),
               !lexicon.vocabulary.contains(where: { WordMatching.match(token.folded, $0) != nil }) {
                current.append(token)
            } else {
                if !current.isEmpty { runs.append(current) }
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        for run in runs {
            let text = run.map(\.text).joined(separator: " ")
            let span = QuestionReader.span(of: run[...])
            var suggestions = try store.nameSuggestions(for: text)
            if suggestions.isEmpty, run.count > 1 {
                for token in run { suggestions += try store.nameSuggestions(for: token.text) }
            }
            if !suggestions.isEmpty {
                return KGError(.unknownNode, "no node is called '\(text)' (by key, name or alias)", span: span,
                               suggestion: "did you mean " + suggestions.prefix(3).map { "'\($0)'" }.joined(separator: " or ") + "?")
            }
            return KGError(.unknownNode, "no node is called '\(text)' (by key, name or alias): the graph knows nothing about it, so kg gives no answer",
                           span: span, suggestion: "list the names kg knows with: kg query \"MATCH (n) RETURN n.name, n.kind\"")
        }
        let unknown = items.compactMap { item -> QuestionToken? in if case .unknown(let t) = item { return t } else { return nil } }
        // A lower-case unknown word close to a name: when it is the only word
        // kg does not know, the rest of the question was read and the word is
        // likely a misspelt name; when other words are unknown too, the phrase
        // is what kg did not understand, and the name is only a hint below.
        var nameHints: [String] = []
        for token in unknown where !lexicon.vocabulary.contains(where: { WordMatching.match(token.folded, $0) != nil }) {
            let suggestions = try store.nameSuggestions(for: token.text)
            guard !suggestions.isEmpty else { continue }
            let didYouMean = "did you mean " + suggestions.prefix(3).map { "'\($0)'" }.joined(separator: " or ") + "?"
            if unknown.count == 1 {
                return KGError(.unknownNode, "no node is called '\(token.text)' (by key, name or alias)", span: token.span,
                               suggestion: didYouMean)
            }
            nameHints.append("for '\(token.text)', \(didYouMean)")
        }
        let understood = items.compactMap(\.understanding)
        var message = "kg did not understand the question"
        if !unknown.isEmpty { message += ": it does not know " + unknown.map { "'\($0.text)'" }.joined(separator: ", ") }
        else { message += ": its words fit none of the forms kg reads" }
        message += understood.isEmpty ? "; it understood no word of it" : "; it understood " + understood.joined(separator: ", ")
        let span = unknown.first.map(\.span) ?? QuestionReader.span(of: tokens[...])
        let phrases = relevantPhrases(tokens: tokens, items: items)
        let suggestion = "phrases this graph knows: " + phrases.map { "'\($0)'" }.joined(separator: ", ")
            + "; forms: who/what/which KIND PHRASE NAME?, what does NAME PHRASE?, is NAME PHRASE NAME?, how many KIND …?, how is NAME connected to NAME?"
            + nameHints.map { "; " + $0 }.joined()
        return KGError(.questionNotUnderstood, message, span: span, suggestion: suggestion)
    }

    /// A few phrases worth trying: those sharing a word with the question,
    /// else those whose ends fit the kinds of the names it mentions, else the first ones.
    private func relevantPhrases(tokens: [QuestionToken], items: [QuestionItem], limit: Int = 6) -> [String] {
        // Derived types first (they read best), then relations between things
        // that are not facts of their own (agreements), then role edges.
        let schema = engine.store.schema
        func rank(_ relation: AskLexicon.Relation) -> Int {
            if schema.derivedTypes[relation.type] != nil { return 0 }
            guard let edge = schema.edgeTypes[relation.type] else { return 2 }
            let factKinds = Set(schema.kinds.values.filter(\.isFact).map(\.name))
            let touchesFact = [edge.sources, edge.targets].contains { set in
                if case .some(let kinds) = set { return kinds.contains(where: factKinds.contains) }
                return false
            }
            return touchesFact ? 2 : 1
        }
        let phrases = lexicon.relations.filter { !$0.isNoun && !$0.isTypeName && !$0.isSynonym }.enumerated()
            .sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
        var scored: [(Int, String)] = []
        for relation in phrases {
            let score = relation.words.filter { word in tokens.contains { WordMatching.match($0.folded, word) != nil } }.count
            if score > 0 { scored.append((score, relation.phrase)) }
        }
        var out: [String] = []
        for (_, phrase) in scored.sorted(by: { $0.0 > $1.0 }) where !out.contains(phrase) { out.append(phrase) }
        if out.count < limit {
            let kinds = Set(items.compactMap { item -> String? in if case .name(let n, _, _) = item { return n.kind } else { return nil } })
            for relation in phrases where relation.language == "en" {
                let sources = schema.edgeTypes[relation.type]?.sources ?? schema.derivedTypes[relation.type]?.sources ?? .any
                let targets = schema.edgeTypes[relation.type]?.targets ?? schema.derivedTypes[relation.type]?.targets ?? .any
                let end = relation.subjectIsSource ? targets : sources
                if kinds.isEmpty || kinds.contains(where: { end.contains($0) }), !out.contains(relation.phrase) { out.append(relation.phrase) }
                if out.count >= limit { break }
            }
        }
        return Array(out.prefix(limit))
    }
}
