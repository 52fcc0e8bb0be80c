/// Parses a graph schema text (`.kgs`, see `docs/schema-format.md`) into a
/// ``GraphSchema``. Errors are ``ErrorCode/schemaSyntax`` or
/// ``ErrorCode/duplicateDeclaration`` with the line and column.
public enum SchemaParser {
    static let identifierCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")

    /// Words that start an indented line of a declaration; any other indented
    /// line after `as` continues the derived definition.
    static let blockKeywords: Set<String> = ["as", "prop", "open", "phrase", "noun", "say", "implies", "ask", "what", "cue"]

    package static func isIdentifier(_ s: some StringProtocol) -> Bool {
        guard let first = s.first, !first.isNumber else { return false }
        return s.allSatisfy { identifierCharacters.contains($0) }
    }

    /// Parses `text`; `file` names it in errors.
    public static func parse(_ text: String, file: String? = nil) throws(KGError) -> GraphSchema {
        do {
            return try parseLines(text)
        } catch {
            throw file.map { error.inFile($0) } ?? error
        }
    }

    private enum Block {
        case none
        case kind(Int)       // index into kinds
        case edge(Int)
        case derived(Int)
    }

    private static func parseLines(_ text: String) throws(KGError) -> GraphSchema {
        var name = "graph"
        var kinds: [NodeKind] = []
        var edges: [EdgeType] = []
        var derived: [DerivedEdgeType] = []
        var pendingDefinition: (index: Int, text: String, line: Int)?
        var block = Block.none
        var declared: [String: Int] = [:]   // names of kinds and types -> line
        var lexicon = SchemaLexicon()
        var lastProperty: String?
        var impliedAt: [(type: String, implied: String, line: Int)] = []

        func syntax(_ message: String, _ token: LineTokenizer.Token?, line: Int, suggestion: String? = nil) -> KGError {
            KGError(.schemaSyntax, message, span: token.map { .token($0, line: line) } ?? .line(line), suggestion: suggestion)
        }

        for (offset, rawLine) in LineTokenizer.lines(of: text).enumerated() {
            let lineNumber = offset + 1
            // Inside a derived declaration, `as PATTERN` and its continuation
            // lines are query text: the query language, not the schema's
            // `name=value` tokens, decides what `<=`, `=` and quotes mean.
            if case .derived(let i) = block, LineTokenizer.indentation(of: rawLine) > 0 {
                let trimmed = rawLine.trimmingCharacters(in: " \t")
                let word = trimmed.prefix { $0 != " " && $0 != "\t" }
                if word == "as", case let body = trimmed.dropFirst(2).trimmingCharacters(in: " \t"), !body.isEmpty {
                    pendingDefinition = (i, body, lineNumber)
                    derived[i].definition = body
                    derived[i].definitionLine = lineNumber
                    continue
                }
                if let pending = pendingDefinition, pending.index == i, !trimmed.isEmpty, !trimmed.hasPrefix("#"),
                   !Self.blockKeywords.contains(String(word)) {
                    derived[i].definition += " " + trimmed
                    continue
                }
            }
            let tokens = try LineTokenizer.tokenize(rawLine, lineNumber: lineNumber, errorCode: .schemaSyntax)
            guard let first = tokens.first else { continue }
            guard case .word(let keyword) = first.payload else {
                throw syntax("expected a declaration keyword (kind, edge, derived, prop, as)", first, line: lineNumber)
            }
            let indented = LineTokenizer.indentation(of: rawLine) > 0

            if indented {
                switch keyword {
                case "prop":
                    let property = try parseProperty(tokens, line: lineNumber)
                    lastProperty = property.name
                    switch block {
                    case .kind(let i):
                        guard kinds[i].properties[property.name] == nil else {
                            throw KGError(.duplicateDeclaration, "property '\(property.name)' is declared twice for kind \(kinds[i].name)", span: .token(tokens[1], line: lineNumber))
                        }
                        kinds[i].properties[property.name] = property
                        kinds[i].propertyOrder.append(property.name)
                    case .edge(let i):
                        guard edges[i].properties[property.name] == nil else {
                            throw KGError(.duplicateDeclaration, "property '\(property.name)' is declared twice for edge type \(edges[i].name)", span: .token(tokens[1], line: lineNumber))
                        }
                        edges[i].properties[property.name] = property
                        edges[i].propertyOrder.append(property.name)
                    default:
                        throw syntax("'prop' must follow a kind or edge declaration", first, line: lineNumber)
                    }
                case "open":
                    switch block {
                    case .kind(let i): kinds[i].isOpen = true
                    case .edge(let i): edges[i].isOpen = true
                    default: throw syntax("'open' must follow a kind or edge declaration", first, line: lineNumber)
                    }
                case "noun":
                    guard case .kind(let i) = block else {
                        throw syntax("'noun' must follow a kind declaration", first, line: lineNumber)
                    }
                    let (language, pair) = try parsePhraseLine(tokens, line: lineNumber, allowEnglish: true)
                    guard kinds[i].nouns[language] == nil else {
                        throw KGError(.duplicateDeclaration, "kind \(kinds[i].name) already has a '\(language)' noun", span: .token(tokens[1], line: lineNumber))
                    }
                    kinds[i].nouns[language] = NounForms(singular: pair.phrase, plural: pair.inverse)
                case "phrase":
                    let (language, pair) = try parsePhraseLine(tokens, line: lineNumber)
                    switch block {
                    case .edge(let i):
                        guard edges[i].translations[language] == nil else {
                            throw KGError(.duplicateDeclaration, "edge type \(edges[i].name) already has a '\(language)' phrase", span: .token(tokens[1], line: lineNumber))
                        }
                        if edges[i].isSymmetric, pair.inverse != pair.phrase {
                            throw syntax("a symmetric edge type reads the same both ways: give one phrase", tokens[tokens.count - 1], line: lineNumber)
                        }
                        edges[i].translations[language] = pair
                    case .derived(let i):
                        guard derived[i].translations[language] == nil else {
                            throw KGError(.duplicateDeclaration, "derived type \(derived[i].name) already has a '\(language)' phrase", span: .token(tokens[1], line: lineNumber))
                        }
                        derived[i].translations[language] = pair
                        pendingDefinition = nil
                    default:
                        throw syntax("'phrase' must follow an edge or derived declaration", first, line: lineNumber)
                    }
                case "say":
                    let (language, pair) = try parsePhraseLine(tokens, line: lineNumber, allowEnglish: true)
                    let type: String
                    switch block {
                    case .edge(let i):
                        if edges[i].isSymmetric, pair.inverse != pair.phrase {
                            throw syntax("a symmetric edge type reads the same both ways: give one phrase", tokens[tokens.count - 1], line: lineNumber)
                        }
                        type = edges[i].name
                    case .derived(let i):
                        type = derived[i].name
                        pendingDefinition = nil
                    default:
                        throw syntax("'say' must follow an edge or derived declaration", first, line: lineNumber)
                    }
                    lexicon.synonyms[type, default: []].append(LexiconPhrase(language: language, phrases: pair))
                case "cue":
                    guard tokens.count == 3, case .word(let language) = tokens[1].payload, (2...3).contains(language.count),
                          case .string(let noun) = tokens[2].payload, noun.contains(where: { !$0.isWhitespace }) else {
                        throw syntax("expected 'cue LANG \"noun\"', e.g. cue de \"Partnerschaft\"", tokens.count > 1 ? tokens[1] : first, line: lineNumber)
                    }
                    let type: String
                    switch block {
                    case .edge(let i): type = edges[i].name
                    case .derived(let i):
                        type = derived[i].name
                        pendingDefinition = nil
                    default: throw syntax("'cue' must follow an edge or derived declaration", first, line: lineNumber)
                    }
                    lexicon.cues[type, default: []].append(LexiconCue(language: language, noun: noun))
                case "implies":
                    guard case .edge(let i) = block else { throw syntax("'implies' must follow an edge declaration", first, line: lineNumber) }
                    guard tokens.count == 2, case .word(let implied) = tokens[1].payload, isIdentifier(implied) else {
                        throw syntax("expected 'implies TYPE', e.g. implies party", tokens.count > 1 ? tokens[1] : first, line: lineNumber)
                    }
                    lexicon.implies[edges[i].name, default: []].append(implied)
                    impliedAt.append((edges[i].name, implied, lineNumber))
                case "what":
                    guard case .derived(let i) = block else { throw syntax("'what' must follow a derived declaration", first, line: lineNumber) }
                    var names: [String] = []
                    for token in tokens.dropFirst() {
                        guard case .word(let p) = token.payload, isIdentifier(p) else {
                            throw syntax("expected 'what PROPERTY…', the fact's properties that say what the relation is about", token, line: lineNumber)
                        }
                        names.append(p)
                    }
                    guard !names.isEmpty else { throw syntax("expected 'what PROPERTY…'", first, line: lineNumber) }
                    lexicon.whatProperties[derived[i].name, default: []] += names
                    pendingDefinition = nil
                case "ask":
                    guard tokens.count == 3, case .word(let language) = tokens[1].payload, (2...3).contains(language.count),
                          case .string(let frame) = tokens[2].payload, frame.contains(where: { !$0.isWhitespace }) else {
                        throw syntax("expected 'ask LANG \"frame\"', e.g. ask en \"when was X founded\"", tokens.count > 1 ? tokens[1] : first, line: lineNumber)
                    }
                    guard let property = lastProperty else { throw syntax("'ask' must follow a 'prop' line", first, line: lineNumber) }
                    let words = frame.split(separator: " ").map(String.init)
                    switch block {
                    case .kind(let i):
                        guard words.contains("X") else { throw syntax("a frame names the node as X: \"when was X founded\"", tokens[2], line: lineNumber) }
                        lexicon.frames.append(PropertyFrame(owner: kinds[i].name, ownerIsEdge: false, property: property, language: language, frame: frame))
                    case .edge(let i):
                        guard words.contains("X"), words.contains("Y") else {
                            throw syntax("a frame names the edge's source as X and its target as Y: \"what kind of site does X have in Y\"", tokens[2], line: lineNumber)
                        }
                        lexicon.frames.append(PropertyFrame(owner: edges[i].name, ownerIsEdge: true, property: property, language: language, frame: frame))
                    default:
                        throw syntax("'ask' must follow a 'prop' line of a kind or edge", first, line: lineNumber)
                    }
                case "as":
                    guard case .derived(let i) = block else {
                        throw syntax("'as' must follow a derived declaration", first, line: lineNumber)
                    }
                    let body = Substring(String(String.UnicodeScalarView(rawLine.unicodeScalars.dropFirst(first.endColumn - 1)))).trimmingCharacters(in: " \t")
                    guard !body.isEmpty else { throw syntax("'as' needs a pattern from (x) to (y)", first, line: lineNumber) }
                    pendingDefinition = (i, body, lineNumber)
                    derived[i].definition = body
                    derived[i].definitionLine = lineNumber
                default:
                    if case .derived(let i) = block, let pending = pendingDefinition, pending.index == i {
                        // A continuation line of a long definition.
                        let more = rawLine.trimmingCharacters(in: " \t")
                        derived[i].definition += " " + more
                        continue
                    }
                    throw syntax("unknown line '\(keyword)' inside a declaration", first, line: lineNumber,
                                 suggestion: "indented lines are 'prop NAME: TYPE', 'open', 'say LANG \"phrase\"', 'implies TYPE', 'cue LANG \"noun\"', 'ask LANG \"frame\"', 'what PROPERTY', 'phrase LANG \"phrase\" / \"inverse\"', 'noun LANG \"singular\" / \"plural\"' or 'as PATTERN'")
                }
                continue
            }

            pendingDefinition = nil
            lastProperty = nil
            switch keyword {
            case "spelling":
                let (_, pair) = try parsePhraseLine(tokens, line: lineNumber, allowEnglish: true)
                lexicon.spellings[pair.phrase.lowercased()] = pair.inverse.lowercased()
            case "schema":
                guard tokens.count == 2, case .word(let n) = tokens[1].payload, isIdentifier(n) else {
                    throw syntax("expected 'schema NAME'", tokens.count > 1 ? tokens[1] : first, line: lineNumber)
                }
                name = n
                block = .none
            case "kind":
                guard tokens.count >= 2, case .word(let kindName) = tokens[1].payload, isIdentifier(kindName) else {
                    throw syntax("expected 'kind NAME [\"description\"] [open]'", tokens.count > 1 ? tokens[1] : first, line: lineNumber)
                }
                if let earlier = declared[kindName] {
                    throw KGError(.duplicateDeclaration, "'\(kindName)' is already declared on line \(earlier)", span: .token(tokens[1], line: lineNumber))
                }
                declared[kindName] = lineNumber
                var kind = NodeKind(name: kindName)
                for token in tokens.dropFirst(2) {
                    switch token.payload {
                    case .string(let d): kind.description = d
                    case .word("open"): kind.isOpen = true
                    case .word("fact"): kind.isFact = true
                    default: throw syntax("unexpected text after the kind name", token, line: lineNumber,
                                          suggestion: "a kind may be followed by a \"description\", 'open' and 'fact'")
                    }
                }
                kinds.append(kind)
                block = .kind(kinds.count - 1)
            case "edge", "derived":
                let head = try parseEdgeHead(tokens, line: lineNumber)
                if let earlier = declared[head.name] {
                    throw KGError(.duplicateDeclaration, "'\(head.name)' is already declared on line \(earlier)", span: .token(tokens[1], line: lineNumber))
                }
                declared[head.name] = lineNumber
                if keyword == "edge" {
                    edges.append(EdgeType(name: head.name, sources: head.sources, targets: head.targets, isSymmetric: head.symmetric,
                                          phrase: head.phrase, inversePhrase: head.inverse, isOpen: head.open))
                    block = .edge(edges.count - 1)
                } else {
                    let phrase = head.phrase ?? head.name.replacingOccurrences(of: "_", with: " ")
                    derived.append(DerivedEdgeType(name: head.name, sources: head.sources, targets: head.targets, isSymmetric: head.symmetric,
                                                   phrase: phrase, inversePhrase: head.inverse ?? phrase,
                                                   definition: "", definitionLine: lineNumber))
                    block = .derived(derived.count - 1)
                }
            default:
                throw syntax("unknown declaration '\(keyword)'", first, line: lineNumber,
                             suggestion: EditDistance.suggestion(for: keyword, among: ["schema", "kind", "edge", "derived", "spelling"]).map { "did you mean '\($0)'?" }
                                ?? "a declaration starts with schema, kind, edge or derived; 'prop' lines are indented")
            }
        }

        // Cross-checks: endpoint kinds exist; every derived type has a definition.
        let kindNames = Set(kinds.map(\.name))
        func checkKinds(_ set: KindSet, line: Int, what: String) throws(KGError) {
            guard case .some(let names) = set else { return }
            for k in names where !kindNames.contains(k) {
                throw KGError(.undeclaredKind, "\(what) names kind '\(k)', which this schema does not declare",
                              span: .line(line), suggestion: EditDistance.suggestion(for: k, among: Array(kindNames)).map { "did you mean '\($0)'?" })
            }
        }
        for e in edges {
            try checkKinds(e.sources, line: declared[e.name] ?? 0, what: "edge type '\(e.name)'")
            try checkKinds(e.targets, line: declared[e.name] ?? 0, what: "edge type '\(e.name)'")
        }
        for d in derived {
            try checkKinds(d.sources, line: declared[d.name] ?? 0, what: "derived type '\(d.name)'")
            try checkKinds(d.targets, line: declared[d.name] ?? 0, what: "derived type '\(d.name)'")
            if d.definition.isEmpty {
                throw KGError(.schemaSyntax, "derived type '\(d.name)' has no definition", span: .line(declared[d.name] ?? 0),
                              suggestion: "add an indented line 'as (x)-[...]->(y)' below it")
            }
        }
        let typeNames = Set(edges.map(\.name))
        for (type, implied, line) in impliedAt where !typeNames.contains(implied) {
            throw KGError(.schemaSyntax, "edge type '\(type)' implies '\(implied)', which this schema does not declare as an edge type", span: .line(line),
                          suggestion: EditDistance.suggestion(for: implied, among: Array(typeNames)).map { "did you mean '\($0)'?" })
        }
        var schema = GraphSchema(name: name, kinds: kinds, edgeTypes: edges, derivedTypes: derived, source: text)
        schema.lexicon = lexicon
        return schema
    }

    private struct EdgeHead {
        var name: String
        var sources: KindSet
        var targets: KindSet
        var symmetric: Bool
        var phrase: String?
        var inverse: String?
        var open: Bool
    }

    /// `edge NAME: KINDS -> KINDS ["phrase" [/ "inverse"]] [open]`
    private static func parseEdgeHead(_ tokens: [LineTokenizer.Token], line: Int) throws(KGError) -> EdgeHead {
        let usage = "expected 'edge NAME: KINDS -> KINDS \"phrase\" / \"inverse phrase\"'"
        guard tokens.count >= 5, case .word(var name) = tokens[1].payload, name.hasSuffix(":") else {
            throw KGError(.schemaSyntax, usage, span: .token(tokens.count > 1 ? tokens[1] : tokens[0], line: line))
        }
        name.removeLast()
        guard isIdentifier(name) else {
            throw KGError(.schemaSyntax, "'\(name)' is not a valid type name (letters, digits and _)", span: .token(tokens[1], line: line))
        }
        let sources = try parseKindSet(tokens[2], line: line)
        guard case .word(let arrow) = tokens[3].payload, arrow == "->" || arrow == "--" else {
            throw KGError(.schemaSyntax, "expected '->' (directed) or '--' (symmetric) between the end kinds", span: .token(tokens[3], line: line))
        }
        let targets = try parseKindSet(tokens[4], line: line)
        var head = EdgeHead(name: name, sources: sources, targets: targets, symmetric: arrow == "--", open: false)
        var rest = tokens.dropFirst(5)
        if case .string(let p)? = rest.first?.payload { head.phrase = p; rest = rest.dropFirst() }
        if case .word("/")? = rest.first?.payload {
            rest = rest.dropFirst()
            guard case .string(let inv)? = rest.first?.payload else {
                throw KGError(.schemaSyntax, "expected the inverse phrase in quotes after '/'", span: .token(tokens[tokens.count - 1], line: line))
            }
            head.inverse = inv
            rest = rest.dropFirst()
        }
        if case .word("open")? = rest.first?.payload { head.open = true; rest = rest.dropFirst() }
        if let extra = rest.first {
            throw KGError(.schemaSyntax, "unexpected text at the end of the declaration", span: .token(extra, line: line))
        }
        return head
    }

    /// `phrase LANG "phrase" [/ "inverse phrase"]`: the type's phrases in
    /// another language (a code of 2 or 3 lower-case letters, such as `de`).
    /// Also `noun LANG "singular" / "plural"` under a kind (`allowEnglish`).
    private static func parsePhraseLine(_ tokens: [LineTokenizer.Token], line: Int, allowEnglish: Bool = false) throws(KGError) -> (String, PhrasePair) {
        let usage = allowEnglish ? "expected 'noun LANG \"singular\" / \"plural\"', e.g. noun de \"Unternehmen\" / \"Unternehmen\""
                                 : "expected 'phrase LANG \"phrase\" / \"inverse phrase\"', e.g. phrase de \"entwickelt\" / \"wird entwickelt von\""
        guard tokens.count >= 3, case .word(let language) = tokens[1].payload else {
            throw KGError(.schemaSyntax, usage, span: .token(tokens[tokens.count > 1 ? 1 : 0], line: line))
        }
        guard (2...3).contains(language.count), language.allSatisfy({ ("a"..."z").contains($0) }) else {
            throw KGError(.schemaSyntax, "'\(language)' is not a language code (2 or 3 lower-case letters, such as de)", span: .token(tokens[1], line: line))
        }
        guard language != "en" || allowEnglish else {
            throw KGError(.schemaSyntax, "the English phrase goes on the declaration line itself", span: .token(tokens[1], line: line))
        }
        guard case .string(let phrase) = tokens[2].payload, phrase.contains(where: { !$0.isWhitespace }) else {
            throw KGError(.schemaSyntax, usage, span: .token(tokens[2], line: line))
        }
        var inverse = phrase
        var rest = tokens.dropFirst(3)
        if case .word("/")? = rest.first?.payload {
            rest = rest.dropFirst()
            guard case .string(let inv)? = rest.first?.payload, inv.contains(where: { !$0.isWhitespace }) else {
                throw KGError(.schemaSyntax, "expected the inverse phrase in quotes after '/'", span: .token(tokens[tokens.count - 1], line: line))
            }
            inverse = inv
            rest = rest.dropFirst()
        }
        if let extra = rest.first {
            throw KGError(.schemaSyntax, "unexpected text at the end of the phrase line", span: .token(extra, line: line))
        }
        return (language, PhrasePair(phrase: phrase, inverse: inverse))
    }

    private static func parseKindSet(_ token: LineTokenizer.Token, line: Int) throws(KGError) -> KindSet {
        guard case .word(let text) = token.payload else {
            throw KGError(.schemaSyntax, "expected kind names such as Company|Organisation, or *", span: .token(token, line: line))
        }
        if text == "*" { return .any }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.allSatisfy(isIdentifier) else {
            throw KGError(.schemaSyntax, "'\(text)' is not a list of kind names joined by '|'", span: .token(token, line: line))
        }
        return .some(parts)
    }

    /// `prop NAME: TYPE [required] [one of a b c]`
    private static func parseProperty(_ tokens: [LineTokenizer.Token], line: Int) throws(KGError) -> PropertyDefinition {
        guard tokens.count >= 3, case .word(var name) = tokens[1].payload, name.hasSuffix(":") else {
            throw KGError(.schemaSyntax, "expected 'prop NAME: TYPE'", span: .token(tokens.count > 1 ? tokens[1] : tokens[0], line: line))
        }
        name.removeLast()
        guard isIdentifier(name) else {
            throw KGError(.schemaSyntax, "'\(name)' is not a valid property name", span: .token(tokens[1], line: line))
        }
        guard case .word(let typeName) = tokens[2].payload, let type = PropertyType(rawValue: typeName) else {
            let found: String
            if case .word(let w) = tokens[2].payload { found = w } else { found = "a string" }
            throw KGError(.schemaSyntax, "unknown property type '\(found)'", span: .token(tokens[2], line: line),
                          suggestion: "types are " + PropertyType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        var property = PropertyDefinition(name: name, type: type)
        var i = 3
        while i < tokens.count {
            switch tokens[i].payload {
            case .word("required"):
                property.isRequired = true
                i += 1
            case .word("one"):
                guard i + 1 < tokens.count, tokens[i + 1].payload == .word("of"), i + 2 < tokens.count else {
                    throw KGError(.schemaSyntax, "expected 'one of VALUE VALUE …'", span: .token(tokens[i], line: line))
                }
                var values: [String] = []
                for t in tokens[(i + 2)...] {
                    switch t.payload {
                    case .word(let v), .string(let v): values.append(v)
                    case .assignment: throw KGError(.schemaSyntax, "unexpected '=' in the list of allowed values", span: .token(t, line: line))
                    }
                }
                property.allowedValues = values
                i = tokens.count
            default:
                throw KGError(.schemaSyntax, "unexpected text after the property type", span: .token(tokens[i], line: line),
                              suggestion: "a property may be followed by 'required' and 'one of VALUE …'")
            }
        }
        return property
    }
}

extension Substring {
    package func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
