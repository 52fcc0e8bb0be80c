import KGModel
import KGStorage
import KGSQLite

/// Loads graph text into a graph in one recorded write: all of it or nothing.
/// Checks kinds, edge types, endpoints and property types against the
/// graph's schema, and that every key and source a fact names exists.
///
/// Importing merges: a `node` block for a key the graph holds adds the
/// aliases, properties and evidence the node lacks; an edge equal to one in
/// the graph (type, ends, properties, period) adds its evidence to it. A
/// property the graph holds with another value is a conflict, refused with
/// both values and their evidence, unless ``Options/update`` is set (the old
/// value stays in the history). So importing the same file twice changes
/// nothing the second time. `set` and `retract` statements change and
/// withdraw facts, each with a reason.
public struct GraphTextImporter {
    /// What an import did.
    public typealias Summary = WriteSummary

    /// How an import treats what the graph holds already.
    public struct Options: Sendable {
        /// Replace a property's value when the file gives another one (the
        /// old value is kept in the history), instead of refusing.
        public var update: Bool
        /// What the history records as the write's command (default: "import FILE").
        public var command: String?
        /// Why, for the history.
        public var reason: String?
        /// Where the articles of the sources are (see ``ArticleQuotes``): each
        /// evidence quote whose source names a file found there must occur in
        /// it (KGI013). nil: quotes are not checked (`--no-quote-check`, text
        /// that is not from a file).
        public var articleFolders: [String]?
        /// `set` statements give no property a value the node's evidence
        /// states otherwise (KGC013, see ``QuotedValueGuard``) unless
        /// ``update``; with it the quotes are recorded as superseded (`kg set`).
        public var guardQuotedValues: Bool

        public init(update: Bool = false, command: String? = nil, reason: String? = nil, articleFolders: [String]? = nil,
                    guardQuotedValues: Bool = false) {
            self.update = update
            self.command = command
            self.reason = reason
            self.articleFolders = articleFolders
            self.guardQuotedValues = guardQuotedValues
        }
    }

    public let store: GraphStore
    public var options: Options

    public init(store: GraphStore, options: Options = Options()) {
        self.store = store
        self.options = options
    }

    /// Parses and imports `text`; `file` names it in errors and in the
    /// history. On any error the graph is left exactly as it was.
    @discardableResult
    public func importText(_ text: String, file: String? = nil) throws(KGError) -> Summary {
        do {
            let document = try GraphTextParser.parse(text)
            return try importDocument(document, command: options.command ?? "import \(file ?? "graph text")")
        } catch {
            throw file.map { error.inFile($0) } ?? error
        }
    }

    /// `kg import --check`: parses and imports `text` in a transaction that
    /// is rolled back, recording every error in `diagnostics` (up to its
    /// limit) instead of stopping at the first. The graph is left exactly as
    /// it was. Returns what the import would have done (its counts mean
    /// little when there were errors).
    public func check(_ text: String, file: String? = nil, into diagnostics: ImportDiagnostics) -> Summary {
        let inFile: (KGError) -> KGError = { error in file.map { error.inFile($0) } ?? error }
        let collector = ImportDiagnostics(limit: diagnostics.limit)
        defer { diagnostics.absorb(collector, transform: inFile) }
        let document: GraphTextDocument
        do { document = try GraphTextParser.parse(text, collecting: collector) } catch {
            collector.record(error)
            return Summary()
        }
        return check(document, command: options.command ?? "import \(file ?? "graph text")", into: collector)
    }

    /// The check of a parsed document (read with a collector): every error of
    /// the import recorded in `diagnostics`, the graph left as it was.
    public func check(_ document: GraphTextDocument, command: String, into diagnostics: ImportDiagnostics) -> Summary {
        do {
            return try write(document, command: command, diagnostics: diagnostics)
        } catch {
            diagnostics.record(error)
            return Summary()
        }
    }

    /// Imports a parsed document as one recorded write.
    public func importDocument(_ document: GraphTextDocument, command: String) throws(KGError) -> Summary {
        try write(document, command: command, diagnostics: nil)
    }

    /// The write itself; with `diagnostics` a dry run that collects every error.
    private func write(_ document: GraphTextDocument, command: String, diagnostics: ImportDiagnostics?) throws(KGError) -> Summary {
        // Sources declared for set or retract statements (kg set's curator) do not make them an import.
        let onlyCorrections = document.nodes.isEmpty && document.edges.isEmpty
            && (document.sources.isEmpty || !document.updates.isEmpty || !document.retractions.isEmpty)
        let action = !onlyCorrections ? "import" : document.updates.isEmpty ? "retract" : document.retractions.isEmpty ? "update" : "write"
        let (canonical, notes) = document.canonicalSpellings(schema: store.schema)
        let warnings = try checkQuotes(of: canonical, diagnostics: diagnostics)
        var summary: Summary
        if let diagnostics {
            summary = try store.dryRunWrite(action: action, command: command, reason: options.reason) { try apply(canonical, diagnostics: diagnostics) }
        } else {
            summary = try store.recordedWrite(action: action, command: command, reason: options.reason) { try apply(canonical, diagnostics: nil) }
        }
        summary.notes = notes
        let lent = canonical.nodesEvidencedByQuote
        if lent > 0 {
            summary.notes.append("\(Plural.count(lent, "node")) without evidence lines \(lent == 1 ? "rests" : "rest") on the quote of a fact that names \(lent == 1 ? "it" : "them")")
        }
        summary.warnings = warnings
        return summary
    }

    /// Evidence statements of the file that `diagnostics` skipped the node of (collecting mode).
    private struct Skipped: Error {}

    private func apply(_ document: GraphTextDocument, diagnostics: ImportDiagnostics?) throws -> Summary {
        /// Runs one statement; collecting errors, a failed statement is recorded and the import goes on.
        func attempt(_ body: () throws -> Void) throws {
            do { try body() } catch is Skipped {
                return
            } catch {
                guard let diagnostics else { throw error }
                diagnostics.record(KGError.wrap(error))
            }
        }
        var failedKeys = document.skippedKeys
        var summary = Summary()
        let schema = store.schema
        var sourceIDs: [String: Int64] = [:]
        for source in document.sources {
            try attempt {
                if sourceIDs[source.record.key] != nil {
                    throw KGError(.duplicateKey, "source '\(source.record.key)' is declared twice", span: source.span)
                }
                let existed = try store.source(key: source.record.key) != nil
                sourceIDs[source.record.key] = try store.addSource(source.record, span: source.span)
                if !existed { summary.sources += 1 }
            }
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
        /// Adds the evidence a node or edge lacks; returns how many were new.
        func addEvidence(_ items: [GraphTextDocument.Evidence], node: Int64? = nil, edge: Int64? = nil) throws -> Int {
            var added = 0
            for item in items {
                let source = try sourceID(item)
                if try store.hasEvidence(source: source, quote: item.quote, node: node, edge: edge) { continue }
                try store.addEvidence(source: source, quote: item.quote, node: node, edge: edge)
                added += 1
            }
            return added
        }

        var nodes: [String: NodeRecord] = [:]
        var defined = Set<String>()
        func importNode(_ statement: GraphTextDocument.Node) throws {
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
            guard defined.insert(statement.key).inserted else {
                throw KGError(.duplicateKey, "node '\(statement.key)' is defined twice in this file", span: span,
                              suggestion: "keys are unique: merge the two blocks into one")
            }
            if let existing = try store.node(key: statement.key) {
                let merged = try merge(statement, props: props, into: existing, evidence: { items in try addEvidence(items, node: existing.id) },
                                       sourceID: sourceID, &summary)
                nodes[statement.key] = merged
                return
            }
            let id = try store.addNode(key: statement.key, kind: statement.kind, name: statement.name, props: props, span: span)
            nodes[statement.key] = NodeRecord(id: id, key: statement.key, kind: statement.kind, name: statement.name, props: props)
            summary.nodes += 1
            for alias in statement.aliases where try store.addAlias(node: id, alias: alias) {
                summary.aliases += 1
            }
            summary.evidence += try addEvidence(statement.evidence, node: id)
        }
        for statement in document.nodes {
          try attempt {
            do {
                try importNode(statement)
            } catch {
                failedKeys.insert(statement.key)
                throw error
            }
          }
        }

        func node(_ key: String, span: SourceSpan) throws -> NodeRecord {
            if let n = nodes[key] { return n }
            // Collecting errors: a node whose statement failed was reported already.
            if diagnostics != nil, failedKeys.contains(key) { throw Skipped() }
            if let n = try store.node(key: key) {
                nodes[key] = n
                return n
            }
            if let retracted = try store.retraction(ofNodeKey: key) {
                throw KGError(.unknownNodeReference, "no node has the key '\(key)': write \(retracted.write) retracted it"
                              + (retracted.reason.map { " (\($0))" } ?? ""), span: span,
                              suggestion: "kg revert \(retracted.write) brings it back; or define it again with a 'node' statement")
            }
            throw KGError(.unknownNodeReference, "no node has the key '\(key)'", span: span,
                          suggestion: try Self.unknownKeySuggestion(key, document: document, store: store))
        }

        var createdEdges = Set<Int64>()
        var touchedEdges: [Int64: Bool] = [:]
        // Every edge carries the evidence given for it (a node block's own evidence is the node's only).
        for edge in document.allEdges {
          try attempt {
            let evidence = edge.evidence
            let source = try node(edge.sourceKey, span: edge.sourceSpan)
            let target = try node(edge.targetKey, span: edge.targetSpan)
            let declared = schema.edgeTypes[edge.type]?.properties ?? [:]
            let props = try coerce(edge.props, spans: edge.propSpans, declared: declared)
            do {
                try schema.validateEdge(type: edge.type, sourceKind: source.kind, targetKind: target.kind, props: props, span: nil)
            } catch {
                var e = KGError.wrap(error)
                e.span = edge.propSpans[firstProblemProperty(e, props)] ?? edge.typeSpan
                throw e
            }
            if let existing = try store.matchingEdge(type: edge.type, source: source.id, target: target.id, props: props, period: edge.period) {
                let added = try addEvidence(evidence, edge: existing.id)
                summary.evidence += added
                // Counted once per edge of the graph, however many statements name it.
                if !createdEdges.contains(existing.id) { touchedEdges[existing.id] = (touchedEdges[existing.id] ?? false) || added > 0 }
                return
            }
            let id: Int64
            do {
                id = try store.addEdge(type: edge.type, from: source, to: target, props: props, period: edge.period)
            } catch var e as KGError {
                e.span = edge.propSpans[firstProblemProperty(e, props)] ?? edge.typeSpan
                throw e
            }
            summary.edges += 1
            createdEdges.insert(id)
            summary.evidence += try addEvidence(evidence, edge: id)
          }
        }
        summary.edgesMerged = touchedEdges.values.filter { $0 }.count
        summary.edgesUnchanged = touchedEdges.count - summary.edgesMerged

        for update in document.updates {
            try attempt {
                try applyUpdate(update, node: try node(update.key, span: update.keySpan), addEvidence: addEvidence, sourceID: sourceID, &summary)
                nodes[update.key] = try store.node(key: update.key)
            }
        }
        for retraction in document.retractions {
            try attempt {
                try applyRetraction(retraction, node: node, sourceID: sourceID, &summary)
                if case .node(let key, _) = retraction.target { nodes[key] = nil }
            }
        }
        return summary
    }

    /// A node block for a key the graph holds: the same kind; a name or a
    /// property with another value is a conflict unless `update`.
    private func merge(_ statement: GraphTextDocument.Node, props: [String: JSONValue], into existing: NodeRecord,
                       evidence addEvidence: ([GraphTextDocument.Evidence]) throws -> Int,
                       sourceID: (GraphTextDocument.Evidence) throws -> Int64, _ summary: inout Summary) throws -> NodeRecord {
        guard statement.kind == existing.kind else {
            throw KGError(.kindConflict, "node '\(existing.key)' is a \(existing.kind) in the graph; the file makes it a \(statement.kind)",
                          span: statement.kindSpan, suggestion: "a node keeps its kind: use another key, or retract the node first (kg retract node \(existing.key))")
        }
        var current = existing
        var changed = false
        let reason = options.reason ?? "import with --update"
        let evidenceJSON = Self.evidenceJSON(statement.evidence)
        if statement.name != existing.name {
            guard options.update else {
                throw try conflict(existing, property: "name", old: .string(existing.name), new: .string(statement.name),
                                   newEvidence: statement.evidence, span: statement.keySpan)
            }
            try store.setName(of: current, to: statement.name, reason: reason, evidence: evidenceJSON)
            current.name = statement.name
            summary.propertiesUpdated += 1
            changed = true
        }
        for name in props.keys.sorted() {
            let value = props[name]!
            switch current.props[name] {
            case nil:
                try store.setProperty(of: current, name, to: value, reason: options.reason, evidence: evidenceJSON, span: statement.propSpans[name])
                current.props[name] = value
                summary.propertiesAdded += 1
                changed = true
            case let old? where old != value:
                guard options.update else {
                    throw try conflict(existing, property: name, old: old, new: value, newEvidence: statement.evidence,
                                       span: statement.propSpans[name] ?? statement.keySpan)
                }
                try store.setProperty(of: current, name, to: value, reason: reason, evidence: evidenceJSON, span: statement.propSpans[name])
                current.props[name] = value
                summary.propertiesUpdated += 1
                changed = true
            default: break
            }
        }
        for alias in statement.aliases where try store.addAlias(node: existing.id, alias: alias) {
            summary.aliases += 1
            changed = true
        }
        let added = try addEvidence(statement.evidence)
        summary.evidence += added
        if added > 0 { changed = true }
        if changed { summary.nodesMerged += 1 } else { summary.nodesUnchanged += 1 }
        return current
    }

    /// The conflict error: both values and the evidence of each.
    private func conflict(_ node: NodeRecord, property: String, old: JSONValue, new: JSONValue,
                          newEvidence: [GraphTextDocument.Evidence], span: SourceSpan) throws -> KGError {
        let oldText = old.displayText ?? old.serialized, newText = new.displayText ?? new.serialized
        let stored = try store.evidence(forNode: node.id)
        // The sentences that mention the value first: they are the ones it rests on.
        let mentioning = stored.filter { $0.quote.contains(oldText) }
        let shown = (mentioning.isEmpty ? stored : mentioning).prefix(2)
        let oldEvidence = shown.isEmpty ? "no evidence recorded"
            : shown.map { "\($0.source.key) „\(ResultFormatter.singleLine($0.quote))“" }.joined(separator: "; ")
        let fileEvidence = newEvidence.isEmpty ? "no evidence given"
            : newEvidence.prefix(2).map { "\($0.sourceKey) „\(ResultFormatter.singleLine($0.quote))“" }.joined(separator: "; ")
        return KGError(.propertyConflict,
                       "node '\(node.key)' has \(property)=\(oldText) in the graph (evidence: \(oldEvidence)); the file says \(property)=\(newText) (evidence: \(fileEvidence))",
                       span: span,
                       suggestion: "import with --update to replace the value (the old one stays in the history, kg log), or write: set \(node.key) \(property)=… reason=\"…\"")
    }

    private func applyUpdate(_ update: GraphTextDocument.Update, node: NodeRecord,
                             addEvidence: ([GraphTextDocument.Evidence], Int64?, Int64?) throws -> Int,
                             sourceID: (GraphTextDocument.Evidence) throws -> Int64, _ summary: inout Summary) throws {
        var current = node
        let declared = store.schema.kinds[node.kind]?.properties ?? [:]
        let props = try coerce(update.props.filter { $0.value != .null }, spans: update.propSpans, declared: declared)
        let evidenceJSON = Self.evidenceJSON(update.evidence)
        for item in update.evidence { _ = try sourceID(item) }
        if let name = update.name, name != current.name {
            try store.setName(of: current, to: name, reason: update.reason, evidence: evidenceJSON)
            current.name = name
            summary.propertiesUpdated += 1
        }
        for name in update.props.keys.sorted() {
            let value: JSONValue? = update.props[name] == .null ? nil : props[name]
            guard current.props[name] != value else { continue }
            let wasSet = current.props[name] != nil
            var superseded: JSONValue? = nil
            if options.guardQuotedValues, let old = current.props[name], let value {
                let quotes = try QuotedValueGuard(store: store).contradicted(node: current, property: name, old: old, new: value, given: update.evidence)
                if !quotes.isEmpty {
                    guard options.update else {
                        throw QuotedValueGuard.error(node: current, property: name, old: old, new: value, quotes: quotes, span: update.propSpans[name] ?? update.keySpan)
                    }
                    superseded = QuotedValueGuard.json(quotes)
                }
            }
            do {
                try store.setProperty(of: current, name, to: value, reason: update.reason, evidence: evidenceJSON, span: update.propSpans[name],
                                      supersedes: superseded)
            } catch var e as KGError {
                e.span = update.propSpans[name] ?? update.keySpan
                throw e
            }
            current.props[name] = value
            if wasSet { summary.propertiesUpdated += 1 } else { summary.propertiesAdded += 1 }
        }
        summary.evidence += try addEvidence(update.evidence, node.id, nil)
    }

    private func applyRetraction(_ retraction: GraphTextDocument.Retraction, node: (String, SourceSpan) throws -> NodeRecord,
                                 sourceID: (GraphTextDocument.Evidence) throws -> Int64, _ summary: inout Summary) throws {
        for item in retraction.evidence { _ = try sourceID(item) }
        let evidenceJSON = Self.evidenceJSON(retraction.evidence)
        switch retraction.target {
        case .node(let key, let cascade):
            let record = try node(key, retraction.span)
            let gone = try store.retractNode(record, cascade: cascade, reason: retraction.reason, evidence: evidenceJSON, span: retraction.span)
            summary.nodesRetracted += 1
            summary.edgesRetracted += gone.edges.count
            summary.evidenceRetracted += gone.evidence
            summary.aliasesRetracted += gone.aliases
        case .edge(let sourceKey, let type, let targetKey, let props, let period):
            let source = try node(sourceKey, retraction.span), target = try node(targetKey, retraction.span)
            var candidates = try store.edges(type: type, source: source.id, target: target.id)
            if let props {
                let declared = store.schema.edgeTypes[type]?.properties ?? [:]
                let coerced = try coerce(props, spans: [:], declared: declared)
                candidates = candidates.filter { edge in coerced.allSatisfy { edge.props[$0.key] == $0.value } }
            }
            if let period { candidates = candidates.filter { $0.period == period } }
            guard !candidates.isEmpty else {
                let others = try store.edges(of: source.id, outgoing: true).filter { $0.target == target.id }.map(\.type)
                throw KGError(.unknownEdge, "the graph has no edge \(sourceKey) \(type) \(targetKey)" + (props != nil || period != nil ? " with these properties and period" : ""),
                              span: retraction.span,
                              suggestion: others.isEmpty ? "see the node's edges with: kg show \(sourceKey)"
                                                         : "edges from \(sourceKey) to \(targetKey): " + others.joined(separator: ", "))
            }
            guard candidates.count == 1 else {
                let listed = try candidates.map { try store.describe($0) }.joined(separator: "; ")
                throw KGError(.ambiguousEdge, "\(candidates.count) edges match \(sourceKey) \(type) \(targetKey): \(listed)", span: retraction.span,
                              suggestion: "name the one you mean by its properties and period, e.g. retract edge \(sourceKey) \(type) \(targetKey) from=… reason=\"…\"")
            }
            summary.evidenceRetracted += try store.retractEdge(candidates[0], reason: retraction.reason, evidence: evidenceJSON)
            summary.edgesRetracted += 1
        }
    }

    /// What to say of a key neither the file nor the graph holds: the node
    /// a name or alias means (edges name their ends by key), else the closest
    /// keys of the file and the graph, else how to define it.
    static func unknownKeySuggestion(_ key: String, document: GraphTextDocument, store: GraphStore) throws(KGError) -> String {
        if let named = document.nodes.first(where: { $0.name.lowercased() == key.lowercased() || $0.aliases.contains { $0.lowercased() == key.lowercased() } }) {
            return "'\(key)' is what node '\(named.key)' is called; an edge names its ends by key: \(named.key)"
        }
        let byName = try store.candidates(forName: key)
        if let node = byName.first {
            return "'\(key)' is what node '\(node.key)' is called; an edge names its ends by key: " + byName.map(\.key).joined(separator: " or ")
        }
        let close = EditDistance.closest(to: key, among: document.nodes.map(\.key) + (try store.keySuggestions(for: key)), limit: 3)
        if !close.isEmpty {
            return "did you mean " + close.map { "'\($0)'" }.joined(separator: " or ") + "? (or define it with a 'node' statement)"
        }
        return "define it with a 'node' statement"
    }

    static func evidenceJSON(_ items: [GraphTextDocument.Evidence]) -> String? {
        items.isEmpty ? nil : JSONValue.array(items.map { .object(["source": .string($0.sourceKey), "quote": .string($0.quote)]) }).serialized
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
