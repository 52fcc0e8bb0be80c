/// A key read from a terminal in raw mode, decoded from its bytes: UTF-8
/// text, control keys and the escape sequences of the arrow, Home, End and
/// Delete keys (both the `ESC [` and the `ESC O` forms). `kg shell`'s line
/// editor reads these; decoding is kept apart from the terminal so it can be
/// tested without one.
public enum LineEditKey: Equatable, Sendable {
    /// A printable character (never a control character).
    case text(Unicode.Scalar)
    case enter, tab, backspace, delete
    case left, right, up, down, home, end
    /// Alt-B / Alt-F, Ctrl-left / Ctrl-right.
    case wordLeft, wordRight
    /// Ctrl and a letter (`control(0x01)` is Ctrl-A); Enter, Tab and Backspace have their own cases.
    case control(UInt8)
    /// A lone Escape, an escape sequence kg does not use, or a byte that is not UTF-8.
    case ignored

    /// Decodes the first key of `bytes` and removes its bytes; nil when
    /// `bytes` is empty or holds only the start of a key (more bytes are
    /// needed). `escapeAlone`: an `ESC` with nothing after it is a key of its
    /// own (the terminal sent nothing more in time).
    public static func decode(_ bytes: inout [UInt8], escapeAlone: Bool = false) -> LineEditKey? {
        guard let first = bytes.first else { return nil }
        func take(_ n: Int, _ key: LineEditKey) -> LineEditKey {
            bytes.removeFirst(n)
            return key
        }
        switch first {
        case 0x0D, 0x0A: return take(1, .enter)
        case 0x09: return take(1, .tab)
        case 0x7F, 0x08: return take(1, .backspace)
        case 0x1B: return decodeEscape(&bytes, escapeAlone: escapeAlone)
        case 0x00..<0x20: return take(1, .control(first))
        case 0x20..<0x7F: return take(1, .text(Unicode.Scalar(first)))
        default: break
        }
        // UTF-8: the length from the first byte; a bad sequence is skipped byte by byte.
        let length: Int
        switch first {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return take(1, .ignored)
        }
        for i in 1..<min(length, bytes.count) where bytes[i] & 0xC0 != 0x80 { return take(1, .ignored) }
        guard bytes.count >= length else { return nil }
        var decoder = UTF8()
        var iterator = bytes[0..<length].makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return take(1, .ignored) }
        // C1 controls (U+0080–U+009F) would drive the terminal: never text.
        return take(length, scalar.value < 0xA0 ? .ignored : .text(scalar))
    }

    private static func decodeEscape(_ bytes: inout [UInt8], escapeAlone: Bool) -> LineEditKey? {
        guard bytes.count >= 2 else {
            if escapeAlone { bytes.removeFirst(); return .ignored }
            return nil
        }
        func take(_ n: Int, _ key: LineEditKey) -> LineEditKey {
            bytes.removeFirst(n)
            return key
        }
        switch bytes[1] {
        case UInt8(ascii: "b"), UInt8(ascii: "B"): return take(2, .wordLeft)
        case UInt8(ascii: "f"), UInt8(ascii: "F"): return take(2, .wordRight)
        case 0x7F, 0x08: return take(2, .control(0x17))   // Alt-Backspace: delete the word before the cursor
        case UInt8(ascii: "["), UInt8(ascii: "O"):
            // CSI: parameters (digits, ';'), then one final byte 0x40–0x7E.
            var end = 2
            while end < bytes.count, (0x30...0x3F).contains(bytes[end]) { end += 1 }
            guard end < bytes.count else {
                if escapeAlone || bytes.count > 32 { return take(bytes.count, .ignored) }
                return nil
            }
            let parameters = String(decoding: bytes[2..<end], as: UTF8.self)
            let final = bytes[end]
            let modified = parameters.hasSuffix(";5") || parameters.hasSuffix(";3")   // Ctrl- or Alt-arrow
            let key: LineEditKey
            switch final {
            case UInt8(ascii: "A"): key = .up
            case UInt8(ascii: "B"): key = .down
            case UInt8(ascii: "C"): key = modified ? .wordRight : .right
            case UInt8(ascii: "D"): key = modified ? .wordLeft : .left
            case UInt8(ascii: "H"): key = .home
            case UInt8(ascii: "F"): key = .end
            case UInt8(ascii: "~"):
                switch parameters {
                case "1", "7": key = .home
                case "4", "8": key = .end
                case "3": key = .delete
                default: key = .ignored
                }
            default: key = .ignored
            }
            return take(end + 1, key)
        default:
            return take(1, .ignored)
        }
    }
}
