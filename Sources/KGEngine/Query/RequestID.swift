import KGModel

/// The `id` of a `kg serve` request, kept as the exact JSON text the client
/// sent, so that it comes back unchanged: `12345678901234567890` or
/// `9007199254740993` (2^53 + 1) stay those digits, never a rounded float.
///
/// It is found by a tolerant scan of the request's top-level object, which
/// also works when the rest of the line is not valid JSON, so a malformed
/// request still gets its own id in the error answer.
public struct RequestID: Sendable, Equatable {
    /// The id as JSON text: a number literal as sent, a string, or `null`.
    public let json: String
    /// Where the id's value stands in the line's UTF-8 bytes (nil when none was read).
    let range: Range<Int>?

    public static let null = RequestID(json: "null")

    init(json: String, range: Range<Int>? = nil) {
        self.json = json
        self.range = range
    }

    /// Replaces the id's value in a line's UTF-8 bytes by `0`, in place, for
    /// parsing the rest: an id beyond 64 bits is answered exactly, while such
    /// a number anywhere else in the request stays an error.
    package func removeValue(from bytes: inout [UInt8]) {
        guard let range, range.upperBound <= bytes.count else { return }
        bytes.replaceSubrange(range, with: CollectionOfOne(0x30))
    }

    /// The id of a request line, or ``null`` when none can be read. Only a
    /// number, a string, `true`/`false` or `null` is an id.
    public static func scan(_ line: String) -> RequestID { scan(Array(line.utf8)) }

    /// The id of a request line given as its UTF-8 bytes (see ``scan(_:)-swift.type.method``).
    package static func scan(_ bytes: [UInt8]) -> RequestID {
        var i = 0
        func skipSpace() { while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 } }
        /// The end of the string starting at `i` (after its closing quote), or nil.
        func stringEnd(from start: Int) -> Int? {
            var j = start + 1
            while j < bytes.count {
                if bytes[j] == 0x5C { j += 2; continue }
                if bytes[j] == 0x22 { return j + 1 }
                j += 1
            }
            return nil
        }
        skipSpace()
        guard i < bytes.count, bytes[i] == 0x7B else { return .null }   // {
        i += 1
        var depth = 1
        var expectKey = true
        while i < bytes.count, depth > 0 {
            let byte = bytes[i]
            switch byte {
            case 0x22:   // a string: a key when at the top level where a key is due
                guard let end = stringEnd(from: i) else { return .null }
                if depth == 1, expectKey {
                    // The key as written, escapes not decoded: exactly "id".
                    let isID = end - i == 4 && bytes[i + 1] == 0x69 && bytes[i + 2] == 0x64   // i d
                    i = end
                    skipSpace()
                    guard i < bytes.count, bytes[i] == 0x3A else { expectKey = false; continue }   // :
                    i += 1
                    skipSpace()
                    if isID, let value = scalar(bytes, from: i) { return value }
                    expectKey = false
                    continue
                }
                i = end
            case 0x7B, 0x5B: depth += 1; i += 1   // { [
            case 0x7D, 0x5D: depth -= 1; i += 1   // } ]
            case 0x2C: if depth == 1 { expectKey = true }; i += 1   // ,
            default: i += 1
            }
        }
        return .null
    }

    /// A JSON scalar starting at `start`, checked and returned as its text.
    private static func scalar(_ bytes: [UInt8], from start: Int) -> RequestID? {
        guard start < bytes.count else { return nil }
        var end = start
        if bytes[start] == 0x22 {
            end += 1
            while end < bytes.count, bytes[end] != 0x22 { end += bytes[end] == 0x5C ? 2 : 1 }
            guard end < bytes.count else { return nil }
            end += 1
            // A string is re-written by kg's own serializer: valid, escaped JSON.
            guard case .string(let text)? = try? JSONParser.parse(String(decoding: bytes[start..<end], as: UTF8.self)) else { return nil }
            return RequestID(json: JSONValue.string(text).serialized, range: start..<end)
        }
        while end < bytes.count, !(bytes[end] == 0x2C || bytes[end] == 0x7D || bytes[end] == 0x5D || bytes[end] == 0x20
                                   || bytes[end] == 0x09 || bytes[end] == 0x0A || bytes[end] == 0x0D) { end += 1 }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        if text == "null" || text == "true" || text == "false" { return RequestID(json: text, range: start..<end) }
        guard isJSONNumber(text) else { return nil }
        // An integer literal comes back as its digits, however long (and the
        // request is parsed without it). Any other number must be a finite
        // double (1e999 is not an id kg or its clients can read).
        if text.utf8.allSatisfy({ $0 == 0x2D || (0x30...0x39).contains($0) }) { return RequestID(json: text, range: start..<end) }
        guard let value = Double(text), value.isFinite else { return nil }
        return RequestID(json: text)
    }

    /// Whether `text` is exactly a JSON number literal (RFC 8259 grammar).
    static func isJSONNumber(_ text: String) -> Bool {
        let b = Array(text.utf8)
        var i = 0
        func digits() -> Int { let s = i; while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }; return i - s }
        if i < b.count, b[i] == 0x2D { i += 1 }
        guard i < b.count else { return false }
        if b[i] == 0x30 { i += 1 } else if digits() == 0 { return false }
        if i < b.count, b[i] == 0x2E { i += 1; guard digits() > 0 else { return false } }
        if i < b.count, b[i] == 0x65 || b[i] == 0x45 {
            i += 1
            if i < b.count, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == b.count && b.count <= 400
    }
}
