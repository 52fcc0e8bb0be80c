import KnowledgeGraph

/// The body of `POST /api/query`, `POST /api/ask` and `POST /api/queries/{name}`:
///
///     {"query": "MATCH (who)-[:licenses_patents_to]->($company) RETURN who",
///      "params": {"company": "Xiaomi"}, "format": "json", "why": true,
///      "timeout": 5, "max_rows": 1000}
///
/// `question` takes the place of `query` for /api/ask; a named query takes
/// neither. Unknown members are refused, so a misspelt option is not ignored.
struct QueryRequest: Sendable {
    enum Format: String, Sendable, CaseIterable {
        case json, table, csv, dot, svg
    }

    var text: String?
    var parameters: [String: Value] = [:]
    var format: Format = .json
    var why = false
    var timeout: Double?
    var maxRows: Int?
    /// Bytes of the memory budget the request's body and parsing hold (``RequestAdmission``).
    var reservedBytes = 0

    static let members: Set<String> = ["query", "question", "params", "format", "why", "timeout", "max_rows"]

    /// Parses a body; `textMember` is the member that holds the text ("query",
    /// "question"), or nil when the route takes none.
    static func parse(_ body: String, textMember: String?) throws(KGError) -> QueryRequest {
        let members = try RequestJSON.object(body)
        var request = QueryRequest()
        let allowed = allowedMembers(for: textMember)
        for key in members.keys {
            guard allowed.contains(key) else {
                throw KGError(.invalidRequest, "the request has an unknown member \"\(key)\"",
                              suggestion: "members: " + allowed.sorted().joined(separator: ", "))
            }
        }
        if let textMember {
            guard case .string(let text)? = members[textMember] else {
                throw KGError(.invalidRequest, "the request has no \"\(textMember)\" string",
                              suggestion: textMember == "query" ? "for example {\"query\": \"MATCH (n:Company) RETURN n\"}"
                                                                : "for example {\"question\": \"who licenses patents to Xiaomi\"}")
            }
            request.text = text
        }
        if let params = members["params"] {
            guard case .object(let values) = params else { throw KGError(.invalidParameter, "\"params\" must be an object") }
            for (key, value) in values { request.parameters[key] = try Self.value(value, name: key) }
        }
        if let format = members["format"] {
            guard case .string(let name) = format, let parsed = Format(rawValue: name) else {
                throw KGError(.invalidRequest, "\"format\" must be one of: " + Format.allCases.map(\.rawValue).joined(separator: ", "))
            }
            request.format = parsed
        }
        if let why = members["why"] {
            guard case .bool(let flag) = why else { throw KGError(.invalidRequest, "\"why\" must be true or false") }
            request.why = flag
        }
        switch members["timeout"] {
        case nil, .null?: break
        case .int(let i)?: request.timeout = Double(i)
        case .double(let d)?: request.timeout = d
        default: throw KGError(.invalidRequest, "\"timeout\" must be a number of seconds")
        }
        switch members["max_rows"] {
        case nil, .null?: break
        case .int(let i)? where i >= Int64(Int.min) && i <= Int64(Int.max): request.maxRows = Int(i)
        default: throw KGError(.invalidRequest, "\"max_rows\" must be a whole number")
        }
        return request
    }

    private static func allowedMembers(for textMember: String?) -> Set<String> {
        var allowed = Self.members.subtracting(["query", "question"])
        if let textMember { allowed.insert(textMember) }
        return allowed
    }

    /// A parameter value: strings, numbers, booleans, null, and lists of them.
    static func value(_ json: JSONValue, name: String) throws(KGError) -> Value {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .array(let items):
            var values: [Value] = []
            for item in items { values.append(try value(item, name: name)) }
            return .list(values)
        case .object:
            throw KGError(.invalidParameter, "the parameter '\(name)' is an object; a parameter is a string, number, boolean or list")
        }
    }
}

/// Reading a request body as one JSON object.
enum RequestJSON {
    static func object(_ body: String) throws(KGError) -> [String: JSONValue] {
        let value: JSONValue
        do { value = try JSONParser.parse(body) } catch {
            throw KGError(.invalidRequest, "the request body is not JSON: \(error.message) at byte \(error.offset)",
                          suggestion: "send a JSON object, with Content-Type: application/json")
        }
        guard case .object(let members) = value else {
            throw KGError(.invalidRequest, "the request body must be a JSON object")
        }
        return members
    }
}
