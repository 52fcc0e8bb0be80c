import KGModel
import KGStorage
import KGSQLite

/// Reads a question's words into ``QuestionItem``s: node names first (the
/// longest run of words that names a node, looked up by key, name or alias
/// in the store), then a possessive turned round ("Xiaomi's partners" →
/// "partners of Xiaomi"), then relation phrases, kind nouns and function
/// words from the ``AskLexicon``.
struct QuestionReader {
    let store: GraphStore
    let lexicon: AskLexicon
    var schema: GraphSchema { store.schema }
    /// The question as written, for names with punctuation ("Acme, Inc").
    var question: String = ""
    /// The longest name, in words, that is looked up.
    static let longestName = 6

    func read(_ tokens: [QuestionToken]) throws(KGError) -> [QuestionItem] {
        // 1. Names.
        enum Piece { case token(QuestionToken), name(NodeRecord, text: String, span: SourceSpan) }
        var pieces: [Piece] = []
        var i = 0
        while i < tokens.count {
            if let (node, length) = try name(at: i, in: tokens) {
                let covered = tokens[i..<(i + length)]
                pieces.append(.name(node, text: covered.map(\.text).joined(separator: " "),
                                    span: Self.span(of: covered)))
                i += length
            } else {
                pieces.append(.token(tokens[i]))
                i += 1
            }
        }
        // 2. Possessives: NAME 's WORDS… → WORDS… of NAME (up to the next name).
        var reordered: [Piece] = []
        var p = 0
        while p < pieces.count {
            if case .name = pieces[p], p + 1 < pieces.count, case .token(let marker) = pieces[p + 1], marker.isPossessive {
                var q = p + 2
                var rest: [Piece] = []
                while q < pieces.count, case .token(let t) = pieces[q], !t.isPossessive { rest.append(pieces[q]); q += 1 }
                let of = QuestionToken(text: "of", folded: "of", isQuoted: false, isPossessive: false, span: marker.span)
                reordered += rest + [.token(of), pieces[p]]
                p = q
                continue
            }
            reordered.append(pieces[p])
            p += 1
        }
        // 3. Phrases, kinds and function words over each run of words between names.
        var items: [QuestionItem] = []
        var run: [QuestionToken] = []
        func flush() throws(KGError) {
            items += try readWords(run)
            run = []
        }
        for piece in reordered {
            switch piece {
            case .token(let t): run.append(t)
            case .name(let node, let text, let span):
                try flush()
                items.append(.name(node, text: text, span: span))
            }
        }
        try flush()
        return items
    }

    /// The longest run of words from `start` that names a node. A run made
    /// only of lexicon and function words in lower case is not looked up
    /// ("partners" is a phrase, even if some node were called so).
    private func name(at start: Int, in tokens: [QuestionToken]) throws(KGError) -> (NodeRecord, Int)? {
        let first = tokens[start]
        if first.isPossessive { return nil }
        let longest = min(Self.longestName, tokens.count - start)
        for length in stride(from: longest, through: 1, by: -1) {
            let run = tokens[start..<(start + length)]
            if run.contains(where: \.isPossessive) { continue }
            if run.count > 1, run.contains(where: \.isQuoted) { continue }
            // Words of the language are not looked up; a capitalised word that
            // is not a function word is ("Office", "CEO").
            if run.allSatisfy(isWordOfTheLanguage) { continue }
            let text = run.map(\.text).joined(separator: " ")
            var found: [NodeRecord] = []
            // The words as written, punctuation between them kept ("Acme, Inc"), then joined by spaces.
            let written = Self.written(question, Self.span(of: run))
            if run.count > 1, let written, written != text, !first.isQuoted { found = try store.candidates(forName: written) }
            if found.isEmpty { found = try store.candidates(forName: text) }
            if found.count == 1 { return (found[0], length) }
            if found.count > 1 {
                _ = try store.resolve(text, span: Self.span(of: run))   // throws: ambiguous, with the candidates
            }
            if first.isQuoted {
                _ = try store.resolve(text, span: first.span)   // throws: unknown, with "did you mean"
            }
        }
        return nil
    }

    private func isWordOfTheLanguage(_ t: QuestionToken) -> Bool {
        if t.isQuoted || t.hasUncasedLetter { return false }
        if FunctionWords.role(of: t.folded) != nil { return true }
        if t.isCapitalised { return false }
        return lexicon.vocabulary.contains(WordMatching.normalised(t.folded))
            || lexicon.vocabulary.contains(where: { WordMatching.match(t.folded, $0) != nil })
    }

    /// The text of `question` a span covers, or nil.
    static func written(_ question: String, _ span: SourceSpan) -> String? {
        let bytes = Array(question.utf8)
        guard span.start.offset >= 0, span.end.offset <= bytes.count, span.start.offset < span.end.offset else { return nil }
        return String(decoding: bytes[span.start.offset..<span.end.offset], as: UTF8.self)
    }

    /// The span from the first to the last token.
    static func span(of tokens: ArraySlice<QuestionToken>) -> SourceSpan {
        guard let first = tokens.first, let last = tokens.last else { return .unknown }
        return first.span.merged(with: last.span)
    }

    /// Phrases, kinds and function words of a run of words, longest first.
    private func readWords(_ tokens: [QuestionToken]) throws(KGError) -> [QuestionItem] {
        var items: [QuestionItem] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            let relations = token.isPossessive ? [] : lexicon.relations(at: i, in: tokens)
            let kind = lexicon.kind(at: i, in: tokens)
            // A kind noun read exactly wins over a phrase read only by its inflection ("Produkte" is not "produces").
            let kindIsCloser = kind.map { k in relations.first.map { $0.length == k.length && $0.exact < $0.relation.words.count } ?? false } ?? false
            if let best = relations.first, best.length >= (kind?.length ?? 0), !kindIsCloser,
               // A lone function word ("has", "to") is not a phrase of its own.
               !(best.length == 1 && FunctionWords.role(of: token.folded) != nil && best.exact == 0) {
                var same = relations.filter { $0.relation.words == best.relation.words && $0.length == best.length }
                // A phrase the schema states is never shadowed by one made by rule from a type's name.
                if same.contains(where: { !$0.relation.isGenerated }) { same = same.filter { !$0.relation.isGenerated } }
                let oriented = same.filter { $0.relation.subjectIsSource == best.relation.subjectIsSource || $0.relation.isSymmetric }
                var types: [String] = []
                for r in oriented where !types.contains(r.relation.type) { types.append(r.relation.type) }
                if types.count > 1, oriented.contains(where: \.relation.isGenerated) {
                    // Two types read the same by rule ("owns" for owns and owner_of): kg asks which.
                    let covered = tokens[i..<(i + best.length)]
                    let text = covered.map(\.text).joined(separator: " ")
                    let each = types.map { type in "'\(schema.phrase(of: type))' (\(type))" }
                    throw KGError(.questionNotUnderstood, "'\(text)' could mean \(types.count) edge types: " + types.joined(separator: " or ") + "; which one?",
                                  span: Self.span(of: covered),
                                  suggestion: "ask with a phrase only one of them has: " + each.joined(separator: ", ")
                                    + ", or give the type a phrase of its own in the schema (kg schema shows the phrases)")
                }
                // A role implies its super-role: "party to" also finds licensors and licensees.
                for type in types { for sub in lexicon.subtypes[type] ?? [] where !types.contains(sub) { types.append(sub) } }
                let covered = tokens[i..<(i + best.length)]
                let text = covered.map(\.text).joined(separator: " ")
                var reading = RelationReading(types: types, subjectIsSource: best.relation.subjectIsSource,
                                              isSymmetric: oriented.allSatisfy(\.relation.isSymmetric), isNoun: best.relation.isNoun,
                                              isWhereForm: best.relation.isWhereForm, language: best.relation.language, text: text)
                // Other phrases covering the same words, in their order of closeness.
                // A phrase made by rule is another reading only when it matches as closely ("party" is not "partner").
                for other in relations where other.length == best.length && !types.contains(other.relation.type)
                    && !(other.relation.isGenerated && other.exact < best.exact) {
                    let alternative = RelationReading(types: [other.relation.type], subjectIsSource: other.relation.subjectIsSource,
                                                      isSymmetric: other.relation.isSymmetric, isNoun: other.relation.isNoun,
                                                      isWhereForm: other.relation.isWhereForm, language: other.relation.language, text: text)
                    if !reading.alternatives.contains(alternative) { reading.alternatives.append(alternative) }
                }
                // "who has parent Acme": has + the noun of a phrase made by rule ("is a parent of") reads it the other way round.
                if reading.isNoun, i > 0, FunctionWords.role(of: tokens[i - 1].folded) == .have,
                   reading.types.allSatisfy({ schema.edgeTypes[$0]?.phraseIsGenerated == true }) {
                    reading.isNoun = false
                    reading.subjectIsSource.toggle()
                    reading.alternatives = []
                }
                items.append(.relation(reading, span: Self.span(of: covered)))
                i += best.length
                continue
            }
            if let kind, FunctionWords.role(of: token.folded) == nil || kind.length > 1 {
                let covered = tokens[i..<(i + kind.length)]
                items.append(.kind(kind.noun.kind, text: covered.map(\.text).joined(separator: " "),
                                   span: Self.span(of: covered)))
                i += kind.length
                continue
            }
            if let role = FunctionWords.role(of: token.folded) {
                items.append(.word(role, token))
            } else {
                items.append(.unknown(token))
            }
            i += 1
        }
        return items
    }
}
