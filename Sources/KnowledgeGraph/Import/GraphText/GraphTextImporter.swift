/// Loads graph text into a graph in one transaction: all of it or nothing.
/// Checks kinds, edge types, endpoints and property types against the
/// graph's schema, and that every key and source a fact names exists.
public struct GraphTextImporter {
    /// What an import added.
    public struct Summary: Sendable, Equatable {
        public var sources = 0
        public var nodes = 0
        public var edges = 0
        public var aliases = 0
        public var evidence = 0
    }

    public let store: GraphStore

    public init(store: GraphStore) { self.store = store }

    /// Parses and imports `text`; `file` names it in errors. On any error the
    /// graph is left exactly as it was.
    @discardableResult
    public func importText(_ text: String, file: String? = nil) throws(KGError) -> Summary {
        do {
            let document = try GraphTextParser.parse(text)
            return try store.write { try apply(document) }
        } catch {
            throw file.map { error.inFile($0) } ?? error
        }
    }

    private func apply(_ document: GraphTextDocument) throws -> Summary {
        var summary = Summary()
        let schema = store.schema
        var sourceIDs: [String: Int64] = [:]
        for source in document.sources {
            if sourceIDs[source.record.key] != nil {
                throw KGError(.duplicateKey, "source '\(source.record.key)' is declared twice", span: source.span)
            }
            sourceIDs[source.record.key] = try store.addSource(source.record, span: source.span)
            summary.sources += 1
        }
        func sourceID(_ evidence: GraphTextDocument.Evidence) throws -> Int64 {
            if let id = sourceIDs[evidence.sourceKey] { return id }
            if let existing = try store.source(key: evidence.sourceKey) {
                sourceIDs[evidence.sourceKey] = existing.id
                return existing.id
            }
            throw KGError(.unknownSource, "evidence names source '\(evidence.sourceKey)', which is not declared", span: evidence.span,
                          suggestion: EditDistance.suggestion(for: evidence.sourceKey, among: sourceIDs.keys).map { "did you mean '\($0)'?" }
                            ?? "declare it with: source \(evidence.sourceKey) file=\"NAME\"")
        }

        var nodes: [String: NodeRecord] = [:]
        for statement in document.nodes {
            let props = try coerce(statement.props, spans: statement.propSpans, declared: schema.kinds[statement.kind]?.properties ?? [:])
            let span = statement.keySpan
            let kindSpan = statement.kindSpan
            do {
                try schema.validateNode(kind: statement.kind, props: props)
            } catch {
                var e = error
                e.span = e.code == .undeclaredKind ? kindSpan : (statement.propSpans[firstProblemProperty(e, props)] ?? span)
                throw e
            }
            let id = try store.addNode(key: statement.key, kind: statement.kind, name: statement.name, props: props, span: span)
            nodes[statement.key] = NodeRecord(id: id, key: statement.key, kind: statement.kind, name: statement.name, props: props)
            summary.nodes += 1
            for alias in statement.aliases {
                try store.addAlias(node: id, alias: alias)
                summary.aliases += 1
            }
            for evidence in statement.evidence {
                try store.addEvidence(source: try sourceID(evidence), quote: evidence.quote, node: id)
                summary.evidence += 1
            }
        }

        func node(_ key: String, span: SourceSpan) throws -> NodeRecord {
            if let n = nodes[key] { return n }
            if let n = try store.node(key: key) {
                nodes[key] = n
                return n
            }
            throw KGError(.unknownNodeReference, "no node has the key '\(key)'", span: span,
                          suggestion: EditDistance.suggestion(for: key, among: document.nodes.map(\.key)).map { "did you mean '\($0)'?" }
                            ?? "define it with a 'node' statement")
        }

        let blockEvidence = document.nodes.flatMap { node in node.edges.map { _ in node.evidence } }
        for (index, edge) in document.allEdges.enumerated() {
            let evidence = index < blockEvidence.count ? blockEvidence[index] : edge.evidence
            let source = try node(edge.sourceKey, span: edge.sourceSpan)
            let target = try node(edge.targetKey, span: edge.targetSpan)
            let declared = schema.edgeTypes[edge.type]?.properties ?? [:]
            let props = try coerce(edge.props, spans: edge.propSpans, declared: declared)
            let id: Int64
            do {
                id = try store.addEdge(type: edge.type, from: source, to: target, props: props, period: edge.period)
            } catch var e as KGError {
                e.span = edge.propSpans[firstProblemProperty(e, props)] ?? edge.typeSpan
                throw e
            }
            summary.edges += 1
            for item in evidence {
                try store.addEvidence(source: try sourceID(item), quote: item.quote, edge: id)
                summary.evidence += 1
            }
        }
        return summary
    }

    /// Bare words are read as int, float, bool or string by their form; where
    /// the schema declares a property's type, convert what converts losslessly
    /// (an int to a string or a year date, an int to a float).
    private func coerce(_ props: [String: JSONValue], spans: [String: SourceSpan], declared: [String: PropertyDefinition]) throws -> [String: JSONValue] {
        var result = props
        for (name, value) in props {
            guard let type = declared[name]?.type else { continue }
            switch (type, value) {
            case (.string, .int(let i)): result[name] = .string(String(i))
            case (.string, .double(let d)): result[name] = .string(String(d))
            case (.string, .bool(let b)): result[name] = .string(String(b))
            case (.date, .int(let i)): result[name] = .string(String(i))
            case (.float, .int(let i)): result[name] = .double(Double(i))
            default: break
            }
        }
        return result
    }

    /// The property an error message is about ('…property 'x'…'), for spans.
    private func firstProblemProperty(_ error: KGError, _ props: [String: JSONValue]) -> String {
        for name in props.keys.sorted() where error.message.contains("'\(name)'") { return name }
        return ""
    }
}
