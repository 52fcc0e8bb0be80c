import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// The keys and the line of `kg shell`'s line editor, and its history file,
/// without a terminal.
@Suite struct LineEditingTests {
    func keys(_ bytes: [UInt8]) -> [LineEditKey] {
        var bytes = bytes, out: [LineEditKey] = []
        while let key = LineEditKey.decode(&bytes) { out.append(key) }
        return out
    }

    @Test func utf8TextArrowsAndControlKeysAreDecoded() {
        #expect(keys(Array("a小米".utf8)) == [.text("a"), .text("小"), .text("米")])
        #expect(keys([0x1B, 0x5B, 0x41, 0x1B, 0x5B, 0x44, 0x1B, 0x4F, 0x48, 0x1B, 0x5B, 0x33, 0x7E]) == [.up, .left, .home, .delete])
        #expect(keys([0x1B, 0x5B, 0x31, 0x3B, 0x35, 0x43, 0x1B, 0x62]) == [.wordRight, .wordLeft])
        #expect(keys([0x03, 0x04, 0x0D, 0x09, 0x7F]) == [.control(0x03), .control(0x04), .enter, .tab, .backspace])
        // A C1 control (U+009B, a CSI of its own) is never text.
        #expect(keys([0xC2, 0x9B]) == [.ignored])
    }

    @Test func aCharacterSplitOverTwoReadsWaitsForItsLastByte() {
        var bytes: [UInt8] = [0xE5, 0xB0]   // the first two bytes of 小
        #expect(LineEditKey.decode(&bytes) == nil)
        bytes.append(0x8F)
        #expect(LineEditKey.decode(&bytes) == .text("小"))
        var escape: [UInt8] = [0x1B]
        #expect(LineEditKey.decode(&escape) == nil)
        #expect(LineEditKey.decode(&escape, escapeAlone: true) == .ignored)
        #expect(escape.isEmpty)
    }

    func typed(_ text: String) -> LineEditState {
        var state = LineEditState()
        for scalar in text.unicodeScalars { _ = state.apply(.text(scalar)) }
        return state
    }

    @Test func editingKeysMoveAndDelete() {
        var state = typed("who is 小米")
        #expect(state.apply(.left) == .redraw)
        #expect(state.apply(.backspace) == .redraw)
        #expect(state.text == "who is 米")
        _ = state.apply(.control(0x01))            // Ctrl-A
        _ = state.apply(.control(0x0B))            // Ctrl-K
        #expect(state.text.isEmpty)
        state = typed("MATCH (c) RETURN c")
        _ = state.apply(.control(0x17))            // Ctrl-W
        #expect(state.text == "MATCH (c) RETURN ")
        _ = state.apply(.wordLeft)
        _ = state.apply(.control(0x15))            // Ctrl-U
        #expect(state.text == "RETURN ")
        #expect(state.apply(.control(0x03)) == .cancel)
        #expect(state.apply(.control(0x04)) == .redraw)   // Ctrl-D deletes under the cursor
        var empty = LineEditState()
        #expect(empty.apply(.control(0x04)) == .endOfInput)
        // A combining mark joins the character before it.
        state = typed("e\u{301}")
        #expect(state.characters.count == 1)
    }

    @Test func theLineIsDrawnByDisplayWidthAndScrollsSideways() {
        let state = typed("who is 小米")
        let (text, column) = state.render(prompt: "kg> ", columns: 80)
        #expect(text == "kg> who is 小米")
        #expect(column == 4 + 7 + 4)   // 小米 takes four columns
        let long = typed(String(repeating: "x", count: 100) + "END")
        let (shown, cursor) = long.render(prompt: "kg> ", columns: 40)
        #expect(shown.hasPrefix("kg> x"))
        #expect(shown.hasSuffix("END"))
        #expect(DisplayWidth.of(shown) <= 39)
        #expect(cursor == DisplayWidth.of(shown))
        // A statement of several lines from the history is drawn on one line.
        var recalled = LineEditState()
        recalled.replace(with: "MATCH (c)\nRETURN c;")
        #expect(recalled.render(prompt: "kg> ", columns: 80).text == "kg> MATCH (c)↵RETURN c;")
        #expect(recalled.text == "MATCH (c)\nRETURN c;")
    }

    @Test func completionReplacesTheWordBeforeTheCursor() {
        var state = typed("MATCH (c:Comp")
        #expect(state.wordBeforeCursor.word == "(c:Comp")
        state.complete("(c:Comp", with: "(c:Company")
        #expect(state.text == "MATCH (c:Company")
    }

    @Test func historyKeepsOneEntryPerStatementWholeAndBounded() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("shell_history")
        var history = ShellHistory(path: path, limit: 3)
        try history.add("MATCH (c)\n  WHERE c.key = \"a\\b\"\n  RETURN c;")
        try history.add("who is 小米?")
        try history.add("who is 小米?")   // a repeat is kept once
        let file = try String(contentsOfFile: path, encoding: .utf8)
        #expect(file == "MATCH (c)\\n  WHERE c.key = \"a\\\\b\"\\n  RETURN c;\nwho is 小米?\n")
        #expect(ShellHistory(path: path).entries == ["MATCH (c)\n  WHERE c.key = \"a\\b\"\n  RETURN c;", "who is 小米?"])
        try history.add("one")
        try history.add("two")
        #expect(ShellHistory(path: path).entries == ["who is 小米?", "one", "two"])
        // Written whole: no temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["shell_history"])
        // Another shell's entries, written meanwhile, are kept.
        var other = ShellHistory(path: path, limit: 3)
        try other.add("from the other shell")
        try history.add("three")
        #expect(ShellHistory(path: path).entries == ["two", "from the other shell", "three"])
    }
}
