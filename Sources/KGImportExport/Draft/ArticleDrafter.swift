import Foundation
import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// How `kg draft` describes the article it drafts from.
public struct DraftOptions: Sendable {
    /// The key of the article's source (`source KEY …`); by default made from the file name.
    public var sourceKey: String
    /// The `file=` of the source line: the article's path relative to the
    /// draft's folder.
    public var file: String
    /// The article's publication date (`published=`), also the date of an
    /// agreement whose sentence gives none.
    public var published: PartialDate?
    /// "de" or "en"; nil: detected from the text.
    public var language: String?

    /// Options for one article: its source key, its path for `file=`, its date and language.
    public init(sourceKey: String, file: String, published: PartialDate? = nil, language: String? = nil) {
        self.sourceKey = sourceKey
        self.file = file
        self.published = published
        self.language = language
    }
}

/// What `kg draft` found in an article: proposals, facts the graph has,
/// new entities and the sentences left out as speculation.
public struct ArticleDraft: Sendable {
    /// The options the article was drafted with.
    public var options: DraftOptions
    /// The language the article was read in.
    public var language: String
    /// Whether the source is new (a `source` line is written) or the graph has it.
    public var sourceIsNew: Bool
    /// Names the graph does not know, proposed as new nodes.
    public var newEntities: [ProposedEntity]
    /// The facts proposed, in the order the article states them.
    public var proposals: [FactProposal]
    /// Facts the article states that the graph already has.
    public var known: [KnownFact]
    /// Sentences that read as a relation but are hedged or denied.
    public var skipped: [SkippedSentence]
    /// The schema's shapes of the proposed types (for rendering).
    var shapes: [String: FactShape]
    var schema: GraphSchema
    var takenKeys: Set<String>

    /// The draft as graph text, for review and `kg import` (``DraftRenderer``).
    public var graphText: String { DraftRenderer(draft: self).render() }
}

/// Drafts facts from a news article for a graph: finds the graph's entities
/// in it, reads each sentence with the schema's lexicon, and proposes the
/// relations it states as graph text to review and import. Nothing is
/// written to the graph.
///
///     let store = try GraphStore.open(at: "news.sqlite")
///     let article = try ArticleText.read(path: "article.txt")
///     let draft = try ArticleDrafter(store: store).draft(article, options: DraftOptions(sourceKey: "article", file: "article.txt"))
///     print(draft.graphText)
public struct ArticleDrafter {
    /// The graph whose entities and schema the drafter reads (never writes).
    public let store: GraphStore

    /// A drafter for `store`.
    public init(store: GraphStore) { self.store = store }

    /// The graph's entities (nodes of kinds that are not fact kinds), with aliases.
    public func entities() throws(KGError) -> [DraftEntity] {
        let schema = store.schema
        var ids: [Int64] = []
        try store.forEachNodeKeyAndKind { id, _, kind in
            if let k = schema.kinds[kind], !k.isFact { ids.append(id) }
        }
        var out: [DraftEntity] = []
        for node in try store.nodes(ids: ids) {
            var country: String?
            if case .string(let c)? = node.props["country"] { country = c }
            out.append(DraftEntity(key: node.key, kind: node.kind, name: node.name, aliases: try store.aliases(of: node.id), country: country))
        }
        return out.sorted { $0.key < $1.key }
    }

    /// Drafts `article`: see ``ArticleDraft``. Fails with KGR004 when the
    /// source key is not a valid key.
    public func draft(_ article: ArticleText, options given: DraftOptions) throws(KGError) -> ArticleDraft {
        // A dateline at the top of the article dates it when --published does not.
        var options = given
        if options.published == nil { options.published = article.dateline }
        guard Self.isValidKey(options.sourceKey) else {
            throw KGError(.invalidSourceKey, "'\(options.sourceKey)' cannot be a source key",
                          suggestion: "a key is letters, digits, '-', '_' and '.', e.g. --source spiegel-2016-06")
        }
        let schema = store.schema
        let language = options.language ?? LanguageDetector.detect(article.text)
        var shapes: [String: FactShape] = [:]
        for type in schema.allEdgeTypeNames {
            guard let shape = FactShape.of(type, in: schema) else { continue }
            // Only types between entities: not role edges of fact nodes.
            let (sources, targets): (KindSet, KindSet) = schema.edgeTypes[type].map { ($0.sources, $0.targets) }
                ?? schema.derivedTypes[type].map { ($0.sources, $0.targets) } ?? (.any, .any)
            if Self.onlyFactKinds(sources, schema) || Self.onlyFactKinds(targets, schema) { continue }
            shapes[type] = shape
        }
        var entities = try entities()
        // Keys of new nodes must be new to the graph, fact nodes included.
        var takenKeys = Set<String>()
        try store.forEachNodeKeyAndKind { _, key, _ in takenKeys.insert(key) }
        let folded = try store.source(key: GraphStore.foldKey(options.sourceKey))
        let asGiven = try store.source(key: options.sourceKey)
        let sourceIsNew = folded == nil && asGiven == nil

        // New entities first, so relations to them can be proposed too.
        let designated = NewEntityFinder(schema: schema)
        var newEntities: [ProposedEntity] = []
        let known = EntityMentionFinder(entities: entities)
        for sentence in article.sentences {
            let tokens = SentenceTokens.tokenize(sentence.text)
            if sentence.isQuestion || SpeculationMarkers.markers(in: tokens).contains(where: { m in !SpeculationMarkers.quotedRanges(tokens).contains { $0.contains(m.at) } }) { continue }
            for (name, kind, designator) in designated.names(in: tokens, mentions: known.mentions(in: tokens))
            where !newEntities.contains(where: { $0.entity.name == name }) {
                let key = Self.uniqueKey(Self.slug(name), taken: &takenKeys)
                let entity = DraftEntity(key: key, kind: kind, name: name)
                newEntities.append(ProposedEntity(entity: entity, designator: designator, quote: sentence.text))
            }
        }
        entities += newEntities.map(\.entity)

        let finder = EntityMentionFinder(entities: entities)
        let proposer = FactProposer(schema: schema, shapes: shapes)
        let sentences = article.sentences
        let tokenLists = sentences.map { SentenceTokens.tokenize($0.text) }
        let named = tokenLists.map { finder.mentions(in: $0) }
        // The article's subject: the entity it names most often (three times at least).
        var counts: [String: (DraftEntity, Int)] = [:]
        for m in named.joined() { counts[m.entity.key, default: (m.entity, 0)].1 += 1 }
        let ranked = counts.values.filter { $0.1 >= 3 }.sorted { ($0.1, $1.0.key) > ($1.1, $0.0.key) }
        let topic: (KindSet) -> DraftEntity? = { kinds in ranked.first { kinds.contains($0.0.kind) }?.0 }
        // What descriptions may refer to: the entities the article names, those its headline names.
        let articleEntities = named.joined().map(\.entity)
        let headline = sentences.first.map { $0.isHeading ? named[0].map(\.entity) : [] } ?? []
        var proposals: [FactProposal] = []
        var skipped: [SkippedSentence] = []
        for (k, sentence) in sentences.enumerated() where !sentence.isQuestion {
            var tokens = tokenLists[k]
            var quote = sentence.text
            let before = Array(named[max(0, k - 3)..<k])
            let context = Coreference.Context(articleEntities: articleEntities, beforeTokens: Array(tokenLists[max(0, k - 3)..<k]),
                                              headline: headline)
            var mentions = (named[k] + Coreference.mentions(in: tokens, named: named[k], before: before, kindByWord: designated.kindByWord,
                                                             context: context))
                .sorted { $0.start < $1.start }
            let sentenceLanguage = LanguageDetector.detect(sentence: sentence.text, in: language)
            var candidates = proposer.propose(tokens: tokens, mentions: mentions, language: sentenceLanguage, topic: topic)
            if candidates.isEmpty, k > 0, sentences[k - 1].isHeading, !sentences[k - 1].isQuestion, !named[k - 1].isEmpty {
                // A headline names the parties the sentence after it speaks of ("Xiaomi und Faw Car" / "… die Kooperation mit … Faw Car").
                let head = tokenLists[k - 1] + [SentenceToken(text: ".", isWord: false, offset: 0)]
                let shifted = named[k].map { m in var m = m; m.start += head.count; m.end += head.count; return m }
                let withHead = head + tokens
                let found = proposer.propose(tokens: withHead, mentions: named[k - 1] + shifted, language: sentenceLanguage)
                    .filter { c in c.positions.allSatisfy { $0 >= head.count } && named[k].contains { [c.source.entity.key, c.target.entity.key].contains($0.entity.key) } }
                if !found.isEmpty {
                    tokens = withHead
                    mentions = named[k - 1] + shifted
                    candidates = found
                    quote = sentences[k - 1].text + " " + sentence.text
                }
            }
            guard !candidates.isEmpty else { continue }
            // A marker outside quotation marks hedges the sentence; one inside a quotation only what is quoted.
            let quotes = SpeculationMarkers.quotedRanges(tokens)
            let markers = SpeculationMarkers.markers(in: tokens)
            // A marker in a dependent clause (", was … dürfte") hedges that clause and what follows it;
            // a conditional opening it (", falls …") and any other marker hedge the sentence.
            let unquoted = markers.filter { m in !quotes.contains { $0.contains(m.at) } }
            let clauseOf = unquoted.map { m in ClauseBoundary.opening(before: m.at, in: tokens).flatMap { $0 + 1 == m.at ? nil : $0 } }
            let hedgingAll = zip(unquoted, clauseOf).filter { $0.1 == nil }.map(\.0)
            if !hedgingAll.isEmpty {
                skipped.append(SkippedSentence(sentence: quote, markers: hedgingAll.map(\.marker)))
                continue
            }
            let hedgedFrom = clauseOf.compactMap { $0 }.min()
            let hedgedQuotes = quotes.filter { q in markers.contains { q.contains($0.at) } }
            let stated = candidates.filter { c in
                c.negation == nil
                    && !hedgedQuotes.contains { q in c.positions.contains(where: q.contains) || q.contains(c.source.start) || q.contains(c.target.start) }
                    && hedgedFrom.map { b in !(c.positions + [c.source.start, c.target.start]).contains { $0 >= b } } ?? true
            }
            if stated.isEmpty {
                // Denied ("nicht") or hedged inside a quotation: listed, not proposed.
                skipped.append(SkippedSentence(sentence: quote, markers: markers.map(\.marker) + candidates.compactMap(\.negation).prefix(1)))
                continue
            }
            let date = DateInSentence.find(in: quote) ?? options.published
            for c in stated {
                let symmetric = schema.edgeTypes[c.type]?.isSymmetric ?? schema.derivedTypes[c.type]?.isSymmetric ?? false
                if let i = proposals.firstIndex(where: { p in
                    p.type == c.type && ((p.source.key == c.source.entity.key && p.target.key == c.target.entity.key)
                        || ((symmetric || p.bothWays || c.bothWays) && p.source.key == c.target.entity.key && p.target.key == c.source.entity.key))
                }) {
                    // The phrase whose preposition the sentence has names the reading best ("ist Lieferant für").
                    if proposals[i].quotes.first == quote, let p = c.cue.preposition, tokens.contains(where: { $0.lower == p }),
                       !proposals[i].lexicon.hasSuffix(" \(p)\"") {
                        proposals[i].lexicon = "\(c.cue.origin) \"\(c.cue.phrase)\""
                        proposals[i].words = c.words
                    }
                    if !proposals[i].quotes.contains(quote), proposals[i].quotes.count < 3 { proposals[i].quotes.append(quote) }
                    if c.bothWays { proposals[i].bothWays = true }
                    continue
                }
                // A reciprocal reading of a type the other way round is one fact.
                proposals.append(FactProposal(type: c.type, source: c.source.entity, target: c.target.entity, bothWays: c.bothWays,
                                              quotes: [quote], lexicon: "\(c.cue.origin) \"\(c.cue.phrase)\"",
                                              words: c.words, date: date, readings: [c.source.via, c.target.via].compactMap { $0 }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }))
            }
        }
        // Facts the graph has already are listed, not proposed.
        let facts = KnownFacts(store: store, shapes: shapes)
        var fresh: [FactProposal] = []
        var knownFacts: [KnownFact] = []
        for p in proposals {
            if let hit = try facts.find(p) { knownFacts.append(KnownFact(proposal: p, factNode: hit.factNode, write: hit.write)) }
            else { fresh.append(p) }
        }
        return ArticleDraft(options: options, language: language, sourceIsNew: sourceIsNew, newEntities: newEntities,
                            proposals: fresh, known: knownFacts, skipped: skipped, shapes: shapes, schema: schema, takenKeys: takenKeys)
    }

    private static func onlyFactKinds(_ set: KindSet, _ schema: GraphSchema) -> Bool {
        switch set {
        case .any: return false
        case .some(let kinds): return kinds.allSatisfy { schema.kinds[$0]?.isFact ?? false }
        }
    }

    /// Whether `key` is a node or source key: letters, digits, `-`, `_`, `.`.
    public static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty && key.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alnum($0) || "-_.".unicodeScalars.contains($0)) }
    }

    /// A key made from a name: lower case ASCII letters and digits joined by `-`.
    public static func slug(_ name: String) -> String {
        var out = ""
        for c in name.lowercased() {
            let s: String
            switch c {
            case "ä": s = "ae"
            case "ö": s = "oe"
            case "ü": s = "ue"
            case "ß": s = "ss"
            default:
                let folded = String(c).folding(options: .diacriticInsensitive, locale: nil)
                s = folded.unicodeScalars.allSatisfy({ $0.isASCII && CharacterSet.alnum($0) }) ? folded : "-"
            }
            if s == "-" { if !out.isEmpty, !out.hasSuffix("-") { out += "-" } } else { out += s }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "entity" : out
    }

    static func uniqueKey(_ base: String, taken: inout Set<String>) -> String {
        var key = base
        var n = 2
        while taken.contains(key) { key = "\(base)-\(n)"; n += 1 }
        taken.insert(key)
        return key
    }
}

private extension CharacterSet {
    static func alnum(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9")
    }
}
