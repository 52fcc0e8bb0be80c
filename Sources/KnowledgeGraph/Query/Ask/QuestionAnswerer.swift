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

    /// How a question is read, without running it.
    public struct Interpretation: Sendable {
        public let query: Query
        public let shape: AskAnswer.Shape
        public let understood: [String]
        public let language: String
        /// For a yes/no question, the statement asked about.
        public let statement: String?
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
        var items = try QuestionReader(store: store, lexicon: lexicon, question: question).read(tokens)
        var reading = QuestionGrammar(schema: store.schema).read(items)
        if reading == nil, let reordered = Self.germanVerbSecond(tokens, items: items) {
            // "Von wem kaufte Xiaomi Patente?": German puts the verb before the
            // subject; read it again with the name first ("wem Xiaomi kaufte Patente von").
            let again = try QuestionReader(store: store, lexicon: lexicon, question: question).read(reordered)
            if let second = QuestionGrammar(schema: store.schema).read(again) {
                reading = second
                items = again
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
        return Interpretation(query: query, shape: answerShape, understood: understood, language: language, statement: statement)
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
        var runs: [[QuestionToken]] = []
        var current: [QuestionToken] = []
        for item in items {
            if case .unknown(let token) = item, token.isCapitalised || token.hasUncasedLetter,
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
        let phrases = lexicon.relations.filter { !$0.isNoun && !$0.isTypeName }.enumerated()
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
