import KGModel

/// The line being typed at `kg shell`'s prompt: its characters, the cursor,
/// what each key does to them, and how the line is drawn in a terminal of a
/// given width (scrolled sideways when it is longer than the terminal is
/// wide; CJK characters take two columns). It holds no terminal: the editor
/// in `kg` reads keys, applies them here and draws ``render(prompt:columns:)``.
///
/// The line may hold line breaks only when it comes from the history (a
/// statement typed over several lines); they are drawn as `↵`.
public struct LineEditState: Sendable {
    public private(set) var characters: [Character] = []
    /// Where the cursor is, as an index into ``characters`` (0 … count).
    public private(set) var cursor = 0

    /// What the editor does after a key.
    public enum Action: Equatable, Sendable {
        /// Draw the line again.
        case redraw
        /// Enter: the line is done.
        case submit
        /// Ctrl-C: drop the line (and the statement being typed).
        case cancel
        /// Ctrl-D on an empty line: no more input.
        case endOfInput
        /// Tab: complete the word before the cursor.
        case complete
        /// Up / Ctrl-P, Down / Ctrl-N: the previous or next history entry.
        case historyPrevious, historyNext
        /// Ctrl-L: clear the screen, then draw the line.
        case clearScreen
        /// Nothing changed (a key with no meaning here).
        case none
    }

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    /// The line as typed.
    public var text: String { String(characters) }

    /// Replaces the whole line (a history entry), the cursor at its end.
    public mutating func replace(with text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    /// Inserts typed text at the cursor. A combining mark joins the
    /// character before it, as the terminal draws it.
    public mutating func insert(_ text: String) {
        for character in text {
            if cursor > 0, DisplayWidth.of(character) == 0, character != "\n" {
                let joined = String(characters[cursor - 1]) + String(character)
                if joined.count == 1 { characters[cursor - 1] = Character(joined); continue }
                continue   // a zero-width character on its own is not kept: it cannot be seen or edited
            }
            if DisplayWidth.of(character) == 0 && character != "\n" { continue }
            characters.insert(character, at: cursor)
            cursor += 1
        }
    }

    /// The word before the cursor, for completion: back to white space or
    /// `,` (so `-[:lic` and `("FAW` stay whole), and the line up to the cursor.
    public var wordBeforeCursor: (word: String, line: String) {
        var start = cursor
        while start > 0, !Self.wordBreaks.contains(characters[start - 1]) { start -= 1 }
        return (String(characters[start..<cursor]), String(characters[0..<cursor]))
    }

    static let wordBreaks: Set<Character> = [" ", "\t", "\n", ","]

    /// Replaces the word before the cursor with `completion`.
    public mutating func complete(_ word: String, with completion: String) {
        let start = cursor - word.count
        guard start >= 0 else { return }
        characters.replaceSubrange(start..<cursor, with: Array(completion))
        cursor = start + completion.count
    }

    /// Applies one key.
    public mutating func apply(_ key: LineEditKey) -> Action {
        switch key {
        case .text(let scalar):
            insert(String(Character(scalar)))
            return .redraw
        case .enter: return .submit
        case .tab: return .complete
        case .backspace:
            guard cursor > 0 else { return .none }
            cursor -= 1
            characters.remove(at: cursor)
            return .redraw
        case .delete:
            guard cursor < characters.count else { return .none }
            characters.remove(at: cursor)
            return .redraw
        case .left:
            guard cursor > 0 else { return .none }
            cursor -= 1
            return .redraw
        case .right:
            guard cursor < characters.count else { return .none }
            cursor += 1
            return .redraw
        case .home: cursor = 0; return .redraw
        case .end: cursor = characters.count; return .redraw
        case .up: return .historyPrevious
        case .down: return .historyNext
        case .wordLeft:
            while cursor > 0, !characters[cursor - 1].isLetterOrDigit { cursor -= 1 }
            while cursor > 0, characters[cursor - 1].isLetterOrDigit { cursor -= 1 }
            return .redraw
        case .wordRight:
            while cursor < characters.count, !characters[cursor].isLetterOrDigit { cursor += 1 }
            while cursor < characters.count, characters[cursor].isLetterOrDigit { cursor += 1 }
            return .redraw
        case .control(let byte):
            return control(byte)
        case .ignored:
            return .none
        }
    }

    private mutating func control(_ byte: UInt8) -> Action {
        switch byte {
        case 0x01: return apply(.home)        // Ctrl-A
        case 0x05: return apply(.end)         // Ctrl-E
        case 0x02: return apply(.left)        // Ctrl-B
        case 0x06: return apply(.right)       // Ctrl-F
        case 0x10: return .historyPrevious    // Ctrl-P
        case 0x0E: return .historyNext        // Ctrl-N
        case 0x03: return .cancel             // Ctrl-C
        case 0x04:                            // Ctrl-D: end of input on an empty line, else delete
            return characters.isEmpty ? .endOfInput : apply(.delete)
        case 0x0B:                            // Ctrl-K: delete to the end of the line
            characters.removeSubrange(cursor...)
            return .redraw
        case 0x15:                            // Ctrl-U: delete to the start of the line
            characters.removeSubrange(..<cursor)
            cursor = 0
            return .redraw
        case 0x17:                            // Ctrl-W: delete the word before the cursor
            var start = cursor
            while start > 0, characters[start - 1] == " " { start -= 1 }
            while start > 0, characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
            return .redraw
        case 0x0C: return .clearScreen        // Ctrl-L
        default: return .none
        }
    }

    /// How a character of the line is drawn: a line break as `↵`, anything
    /// else as itself (the line never holds control characters).
    private static func shown(_ character: Character) -> (text: String, width: Int) {
        character == "\n" ? ("↵", 1) : (String(character), DisplayWidth.of(character))
    }

    /// The line as drawn after `prompt` in a terminal `columns` wide: the
    /// visible text (the prompt and the part of the line around the cursor,
    /// never reaching the last column) and the column the cursor is in.
    public func render(prompt: String, columns: Int) -> (text: String, cursorColumn: Int) {
        let promptWidth = DisplayWidth.of(prompt)
        let room = max(4, columns - promptWidth - 1)
        let cells = characters.map(Self.shown)
        // Scroll so that the cursor is in view, with the line's end as far right as it goes.
        var start = 0
        var widthToCursor = cells[0..<cursor].reduce(0) { $0 + $1.width }
        while widthToCursor > room - 1, start < cursor {
            widthToCursor -= cells[start].width
            start += 1
        }
        var text = prompt, used = 0
        for cell in cells[start...] {
            if used + cell.width > room { break }
            text += cell.text
            used += cell.width
        }
        return (text, promptWidth + widthToCursor)
    }
}

extension Character {
    fileprivate var isLetterOrDigit: Bool { isLetter || isNumber || self == "_" }
}
