import KGModel
import KGStorage
import KGEngine

/// Renders a ``QueryResult`` for people (an aligned table), for programs
/// (JSON: `{"columns": [...], "rows": [[...], ...]}`; JSON lines: one
/// object per row, see ``jsonLines(_:why:)``) or for spreadsheets (CSV with
/// a header, RFC 4180 quoting); `line` shows each row as one line per
/// column, for rows too wide for a table.
public struct ResultFormatter {
    public enum Format: String, Sendable, CaseIterable {
        case table, json, csv, jsonl, line
    }

    public let store: any GraphReading
    private var names: [Int64: NodeRecord] = [:]
    private var edges: [Int64: EdgeRecord?] = [:]
    private var evidenceItems: [[Fact]: [EvidenceItem]] = [:]
    /// The first read that failed while rendering (``format(_:as:why:color:)`` throws it).
    public private(set) var readError: KGError?
    /// The request's budget: rendering runs under the same clock, cancellation
    /// and memory account as the query it shows. Every format calls
    /// ``spend(_:)`` per row (and per cell it holds): a look at the clock and
    /// the bytes it produces or keeps. Nil: rendering is unbounded.
    public var budget: QueryBudget?
    /// Why rendering stopped early: the budget ran out (KGE001, KGE003,
    /// KGE005). ``format(_:as:why:color:maxWidth:)`` throws it; after
    /// ``render(_:as:why:color:maxWidth:)`` the text is cut short when set.
    public private(set) var budgetError: KGError?
    /// How many times ``spend(_:)`` ran, and the bytes it has not yet
    /// charged (it tells the budget every 32nd time, or at 64 KiB).
    private var spendCalls = 0
    private var pendingBytes = 0
    /// CSV for spreadsheets: a cell that starts with `=`, `+`, `-`, `@`, a
    /// tab or a carriage return gets a leading `'`, so a spreadsheet shows it
    /// as text instead of running it as a formula (OWASP "CSV injection").
    /// Off by default: CSV for programs keeps every value exactly.
    public var spreadsheetSafe = false
    /// Table and CSV cells show a node by its key instead of its name (paths
    /// and edges too), so that a CSV answer joins with `kg export`'s
    /// nodes.csv (`id`). Off by default: names are for people.
    public var nodesAsKeys = false

    public init(store: any GraphReading) { self.store = store }

    /// A node as a table or CSV cell shows it: its name, or its key with ``nodesAsKeys``.
    private mutating func label(_ id: Int64) -> String {
        nodesAsKeys ? node(id).key : node(id).name
    }

    /// Renders `result` like ``render(_:as:why:color:)``, reading every
    /// record it shows in one read transaction first; a failed read is an
    /// error, never a placeholder in the output.
    public mutating func format(_ result: QueryResult, as format: Format, why: Bool = false, color: Bool = false,
                                maxWidth: Int? = nil) throws(KGError) -> String {
        var copy = self
        let out = try store.read { () throws -> String in
            try copy.load(result, why: why)
            return copy.render(result, as: format, why: why, color: color, maxWidth: maxWidth)
        }
        self = copy
        if let budgetError { throw budgetError }
        if let readError { throw readError }
        return out
    }

    /// The budget hook every format calls once per row or held cell: checks
    /// the request's clock and cancellation and charges `bytes` more held
    /// (text produced, cells kept). False once the budget is spent (the
    /// error is in ``budgetError``): the caller stops rendering.
    public mutating func spend(_ bytes: Int) -> Bool {
        guard budgetError == nil else { return false }
        guard let budget else { return true }
        spendCalls &+= 1
        pendingBytes &+= bytes
        // The budget (a class: each access is checked for exclusivity) is
        // told every 32 rows or cells, or at 64 KiB: a row renders in well
        // under a microsecond, and telling it of each of 7,000 rows cost a
        // tenth of the whole answer (perf: swift_beginAccess).
        guard spendCalls & 31 == 1 || pendingBytes > 1 << 16 else { return true }
        let bytes = pendingBytes
        pendingBytes = 0
        do throws(KGError) {
            try budget.check()
            try budget.charge(bytes)
        } catch {
            budgetError = error
            return false
        }
        return true
    }

    /// Reads the nodes, edges and (with `why`) the evidence a result shows,
    /// in a few batched reads.
    public mutating func load(_ result: QueryResult, why: Bool = false) throws(KGError) {
        var nodeIDs = Set<Int64>(), edgeIDs = Set<Int64>()
        func collect(_ value: Value) {
            switch value {
            case .node(let id): nodeIDs.insert(id)
            case .edge(let id): edgeIDs.insert(id)
            case .path(let p): nodeIDs.formUnion(p.nodes)
            case .list(let items): items.forEach(collect)
            case .map(let members): members.values.forEach(collect)
            default: break
            }
        }
        for row in result.rows { row.forEach(collect) }
        for id in edgeIDs where edges[id] == nil {
            let edge = try store.edge(id: id)
            edges[id] = .some(edge)
            if let edge { nodeIDs.formUnion([edge.source, edge.target]) }
        }
        for record in try store.nodes(ids: nodeIDs.filter { names[$0] == nil }.sorted()) { names[record.id] = record }
        if why {
            for facts in result.rowFacts where evidenceItems[facts] == nil { evidenceItems[facts] = try store.evidenceItems(for: facts) }
        }
    }

    mutating func node(_ id: Int64) -> NodeRecord {
        if let n = names[id] { return n }
        let placeholder = NodeRecord(id: id, key: "#\(id)", kind: "?", name: "#\(id)")
        let n: NodeRecord
        do { n = try store.node(id: id) ?? placeholder } catch {
            if readError == nil { readError = error }
            n = placeholder
        }
        names[id] = n
        return n
    }

    private mutating func edge(_ id: Int64) -> EdgeRecord? {
        if let known = edges[id] { return known }
        var e: EdgeRecord?
        do { e = try store.edge(id: id) } catch { if readError == nil { readError = error } }
        edges[id] = .some(e)
        return e
    }

    // MARK: Text (table and CSV cells)

    /// A value as plain text: nodes by name (or key, ``nodesAsKeys``), paths as arrows, evidence as quotes.
    public mutating func text(_ value: Value) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : String(d)
        case .string(let s): return s
        case .date(let d): return d.description
        case .node(let id): return label(id)
        case .edge(let id):
            guard let e = edge(id) else { return "#\(id)" }
            return "\(label(e.source)) \(store.schema.phrase(of: e.type)) \(label(e.target))"
        case .path(let p):
            var out = label(p.start)
            for step in p.steps {
                // A symmetric type (partner_of) has no direction to show.
                let symmetric = store.schema.edgeTypes[step.type]?.isSymmetric ?? store.schema.derivedTypes[step.type]?.isSymmetric ?? false
                out += symmetric ? " -[\(step.type)]- " : step.reversed ? " <-[\(step.type)]- " : " -[\(step.type)]-> "
                out += label(step.to)
            }
            return out
        case .list(let items): return "[" + items.map { text($0) }.joined(separator: ", ") + "]"
        case .map(let members):
            if case .string(let quote)? = members["quote"], case .string(let file)? = members["file"] {
                let date = members["published"].map { ", " + text($0) } ?? ""
                return "\(file)\(date): „\(quote)“"
            }
            return "{" + members.keys.sorted().map { "\($0): \(text(members[$0]!))" }.joined(separator: ", ") + "}"
        }
    }

    // MARK: JSON

    /// A value as JSON: nodes as {key, kind, name}, dates as strings.
    public mutating func json(_ value: Value) -> JSONValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .date(let d): return .string(d.description)
        case .node(let id):
            let n = node(id)
            return .object(["key": .string(n.key), "kind": .string(n.kind), "name": .string(n.name)])
        case .edge(let id):
            guard let e = edge(id) else { return .null }
            var object: [String: JSONValue] = ["type": .string(e.type), "from": .string(node(e.source).key), "to": .string(node(e.target).key)]
            if !e.props.isEmpty { object["props"] = .object(e.props) }
            if let from = e.period.from { object["valid_from"] = .string(from.description) }
            if let to = e.period.to { object["valid_to"] = .string(to.description) }
            return .object(object)
        case .path(let p):
            return .object(["nodes": .array(p.nodes.map { .string(node($0).key) }),
                            "types": .array(p.steps.map { .string($0.type) }),
                            "length": .int(Int64(p.length))])
        case .list(let items): return .array(items.map { json($0) })
        case .map(let members): return .object(members.mapValues { json($0) })
        }
    }

    /// Writes `value` as the JSON of ``json(_:)``, byte for byte, straight
    /// into `out`: scalars and nodes without building a ``JSONValue``.
    public mutating func writeJSON(_ value: Value, to out: inout JSONWriter) {
        switch value {
        case .null: out.append("null")
        case .bool(let b): b ? out.append("true") : out.append("false")
        case .int(let i): out.writeInt(i)
        case .double(let d): out.writeDouble(d)
        case .string(let s): out.writeString(s)
        case .date(let d): out.writeString(d.description)
        case .node(let id):
            // Keys in sorted order, as JSONValue writes an object.
            let n = node(id)
            out.append("{\"key\":")
            out.writeString(n.key)
            out.append(",\"kind\":")
            out.writeString(n.kind)
            out.append(",\"name\":")
            out.writeString(n.name)
            out.append(byte: 0x7D)
        case .list(let items):
            out.append(byte: 0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(byte: 0x2C) }
                writeJSON(item, to: &out)
            }
            out.append(byte: 0x5D)
        case .edge, .path, .map:
            out.write(json(value))
        }
    }

    /// Writes the rows of `result` as a JSON array of arrays (``writeJSON(_:to:)`` per cell).
    /// With a ``budget``, each row is checked and its bytes charged
    /// (``spend(_:)``); rendering stops at the first row over it.
    public mutating func writeJSONRows(_ result: QueryResult, to out: inout JSONWriter) {
        out.append(byte: 0x5B)
        // The buffer's capacity is charged: it doubles as it grows.
        var written = out.bytes.capacity
        for (r, row) in result.rows.enumerated() {
            guard spend(out.bytes.capacity - written) else { break }
            written = out.bytes.capacity
            if r > 0 { out.append(byte: 0x2C) }
            out.append(byte: 0x5B)
            for (i, cell) in row.enumerated() {
                if i > 0 { out.append(byte: 0x2C) }
                writeJSON(cell, to: &out)
            }
            out.append(byte: 0x5D)
        }
        _ = spend(out.bytes.capacity - written)
        out.append(byte: 0x5D)
    }

    // MARK: Whole results

    /// `maxWidth`: cut table cells wider than this many columns (with "…");
    /// nil keeps every cell whole.
    public mutating func render(_ result: QueryResult, as format: Format, why: Bool = false, color: Bool = false,
                                maxWidth: Int? = nil) -> String {
        switch format {
        case .json:
            // Written row by row into one buffer (keys in sorted order, as
            // JSONValue writes an object), each row checked and charged.
            var out = JSONWriter()
            out.append("{\"columns\":")
            out.write(.array(result.columns.map(JSONValue.string)))
            if why {
                out.append(",\"evidence\":[")
                var written = out.bytes.capacity
                for (r, facts) in result.rowFacts.enumerated() {
                    guard spend(out.bytes.capacity - written) else { break }
                    written = out.bytes.capacity
                    if r > 0 { out.append(byte: 0x2C) }
                    out.write(json(.list(evidence(facts).map(\.value))))
                }
                _ = spend(out.bytes.capacity - written)
                out.append(byte: 0x5D)
            }
            out.append(",\"rows\":")
            writeJSONRows(result, to: &out)
            out.append("}\n")
            // The text handed on is a second copy of the bytes.
            guard spend(out.count) else { return "" }
            return String(decoding: out.bytes, as: UTF8.self)
        case .csv:
            // With why, one more column: the row's evidence, one quote per line
            // ("file, date: „quote“"), so the evidence is never dropped.
            var out = (result.columns + (why ? ["evidence"] : [])).map(csvField).joined(separator: ",") + "\r\n"
            var written = 0
            for (r, row) in result.rows.enumerated() {
                guard spend(out.utf8.count - written) else { break }
                written = out.utf8.count
                var fields = row.map { csvField(text($0)) }
                if why {
                    let items = r < result.rowFacts.count ? evidence(result.rowFacts[r]) : []
                    fields.append(csvField(items.map { item in
                        item.source.file + (item.source.published.map { ", \($0)" } ?? "") + ": „\(item.quote)“"
                    }.joined(separator: "\n")))
                }
                out += fields.joined(separator: ",") + "\r\n"
            }
            _ = spend(out.utf8.count - written)
            return out
        case .table:
            return table(result, why: why, color: color, maxWidth: maxWidth)
        case .jsonl:
            return jsonLines(result, why: why)
        case .line:
            return records(result, why: why, color: color)
        }
    }

    /// JSON lines: one object per row, `{"column": value, …}` with the
    /// columns in their order and values as in ``json(_:)``; with `why`, the
    /// member `evidence` holds the row's evidence. A name that repeats an
    /// earlier one (two columns `x`, or a column called `evidence` with
    /// `why`) gets `_2`, `_3`… No rows, no lines.
    public mutating func jsonLines(_ result: QueryResult, why: Bool = false) -> String {
        var names: [String] = []
        for name in result.columns + (why ? ["evidence"] : []) {
            var unique = name, n = 1
            while names.contains(unique) { n += 1; unique = "\(name)_\(n)" }
            names.append(unique)
        }
        var out = JSONWriter()
        var written = 0
        for (r, row) in result.rows.enumerated() {
            // Under the request's budget, as every format (``spend(_:)``).
            guard spend(out.bytes.capacity - written) else { break }
            written = out.bytes.capacity
            var cells = row
            if why { cells.append(.list(r < result.rowFacts.count ? evidence(result.rowFacts[r]).map(\.value) : [])) }
            out.append(byte: 0x7B)
            for (i, cell) in cells.enumerated() where i < names.count {
                if i > 0 { out.append(byte: 0x2C) }
                out.writeString(names[i])
                out.append(byte: 0x3A)
                writeJSON(cell, to: &out)
            }
            out.append("}\n")
        }
        _ = spend(out.bytes.capacity - written)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    func csvField(_ s: String) -> String {
        var s = s
        if spreadsheetSafe, let first = s.unicodeScalars.first, Self.formulaStarts.contains(first) { s = "'" + s }
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// The evidence of facts as query values ({facts, source, file, published, quote}).
    mutating func evidenceValues(_ facts: [Fact]) -> [Value] { evidence(facts).map(\.value) }

    /// The first characters that make a spreadsheet read a cell as a formula.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// The facts of a row that no evidence supports (a failed read is kept in ``readError``).
    private mutating func unevidenced(_ facts: [Fact]) -> [String] {
        do { return try store.factsWithoutEvidence(facts) } catch {
            if readError == nil { readError = error }
            return []
        }
    }

    private mutating func evidence(_ facts: [Fact]) -> [EvidenceItem] {
        if let known = evidenceItems[facts] { return known }
        var items: [EvidenceItem] = []
        do { items = try store.evidenceItems(for: facts) } catch { if readError == nil { readError = error } }
        evidenceItems[facts] = items
        return items
    }

    private mutating func table(_ result: QueryResult, why: Bool, color: Bool, maxWidth: Int?) -> String {
        let headers = result.columns.map(Self.singleLine)
        let limit = maxWidth.map { Swift.max(1, $0) } ?? Int.max
        var widths = headers.map { Swift.min(DisplayWidth.of($0), limit) }
        // Every cell is held until the widths are known: each one is checked and charged.
        var cells: [[String]] = []
        cells.reserveCapacity(result.rows.count)
        rows: for row in result.rows {
            var shown: [String] = []
            shown.reserveCapacity(row.count)
            for value in row {
                let cell = Self.singleLine(text(value))
                guard spend(MemoryEstimate.value + cell.utf8.count) else { break rows }
                if shown.count < widths.count { widths[shown.count] = Swift.max(widths[shown.count], Swift.min(DisplayWidth.of(cell), limit)) }
                shown.append(cell)
            }
            cells.append(shown)
        }
        guard budgetError == nil else { return "" }
        func line(_ values: [String]) -> String {
            values.enumerated().map { i, v in
                let shown = DisplayWidth.truncate(v, to: limit)
                return i == values.count - 1 ? shown : DisplayWidth.padded(shown, to: widths[i])
            }.joined(separator: "  ")
        }
        let bold = color ? "\u{1B}[1m" : "", dim = color ? "\u{1B}[2m" : "", reset = color ? "\u{1B}[0m" : ""
        var out = bold + line(headers) + reset + "\n"
        out += dim + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + reset + "\n"
        var written = 0
        for (r, row) in cells.enumerated() {
            guard spend(out.utf8.count - written) else { return "" }
            written = out.utf8.count
            out += line(row) + "\n"
            if why, r < result.rowFacts.count {
                out += evidenceLines(result.rowFacts[r], color: color)
            }
        }
        out += dim + "(" + Plural.count(result.rows.count, "row") + ")" + reset + "\n"
        guard spend(out.utf8.count - written) else { return "" }
        return out
    }

    /// The evidence of one row's facts as indented "because … — file: „quote“" lines.
    mutating func evidenceLines(_ facts: [Fact], color: Bool) -> String {
        let dim = color ? "\u{1B}[2m" : "", reset = color ? "\u{1B}[0m" : ""
        var out = ""
        for item in evidence(facts) {
            let source = item.source.file + (item.source.published.map { ", \($0)" } ?? "")
            // Facts name nodes: a name could hold a line break or a terminal escape.
            out += "    \(dim)because\(reset) \(Self.singleLine(item.facts.joined(separator: "; ")))\n"
            out += "      \(dim)—\(reset) \(Self.singleLine(source)): „\(Self.singleLine(item.quote))“\n"
        }
        for fact in unevidenced(facts) {
            out += "    \(dim)because\(reset) \(Self.singleLine(fact))\n"
            out += "      \(dim)—\(reset) no evidence recorded\n"
        }
        return out
    }

    /// Replaces line breaks and control characters so a value stays on its
    /// line and cannot drive the terminal (see ``TerminalText``).
    static func singleLine(_ s: String) -> String { TerminalText.escape(s) }
}
