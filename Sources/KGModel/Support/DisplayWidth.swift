/// How many terminal columns text takes (a small wcwidth over Unicode scalar
/// properties): East Asian wide and fullwidth characters (`小米`) and emoji
/// take 2, combining marks, format characters and variation selectors 0,
/// everything else 1. A character (grapheme cluster) that is an emoji
/// sequence (`👨‍👩‍👧`, `❤️`) takes 2 in all.
public enum DisplayWidth {
    /// The columns `text` takes.
    public static func of(_ text: some StringProtocol) -> Int {
        // Printable ASCII (escaped table cells are): one column a byte.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var width = 0
        for character in text { width += of(character) }
        return width
    }

    /// The columns one character takes.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        if character.isASCII { return scalars.first.map { $0.value < 0x20 || $0.value == 0x7F ? 0 : 1 } ?? 0 }
        if scalars.contains(where: { $0.properties.isEmojiPresentation })
            || (scalars.contains { $0.value == 0xFE0F } && scalars.contains { $0.properties.isEmoji }) {
            return 2
        }
        return scalars.reduce(0) { $0 + of($1) }
    }

    /// The columns one scalar takes, on its own.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) || v == 0x200B { return 0 }
        if (0x1160...0x11FF).contains(v) { return 0 }   // Hangul medial vowels and final consonants
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges.
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18AFF, 0x1B000...0x1B2FF,
             0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` cut to at most `width` columns, ending in "…" when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        // No character takes more than 2 columns: short text is never cut.
        guard text.utf8.count > width / 2, of(text) > width else { return text }
        guard width > 1 else { return width == 1 ? "…" : "" }
        var out = "", used = 0
        for character in text {
            let w = of(character)
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// `text` followed by spaces up to `width` columns.
    public static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - of(text)))
    }
}
