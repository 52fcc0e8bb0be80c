import HTTPTypes
import Hummingbird
import KnowledgeGraph

/// A ``KGError`` on its way out as an HTTP answer: the same value the command
/// line prints (code, message, span, suggestion), as JSON, with the status
/// that fits the code.
///
///     {"error": {"code": "KGB006", "message": "no node is called 'Xiaomy' …",
///                "span": {"start": {"line": 1, "column": 8, "offset": 7}, "end": {…}},
///                "line": 1, "column": 8, "suggestion": "did you mean 'Xiaomi'? …", "status": 404}}
struct APIError: HTTPResponseError {
    var error: KGError
    var status: HTTPResponse.Status
    /// Headers the answer carries besides the usual ones (WWW-Authenticate for a 401).
    var headers: HTTPFields = [:]

    init(_ error: KGError, status: HTTPResponse.Status? = nil) {
        self.error = error
        self.status = status ?? Self.status(for: error.code)
    }

    /// The HTTP status of an error code. Bad input is a 4xx, never a 500:
    /// 500 is left for faults of the server's own file or code. A limit the
    /// query ran into (rows, memory: the client's own `max_rows` or the
    /// server's ceiling) is a 422: asking again gets the same answer. 503,
    /// which invites a retry, is only for a server that is overloaded
    /// (KGH006), shutting down (KGH007, KGE003) or missing a tool.
    static func status(for code: ErrorCode) -> HTTPResponse.Status {
        switch code {
        case .routeNotFound, .unknownQueryName, .fileNotFound: return .notFound
        case .requestTooLarge, .tooLarge: return .contentTooLarge
        case .writesDisabled, .readOnly: return .forbidden
        case .unauthorized: return .unauthorized
        case .timeLimit: return .requestTimeout
        case .rowLimit, .memoryLimit: return .unprocessableContent
        case .methodNotAllowed: return .methodNotAllowed
        case .unsupportedMediaType: return .unsupportedMediaType
        case .unknownHost: return .misdirectedRequest
        case .cancelled, .busy, .serverBusy, .shuttingDown, .toolMissing: return .serviceUnavailable
        case .storage, .notAGraph, .newerVersion: return .internalServerError
        default: return .badRequest
        }
    }

    /// The error as the JSON object the API answers with.
    static func json(_ error: KGError, status: HTTPResponse.Status) -> JSONValue {
        var object: [String: JSONValue] = ["code": .string(error.code.rawValue), "message": .string(error.message),
                                           "status": .int(Int64(status.code))]
        if let span = error.span, span.start.line > 0 {
            func position(_ p: SourcePosition) -> JSONValue {
                .object(["line": .int(Int64(p.line)), "column": .int(Int64(p.column)), "offset": .int(Int64(p.offset))])
            }
            object["span"] = .object(["start": position(span.start), "end": position(span.end)])
            object["line"] = .int(Int64(span.start.line))
            object["column"] = .int(Int64(span.start.column))
        }
        if let file = error.file { object["file"] = .string(file) }
        if let suggestion = error.suggestion { object["suggestion"] = .string(suggestion) }
        return .object(["error": .object(object)])
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = APIResponse.json(Self.json(error, status: status), status: status)
        for field in headers { response.headers[field.name] = field.value }
        return response
    }
}

extension KGError {
    /// This error as an HTTP error with the status its code calls for.
    var http: APIError { APIError(self) }
}
