/// Quoting for the DOT language, so that no name can change a file's structure.
///
/// Everything kg writes into a DOT file (ids, labels, attribute values) is a
/// double-quoted string: inside one, keywords (`node`, `digraph`, `strict`…),
/// braces, `->` and `;` are plain text. Within the quotes:
///
/// - `"` becomes `\"` and `\` becomes `\\` (so `\N`, `\G`, `\l` in a name are
///   literal, and a trailing backslash cannot swallow the closing quote);
/// - a line break (LF, CR, CRLF, NEL, U+2028, U+2029) becomes the escape `\n`,
///   never a raw newline; a tab becomes a space;
/// - other control characters (C0, DEL, C1) and the non-characters U+FFFE and
///   U+FFFF are removed;
/// - in text (labels, tooltips) `&` becomes `&amp;`, because Graphviz reads
///   HTML entities in text: a name `&amp;` is drawn as `&amp;`, not `&`;
/// - labels are never HTML-like (`<…>`), so `<b>` in a name is literal text.
///
/// Every other character (umlauts, 小米, emoji, right-to-left marks) passes
/// through unchanged as UTF-8; the graph declares `charset="UTF-8"`.
///
/// The escaping works on the UTF-8 bytes and appends to a byte buffer
/// (``append(_:entities:to:)``), so a large picture is written without a
/// string per attribute; ``quoted(_:)`` and ``text(_:)`` are the same bytes as
/// a string.
public enum DotEscaping {
    /// A quoted DOT id or plain attribute value.
    public static func quoted(_ value: String) -> String {
        var out: [UInt8] = []
        append(value, entities: false, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A quoted DOT text value (label, tooltip): like ``quoted(_:)``, and `&`
    /// is written as the entity `&amp;` so that Graphviz draws it literally.
    public static func text(_ value: String) -> String {
        var out: [UInt8] = []
        append(value, entities: true, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `value` quoted and escaped to `out`: as text (`&` as `&amp;`)
    /// with `entities`, else as an id or plain value.
    public static func append(_ value: String, entities: Bool, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in appendEscaped(bytes, entities: entities, to: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// The escaping of valid UTF-8 (every Swift string is): runs of bytes that
    /// need nothing are copied at once.
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, entities: Bool, to out: inout [UInt8]) {
        let count = bytes.count
        var run = 0          // start of the bytes not copied yet
        var i = 0
        var previousWasCR = false
        @inline(__always) func flush(to end: Int) {
            if end > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<end])) }
        }
        while i < count {
            let b = bytes[i]
            if b >= 0x20 && b < 0x7F && b != UInt8(ascii: "\\") && b != UInt8(ascii: "\"") && (b != UInt8(ascii: "&") || !entities) {
                previousWasCR = false
                i += 1
                continue
            }
            if b < 0x80 {
                flush(to: i)
                switch b {
                case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "&"): out.append(contentsOf: Self.ampersandEntity)
                case 0x0A: if !previousWasCR { out.append(contentsOf: Self.lineBreak) }   // CRLF is one line break
                case 0x0D: out.append(contentsOf: Self.lineBreak)
                case 0x09: out.append(UInt8(ascii: " "))
                default: break   // other C0 controls and DEL are removed
                }
                previousWasCR = b == 0x0D
                i += 1
                run = i
                continue
            }
            // A scalar of 2-4 bytes; only NEL, the C1 controls, U+2028, U+2029,
            // U+FFFE and U+FFFF are not copied.
            previousWasCR = false
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            guard i + length <= count else { break }   // not reached for valid UTF-8
            let b1 = bytes[i + 1]
            if b == 0xC2 && b1 <= 0x9F {                                   // U+0080–U+009F
                flush(to: i)
                if b1 == 0x85 { out.append(contentsOf: Self.lineBreak) }   // NEL
                i += length
                run = i
            } else if b == 0xE2 && b1 == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9) {   // U+2028, U+2029
                flush(to: i)
                out.append(contentsOf: Self.lineBreak)
                i += length
                run = i
            } else if b == 0xEF && b1 == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF) {   // U+FFFE, U+FFFF
                flush(to: i)
                i += length
                run = i
            } else {
                i += length
            }
        }
        flush(to: min(i, count))
    }

    private static let lineBreak: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "n")]
    private static let ampersandEntity: [UInt8] = Array("&amp;".utf8)

    /// Control characters and non-characters that never reach the output.
    static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F) || v == 0xFFFE || v == 0xFFFF
    }
}
