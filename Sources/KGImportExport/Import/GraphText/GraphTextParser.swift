import KGModel
import KGStorage
import KGSQLite

/// Parses graph text (`.kg`) into a ``GraphTextDocument``. It checks the
/// shape of every line; names and kinds are checked against a graph by
/// ``GraphTextImporter``. The first problem is thrown with its line and column.
public enum GraphTextParser {
    /// Lines longer than this are refused (a corrupt or binary file).
    public static let maximumLineLength = 1 << 20

    public static func parse(_ text: String) throws(KGError) -> GraphTextDocument {
        try parse(text, collecting: nil)
    }

    /// Parses `text`. Without `diagnostics` the first problem is thrown; with
    /// it (`kg import --check`) every problem is recorded there and the parse
    /// goes on: a statement that does not parse is skipped with the lines
    /// indented under it, an indented line that does not parse is skipped.
    /// The document then holds the statements that parsed.
    public static func parse(_ text: String, collecting diagnostics: ImportDiagnostics?) throws(KGError) -> GraphTextDocument {
        var document = GraphTextDocument()
        enum Open { case none, node, edge, source, update, retract, skipped }
        var open = Open.none
        var sawStatement = false
        /// In a node block: the indentation of the last edge line, while the
        /// lines below it are indented deeper (they are that edge's evidence).
        var edgeIndent: Int? = nil
        /// In a node block: how many edges the last edge line (or `cross` line) added.
        var lastEdgeLineCount = 0
        /// The open statement had a line that did not parse: its missing evidence is not reported again.
        var damaged = false
        /// Nodes with a line that did not parse: their missing evidence is not reported again.
        var damagedNodes = Set<String>()
        func record(_ error: KGError) throws(KGError) {
            guard let diagnostics else { throw error }
            diagnostics.record(error)
        }

        for (offset, rawLine) in LineTokenizer.lines(of: text).enumerated() {
            let line = offset + 1
            let indentation = LineTokenizer.indentation(of: rawLine)
            do throws(KGError) {
            if rawLine.utf8.count > maximumLineLength {
                throw KGError(.lineTooLong, "line \(line) is \(rawLine.utf8.count) bytes long; the limit is \(maximumLineLength)", span: .line(line))
            }
            let tokens = try LineTokenizer.tokenize(rawLine, lineNumber: line, errorCode: .importSyntax)
            guard let first = tokens.first else { continue }
            let indented = indentation > 0
            if indented && open == .skipped { continue }
            // An evidence line indented deeper than the edge line above it is that edge's.
            if let level = edgeIndent, indentation <= level { edgeIndent = nil }
            let underEdge = open == .node && edgeIndent != nil
            guard case .word(let keyword) = first.payload else {
                throw KGError(.importSyntax, "a line starts with a keyword (source, node, edge), not a string", span: .token(first, line: line))
            }

            if indented {
                let n = document.nodes.count - 1
                switch (open, keyword) {
                case (.none, _), (.source, _), (.skipped, _):
                    throw KGError(.importSyntax, "an indented line must follow a node or edge statement", span: .token(first, line: line),
                                  suggestion: "statements start at column 1")
                case (_, "evidence") where tokens.count == 2 && tokens[1].payload == .word("none") && (open == .node || open == .edge):
                    // `evidence none`: a fact that deliberately carries no evidence (CSV data, exports of it).
                    if underEdge {
                        for e in document.nodes[n].edges.indices.suffix(lastEdgeLineCount) { document.nodes[n].edges[e].unsourced = true }
                    }
                    else if open == .node { document.nodes[n].unsourced = true }
                    else { document.edges[document.edges.count - 1].unsourced = true }
                case (_, "evidence"):
                    let evidence = try parseEvidence(tokens, line: line)
                    switch open {
                    case .node where underEdge:
                        // Under a `cross` line: the evidence of each edge it stands for.
                        for e in document.nodes[n].edges.indices.suffix(lastEdgeLineCount) { document.nodes[n].edges[e].evidence.append(evidence) }
                    case .node: document.nodes[n].evidence.append(evidence)
                    case .update: document.updates[document.updates.count - 1].evidence.append(evidence)
                    case .retract: document.retractions[document.retractions.count - 1].evidence.append(evidence)
                    default: document.edges[document.edges.count - 1].evidence.append(evidence)
                    }
                case (.update, _), (.retract, _):
                    throw KGError(.importSyntax, "only 'evidence' lines may follow a \(open == .update ? "set" : "retract") statement", span: .token(first, line: line))
                case (.node, "alias"):
                    guard !underEdge else {
                        throw KGError(.importSyntax, "an alias belongs to the node: indent it as the block's edge lines, not under an edge line",
                                      span: .token(first, line: line))
                    }
                    guard tokens.count == 2, case .string(let alias) = tokens[1].payload, !alias.isEmpty else {
                        throw KGError(.importSyntax, "expected 'alias \"other name\"'", span: .token(tokens.count > 1 ? tokens[1] : first, line: line))
                    }
                    document.nodes[n].aliases.append(alias)
                case (.node, _):
                    // An edge from the block's node: TYPE TARGET [props], or `cross A B …`.
                    guard !underEdge else {
                        throw KGError(.importSyntax, "only 'evidence' lines may be indented under an edge line", span: .token(first, line: line),
                                      suggestion: "indent the next edge line as the one above it")
                    }
                    if !damaged { try checkBlockEdgeEvidence(document.nodes[n], lastLine: lastEdgeLineCount) }
                    let node = document.nodes[n]
                    guard tokens.count >= 2 else {
                        throw KGError(.importSyntax, "expected 'EDGE_TYPE TARGET_KEY' (or alias / evidence)", span: .token(first, line: line))
                    }
                    let added: [GraphTextDocument.Edge]
                    if keyword == crossKeyword {
                        added = try parseCross(tokens, from: node, line: line)
                    } else {
                        let target = try key(tokens[1], line: line, what: "target key")
                        var edge = GraphTextDocument.Edge(sourceKey: node.key, type: try identifier(first, line: line, what: "edge type"),
                                                          targetKey: target, props: [:], propSpans: [:], period: DatePeriod(),
                                                          sourceSpan: node.keySpan, typeSpan: .token(first, line: line),
                                                          targetSpan: .token(tokens[1], line: line), evidence: [])
                        try parseEdgeAttributes(tokens.dropFirst(2), into: &edge, line: line)
                        added = [edge]
                    }
                    document.nodes[n].edges.append(contentsOf: added)
                    lastEdgeLineCount = added.count
                    edgeIndent = indentation
                case (.edge, _):
                    throw KGError(.importSyntax, "only 'evidence' lines may follow an edge statement", span: .token(first, line: line))
                }
                continue
            }

            // A new statement: close the previous one.
            let closing = open
            open = .skipped
            edgeIndent = nil
            sawStatement = true
            if !damaged {
                do { try checkEvidence(of: closing, in: document, lastLine: lastEdgeLineCount) } catch { try record(error) }
            }
            damaged = false
            lastEdgeLineCount = 0
            switch keyword {
            case "source":
                document.sources.append(try parseSource(tokens, line: line))
                open = .source
            case "node":
                document.nodes.append(try parseNode(tokens, line: line))
                open = .node
            case "edge":
                document.edges.append(try parseEdge(tokens, line: line))
                open = .edge
            case "set":
                document.updates.append(try parseUpdate(tokens, line: line))
                open = .update
            case "retract":
                document.retractions.append(try parseRetraction(tokens, line: line))
                open = .retract
            default:
                throw KGError(.importSyntax, "unknown statement '\(keyword)'", span: .token(first, line: line),
                              suggestion: EditDistance.suggestion(for: keyword, among: ["source", "node", "edge", "set", "retract"]).map { "did you mean '\($0)'?" }
                                ?? "statements are source, node, edge, set and retract; alias, evidence and edge lines are indented")
            }
            } catch {
                try record(error)
                // Go on after the bad line: a statement that did not parse is skipped with its block.
                if indentation == 0 { open = .skipped; edgeIndent = nil } else { damaged = true }
                if indentation > 0, open == .node, let node = document.nodes.last { damagedNodes.insert(node.key) }
                // A node statement that did not parse: the facts naming its key are not reported again.
                // (Read word by word: the line may not tokenize.)
                let words = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if indentation == 0, words.count >= 3, words[0] == "node", words[2].allSatisfy({ keyCharacters.contains($0) }) {
                    document.skippedKeys.insert(GraphStore.foldKey(String(words[2])))
                }
            }
        }
        if !damaged {
            do { try checkEvidence(of: open, in: document, lastLine: lastEdgeLineCount) } catch { try record(error) }
        }
        if !sawStatement {
            try record(KGError(.emptyInput, "the file holds no statements", span: .line(1)))
        }
        // A node without evidence lines rests on the quote of a fact of the file that names it.
        document.lendQuotesToNodes()
        for node in document.nodes where node.evidence.isEmpty && !node.unsourced && !damagedNodes.contains(node.key) {
            try record(KGError(.missingEvidence, "node '\(node.key)' has no evidence, and no quote of the file names it", span: node.keySpan,
                               suggestion: "add an indented line: evidence SOURCE_KEY \"the sentence it rests on\" (a node named in the quote of one of the file's facts needs none)"))
        }
        return document
    }

    /// The keyword of the cross-licence shorthand in a node block: `cross A B`
    /// makes each of A and B both licensor and licensee of the block's agreement.
    static let crossKeyword = "cross"

    /// `cross A B …`: the edges licensor and licensee to each party.
    private static func parseCross(_ tokens: [LineTokenizer.Token], from node: GraphTextDocument.Node, line: Int) throws(KGError) -> [GraphTextDocument.Edge] {
        guard tokens.count >= 3 else {
            throw KGError(.importSyntax, "expected 'cross PARTY_KEY PARTY_KEY …' (the parties of a cross-licence)",
                          span: .token(tokens[tokens.count - 1], line: line),
                          suggestion: "a cross-licence has at least two parties: cross nokia xiaomi")
        }
        var edges: [GraphTextDocument.Edge] = []
        var seen = Set<String>()
        for token in tokens.dropFirst() {
            let party = try key(token, line: line, what: "party key")
            guard seen.insert(party).inserted else {
                throw KGError(.importSyntax, "'\(party)' is named twice in the cross line", span: .token(token, line: line))
            }
            for role in ["licensor", "licensee"] {
                edges.append(GraphTextDocument.Edge(sourceKey: node.key, type: role, targetKey: party, props: [:], propSpans: [:],
                                                    period: DatePeriod(), sourceSpan: node.keySpan, typeSpan: .token(tokens[0], line: line),
                                                    targetSpan: .token(token, line: line), evidence: []))
            }
        }
        return edges
    }

    /// Each edge line of a node block carries its own evidence (indented under
    /// it): the block's evidence lines are the node's, and an edge inherits none.
    /// `lastLine` is how many edges the last edge line stands for.
    private static func checkBlockEdgeEvidence(_ node: GraphTextDocument.Node, lastLine: Int) throws(KGError) {
        guard let edge = node.edges.last, edge.evidence.isEmpty, !edge.unsourced else { return }
        let shown = lastLine > 1 ? "'cross' line" : "edge '\(edge.sourceKey) \(edge.type) \(edge.targetKey)'"
        throw KGError(.missingEvidence, "\(shown) has no evidence of its own (the block's evidence lines are the node's)",
                      span: edge.typeSpan,
                      suggestion: "indent an evidence line under the \(lastLine > 1 ? "cross" : "edge") line, deeper than it: evidence SOURCE_KEY \"the sentence that states this edge\"")
    }

    /// Called when a statement ends: its edges must have evidence (a node's
    /// own evidence is checked at the end of the file, when the quotes of
    /// every fact are known).
    private static func checkEvidence(of open: some Equatable, in document: GraphTextDocument, lastLine: Int) throws(KGError) {
        if let node = document.nodes.last, "\(open)" == "node" { try checkBlockEdgeEvidence(node, lastLine: lastLine) }
        if let edge = document.edges.last, edge.evidence.isEmpty, !edge.unsourced, "\(open)" == "edge" {
            throw KGError(.missingEvidence, "edge '\(edge.sourceKey) \(edge.type) \(edge.targetKey)' has no evidence", span: edge.typeSpan,
                          suggestion: "add an indented line: evidence SOURCE_KEY \"the sentence it rests on\"")
        }
    }

    static let keyCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")

    private static func key(_ token: LineTokenizer.Token, line: Int, what: String) throws(KGError) -> String {
        guard case .word(let word) = token.payload, !word.isEmpty, word.allSatisfy({ keyCharacters.contains($0) }) else {
            throw KGError(.importSyntax, "expected a \(what) (letters, digits, '-', '_', '.')", span: .token(token, line: line))
        }
        // Keys are stored in lower case (the CSV importer folds them the same
        // way): `Acme-Inc` is the key acme-inc, wherever it is written.
        return GraphStore.foldKey(word)
    }

    private static func identifier(_ token: LineTokenizer.Token, line: Int, what: String) throws(KGError) -> String {
        guard case .word(let word) = token.payload, SchemaParser.isIdentifier(word) else {
            throw KGError(.importSyntax, "expected \(what == "edge type" ? "an" : "a") \(what) (letters, digits and _)", span: .token(token, line: line))
        }
        return word
    }

    /// A value: a quoted string, or a bare word read as int, float, bool or string.
    static func value(of token: LineTokenizer.Token) -> JSONValue? {
        switch token.payload {
        case .string(let s): return .string(s)
        case .assignment: return nil
        case .word(let w):
            if let i = Int64(w) { return .int(i) }
            if w.contains("."), let d = Double(w), w.first != ".", w.last != "." { return .double(d) }
            if w == "true" { return .bool(true) }
            if w == "false" { return .bool(false) }
            return .string(w)
        }
    }

    /// Reads `key=value` pairs from `tokens`.
    private static func attributes(_ tokens: ArraySlice<LineTokenizer.Token>, line: Int) throws(KGError) -> [(String, JSONValue, SourceSpan)] {
        var result: [(String, JSONValue, SourceSpan)] = []
        var seen = Set<String>()
        var i = tokens.startIndex
        while i < tokens.endIndex {
            let token = tokens[i]
            guard case .assignment(let name) = token.payload else {
                throw KGError(.importSyntax, "expected name=value here", span: .token(token, line: line),
                              suggestion: "quote values that contain spaces: name=\"two words\"")
            }
            guard i + 1 < tokens.endIndex, let v = value(of: tokens[i + 1]) else {
                throw KGError(.importSyntax, "'\(name)=' has no value", span: .token(token, line: line))
            }
            guard seen.insert(name).inserted else {
                throw KGError(.importSyntax, "'\(name)' is given twice", span: .token(token, line: line))
            }
            let span = SourceSpan.token(token, line: line).merged(with: .token(tokens[i + 1], line: line))
            result.append((name, v, span))
            i += 2
        }
        return result
    }

    private static func parseSource(_ tokens: [LineTokenizer.Token], line: Int) throws(KGError) -> GraphTextDocument.Source {
        guard tokens.count >= 2 else {
            throw KGError(.importSyntax, "expected 'source KEY file=\"NAME\" …'", span: .token(tokens[0], line: line))
        }
        let sourceKey = try key(tokens[1], line: line, what: "source key")
        var record = SourceRecord(key: sourceKey, file: "")
        for (name, v, span) in try attributes(tokens.dropFirst(2), line: line) {
            let text: String
            switch v {
            case .string(let s): text = s
            case .int(let i): text = String(i)
            default: text = v.serialized
            }
            switch name {
            case "file": record.file = text
            case "title": record.title = text
            case "lang": record.language = text
            case "author": record.author = text
            case "published":
                guard let date = PartialDate(text) else {
                    throw KGError(.importSyntax, "'\(text)' is not a date", span: span, suggestion: "write 2017, 2017-07 or 2017-07-14")
                }
                record.published = date
            default:
                throw KGError(.importSyntax, "a source has no attribute '\(name)'", span: span,
                              suggestion: "source attributes are file, published, lang, title, author")
            }
        }
        guard !record.file.isEmpty else {
            throw KGError(.importSyntax, "source '\(sourceKey)' needs file=\"NAME\"", span: .token(tokens[1], line: line))
        }
        return GraphTextDocument.Source(record: record, span: .token(tokens[1], line: line))
    }

    private static func parseNode(_ tokens: [LineTokenizer.Token], line: Int) throws(KGError) -> GraphTextDocument.Node {
        guard tokens.count >= 4, case .string(let name) = tokens[3].payload else {
            throw KGError(.importSyntax, "expected 'node KIND KEY \"Name\" [prop=value …]'",
                          span: .token(tokens.count >= 4 ? tokens[3] : tokens[tokens.count - 1], line: line))
        }
        let kind = try identifier(tokens[1], line: line, what: "kind")
        let nodeKey = try key(tokens[2], line: line, what: "node key")
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw KGError(.importSyntax, "a node's name cannot be empty", span: .token(tokens[3], line: line))
        }
        var node = GraphTextDocument.Node(kind: kind, key: nodeKey, name: name, props: [:], propSpans: [:], aliases: [], evidence: [],
                                          kindSpan: .token(tokens[1], line: line), keySpan: .token(tokens[2], line: line), edges: [])
        for (prop, v, span) in try attributes(tokens.dropFirst(4), line: line) {
            node.props[prop] = v
            node.propSpans[prop] = span
        }
        return node
    }

    private static func parseEdge(_ tokens: [LineTokenizer.Token], line: Int) throws(KGError) -> GraphTextDocument.Edge {
        guard tokens.count >= 4 else {
            throw KGError(.importSyntax, "expected 'edge SOURCE_KEY EDGE_TYPE TARGET_KEY [prop=value …]'", span: .token(tokens[tokens.count - 1], line: line))
        }
        var edge = GraphTextDocument.Edge(sourceKey: try key(tokens[1], line: line, what: "source node key"),
                                          type: try identifier(tokens[2], line: line, what: "edge type"),
                                          targetKey: try key(tokens[3], line: line, what: "target node key"),
                                          props: [:], propSpans: [:], period: DatePeriod(),
                                          sourceSpan: .token(tokens[1], line: line), typeSpan: .token(tokens[2], line: line),
                                          targetSpan: .token(tokens[3], line: line), evidence: [])
        try parseEdgeAttributes(tokens.dropFirst(4), into: &edge, line: line)
        return edge
    }

    /// `set KEY prop=value … [name="…"] reason="…"`
    private static func parseUpdate(_ tokens: [LineTokenizer.Token], line: Int) throws(KGError) -> GraphTextDocument.Update {
        guard tokens.count >= 2 else {
            throw KGError(.importSyntax, "expected 'set NODE_KEY prop=value … reason=\"why\"'", span: .token(tokens[0], line: line))
        }
        var update = GraphTextDocument.Update(key: try key(tokens[1], line: line, what: "node key"), props: [:], propSpans: [:], name: nil,
                                              reason: "", evidence: [], keySpan: .token(tokens[1], line: line))
        for (name, v, span) in try attributes(tokens.dropFirst(2), line: line) {
            switch name {
            case "reason": update.reason = v.displayText ?? ""
            case "name":
                guard case .string(let text) = v, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw KGError(.importSyntax, "name= takes a non-empty string", span: span)
                }
                update.name = text
            default:
                // The bare word null removes the property.
                update.props[name] = v == .string("null") ? .null : v
                update.propSpans[name] = span
            }
        }
        guard !update.reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw KGError(.missingReason, "a set statement needs reason=\"why\"", span: .token(tokens[0], line: line),
                          suggestion: "say why the value changes, e.g. reason=\"the article gives 2011\"")
        }
        guard !update.props.isEmpty || update.name != nil else {
            throw KGError(.importSyntax, "a set statement names at least one property=value", span: .token(tokens[1], line: line))
        }
        return update
    }

    /// `retract node KEY [cascade=true] reason="…"` or `retract edge SRC TYPE DST [props] [from=] [to=] reason="…"`
    private static func parseRetraction(_ tokens: [LineTokenizer.Token], line: Int) throws(KGError) -> GraphTextDocument.Retraction {
        let usage = "expected 'retract node KEY [cascade=true] reason=\"why\"' or 'retract edge SRC TYPE DST reason=\"why\"'"
        guard tokens.count >= 3, case .word(let what) = tokens[1].payload, what == "node" || what == "edge" else {
            throw KGError(.importSyntax, usage, span: .token(tokens[tokens.count > 1 ? 1 : 0], line: line))
        }
        var reason = ""
        let target: GraphTextDocument.Retraction.Target
        if what == "node" {
            let nodeKey = try key(tokens[2], line: line, what: "node key")
            var cascade = false
            for (name, v, span) in try attributes(tokens.dropFirst(3), line: line) {
                switch name {
                case "reason": reason = v.displayText ?? ""
                case "cascade":
                    guard case .bool(let b) = v else { throw KGError(.importSyntax, "cascade= takes true or false", span: span) }
                    cascade = b
                default: throw KGError(.importSyntax, "retract node takes cascade= and reason=, not '\(name)='", span: span)
                }
            }
            target = .node(key: nodeKey, cascade: cascade)
        } else {
            guard tokens.count >= 5 else { throw KGError(.importSyntax, usage, span: .token(tokens[tokens.count - 1], line: line)) }
            var edge = GraphTextDocument.Edge(sourceKey: try key(tokens[2], line: line, what: "source node key"),
                                              type: try identifier(tokens[3], line: line, what: "edge type"),
                                              targetKey: try key(tokens[4], line: line, what: "target node key"),
                                              props: [:], propSpans: [:], period: DatePeriod(),
                                              sourceSpan: .token(tokens[2], line: line), typeSpan: .token(tokens[3], line: line),
                                              targetSpan: .token(tokens[4], line: line), evidence: [])
            var rest: [LineTokenizer.Token] = []
            var i = 5
            while i < tokens.count {
                if case .assignment("reason") = tokens[i].payload, i + 1 < tokens.count {
                    reason = value(of: tokens[i + 1])?.displayText ?? ""
                    i += 2
                } else {
                    rest.append(tokens[i])
                    i += 1
                }
            }
            try parseEdgeAttributes(rest[...], into: &edge, line: line)
            let hasPeriod = rest.contains { if case .assignment(let n) = $0.payload { return n == "from" || n == "to" } else { return false } }
            target = .edge(sourceKey: edge.sourceKey, type: edge.type, targetKey: edge.targetKey,
                           props: edge.props.isEmpty ? nil : edge.props, period: hasPeriod ? edge.period : nil)
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw KGError(.missingReason, "a retract statement needs reason=\"why\"", span: .token(tokens[0], line: line),
                          suggestion: "say why the fact goes, e.g. reason=\"the article calls it a rumour\"")
        }
        return GraphTextDocument.Retraction(target: target, reason: reason, evidence: [], span: .token(tokens[2], line: line))
    }

    private static func parseEdgeAttributes(_ tokens: ArraySlice<LineTokenizer.Token>, into edge: inout GraphTextDocument.Edge, line: Int) throws(KGError) {
        for (name, v, span) in try attributes(tokens, line: line) {
            if name == "from" || name == "to" {
                let text: String
                switch v {
                case .string(let s): text = s
                case .int(let i): text = String(i)
                default: text = ""
                }
                guard let date = PartialDate(text) else {
                    throw KGError(.importSyntax, "'\(name)=' takes a date", span: span, suggestion: "write 2017, 2017-07 or 2017-07-14")
                }
                if name == "from" { edge.period.from = date } else { edge.period.to = date }
            } else {
                edge.props[name] = v
                edge.propSpans[name] = span
            }
        }
        if let from = edge.period.from, let to = edge.period.to, to.lastDay < from.firstDay {
            throw KGError(.invalidPeriod, "the period ends (\(to)) before it starts (\(from))", span: edge.typeSpan)
        }
    }

    private static func parseEvidence(_ tokens: [LineTokenizer.Token], line: Int) throws(KGError) -> GraphTextDocument.Evidence {
        guard tokens.count == 3, case .string(let quote) = tokens[2].payload else {
            throw KGError(.importSyntax, "expected 'evidence SOURCE_KEY \"quoted sentence\"'",
                          span: .token(tokens.count > 2 ? tokens[2] : tokens[tokens.count - 1], line: line))
        }
        let sourceKey = try key(tokens[1], line: line, what: "source key")
        guard !quote.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw KGError(.missingEvidence, "the evidence quote is empty", span: .token(tokens[2], line: line))
        }
        return GraphTextDocument.Evidence(sourceKey: sourceKey, quote: quote, span: .token(tokens[1], line: line), quoteSpan: .token(tokens[2], line: line))
    }
}
