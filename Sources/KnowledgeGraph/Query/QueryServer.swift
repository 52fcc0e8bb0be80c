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

    /// Answers one request line with one JSON line (no newline).
    public func answer(_ line: String) -> String {
        var id: JSONValue = .null
        do {
            let request: JSONValue
            do { request = try JSONParser.parse(line) } catch {
                throw KGError(.invalidJSON, "the request is not JSON: \(error.message) at byte \(error.offset)")
            }
            guard case .object(let members) = request else {
                throw KGError(.invalidJSON, "the request must be a JSON object with \"query\"")
            }
            id = members["id"] ?? .null
            if members["write"] != nil || members["revert"] != nil {
                return try answerWrite(members, id: id).serialized
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
            let rows = result.rows.map { JSONValue.array($0.map { formatter.json($0) }) }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            var answer: [String: JSONValue] = ["id": id, "columns": .array(result.columns.map(JSONValue.string)), "rows": .array(rows),
                                               "elapsed_s": .double(elapsed)]
            if let plan = result.planText { answer["plan"] = .string(plan) }
            if !result.warnings.isEmpty { answer["warnings"] = .array(result.warnings.map { .string($0.message + ($0.suggestion.map { "; " + $0 } ?? "")) }) }
            return JSONValue.object(answer).serialized
        } catch {
            return Self.errorAnswer(error, id: id)
        }
    }

    /// A write request: `{"id":1,"write":"graph text","update":false,"reason":"…"}`
    /// or `{"id":2,"revert":5,"reason":"…"}`. One recorded write each.
    private func answerWrite(_ members: [String: JSONValue], id: JSONValue) throws(KGError) -> JSONValue {
        var reason: String?
        if let value = members["reason"] {
            guard case .string(let text) = value else { throw KGError(.invalidJSON, "\"reason\" must be a string") }
            reason = text
        }
        let requestName = "serve request " + (id == .null ? "" : id.serialized)
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
        var answer: [String: JSONValue] = ["id": id, "counts": summary.json, "summary": .string(summary.description)]
        answer["write"] = summary.write.map(JSONValue.int) ?? .null
        return .object(answer)
    }

    static func errorAnswer(_ error: any Error, id: JSONValue) -> String {
        let e = KGError.wrap(error)
        var object: [String: JSONValue] = ["code": .string(e.code.rawValue), "message": .string(e.message)]
        if let span = e.span, span.start.line > 0 {
            object["line"] = .int(Int64(span.start.line))
            object["column"] = .int(Int64(span.start.column))
        }
        if let suggestion = e.suggestion { object["suggestion"] = .string(suggestion) }
        return JSONValue.object(["id": id, "error": .object(object)]).serialized
    }
}
