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
        let id = RequestID.scan(line)
        do {
            let request: JSONValue
            do { request = try JSONParser.parse(id.lineWithoutID(line)) } catch {
                throw KGError(.invalidJSON, "the request is not JSON: \(error.message) at byte \(error.offset)")
            }
            guard case .object(let members) = request else {
                throw KGError(.invalidJSON, "the request must be a JSON object with \"query\"")
            }
            if members["write"] != nil || members["revert"] != nil {
                return Self.withID(id, try answerWrite(members, idText: id == .null ? nil : id.json).serialized)
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
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try engine.execute(text, options: .init(parameters: parameters, limits: limits))
            var formatter = ResultFormatter(store: engine.store)
            try engine.store.read { () throws -> Void in try formatter.load(result) }
            let rows = result.rows.map { JSONValue.array($0.map { formatter.json($0) }) }
            if let readError = formatter.readError { throw readError }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            var answer: [String: JSONValue] = ["columns": .array(result.columns.map(JSONValue.string)), "rows": .array(rows),
                                               "elapsed_s": .double(elapsed)]
            if let plan = result.planText { answer["plan"] = .string(plan) }
            if !result.warnings.isEmpty { answer["warnings"] = .array(result.warnings.map { .string($0.message + ($0.suggestion.map { "; " + $0 } ?? "")) }) }
            return Self.withID(id, JSONValue.object(answer).serialized)
        } catch {
            return Self.errorAnswer(KGError.wrap(error), id: id)
        }
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
