import KGModel
import KGSQLite
import KGEngine

/// What a graph's schema declares, with counts from the store: kinds with
/// their properties, edge types with their ends, phrases (every language)
/// and counts, derived types with their definitions, and the named queries.
/// `kg schema` prints it as text or JSON.
public struct SchemaReport {
    public let store: GraphStore
    /// Count each derived type's edges by running it (bounded by `derivedTimeLimit` seconds each).
    public var countsDerived: Bool
    public var derivedTimeLimit: Double

    public init(store: GraphStore, countsDerived: Bool = true, derivedTimeLimit: Double = 5) {
        self.store = store
        self.countsDerived = countsDerived
        self.derivedTimeLimit = derivedTimeLimit
    }

    private var schema: GraphSchema { store.schema }

    private func ends(_ sources: KindSet, _ targets: KindSet, symmetric: Bool) -> String {
        "\(sources) \(symmetric ? "--" : "->") \(targets)"
    }

    private func propertyText(_ p: PropertyDefinition) -> String {
        var text = "\(p.name): \(p.type.rawValue)"
        if p.isRequired { text += " required" }
        if let allowed = p.allowedValues { text += " one of " + allowed.joined(separator: " ") }
        return text
    }

    /// The phrases of a type, then the lexicon's: its synonyms ("also …")
    /// and the types it implies (a licensor is a party), as `kg ask` reads them.
    /// Phrases made by rule from the type's name (the schema states none) are
    /// marked "generated"; a phrase written in the schema replaces them.
    private func phraseText(_ type: String, symmetric: Bool) -> String {
        func shown(_ language: String, _ pair: PhrasePair) -> String {
            symmetric || pair.phrase == pair.inverse ? "\(language) \"\(pair.phrase)\"" : "\(language) \"\(pair.phrase)\" / \"\(pair.inverse)\""
        }
        let generated = schema.edgeTypes[type]?.phraseIsGenerated ?? false
        var parts = schema.phrases(of: type).map { language, pair in shown(language, pair) + (generated && language == "en" ? " (generated)" : "") }
        parts += (schema.lexicon.synonyms[type] ?? []).map { "also " + shown($0.language, $0.phrases) }
        parts += schema.generatedSynonyms(of: type).map { "also " + shown($0.language, $0.phrases) + " (generated)" }
        if let implied = schema.lexicon.implies[type], !implied.isEmpty { parts.append("implies " + implied.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }

    /// The lexicon's question frames for properties ("when was X founded"),
    /// one row per kind or edge type and property.
    private func questionFrames() -> TextTable {
        var table = TextTable(headers: ["property", "questions kg ask reads"])
        var rows: [(String, [String])] = []
        for frame in schema.lexicon.frames {
            let key = frame.owner + "." + frame.property
            let text = "\(frame.language) \"\(frame.frame)\""
            if let i = rows.firstIndex(where: { $0.0 == key }) { rows[i].1.append(text) } else { rows.append((key, [text])) }
        }
        table.rows = rows.map { [$0.0, $0.1.joined(separator: "; ")] }
        return table
    }

    /// The number of edges of a derived type, or nil when counting took too long.
    private func derivedCount(_ type: String) -> Int? {
        guard countsDerived else { return nil }
        let query = Query(matches: [MatchClause(patterns: [PathPattern(start: NodePattern(), hops: [
            PatternHop(step: .edge(EdgePattern(types: [EdgeTypeReference(Identifier(type))], direction: .outgoing)), node: NodePattern())])])],
                          returnClause: ReturnClause(items: [ReturnItem(Expression(.call(FunctionCall(name: "count", star: true))))]))
        guard let result = try? QueryEngine(store: store).execute(query, options: .init(limits: QueryLimits(timeLimit: derivedTimeLimit))),
              case .int(let n)? = result.rows.first?.first else { return nil }
        // A symmetric type matches each pair both ways: count pairs, as stored symmetric types are.
        return schema.derivedTypes[type]?.isSymmetric == true ? Int(n) / 2 : Int(n)
    }

    // MARK: Text

    /// The report as text. `lineWidth` (a terminal's width): tables fitted
    /// into it, their last column wrapped, no cell cut; else cells wider
    /// than `maxWidth` are cut with "…".
    public func text(maxWidth: Int? = nil, lineWidth: Int? = nil) throws(KGError) -> String {
        func render(_ table: TextTable) -> String {
            lineWidth.map { table.render(indent: "  ", lineWidth: $0) } ?? table.render(indent: "  ", maxWidth: maxWidth)
        }
        let stats = try store.statistics()
        let nodeCounts = Dictionary(stats.nodesByKind.map { ($0.kind, $0.count) }, uniquingKeysWith: +)
        let edgeCounts = Dictionary(stats.edgesByType.map { ($0.type, $0.count) }, uniquingKeysWith: +)
        var out = "schema \(schema.name): " + [Plural.count(schema.kindOrder.count, "kind"), Plural.count(schema.edgeTypeOrder.count, "edge type"),
                                                Plural.count(schema.derivedTypeOrder.count, "derived type")].joined(separator: ", ") + "\n\n"
        var kinds = TextTable(headers: ["kind", "nodes", "properties"])
        for name in schema.kindOrder {
            guard let kind = schema.kinds[name] else { continue }
            let props = kind.propertyOrder.compactMap { kind.properties[$0] }.map(propertyText)
            var flags: [String] = []
            if kind.isFact { flags.append("fact") }
            if kind.isOpen { flags.append("open") }
            kinds.rows.append([name + (flags.isEmpty ? "" : " (" + flags.joined(separator: ", ") + ")"), String(nodeCounts[name] ?? 0),
                               props.isEmpty ? "—" : props.joined(separator: ", ")])
        }
        out += "Kinds\n" + render(kinds) + "\n"
        var edges = TextTable(headers: ["edge type", "ends", "edges", "phrases"])
        for name in schema.edgeTypeOrder {
            guard let edge = schema.edgeTypes[name] else { continue }
            var cell = phraseText(name, symmetric: edge.isSymmetric)
            let props = edge.propertyOrder.compactMap { edge.properties[$0] }.map(propertyText)
            if !props.isEmpty { cell += "; props " + props.joined(separator: ", ") }
            edges.rows.append([name + (edge.isOpen ? " (open)" : ""), ends(edge.sources, edge.targets, symmetric: edge.isSymmetric),
                               String(edgeCounts[name] ?? 0), cell])
        }
        out += "Edge types\n" + render(edges) + "\n"
        if !schema.derivedTypeOrder.isEmpty {
            var derived = TextTable(headers: ["derived type", "ends", "edges", "phrases"])
            var definitions = ""
            for name in schema.derivedTypeOrder {
                guard let d = schema.derivedTypes[name] else { continue }
                derived.rows.append([name, ends(d.sources, d.targets, symmetric: d.isSymmetric), derivedCount(name).map(String.init) ?? "?",
                                     phraseText(name, symmetric: d.isSymmetric)])
                let definition = "\(name) = \(ResultFormatter.singleLine(d.definition))"
                // Fitted into the line: continued lines indented under the name.
                let lines = lineWidth.map { TextTable.wrap(definition, width: max(20, $0 - 10)) } ?? [definition]
                definitions += "  " + lines.joined(separator: "\n      ") + "\n"
            }
            out += "Derived types\n" + render(derived) + "\n" + "  Definitions (the query language, from (x) to (y)):\n"
            out += definitions.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n\n"
        }
        if !schema.lexicon.frames.isEmpty {
            out += "Question frames (X is the node or the edge's source, Y its target; docs/ask.md)\n" + render(questionFrames()) + "\n"
        }
        var queries = TextTable(headers: ["named query", "parameters", "what it asks"])
        for query in NamedQuery.builtin.values.sorted(by: { $0.name < $1.name }) {
            let parameters = query.parameters.map { $0.name + ($0.defaultValue.map { "=\($0)" } ?? "") }.joined(separator: " ")
            queries.rows.append([query.name, parameters.isEmpty ? "—" : parameters, query.summary])
        }
        out += "Named queries (kg run NAME key=value)\n" + render(queries)
        return out
    }

    // MARK: JSON

    public func json() throws(KGError) -> JSONValue {
        let stats = try store.statistics()
        let nodeCounts = Dictionary(stats.nodesByKind.map { ($0.kind, $0.count) }, uniquingKeysWith: +)
        let edgeCounts = Dictionary(stats.edgesByType.map { ($0.type, $0.count) }, uniquingKeysWith: +)
        func properties(_ order: [String], _ all: [String: PropertyDefinition]) -> JSONValue {
            .array(order.compactMap { all[$0] }.map { p in
                var o: [String: JSONValue] = ["name": .string(p.name), "type": .string(p.type.rawValue), "required": .bool(p.isRequired)]
                if let allowed = p.allowedValues { o["one_of"] = .array(allowed.map(JSONValue.string)) }
                return .object(o)
            })
        }
        func phrases(_ type: String) -> JSONValue {
            let generated = schema.edgeTypes[type]?.phraseIsGenerated ?? false
            return .object(Dictionary(uniqueKeysWithValues: schema.phrases(of: type).map { language, pair in
                var o: [String: JSONValue] = ["phrase": .string(pair.phrase), "inverse": .string(pair.inverse)]
                if generated && language == "en" {
                    // Made by rule from the name; the other phrases the rule makes, as `say en` lines would be.
                    o["generated"] = .bool(true)
                    let more = schema.generatedSynonyms(of: type)
                    if !more.isEmpty {
                        o["also"] = .array(more.map { .object(["phrase": .string($0.phrases.phrase), "inverse": .string($0.phrases.inverse)]) })
                    }
                }
                return (language, JSONValue.object(o))
            }))
        }
        func kindSet(_ set: KindSet) -> JSONValue {
            switch set {
            case .any: return .array([.string("*")])
            case .some(let kinds): return .array(kinds.map(JSONValue.string))
            }
        }
        let kinds: [JSONValue] = schema.kindOrder.compactMap { schema.kinds[$0] }.map { k in
            var o: [String: JSONValue] = ["name": .string(k.name), "nodes": .int(Int64(nodeCounts[k.name] ?? 0)), "fact": .bool(k.isFact),
                                          "open": .bool(k.isOpen), "properties": properties(k.propertyOrder, k.properties)]
            if let d = k.description { o["description"] = .string(d) }
            if !k.nouns.isEmpty {
                o["nouns"] = .object(k.nouns.mapValues { .object(["singular": .string($0.singular), "plural": .string($0.plural)]) })
            }
            return .object(o)
        }
        let edges: [JSONValue] = schema.edgeTypeOrder.compactMap { schema.edgeTypes[$0] }.map { e in
            .object(["name": .string(e.name), "from": kindSet(e.sources), "to": kindSet(e.targets), "symmetric": .bool(e.isSymmetric),
                     "open": .bool(e.isOpen), "edges": .int(Int64(edgeCounts[e.name] ?? 0)), "phrases": phrases(e.name),
                     "properties": properties(e.propertyOrder, e.properties)])
        }
        let derived: [JSONValue] = schema.derivedTypeOrder.compactMap { schema.derivedTypes[$0] }.map { d in
            .object(["name": .string(d.name), "from": kindSet(d.sources), "to": kindSet(d.targets), "symmetric": .bool(d.isSymmetric),
                     "edges": derivedCount(d.name).map { .int(Int64($0)) } ?? .null, "phrases": phrases(d.name), "definition": .string(d.definition)])
        }
        let queries: [JSONValue] = NamedQuery.builtin.values.sorted(by: { $0.name < $1.name }).map { q in
            .object(["name": .string(q.name), "summary": .string(q.summary), "text": .string(q.text),
                     "parameters": .array(q.parameters.map { p in
                         var o: [String: JSONValue] = ["name": .string(p.name), "description": .string(p.description)]
                         if let d = p.defaultValue { o["default"] = .string(d) }
                         return .object(o)
                     })])
        }
        return .object(["name": .string(schema.name), "kinds": .array(kinds), "edge_types": .array(edges),
                        "derived_types": .array(derived), "named_queries": .array(queries)])
    }
}
