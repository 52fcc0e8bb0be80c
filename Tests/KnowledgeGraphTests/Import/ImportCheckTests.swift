import Foundation
import Testing
@testable import KnowledgeGraph

/// `kg import --check` (issue 24, part 2): every error of a file in one run,
/// each with its line; nothing written; a summary when clean.
@Suite struct ImportCheckTests {
    /// A graph text file with five independent mistakes, one per statement.
    static let broken = """
        source art file="art.txt"
        node Company acme "Acme" founded=19x9
          evidence art "Acme was founded long ago."
        node Compnay globex "Globex"
          evidence art "Globex buys rockets."
        node Company initech "Initech"
          evidence nosuch "Initech makes software."
        edge hooli develops nowhere
          evidence art "Hooli develops nothing."
        edge hooli competitor_of hooli
        node Company hooli "Hooli"
          evidence art "Hooli is a company."
        edge acme competitor_of hooli
          evidence art "Acme competes with Hooli."

        """

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func everyErrorIsReportedWithItsLineAndNothingIsWritten() throws {
        let home = TemporaryDirectory()
        let db = home.file("g.sqlite"), file = home.file("broken.kg")
        #expect(try runKG(["init", "--empty", "--db", db], home: home.path).status == 0)
        try Self.broken.write(toFile: file, atomically: true, encoding: .utf8)
        let before = try bytes(db)
        for flag in ["--check", "--dry-run"] {
            let result = try runKG(["import", flag, file, "--db", db], home: home.path)
            #expect(result.status == 65, "\(result.stderr)")
            // Each mistake, at its own line, in the order of the file.
            let located = result.stderr.split(separator: "\n").filter { $0.hasPrefix(" --> ") }.map { String($0.dropFirst(5)) }
            #expect(located == [file + ":2:26", file + ":4:6", file + ":7:12", file + ":8:21", file + ":10:12"], "\(result.stderr)")
            for code in ["KGS003", "KGS004", "KGI003", "KGI004", "KGI002"] { #expect(result.stderr.contains("error[\(code)]"), "\(code)") }
            #expect(result.stderr.contains("5 errors; nothing was written"))
            #expect(try bytes(db) == before, "the graph file is byte for byte as it was")
        }
        // Without --check the first error stops the import, as before.
        let plain = try runKG(["import", file, "--db", db], home: home.path)
        #expect(plain.status == 65 && plain.stderr.components(separatedBy: "error[").count == 2, "\(plain.stderr)")
        #expect(try GraphStore.open(at: db).statistics().nodeCount == 0)
    }

    @Test func aCleanFileSaysWhatTheImportWouldDo() throws {
        let home = TemporaryDirectory()
        let db = home.file("g.sqlite")
        #expect(try runKG(["init", "--empty", "--db", db], home: home.path).status == 0)
        let before = try bytes(db)
        let seed = Fixtures.repositoryRoot + "/data/seed.kg"
        let check = try runKG(["import", "--check", seed, "--db", db], home: home.path)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(try bytes(db) == before)
        #expect(try GraphStore.open(at: db).writeLog().isEmpty)
        let line = try #require(check.stderr.split(separator: "\n").first { $0.contains("no errors") }.map(String.init))
        let imported = try runKG(["import", seed, "--db", db], home: home.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        // The same counts as the import then reports.
        let stats = try GraphStore.open(at: db).statistics()
        #expect(line.contains("the import would do: \(stats.nodeCount) nodes, \(stats.edgeCount) edges"), "\(line)")
        #expect(imported.stderr.contains("imported \(seed): \(stats.nodeCount) nodes, \(stats.edgeCount) edges"), "\(imported.stderr)")
    }

    @Test func manyErrorsStopAtTheLimitAndCountTheRest() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        var text = "source art file=\"art\"\n"
        for i in 0..<130 { text += "edge n\(i) develops m\(i)\n  evidence art \"n\(i) develops m\(i)\"\n" }
        let diagnostics = ImportDiagnostics(limit: 100)
        _ = GraphTextImporter(store: store).check(text, file: "many.kg", into: diagnostics)
        // One error per edge statement (its first unknown end).
        #expect(diagnostics.errors.count == 100 && diagnostics.omitted == 30 && diagnostics.errorCount == 130)
        #expect(diagnostics.sortedErrors.first?.span?.start.line == 2 && diagnostics.sortedErrors.allSatisfy { $0.file == "many.kg" })
        #expect(try store.statistics().nodeCount == 0 && store.writeLog().isEmpty)
        // kg import --check shows the first 100 and counts the rest.
        let home = TemporaryDirectory()
        try text.write(toFile: home.file("many.kg"), atomically: true, encoding: .utf8)
        #expect(try runKG(["init", "--empty", "--db", home.file("g.sqlite")], home: home.path).status == 0)
        let result = try runKG(["import", "--check", home.file("many.kg"), "--db", home.file("g.sqlite")], home: home.path)
        #expect(result.status == 65 && result.stderr.components(separatedBy: "error[KGI004]").count == 101, "\(result.stderr.suffix(300))")
        #expect(result.stderr.contains("… and 30 more errors (--check shows the first 100)") && result.stderr.contains("130 errors; nothing was written"))
    }

    @Test func aStatementThatDoesNotParseIsSkippedWithItsBlock() throws {
        let text = """
            source art file="art"
            node Company acme "Acme
              evidence art "Acme."
              develops rocket
                evidence art "Acme builds rockets."
            node Company globex "Globex"
              evidence art "Globex."
              bogus line "x" =
            edge acme develops globex
              evidence art "x"

            """
        // A broken evidence line is one error, not also a node without evidence.
        let once = ImportDiagnostics()
        _ = try GraphTextParser.parse("source art file=\"art\"\nnode Company acme \"Acme\"\n  evidence art \"Acme.\n", collecting: once)
        #expect(once.errorCount == 1 && once.errors.first?.code == .importSyntax, "\(once.errors)")
        let diagnostics = ImportDiagnostics()
        let document = try GraphTextParser.parse(text, collecting: diagnostics)
        // The unterminated name (line 2) and the bad edge line (line 8); the block of line 2 is skipped.
        #expect(diagnostics.sortedErrors.map { $0.span?.start.line } == [2, 8], "\(diagnostics.errors)")
        #expect(document.nodes.map(\.key) == ["globex"] && document.skippedKeys == ["acme"])
        // The edge naming the skipped node is not reported again by the importer.
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        let all = ImportDiagnostics()
        _ = GraphTextImporter(store: store).check(text, into: all)
        #expect(all.errorCount == 2, "\(all.errors)")
    }

    @Test func csvFilesAreCheckedRowByRow() throws {
        let home = TemporaryDirectory()
        let db = home.file("g.sqlite")
        #expect(try runKG(["init", "--empty", "--db", db], home: home.path).status == 0)
        try "id,kind,name,props\nacme,Company,Acme,{}\nglobex,Company,Globex,\"{\"\"founded\"\":\"\"x\"\"}\"\nbad,,Bad,{}\n"
            .write(toFile: home.file("n.csv"), atomically: true, encoding: .utf8)
        try "src,type,dst,props\nacme,develops,nowhere,{}\nacme,competitor_of,globex,{}\n"
            .write(toFile: home.file("e.csv"), atomically: true, encoding: .utf8)
        let before = try bytes(db)
        let result = try runKG(["import", "--check", "--nodes", home.file("n.csv"), "--edges", home.file("e.csv"), "--db", db], home: home.path)
        #expect(result.status == 65)
        let located = result.stderr.split(separator: "\n").filter { $0.hasPrefix(" --> ") }.map { String($0.dropFirst(5)) }
        #expect(located == [home.file("n.csv") + ":3:23", home.file("n.csv") + ":4:5", home.file("e.csv") + ":2:15"], "\(result.stderr)")
        #expect(try bytes(db) == before)
        let missing = try runKG(["import", "--check", "--nodes", home.file("n.csv"), "--db", home.file("none.sqlite")], home: home.path)
        #expect(missing.status == 66 && !FileManager.default.fileExists(atPath: home.file("none.sqlite")), "\(missing.stderr)")
    }
}
