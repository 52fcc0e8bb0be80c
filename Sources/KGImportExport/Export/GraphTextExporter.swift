import KGModel
import KGSQLite

/// Writes a whole graph as graph text (`.kg`): sources, nodes with their
/// aliases and evidence, edges with theirs, in the order of the graph's ids,
/// so that importing the text into an empty graph of the same schema gives
/// the same graph (the same ``GraphStore/contentDigest()``). A fact without
/// evidence is written with `evidence none`.
///
///     let text = try GraphTextExporter(store: store).export()
public struct GraphTextExporter {
    /// `s` as a graph text string literal that the importer reads back as `s`
    /// (quote, backslash, line breaks and control characters escaped).
    public static func quoted(_ s: String) -> String { LineTokenizer.quoted(s) }

    public let store: GraphStore

    public init(store: GraphStore) { self.store = store }

    public func export() throws(KGError) -> String {
        var out = ""
        try export { out += $0 }
        return out
    }

    /// Streams the text in pieces to `write`.
    public func export(to write: (String) throws(KGError) -> Void) throws(KGError) {
        let stats = try store.statistics()
        try write("# Exported by kg \(KGVersion.current): \(Plural.count(stats.nodeCount, "node")), \(Plural.count(stats.edgeCount, "edge")), "
                  + "\(Plural.count(stats.sources, "source")), \(Plural.count(stats.evidence, "piece of evidence", "pieces of evidence")) "
                  + "(schema \(ResultFormatter.singleLine(store.schema.name))).\n# Import it with: kg import FILE --db GRAPH\n\n")
        for source in try store.sourcesInOrder() {
            var line = "source \(try Self.key(source.key, what: "source key")) file=\(LineTokenizer.quoted(source.file))"
            if let published = source.published { line += " published=\(published)" }
            if let language = source.language { line += " lang=\(LineTokenizer.quoted(language))" }
            if let title = source.title { line += " title=\(LineTokenizer.quoted(title))" }
            if let author = source.author { line += " author=\(LineTokenizer.quoted(author))" }
            try write(line + "\n")
        }
        let aliases = try store.allAliases()
        let evidence = try store.allEvidence()
        try write("\n")
        var failure: KGError?
        try store.forEachNode { node in
            do {
                guard !node.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw KGError(.notExportable, "node '\(node.key)' has an empty name, which graph text cannot write",
                                  suggestion: "export as csv or jsonl, or give it a name with: kg set \(node.key) name \"…\"")
                }
                var text = "node \(node.kind) \(try Self.key(node.key, what: "node key")) \(LineTokenizer.quoted(node.name))"
                text += try Self.attributes(node.props, owner: "node '\(node.key)'")
                text += "\n"
                for alias in aliases[node.id] ?? [] { text += "  alias \(LineTokenizer.quoted(alias))\n" }
                text += Self.evidenceLines(evidence.nodes[node.id])
                try write(text)
            } catch { failure = KGError.wrap(error); throw error }
        }
        if let failure { throw failure }
        let keys = try store.nodeKeys()
        try write("\n")
        try store.forEachEdge { edge in
            do {
                let owner = "edge \(keys[edge.source] ?? "?") \(edge.type) \(keys[edge.target] ?? "?")"
                if edge.props["from"] != nil || edge.props["to"] != nil {
                    throw KGError(.notExportable, "\(owner) has a property named 'from' or 'to', which graph text reads as its period",
                                  suggestion: "export as csv or jsonl")
                }
                var text = "edge \(try Self.key(keys[edge.source] ?? "", what: "node key")) \(edge.type) \(try Self.key(keys[edge.target] ?? "", what: "node key"))"
                text += try Self.attributes(edge.props, owner: owner)
                if let from = edge.period.from { text += " from=\(from)" }
                if let to = edge.period.to { text += " to=\(to)" }
                text += "\n" + Self.evidenceLines(evidence.edges[edge.id])
                try write(text)
            } catch { failure = KGError.wrap(error); throw error }
        }
        if let failure { throw failure }
    }

    private static func evidenceLines(_ items: [(source: String, quote: String)]?) -> String {
        guard let items, !items.isEmpty else { return "  evidence none\n" }
        return items.map { "  evidence \($0.source) \(LineTokenizer.quoted($0.quote))\n" }.joined()
    }

    private static func key(_ key: String, what: String) throws(KGError) -> String {
        guard !key.isEmpty, key.allSatisfy({ GraphTextParser.keyCharacters.contains($0) }) else {
            throw KGError(.notExportable, "the \(what) '\(ResultFormatter.singleLine(key))' has characters graph text keys cannot hold (letters, digits, '-', '_', '.')",
                          suggestion: "export as csv or jsonl, which keep any key")
        }
        return key
    }

    /// ` name=value …` in key order, each value written so that it reads back as the same JSON value.
    static func attributes(_ props: [String: JSONValue], owner: String) throws(KGError) -> String {
        var text = ""
        for name in props.keys.sorted() {
            guard SchemaParser.isIdentifier(name) else {
                throw KGError(.notExportable, "\(owner) has the property '\(ResultFormatter.singleLine(name))', which is not a name graph text can write",
                              suggestion: "export as csv or jsonl")
            }
            text += " \(name)=\(try value(props[name]!, property: name, owner: owner))"
        }
        return text
    }

    static func value(_ value: JSONValue, property: String, owner: String) throws(KGError) -> String {
        switch value {
        case .string(let s): return LineTokenizer.quoted(s)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .double(let d):
            guard d.isFinite else { break }
            var text = String(d)
            if !text.contains(".") {
                if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) { text.insert(contentsOf: ".0", at: e) } else { text += ".0" }
            }
            return text
        case .null, .array, .object: break
        }
        throw KGError(.notExportable, "\(owner) has \(property)=\(value.serialized), which graph text cannot write (strings, numbers and true/false only)",
                      suggestion: "export as csv or jsonl, which keep any JSON value")
    }
}
