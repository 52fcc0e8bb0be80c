import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Random inputs in the regular suite, each run repeatable from its seed:
/// random valid graph text documents import; every single-character mutation
/// of them either imports or fails with a KGError and leaves the graph as it
/// was; random queries from a small grammar never crash the pipeline.
/// (A crash would end the test process: surviving is the assertion.)
@Suite struct ReliabilityPropertyBasedTests {
    // MARK: Random graph text

    /// Text with the characters that break naive formats: quotes, backslashes,
    /// line breaks, tabs, control characters, SQL, markup, RTL marks, emoji.
    static let textPieces: [String] = [
        "a", "Z", "0", " ", "  ", "\"", "\\", "'", "\n", "\t", "\r", "\u{0}", "\u{7}", "\u{1B}[31m", "#", "=", "-", ".", ",", ";",
        "{", "}", "[", "]", "<b>", "&amp;", "->", "--", "'); DROP TABLE nodes;--", "\\u{41}", "\\n", "ü", "ß", "小米", "🚀", "👍🏽",
        "\u{200F}", "\u{202E}", "\u{2028}", "\u{85}", "e\u{301}", "\u{301}", "\u{FEFF}", "%s", "$company", "NULL", "\"\"\"",
    ]

    static func randomText(_ r: inout SeededRandom, nonBlank: Bool = true) -> String {
        var s = ""
        for _ in 0..<r.int(1..<8) { s += r.pick(textPieces) }
        if nonBlank, s.trimmingCharacters(in: .whitespaces).isEmpty { s += "x" }
        return s
    }

    /// `s` with every line-break scalar replaced by a space: a comment stays
    /// one line even where "\n" and a combining mark form one Character.
    static func oneLine(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : $0 }))
    }

    /// A graph text string literal for `s` (the tokenizer's own quoting).
    static func quoted(_ s: String) -> String { LineTokenizer.quoted(s) }

    static func randomDate(_ r: inout SeededRandom) -> PartialDate {
        let year = r.int(1990..<2030)
        switch r.int(0..<3) {
        case 0: return PartialDate("\(year)")!
        case 1: return PartialDate(String(format: "%04d-%02d", year, r.int(1..<13)))!
        default: return PartialDate(String(format: "%04d-%02d-%02d", year, r.int(1..<13), r.int(1..<29)))!
        }
    }

    static func randomValue(_ definition: PropertyDefinition, _ r: inout SeededRandom) -> String {
        if let allowed = definition.allowedValues, !allowed.isEmpty {
            let v = r.pick(allowed)
            return r.chance(0.5) ? v : quoted(v)
        }
        switch definition.type {
        case .string: return quoted(randomText(&r, nonBlank: false))
        case .int: return String(Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &r))
        case .float: return r.chance(0.3) ? String(r.int(-500..<500)) : String(format: "%d.%d", r.int(-500..<500), r.int(0..<100))
        case .bool: return r.chance(0.5) ? "true" : "false"
        case .date: return randomDate(&r).description
        }
    }

    struct Generated {
        var text: String
        var nodes = 0
        var edges = 0
        var aliases = 0
        var evidence = 0
        var sources = 0
        /// key -> name, to check names round-trip exactly.
        var names: [String: String] = [:]
        /// Distinct edges and pieces of evidence: an import merges equal
        /// edges and does not repeat a quote a fact already has.
        var edgeSignatures = Set<String>()
        var evidenceSignatures = Set<String>()
    }

    /// A valid document for `schema`: every fact has evidence, every edge
    /// joins kinds its type allows, every property has its declared type.
    static func document(_ schema: GraphSchema, _ r: inout SeededRandom, prefix: String) -> Generated {
        var g = Generated(text: "")
        let crlf = r.chance(0.2)
        var lines: [String] = []
        let sourceCount = r.int(1..<4)
        for i in 0..<sourceCount {
            var line = "source \(prefix)s\(i) file=\(quoted(randomText(&r)))"
            if r.chance(0.5) { line += " published=\(randomDate(&r))" }
            if r.chance(0.5) { line += " lang=de" }
            if r.chance(0.5) { line += " title=\(quoted(randomText(&r)))" }
            lines.append(line)
        }
        g.sources = sourceCount
        let kinds = schema.kindOrder
        let nodeCount = r.int(1..<14)
        let nodeKinds = (0..<nodeCount).map { _ in r.pick(kinds) }
        let key = { (i: Int) in "\(prefix)n\(i)" }
        func evidenceLines(_ r: inout SeededRandom) -> [String] {
            (0..<r.int(1..<3)).map { _ in "evidence \(prefix)s\(r.int(0..<sourceCount)) \(quoted(randomText(&r)))" }
        }
        func edgeLine(from i: Int, _ r: inout SeededRandom) -> String? {
            let options = schema.edgeTypeOrder.compactMap { schema.edgeTypes[$0] }.filter { $0.sources.contains(nodeKinds[i]) }
            guard !options.isEmpty else { return nil }
            let type = r.pick(options)
            let targets = (0..<nodeCount).filter { type.targets.contains(nodeKinds[$0]) }
            guard !targets.isEmpty else { return nil }
            var line = "\(type.name) \(key(r.pick(targets)))"
            for name in type.propertyOrder where r.chance(0.4) {
                line += " \(name)=\(randomValue(type.properties[name]!, &r))"
            }
            if r.chance(0.3) {
                let a = randomDate(&r), b = randomDate(&r)
                let (from, to) = a.firstDay <= b.firstDay ? (a, b) : (b, a)
                if r.chance(0.8) { line += " from=\(from)" }
                if r.chance(0.8), to.lastDay >= from.firstDay { line += " to=\(to)" }
            }
            return line
        }
        let indent = r.chance(0.8) ? "  " : "\t"
        for i in 0..<nodeCount {
            if r.chance(0.2) { lines.append(r.chance(0.5) ? "" : "# " + oneLine(randomText(&r))) }
            let kind = schema.kinds[nodeKinds[i]]!
            let name = randomText(&r)
            g.names[key(i)] = name
            var line = "node \(kind.name) \(key(i)) \(quoted(name))"
            for prop in kind.propertyOrder {
                let definition = kind.properties[prop]!
                if definition.isRequired || r.chance(0.4) { line += " \(prop)=\(randomValue(definition, &r))" }
            }
            lines.append(line)
            for _ in 0..<r.int(0..<3) {
                lines.append(indent + "alias \(quoted(randomText(&r)))")
                g.aliases += 1
            }
            var edges = 0
            var blockEdges: [String] = []
            var edgeEvidence = 0
            for _ in 0..<r.int(0..<4) {
                guard let edge = edgeLine(from: i, &r) else { continue }
                lines.append(indent + edge); edges += 1; blockEdges.append(key(i) + " " + edge)
                // An edge line's own evidence, indented under it (it inherits none from the block).
                let own = evidenceLines(&r)
                lines += own.map { indent + "  " + $0 }
                for line in own { g.evidenceSignatures.insert("e:\(key(i)) \(edge)|\(line)") }
                edgeEvidence += own.count
            }
            let evidence = evidenceLines(&r)
            lines += evidence.map { indent + $0 }
            for line in evidence { g.evidenceSignatures.insert("n:\(key(i))|\(line)") }
            g.edgeSignatures.formUnion(blockEdges)
            g.nodes += 1
            g.edges += edges
            g.evidence += evidence.count + edgeEvidence
        }
        for _ in 0..<r.int(0..<4) {
            let i = r.int(0..<nodeCount)
            guard let edge = edgeLine(from: i, &r) else { continue }
            lines.append("edge \(key(i)) \(edge)")
            let evidence = evidenceLines(&r)
            lines += evidence.map { indent + $0 }
            g.edgeSignatures.insert(key(i) + " " + edge)
            for line in evidence { g.evidenceSignatures.insert("e:\(key(i)) \(edge)|\(line)") }
            g.edges += 1
            g.evidence += evidence.count
        }
        g.text = (r.chance(0.1) ? "\u{FEFF}" : "") + lines.joined(separator: crlf ? "\r\n" : "\n") + (r.chance(0.5) ? "\n" : "")
        return g
    }

    /// Aliases are stored once per node and folded name: count what the
    /// store reports rather than what was written.
    @Test func randomValidDocumentsImport() throws {
        var r = SeededRandom(seed: 0x5EED_0001)
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        for i in 0..<150 {
            let g = Self.document(store.schema, &r, prefix: "d\(i)-")
            let summary: GraphTextImporter.Summary
            do {
                summary = try GraphTextImporter(store: store).importText(g.text, file: "random-\(i).kg")
            } catch {
                Issue.record("document \(i) was refused: \(error)\n\(g.text)")
                continue
            }
            #expect(summary.nodes == g.nodes && summary.edges == g.edgeSignatures.count && summary.sources == g.sources
                    && summary.evidence == g.evidenceSignatures.count, "document \(i): \(summary)")
            for (key, name) in g.names {
                #expect(try store.node(key: key)?.name == name, "document \(i), node \(key)")
            }
        }
        #expect(try GraphFile.integrity(store.path) == "ok")
    }

    static let mutationPieces: [String] = ["\"", "\\", "=", " ", "\n", "\t", "#", "a", "Z", "0", "9", "-", ".", "{", "}", "u",
                                           "é", "小", "\r", "\u{0}", "\u{FEFF}", "\u{301}", "\u{FFFD}", "\r\n"]

    @Test func mutatedDocumentsImportOrFailCleanly() throws {
        var r = SeededRandom(seed: 0x5EED_0002)
        let dir = TemporaryDirectory()
        var imported = 0, refused = 0
        var codes: [ErrorCode: Int] = [:]
        for i in 0..<60 {
            // A small graph per document keeps the digests cheap; it already
            // holds the unmutated document under other keys.
            let store = try GraphStore.create(at: dir.file("g\(i).sqlite"))
            let g = Self.document(store.schema, &r, prefix: "m\(i)-")
            try GraphTextImporter(store: store).importText(g.text.replacingOccurrences(of: "m\(i)-", with: "base\(i)-"))
            var characters = Array(g.text)
            for m in 0..<12 {
                var mutated = characters
                let position = r.int(0..<(mutated.count + 1))
                switch r.int(0..<3) {
                case 0 where position < mutated.count: mutated.remove(at: position)
                case 1 where position < mutated.count: mutated[position] = Character(r.pick(Self.mutationPieces))
                default: mutated.insert(contentsOf: r.pick(Self.mutationPieces), at: position)
                }
                let text = String(mutated)
                let before = try store.contentDigest()
                do {
                    try GraphTextImporter(store: store).importText(text, file: "mutant-\(i)-\(m).kg")
                    imported += 1
                    // Imported: the same keys must not go in twice.
                    characters = Array(g.text.replacingOccurrences(of: "m\(i)-", with: "m\(i)x\(m)-"))
                } catch {
                    refused += 1
                    codes[error.code, default: 0] += 1
                    #expect(try store.contentDigest() == before, "mutant \(i)-\(m) changed the graph: \(error)")
                    #expect(error.file == "mutant-\(i)-\(m).kg")
                    if let span = error.span { #expect(span.start.line >= 1 && span.start.column >= 1, "\(error)") }
                }
            }
            #expect(try GraphFile.integrity(store.path) == "ok")
        }
        print("mutations: \(imported + refused) single-character mutants: \(imported) imported, \(refused) refused with "
              + codes.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)×\($0.value)" }.joined(separator: " "))
        #expect(refused > 0 && imported > 0)
    }

    // MARK: Random queries

    struct QueryGenerator {
        var r: SeededRandom
        let kinds = ["Company", "Person", "Product", "Agreement", "Organisation", "Place", "Compny"]
        let types = ["licensor", "licensee", "party", "develops", "partner_of", "licenses_patents_to", "works_for", "supplies", "sells", "nope"]
        let properties = ["name", "key", "kind", "founded", "date", "patents", "country", "role", "title", "colour"]
        let names = ["Xiaomi", "Nokia", "IKEA", "\"FAW Car\"", "Microsoft", "Xiaomy", "$company", "'小米'"]
        var variables = ["a", "b", "c"]

        mutating func pick<T>(_ items: [T]) -> T { r.pick(items) }

        mutating func node(_ v: String) -> String {
            var s = "(" + (r.chance(0.85) ? v : "")
            if r.chance(0.5) { s += ":" + pick(kinds) + (r.chance(0.2) ? "|" + pick(kinds) : "") }
            if r.chance(0.15) { s += " = " + pick(names) } else if r.chance(0.1) { s += " {\(pick(properties)): \(literal())}" }
            return s + ")"
        }

        mutating func edge() -> String {
            let body = r.chance(0.2) ? "" : "[" + (r.chance(0.2) ? "e\(r.int(0..<2))" : "") + ":" + (r.chance(0.1) ? "^" : "") + pick(types) + "]"
            var quantifier = ""
            if r.chance(0.3) { quantifier = pick(["+", "*", "?", "{1,3}", "{2}", "{0,}", "{3,1}", "{,2}"]) }
            switch r.int(0..<3) {
            case 0: return (body.isEmpty ? "-->" : "-\(body)->") + quantifier
            case 1: return (body.isEmpty ? "<--" : "<-\(body)-") + quantifier
            default: return (body.isEmpty ? "--" : "-\(body)-") + quantifier
            }
        }

        mutating func literal() -> String {
            pick(["1", "2010", "-3", "2.5", "'Xiaomi'", "\"x\\\"y\"", "true", "null", "2017-07", "2018-01-15", "[1, 2]", "$company", "$year", "'小米🚀'"])
        }

        mutating func expression(_ depth: Int = 0) -> String {
            if depth > 3 || r.chance(0.3) {
                return r.chance(0.5) ? "\(pick(variables)).\(pick(properties))" : literal()
            }
            switch r.int(0..<9) {
            case 0: return "\(expression(depth + 1)) \(pick(["=", "<>", "<", ">=", "CONTAINS", "STARTS WITH", "IN"])) \(expression(depth + 1))"
            case 1: return "\(expression(depth + 1)) \(pick(["AND", "OR"])) \(expression(depth + 1))"
            case 2: return "NOT (\(expression(depth + 1)))"
            case 3: return "(\(expression(depth + 1)))"
            case 4: return "\(expression(depth + 1)) IS \(r.chance(0.5) ? "NOT " : "")NULL"
            case 5: return "\(pick(["lower", "upper", "size", "coalesce", "year", "name", "key", "kind", "length", "frob"]))(\(expression(depth + 1)))"
            case 6: return "-\(r.chance(0.5) ? "1" : pick(variables) + "." + pick(properties))"
            case 7: return "[\(expression(depth + 1)), \(expression(depth + 1))]"
            default: return pick(variables)
            }
        }

        mutating func query() -> String {
            var q = pick(["", "", "", "EXPLAIN ", "PROFILE "]) + "MATCH "
            if r.chance(0.1) { q += "p = " + pick(["SHORTEST ", "ALL SHORTEST ", ""]) }
            q += node("a")
            let hops = r.int(0..<3)
            for h in 0..<hops { q += edge() + node(h == 0 ? "b" : "c") }
            let extra = r.chance(0.2)
            if extra { q += ", " + node("c") }
            // Mostly the variables the patterns declare; now and then one they do not.
            variables = ["a"] + (hops > 0 ? ["b"] : []) + (hops > 1 || extra ? ["c"] : []) + (r.chance(0.1) ? ["zz"] : [])
            if r.chance(0.5) { q += " WHERE " + expression() }
            if r.chance(0.15) { q += pick([" AS OF 2018", " AS OF 2017-07", " DURING 2017 .. 2019-06", " AS OF $year"]) }
            q += " RETURN " + (r.chance(0.2) ? "DISTINCT " : "")
            if r.chance(0.1) { q += "*" } else {
                var items: [String] = []
                for _ in 0..<r.int(1..<4) {
                    items.append(r.chance(0.2) ? pick(["count(*)", "count(DISTINCT a)", "collect(a.name)", "min(a.founded)", "evidence()", "length(p)", "nodes(p)"]) : expression())
                }
                q += items.joined(separator: ", ")
            }
            if r.chance(0.3) { q += " ORDER BY " + expression() + (r.chance(0.5) ? " DESC" : "") }
            if r.chance(0.2) { q += " SKIP \(r.int(0..<5))" }
            if r.chance(0.3) { q += " LIMIT \(pick(["0", "1", "10", "$limit", "-1", "'x'"]))" }
            // Now and then a character out of place.
            if r.chance(0.15) {
                var chars = Array(q)
                let i = r.int(0..<chars.count)
                chars[i] = pick(Array("()[]{}-><:|*+?=,.'\"$`;#/\\ x"))
                q = String(chars)
            }
            return q
        }
    }

    @Test func randomQueriesNeverCrashTheEngine() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.open(at: try SeedTemplate.copy(to: dir.file("g.sqlite")), mode: .readOnly)
        let engine = QueryEngine(store: store)
        var generator = QueryGenerator(r: SeededRandom(seed: 0x5EED_0003))
        var answered = 0, refused = 0, rows = 0
        var codes: [ErrorCode: Int] = [:]
        for _ in 0..<2_000 {
            let text = generator.query()
            if ProcessInfo.processInfo.environment["KG_DEBUG_QUERIES"] != nil { FileHandle.standardError.write(Data((text + "\n").utf8)) }
            if let tree = try? Parser.parse(text) {
                #expect(try Parser.parse(QueryPrinter.format(tree)) == tree, "round trip: \(text)")
            }
            let parameters: [String: Value] = generator.r.chance(0.7) ? ["company": .string("xiaomi"), "year": .int(2018), "limit": .int(3)] : [:]
            do {
                let result = try engine.execute(text, options: .init(parameters: parameters, limits: QueryLimits(timeLimit: 2, rowLimit: 20_000)))
                answered += 1
                rows += result.rows.count
                var formatter = ResultFormatter(store: store)
                for format in ResultFormatter.Format.allCases { _ = formatter.render(result, as: format) }
            } catch {
                refused += 1
                codes[error.code, default: 0] += 1
                if let span = error.span { #expect(span.start.line >= 1 && span.start.column >= 1, "\(error) for \(text)") }
            }
        }
        print("queries: 2000 random queries: \(answered) answered (\(rows) rows), \(refused) refused with "
              + codes.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)×\($0.value)" }.joined(separator: " "))
        #expect(answered > 50 && refused > 50)
    }

    /// The banded edit distance behind "did you mean" agrees with the full one.
    @Test func boundedEditDistanceAgreesWithTheFullTable() {
        var r = SeededRandom(seed: 0x5EED_0004)
        let alphabet = Array("abcxyzé小")
        for _ in 0..<3_000 {
            let a = String((0..<r.int(0..<9)).map { _ in r.pick(alphabet) })
            let b = String((0..<r.int(0..<9)).map { _ in r.pick(alphabet) })
            let bound = r.int(0..<4)
            let full = EditDistance.distance(a, b)
            let banded = EditDistance.distance(Array(a.lowercased()), Array(b.lowercased()), atMost: bound)
            #expect(banded == (full <= bound ? full : nil), "\(a) / \(b) within \(bound)")
        }
    }
}
