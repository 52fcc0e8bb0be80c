import Foundation
import KGModel
import KGStorage
import KGEngine
import KGAsk
import KGImportExport

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

    /// The longest request line this server reads: 16 MiB, or a quarter of
    /// its memory budget (`--max-memory`) when that is less, since a line is
    /// held, copied and parsed (see ``JSONCost``) within that budget.
    public var maxLineBytes: Int { min(Self.maxRequestBytes, max(limits.memoryLimit / 4, 4096)) }

    /// The answer to a request line longer than ``maxLineBytes``, with the
    /// id read from its first bytes when it is there.
    public func answerTooLong(bytes: Int, prefix: String) -> String {
        let error = KGError(.lineTooLong, "the request line has \(bytes) bytes, more than the limit of \(maxLineBytes) ("
                            + QueryLimits.formatBytes(maxLineBytes) + ")",
                            suggestion: "send large values as parameters of a shorter query, one request per line"
                                + (maxLineBytes < Self.maxRequestBytes ? ", or give a larger --max-memory" : ""))
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
            // The request's parsing counts against the memory budget: one that
            // would not fit is refused before the parser allocates anything.
            let cost = JSONCost.estimate(bytes)
            if cost > limits.memoryLimit {
                throw KGError(.memoryLimit, "the request would need about \(QueryLimits.formatBytes(cost)) to read, more than the memory limit of "
                              + QueryLimits.formatBytes(limits.memoryLimit),
                              suggestion: "send fewer or flatter parameter values, or give a larger --max-memory")
            }
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
            var parameters: [String: Value] = [:]
            if let params = members["params"] {
                guard case .object(let values) = params else { throw KGError(.invalidParameter, "\"params\" must be an object") }
                for (key, value) in values { parameters[key] = Value(value) }
            }
            if let ask = members["ask"] {
                guard members["query"] == nil else { throw KGError(.invalidJSON, "a request has \"query\" or \"ask\", not both") }
                guard case .string(let question) = ask else {
                    throw KGError(.invalidJSON, "\"ask\" must be a string: a question in plain words",
                                  suggestion: "for example {\"id\":1,\"ask\":\"who licenses patents to Xiaomi\"}")
                }
                try answerQuestion(question, parameters: parameters, id: id, into: &out)
                return
            }
            guard case .string(let text)? = members["query"] else {
                throw KGError(.invalidJSON, "the request has no \"query\" string",
                              suggestion: "requests are {\"id\":1,\"query\":\"MATCH …\"}, {\"id\":2,\"ask\":\"who licenses patents to Xiaomi\"}, "
                                  + "{\"id\":3,\"write\":\"graph text\"} or {\"id\":4,\"revert\":N}")
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
        try answerRun(parameters: parameters, id: id, into: &out) { options throws(KGError) in
            (try engine.execute(text, options: options), [:])
        }
    }

    /// A plain-word question (`{"id":1,"ask":"who licenses patents to Xiaomi"}`),
    /// read by kg ask into a query and run: the answer of a query plus
    /// `question`, `query_text` (the query it became) and `understood`, as
    /// POST /api/ask answers.
    private func answerQuestion(_ question: String, parameters: [String: Value], id: RequestID, into out: inout JSONWriter) throws(KGError) {
        try answerRun(parameters: parameters, id: id, into: &out) { options throws(KGError) in
            let answer = try QuestionAnswerer(engine: engine).ask(question, options: options)
            return (answer.result, ["question": .string(question), "query_text": .string(answer.queryText),
                                    "understood": .array(answer.understood.map(JSONValue.string))])
        }
    }

    private func answerRun(parameters: [String: Value], id: RequestID, into out: inout JSONWriter,
                           _ execute: (QueryEngine.Options) throws(KGError) -> (QueryResult, [String: JSONValue])) throws(KGError) {
        let begin = DispatchTime.now().uptimeNanoseconds
        let rowsStart = out.count
        // One budget for the request: its text, its run and its rows written.
        let budget = QueryBudget(limits: limits)
        var formatter = ResultFormatter(store: engine.store)
        formatter.budget = budget
        var extra: [String: JSONValue] = [:]
        let result = try engine.store.read { () throws -> QueryResult in
            let (result, members) = try execute(.init(parameters: parameters, budget: budget))
            extra = members
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
        // Keys in sorted order, as in every kg JSON object.
        func member(_ key: String) {
            guard let value = extra[key] else { return }
            head.append(",")
            head.writeString(key)
            head.append(":")
            head.appendJSONText(value.serialized)
        }
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
        member("query_text")
        member("question")
        head.append(",\"rows\":")
        out.insert(head, at: rowsStart)
        if let understood = extra["understood"] {
            out.append(",\"understood\":")
            out.appendJSONText(understood.serialized)
        }
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
