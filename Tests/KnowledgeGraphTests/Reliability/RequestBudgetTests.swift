import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// One budget for a request, from its first byte to its last
/// (docs/reliability.md, "The query budget"): the query text, its tokens and
/// syntax tree, list literals and column headers, and the rendering of the
/// answer run under the same clock and memory account as the query. One test
/// per finding of issue 20 (items 11-13). Time bounds are generous hang
/// guards, never speed assertions.
@Suite(.serialized) struct RequestBudgetTests {
    let dir = TemporaryDirectory()

    /// `RETURN size([1,1,…])` with `count` elements.
    static func listQuery(_ count: Int) -> String {
        var text = "RETURN size(["
        text.reserveCapacity(count * 2 + 20)
        for i in 0..<count { text += i == 0 ? "1" : ",1" }
        return text + "])"
    }

    /// A graph of `count` nodes whose property `s` is `length` control characters (U+0001).
    func controlGraph(count: Int = 100, length: Int = 20_000) throws -> String {
        let path = dir.file("control.sqlite")
        if FileManager.default.fileExists(atPath: path) { return path }
        let schema = try SchemaParser.parse("schema control\nkind N\n  prop s: string\n")
        let store = try GraphStore.create(at: path, schema: schema)
        let s = String(repeating: "\u{1}", count: length)
        try store.write {
            for i in 0..<count { _ = try store.addNode(key: "n\(i)", kind: "N", name: "Node \(i)", props: ["s": .string(s)]) }
        }
        return path
    }

    func timed(_ body: () throws -> CommandResult) rethrows -> (CommandResult, TimeInterval) {
        let start = Date()
        let result = try body()
        return (result, Date().timeIntervalSince(start))
    }

    // MARK: Item 11: the query text, its syntax tree and list literals

    @Test func aListLiteralIsChargedToTheMemoryLimitWhileItIsParsed() throws {
        let engine = QueryEngine(store: try GraphStore.open(at: SeedTemplate.path, mode: .readOnly))
        // 1 000 000 elements (2 MB of text) under 8 MiB: refused while lexing.
        let e = expectKGError { _ = try engine.execute(Self.listQuery(1_000_000), options: .init(limits: QueryLimits(timeLimit: 60, memoryLimit: 8 << 20))) }
        #expect(e?.code == .memoryLimit, "\(String(describing: e))")
        // A small one still runs under the same limit.
        let ok = try engine.execute(Self.listQuery(1_000), options: .init(limits: QueryLimits(timeLimit: 60, memoryLimit: 8 << 20)))
        #expect(ok.rows == [[.int(1_000)]])
        // The parse of a request's own budget is charged to it.
        let budget = QueryBudget(limits: QueryLimits(timeLimit: 60))
        _ = try Parser.parse(Self.listQuery(10_000), budget: budget)
        #expect(budget.bytes >= 10_000 * 2 * MemoryEstimate.token)
    }

    @Test func aKeptParseIsChargedToEveryRequestThatRunsIt() throws {
        let engine = QueryEngine(store: try GraphStore.open(at: SeedTemplate.path, mode: .readOnly))
        let text = Self.listQuery(100_000)
        // Parsed and kept under a large limit...
        _ = try engine.execute(text, options: .init(limits: QueryLimits(timeLimit: 60, memoryLimit: 1 << 30)))
        // ...is still over a small one.
        let e = expectKGError { _ = try engine.execute(text, options: .init(limits: QueryLimits(timeLimit: 60, memoryLimit: 4 << 20))) }
        #expect(e?.code == .memoryLimit)
    }

    @Test func aFourMegabyteQueryFileStopsAtTheMemoryLimit() throws {
        let file = dir.file("list.kgq")
        try Self.listQuery(2_000_000).write(toFile: file, atomically: true, encoding: .utf8)
        let (r, seconds) = try timed { try runKG(["query", "--db", SeedTemplate.path, "--max-memory", "32M", "--file", file], home: dir.path) }
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("error[KGE005]"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(seconds < 60)
        // A file longer than the memory limit is refused while it is read.
        let (small, _) = try timed { try runKG(["query", "--db", SeedTemplate.path, "--max-memory", "1M", "--file", file], home: dir.path) }
        #expect(small.stderr.hasPrefix("error[KGE005]"), "\(small.stderr)")
    }

    @Test func queryTextFromStandardInputIsBoundedByTheMemoryLimit() throws {
        // 3 MB of short lines on standard input under --max-memory 2M: refused while it is read.
        let input = String(repeating: "RETURN 1 // a comment line\n", count: 110_000)
        for arguments in [["query", "--db", SeedTemplate.path, "--max-memory", "2M", "-"],
                          ["query", "--db", SeedTemplate.path, "--max-memory", "2M", "--file", "-"]] {
            let r = try runKG(arguments, home: dir.path, input: input)
            #expect(r.status == 65, "\(arguments): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error[KGE005]"), "\(arguments): \(r.stderr)")
        }
        let ok = try runKG(["query", "--db", SeedTemplate.path, "--max-memory", "2M", "--format", "csv", "-"], home: dir.path, input: "RETURN 1 AS one")
        #expect(ok.stdout.replacingOccurrences(of: "\r\n", with: "\n") == "one\n1\n", "\(ok.stderr)")
    }

    @Test func parsingALongQueryRunsUnderTheTimeLimit() throws {
        let file = dir.file("long.kgq")
        try Self.listQuery(2_000_000).write(toFile: file, atomically: true, encoding: .utf8)
        let (r, seconds) = try timed {
            try runKG(["query", "--db", SeedTemplate.path, "--timeout", "0.05", "--max-memory", "1T", "--file", file], home: dir.path)
        }
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("error[KGE001]"), "\(r.stderr)")
        #expect(seconds < 60)
    }

    @Test func aColumnHeaderIsCutWithAnEllipsis() throws {
        let engine = QueryEngine(store: try GraphStore.open(at: SeedTemplate.path, mode: .readOnly))
        let result = try engine.execute(Self.listQuery(5_000))
        let header = try #require(result.columns.first)
        #expect(header.count == ReturnItem.maximumHeaderLength)
        #expect(header.hasPrefix("size([1, 1, 1"))
        #expect(header.hasSuffix("…"))
        #expect(result.rows == [[.int(5_000)]])
        // Short headers and aliases stay as written.
        #expect(try engine.execute("RETURN size([1, 2]), 3 AS three").columns == ["size([1, 2])", "three"])
    }

    // MARK: Item 12: rendering under the memory limit

    @Test func jsonRenderingIsChargedToTheMemoryLimit() throws {
        let db = try controlGraph()
        // 350 rows of 20 000 control characters: 42 MB of JSON, the answer itself 7 MB.
        let (r, seconds) = try timed {
            try runKG(["query", "--db", db, "--max-memory", "32M", "--format", "json", "MATCH (a), (b) RETURN a.s LIMIT 350"], home: dir.path)
        }
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("error[KGE005]"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(seconds < 60)
        // Within the limit the same answer is written whole.
        let ok = try runKG(["query", "--db", db, "--max-memory", "32M", "--format", "json", "MATCH (a) RETURN a.s LIMIT 20"], home: dir.path)
        #expect(ok.status == 0, "\(ok.stderr)")
        let parsed = try JSONParser.parse(ok.stdout)
        guard case .array(let rows)? = parsed.objectValue?["rows"] else { Issue.record("no rows: \(ok.stdout.prefix(200))"); return }
        #expect(rows.count == 20)
    }

    @Test func csvAndTableRenderingAreChargedToTheMemoryLimit() throws {
        let db = try controlGraph()
        for format in ["csv", "table"] {
            let r = try runKG(["query", "--db", db, "--max-memory", "16M", "--format", format, "MATCH (a), (b) RETURN a.s, b.s LIMIT 400"],
                              home: dir.path)
            #expect(r.status == 65, "\(format): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error[KGE005]"), "\(format): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(format)")
        }
    }

    @Test func serveStdioRowsAreChargedToTheMemoryLimit() throws {
        let db = try controlGraph()
        let input = #"{"id":1,"query":"MATCH (a), (b) RETURN a.s LIMIT 350"}"# + "\n" + #"{"id":2,"query":"MATCH (n) RETURN count(*)"}"# + "\n"
        let r = try runKG(["serve", "--stdio", "--db", db, "--max-memory", "32M"], home: dir.path, input: input)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(lines.count == 2)
        #expect(lines.first?.contains(#""code":"KGE005""#) == true, "\(lines.first?.prefix(300) ?? "")")
        #expect(lines.last?.contains(#""rows":[[100]]"#) == true)
    }

    // MARK: Item 13: rendering under the time limit

    @Test func tableRenderingRunsUnderTheTimeLimit() throws {
        let db = try controlGraph()
        // 1 000 rows of two 100 000-character cells: far more than a second of rendering.
        let (r, seconds) = try timed {
            try runKG(["query", "--db", db, "--timeout", "1", "--format", "table", "MATCH (a), (b) RETURN a.s, b.s AS t LIMIT 1000"],
                      home: dir.path)
        }
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("error[KGE001]"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(seconds < 30, "\(seconds) s")
    }

    @Test func aRenderingFormatterStopsWhenTheRequestIsCancelled() throws {
        let db = try controlGraph()
        let store = try GraphStore.open(at: db, mode: .readOnly)
        let flag = CancellationFlag()
        let budget = QueryBudget(limits: QueryLimits(timeLimit: 60), cancellation: flag)
        let result = try QueryEngine(store: store).execute("MATCH (a) RETURN a.s LIMIT 10", options: .init(budget: budget))
        flag.cancel()
        for format in ResultFormatter.Format.allCases {
            var formatter = ResultFormatter(store: store)
            formatter.budget = budget
            let e = expectKGError { _ = try formatter.format(result, as: format) }
            #expect(e?.code == .cancelled, "\(format)")
        }
    }

    @Test(.timeLimit(.minutes(1))) func escapingManyControlCharactersIsLinear() {
        // Appending each escape copied the whole text before: a million took hours.
        let escaped = TerminalText.escape(String(repeating: "\u{1}", count: 1_000_000) + "\n")
        #expect(escaped.utf8.count == 5_000_001)
        #expect(escaped.hasPrefix("\\u{1}\\u{1}"))
        #expect(escaped.hasSuffix("\\u{1} "))
    }
}
