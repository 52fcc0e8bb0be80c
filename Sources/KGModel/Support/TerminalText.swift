/// Text from the graph (names, keys, property names and values, column
/// aliases) made safe to print on a terminal: no character of it can move the
/// cursor, change colours, set the window title, reorder the line or start a
/// new one.
///
/// Line breaks and tabs become a space (a value stays on its line); every
/// other control character (C0, DEL, C1, where U+009B starts an escape
/// sequence like ESC [) and every bidirectional override or isolate is shown
/// as a visible escape such as `\u{1B}` or `\u{202E}`:
///
///     TerminalText.escape("evil\u{1B}]0;title\u{07}")   // "evil\u{1B}]0;title\u{7}" as plain characters
public enum TerminalText {
    /// The text on one line with every control character made visible.
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        // Written as UTF-8 bytes into one buffer, linear in the text.
        // (Appending each escape to a String.UnicodeScalarView copied the
        // whole text every time: quadratic in the number of escapes, 8 s for
        // a table of 100 cells of 20 000 control characters.)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x0D, 0x09, 0x0B, 0x0C, 0x85, 0x2028, 0x2029:
                out.append(0x20)
            default:
                if needsEscape(scalar) {
                    out.append(0x5C)   // \
                    out.append(0x75)   // u
                    out.append(0x7B)   // {
                    let value = scalar.value
                    var shift: UInt32 = 28
                    while shift > 0 && (value >> shift) & 0xF == 0 { shift -= 4 }
                    while true {
                        out.append(hexDigits[Int((value >> shift) & 0xF)])
                        if shift == 0 { break }
                        shift -= 4
                    }
                    out.append(0x7D)   // }
                } else if scalar.isASCII {
                    out.append(UInt8(truncatingIfNeeded: scalar.value))
                } else {
                    out.append(contentsOf: scalar.utf8)
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Upper-case hexadecimal digits, as UTF-8.
    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Whether a character must not reach a terminal as it is.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F: return true
        case 0x2028, 0x2029: return true
        // Bidirectional marks, embeddings, overrides and isolates ("Trojan
        // Source"): they reorder what the reader sees.
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
