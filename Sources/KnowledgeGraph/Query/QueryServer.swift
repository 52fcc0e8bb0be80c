import Foundation

/// The JSON-lines protocol of `kg serve --stdio`: one request per line,
/// one answer per line. A bad request gets an error answer; nothing stops
/// the server but the end of its input.
public struct QueryServer {
    public let engine: QueryEngine
    public let limits: QueryLimits

    public init(engine: QueryEngine, limits: QueryLimits = QueryLimits()) {
        self.engine = engine
        self.limits = limits
    }

    /// The longest request line the server reads (16 MiB); a longer one gets
    /// an error answer (KGI012) without being held in memory, and the server
    /// goes on with the next line.
    public static let maxRequestBytes = 16 << 20

    /// The answer to a request line longer than ``maxRequestBytes``, with the
    /// id read from its first bytes when it is there.
    public func answerTooLong(bytes: Int, prefix: String) -> String {
        let error = KGError(.lineTooLong, "the request line has \(bytes) bytes, more than the limit of \(Self.maxRequestBytes) (16 MiB)",
                            suggestion: "send large values as parameters of a shorter query, one request per line")
        return Self.errorAnswer(error, id: RequestID.scan(prefix))
    }

    /// Answers one request line with one JSON line (no newline).
    public func answer(_ line: String) -> String {
        var out = JSONWriter()
        answer(line, into: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Appends the answer to one request line (one JSON object, no newline)
    /// to `out`. A warm `kg serve` keeps one writer for all its answers.
    public func answer(_ line: String, into out: inout JSONWriter) {
        var bytes = Array(line.utf8)
        let id = RequestID.scan(bytes)
        let start = out.count
        do {
            id.removeValue(from: &bytes)
            let request: JSONValue
            do { request = try JSONParser.parse(bytes: bytes) } catch {
                throw KGError(.invalidJSON, "the request is not JSON: \(error.message) at byte \(error.offset)")
            }
            guard case .object(let members) = request else {
                throw KGError(.invalidJSON, "the request must be a JSON object with \"query\"")
            }
            if members["write"] != nil || members["revert"] != nil {
                out.appendJSONText(Self.withID(id, try answerWrite(members, idText: id == .null ? nil : id.json).serialized))
                return
            }
            guard case .string(let text)? = members["query"] else {
                throw KGError(.invalidJSON, "the request has no \"query\" string",
                              suggestion: "requests are {\"id\":1,\"query\":\"MATCH …\"}, {\"id\":2,\"write\":\"graph text\"} or {\"id\":3,\"revert\":N}")
            }
            var parameters: [String: Value] = [:]
            if let params = members["params"] {
                guard case .object(let values) = params else { throw KGError(.invalidParameter, "\"params\" must be an object") }
                for (key, value) in values { parameters[key] = Value(value) }
            }
            try answerQuery(text, parameters: parameters, id: id, into: &out)
        } catch {
            out.truncate(to: start)
            out.appendJSONText(Self.errorAnswer(KGError.wrap(error), id: id))
        }
    }

    /// Runs a query and writes its answer: `{"id":…,"columns":[…],"elapsed_s":…,"rows":[…]}`
    /// (with `plan` and `warnings` when there are some), keys in the sorted
    /// order every kg JSON object has.
    ///
    /// The query, the records its rows show and the change stamp the engine
    /// checks are read in one read transaction: one snapshot of the graph,
    /// and one lock round trip instead of three. `elapsed_s` runs from the
    /// start of the query to its last row written as JSON.
    private func answerQuery(_ text: String, parameters: [String: Value], id: RequestID, into out: inout JSONWriter) throws(KGError) {
        let begin = DispatchTime.now().uptimeNanoseconds
        let rowsStart = out.count
        // One budget for the request: its text, its run and its rows written.
        let budget = QueryBudget(limits: limits)
        var formatter = ResultFormatter(store: engine.store)
        formatter.budget = budget
        let result = try engine.store.read { () throws -> QueryResult in
            let result = try engine.execute(text, options: .init(parameters: parameters, budget: budget))
            try formatter.load(result)
            formatter.writeJSONRows(result, to: &out)
            return result
        }
        if let budgetError = formatter.budgetError { throw budgetError }
        if let readError = formatter.readError { throw readError }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9
        var head = JSONWriter(capacity: 64 + 16 * result.columns.count)
        head.append("{\"id\":")
        head.appendJSONText(id.json)
        head.append(",\"columns\":[")
        for (i, column) in result.columns.enumerated() {
            if i > 0 { head.append(byte: 0x2C) }
            head.writeString(column)
        }
        head.append("],\"elapsed_s\":")
        head.writeDouble(elapsed)
        if let plan = result.planText {
            head.append(",\"plan\":")
            head.writeString(plan)
        }
        head.append(",\"rows\":")
        out.insert(head, at: rowsStart)
        if !result.warnings.isEmpty {
            out.append(",\"warnings\":[")
            for (i, warning) in result.warnings.enumerated() {
                if i > 0 { out.append(byte: 0x2C) }
                out.writeString(warning.message + (warning.suggestion.map { "; " + $0 } ?? ""))
            }
            out.append(byte: 0x5D)
        }
        out.append(byte: 0x7D)
    }

    /// Whether a request line is blank (nothing but spaces and tabs, or any
    /// Unicode space): `kg serve` skips it without an answer. The same test
    /// as `line.trimmingCharacters(in: .whitespaces).isEmpty`, without
    /// Foundation for the lines that start with a printable ASCII byte.
    public static func isBlank(_ line: String) -> Bool {
        var ascii = true
        for byte in line.utf8 {
            if byte == 0x20 || byte == 0x09 { continue }
            if byte < 0x80 { return false }
            ascii = false
            break
        }
        return ascii || line.trimmingCharacters(in: .whitespaces).isEmpty
    }

    /// A write request: `{"id":1,"write":"graph text","update":false,"reason":"…"}`
    /// or `{"id":2,"revert":5,"reason":"…"}`. One recorded write each.
    private func answerWrite(_ members: [String: JSONValue], idText: String?) throws(KGError) -> JSONValue {
        var reason: String?
        if let value = members["reason"] {
            guard case .string(let text) = value else { throw KGError(.invalidJSON, "\"reason\" must be a string") }
            reason = text
        }
        let requestName = "serve request " + (idText ?? "")
        let summary: WriteSummary
        if let revert = members["revert"] {
            guard case .int(let number) = revert else { throw KGError(.invalidJSON, "\"revert\" must be a write number") }
            summary = try engine.store.revert(number, command: requestName + " (revert \(number))", reason: reason)
        } else {
            guard case .string(let text)? = members["write"] else { throw KGError(.invalidJSON, "\"write\" must be a string of graph text") }
            var update = false
            if let value = members["update"] {
                guard case .bool(let flag) = value else { throw KGError(.invalidJSON, "\"update\" must be true or false") }
                update = flag
            }
            summary = try engine.store.apply(graphText: text, options: .init(update: update, command: requestName, reason: reason, file: "write"))
        }
        var answer: [String: JSONValue] = ["counts": summary.json, "summary": .string(summary.description)]
        answer["write"] = summary.write.map(JSONValue.int) ?? .null
        return .object(answer)
    }

    /// The error answer for `e`.
    static func errorAnswer(_ e: KGError, id: RequestID) -> String {
        var object: [String: JSONValue] = ["code": .string(e.code.rawValue), "message": .string(e.message)]
        if let span = e.span, span.start.line > 0 {
            object["line"] = .int(Int64(span.start.line))
            object["column"] = .int(Int64(span.start.column))
        }
        if let suggestion = e.suggestion { object["suggestion"] = .string(suggestion) }
        return withID(id, JSONValue.object(["error": .object(object)]).serialized)
    }

    /// `{"id":ID,` + the rest of a serialized answer object: the id exactly as the client sent it.
    static func withID(_ id: RequestID, _ object: String) -> String {
        "{\"id\":" + id.json + (object == "{}" ? "}" : "," + object.dropFirst())
    }
}
