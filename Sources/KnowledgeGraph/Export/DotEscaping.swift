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
public enum DotEscaping {
    /// A quoted DOT id or plain attribute value.
    public static func quoted(_ value: String) -> String {
        escape(value, entities: false)
    }

    /// A quoted DOT text value (label, tooltip): like ``quoted(_:)``, and `&`
    /// is written as the entity `&amp;` so that Graphviz draws it literally.
    public static func text(_ value: String) -> String {
        escape(value, entities: true)
    }

    private static func escape(_ value: String, entities: Bool) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        var previousWasCR = false
        for scalar in value.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "&" where entities: out += "&amp;"
            case "\n":
                if !previousWasCR { out += "\\n" }   // CRLF is one line break
            case "\r", "\u{85}", "\u{2028}", "\u{2029}": out += "\\n"
            case "\t": out += " "
            default:
                if isRemoved(scalar) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }

    /// Control characters and non-characters that never reach the output.
    static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F) || v == 0xFFFE || v == 0xFFFF
    }
}
