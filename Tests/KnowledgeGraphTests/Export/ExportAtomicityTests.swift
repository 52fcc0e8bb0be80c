import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Issue 20: `kg export -o` and `kg dot -o` replace their output whole or not
/// at all. A write that fails part way (here: the file size limit of
/// `ulimit -f`, which fails write(2) with EFBIG as a full disk fails it with
/// ENOSPC) leaves the earlier export byte for byte as it was.
@Suite struct ExportAtomicityTests {
    let home = TemporaryDirectory()

    /// A generated graph of `count` companies in a ring of competitor_of
    /// edges, each fact with evidence.
    func graph(_ name: String, count: Int) throws -> String {
        let db = home.file(name + ".sqlite")
        var text = "source s file=\"s.txt\" title=\"Generated\"\n"
        for i in 1...count {
            text += "node Company c\(i) \"Company number \(i)\" founded=\(1900 + i % 100)\n"
            text += "  evidence s \"Company number \(i) competes with company number \(i % count + 1).\"\n"
            text += "  competitor_of c\(i % count + 1)\n"
            text += "    evidence s \"Company number \(i) competes with company number \(i % count + 1).\"\n"
        }
        try text.write(toFile: home.file(name + ".kg"), atomically: true, encoding: .utf8)
        #expect(try runKG(["init", "--empty", "--db", db], home: home.path).status == 0)
        let imported = try runKG(["import", home.file(name + ".kg"), "--db", db], home: home.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        return db
    }

    /// A graph whose every export file is far over 64 KiB, while its SQLite files stay within it.
    func bigGraph() throws -> String { try graph("big", count: 2000) }

    /// A small graph: the earlier, good export.
    func smallGraph() throws -> String { try graph("small", count: 10) }

    /// Runs kg with a file size limit of 64 KiB (`ulimit -f 128`, in 512-byte
    /// blocks), SIGXFSZ ignored so that write(2) fails with EFBIG instead.
    func runLimited(_ arguments: [String]) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "trap '' XFSZ; ulimit -f 128 && exec \"$0\" \"$@\"", Fixtures.kgExecutable] + arguments
        process.environment = ["HOME": home.path, "XDG_DATA_HOME": home.path + "/data", "PATH": "/usr/bin:/bin", "NO_COLOR": "1"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    func leftovers(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".kg-new-") || $0.contains(".kg-old-") }
    }

    @Test(arguments: ["kg", "jsonl", "graphml"])
    func aFailedExportLeavesTheEarlierFileByteIdentical(format: String) throws {
        let small = try smallGraph(), big = try bigGraph()
        let target = home.file("export.\(format)")
        #expect(try runKG(["export", "--format", format, "-o", target, "--db", small], home: home.path).status == 0)
        let earlier = try #require(contents(target))
        #expect(!earlier.isEmpty)

        let failed = try runLimited(["export", "--format", format, "-o", target, "--db", big])
        #expect(failed.status == 74, "\(failed.stderr)")
        #expect(failed.stderr.contains("error[KGD006]: cannot write '\(target)': file too large"), "\(failed.stderr)")
        #expect(failed.stderr.contains("'\(target)' is as it was before"))
        #expect(contents(target) == earlier, "the earlier export is untouched")
        #expect(try leftovers(in: home.path).isEmpty)

        // Without the limit the same export replaces it.
        #expect(try runKG(["export", "--format", format, "-o", target, "--db", big], home: home.path).status == 0)
        #expect((contents(target)?.count ?? 0) > 64 << 10)
    }

    @Test func aFailedCSVExportLeavesAllThreeEarlierFiles() throws {
        let small = try smallGraph(), big = try bigGraph()
        let folder = home.file("deals-csv")
        #expect(try runKG(["export", "--format", "csv", "-o", folder, "--db", small], home: home.path).status == 0)
        let names = ["nodes.csv", "edges.csv", "sources.csv"]
        let earlier = names.map { contents(folder + "/" + $0) }
        #expect(earlier.allSatisfy { ($0?.count ?? 0) > 0 })

        let failed = try runLimited(["export", "--format", "csv", "-o", folder, "--db", big])
        #expect(failed.status == 74 && failed.stderr.contains("error[KGD006]") && failed.stderr.contains("file too large"), "\(failed.stderr)")
        #expect(failed.stderr.contains("none of the 3 files was replaced"), "\(failed.stderr)")
        #expect(names.map { contents(folder + "/" + $0) } == earlier, "nodes, edges and sources all as they were")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == names.sorted())

        // A folder the failed export made is removed again.
        let fresh = home.file("fresh-csv")
        #expect(try runLimited(["export", "--format", "csv", "-o", fresh, "--db", big]).status == 74)
        #expect(!FileManager.default.fileExists(atPath: fresh))
    }

    @Test func aFailedDotOutputLeavesTheEarlierPicture() throws {
        let small = try smallGraph(), big = try bigGraph()
        let target = home.file("graph.dot")
        #expect(try runKG(["dot", "--all", "-o", target, "--db", small], home: home.path).status == 0)
        let earlier = try #require(contents(target))
        let failed = try runLimited(["dot", "--all", "--max-nodes", "5000", "-o", target, "--db", big])
        #expect(failed.status == 74 && failed.stderr.contains("cannot write '\(target)': file too large"), "\(failed.stderr)")
        #expect(contents(target) == earlier)
        #expect(try leftovers(in: home.path).isEmpty)
    }

    @Test func anExportKeepsTheModeOfTheFileItReplaces() throws {
        let small = try smallGraph()
        let target = home.file("private.jsonl")
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        chmod(target, 0o600)
        #expect(try runKG(["export", "--format", "jsonl", "-o", target, "--db", small], home: home.path).status == 0)
        let mode = (try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        #expect(contents(target) != Data("old".utf8))
    }
}
