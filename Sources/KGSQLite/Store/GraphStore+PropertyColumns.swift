import KGModel

/// The scan a ``PropertyColumn`` is built from: one range of the kind index,
/// with SQLite's `json_extract` (C) reading the one property out of each
/// node's JSON, so the 50 000 agreements of a large graph are not parsed into
/// dictionaries in Swift.
///
/// The answer is exactly what ``NodeRecord/props`` would read: SQLite's JSON
/// functions are trusted only for a props text in kg's own canonical form
/// (``CanonicalJSON``: compact, keys strictly sorted so unique, integers of at
/// most 18 digits, strings without escapes), where both readers agree byte
/// for byte. Any other text (floats, escapes, duplicate keys, invalid JSON
/// in a file edited by hand) is parsed with ``JSONParser`` as before, and so
/// is a list or map value. The canonical check looks at the bytes SQLite
/// holds; bytes that are not UTF-8 inside a string come back from
/// `json_extract` as they are and are repaired (U+FFFD) exactly as reading
/// the whole text repairs them, since every JSON delimiter is ASCII.
extension GraphStore {
    public func nodePropertyValues(ofKind kind: String, key: String, _ body: (Int64, JSONValue?) -> Void) throws(KGError) {
        // A property name with a quote or backslash cannot be written as a
        // JSON path label: every record is parsed instead.
        let usesSQLite = !key.utf8.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }
        do {
            let statement = try db.prepare(usesSQLite ? Self.propertyScan : Self.propsScan)
            defer { statement.reset() }
            statement.bind(kind, at: 1)
            if usesSQLite { statement.bind("$.\"" + key + "\"", at: 2) }
            while try statement.step() {
                let id = statement.int64(0)
                // Looked at in place: most texts need no Swift string at all.
                let shape = statement.withText(1) { bytes -> Shape in
                    if bytes.isEmpty || (bytes.count == 2 && bytes[0] == UInt8(ascii: "{") && bytes[1] == UInt8(ascii: "}")) { return .empty }
                    return usesSQLite && CanonicalJSON.check(bytes) != .other ? .canonical : .other
                }
                if shape == .empty { body(id, nil); continue }
                if shape == .canonical {
                    switch statement.optionalString(2) {
                    case nil: body(id, nil); continue
                    case "null": body(id, .null); continue
                    case "true": body(id, .bool(true)); continue
                    case "false": body(id, .bool(false)); continue
                    case "integer": body(id, .int(statement.int64(3))); continue
                    case "text": body(id, .string(statement.string(3))); continue
                    default: break   // a list or a map: parsed below
                    }
                }
                body(id, (try? JSONParser.parse(statement.string(1)))?.objectValue?[key])
            }
        } catch { throw KGError.wrap(error) }
    }

    /// A props text: `{}` (or empty), kg's canonical form, or anything else.
    private enum Shape { case empty, canonical, other }

    /// (id, props, the property's JSON type, its value); the JSON functions
    /// only run on valid JSON (on invalid text they would fail the statement).
    private static let propertyScan = """
        SELECT id, props, CASE WHEN json_valid(props) THEN json_type(props, ?2) END,
               CASE WHEN json_valid(props) THEN json_extract(props, ?2) END
        FROM nodes WHERE kind = ?1
        """
    private static let propsScan = "SELECT id, props FROM nodes WHERE kind = ?1"
}
