import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

@Suite struct DisplayWidthTests {
    @Test func wideCombiningAndEmoji() {
        #expect(DisplayWidth.of("Xiaomi") == 6)
        #expect(DisplayWidth.of("小米") == 4)
        #expect(DisplayWidth.of("任正非") == 6)
        #expect(DisplayWidth.of("ｘ") == 2)              // fullwidth
        #expect(DisplayWidth.of("e\u{301}") == 1)        // e + combining acute
        #expect(DisplayWidth.of("Düsseldorf") == 10)
        #expect(DisplayWidth.of("🚗") == 2)
        #expect(DisplayWidth.of("❤️") == 2)              // text heart + VS16
        #expect(DisplayWidth.of("👨‍👩‍👧") == 2)            // ZWJ sequence
        #expect(DisplayWidth.of("\u{200B}") == 0)        // zero width space
        #expect(DisplayWidth.of("한국") == 4)
    }

    @Test func truncateAndPadCountColumns() {
        #expect(DisplayWidth.truncate("小米小米", to: 5) == "小米…")
        #expect(DisplayWidth.of(DisplayWidth.truncate("小米小米", to: 5)) <= 5)
        #expect(DisplayWidth.truncate("short", to: 10) == "short")
        #expect(DisplayWidth.padded("小米", to: 6) == "小米  ")
    }

    @Test func tableColumnsAlignWithChineseNames() throws {
        let dir = TemporaryDirectory()
        let store = try Fixtures.seedStore(in: dir)
        let result = try QueryEngine(store: store).execute(#"MATCH (n) WHERE n.key IN ["xiaomi", "baidu"] RETURN n.key AS key, n.name AS name, n.kind AS kind ORDER BY key"#)
        var table = result
        // Names as the aliases 小米 / 百度, then a third column: it must start at the same column on every line.
        table.rows = [[.string("小米"), .string("xiaomi"), .string("Company")], [.string("Baidu"), .string("baidu"), .string("Company")]]
        var formatter = ResultFormatter(store: store)
        let lines = formatter.render(table, as: .table).split(separator: "\n").map(String.init)
        let third = lines.prefix(4).filter { !$0.hasPrefix("─") }.map { line -> Int in
            let prefix = line.components(separatedBy: line.contains("Company") ? "Company" : "kind")[0]
            return DisplayWidth.of(prefix)
        }
        #expect(Set(third).count == 1, "\(lines)")
    }
}
