import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// The `kg` executable, run as a user would.
@Suite struct CommandLineTests {
    let home = TemporaryDirectory()

    @Test func versionIsOneLine() throws {
        let result = try runKG(["--version"], home: home.path)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("kg "))
        #expect(result.stdout.split(separator: "\n").count == 1)
    }

    @Test func firstShowBuildsTheSeedGraphAndSaysSo() throws {
        let result = try runKG(["show", "Xiaomi"], home: home.path)
        #expect(result.status == 0)
        #expect(result.stderr.contains("building the seed graph"))
        #expect(result.stdout.contains("Agreements ("))
        #expect(result.stdout.contains("Microsoft sells patents to Xiaomi"))
        #expect(FileManager.default.fileExists(atPath: home.path + "/data/kg/seed.sqlite"))
        let again = try runKG(["show", "xiaomi"], home: home.path)
        #expect(again.status == 0)
        #expect(again.stderr.isEmpty)
        #expect(again.stdout == result.stdout)
    }

    @Test func unknownNameExitsWithUsageStatusAndSuggestion() throws {
        let result = try runKG(["show", "Xiaomy"], home: home.path)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("error[KGB006]"))
        #expect(result.stderr.contains("did you mean 'Xiaomi'?"))
    }

    @Test func brokenImportShowsLineAndLeavesGraphUnchanged() throws {
        let db = home.file("g.sqlite")
        #expect(try runKG(["init", "--db", db], home: home.path).status == 0)
        let before = try GraphStore.open(at: db, mode: .readOnly).contentDigest()
        let bad = home.file("bad.kg")
        try "source s file=\"f\"\nnode Company acme \"Acme\"\n  evidence s \"q\"\nedge acme rates xiaomi\n  evidence s \"q\"\nedge acme rates nobody\n  evidence s \"q\"\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try runKG(["import", bad, "--db", db], home: home.path)
        #expect(result.status == 65)
        #expect(result.stderr.contains("error[KGI004]: no node has the key 'nobody'"))
        #expect(result.stderr.contains("bad.kg:6:17"))
        #expect(result.stderr.contains("6 | edge acme rates nobody"))
        #expect(try GraphStore.open(at: db, mode: .readOnly).contentDigest() == before)
        #expect(try runKG(["import", home.file("missing.kg"), "--db", db], home: home.path).status == 66)
    }

    @Test func initRefusesToOverwriteAndStatsCounts() throws {
        let db = home.file("g.sqlite")
        #expect(try runKG(["init", "--db", db], home: home.path).status == 0)
        let again = try runKG(["init", "--db", db], home: home.path)
        #expect(again.status != 0)
        #expect(again.stderr.contains("already exists"))
        let stats = try runKG(["stats"], home: home.path, environment: ["KG_DB": db])
        #expect(stats.status == 0)
        #expect(stats.stdout.contains("Agreement"))
        #expect(stats.stdout.contains("licensor"))
    }

    @Test func worksWhenCopiedElsewhere() throws {
        // The schema, the seed graph and the named queries travel inside the binary.
        let copy = home.file("bin-kg")
        try FileManager.default.copyItem(atPath: Fixtures.kgExecutable, toPath: copy)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: copy)
        process.arguments = ["run", "licensors", "--format", "csv"]
        process.currentDirectoryURL = URL(fileURLWithPath: home.path)
        process.environment = ["HOME": home.path, "XDG_DATA_HOME": home.path + "/elsewhere", "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("licensor,agreement,kind,date\r\nMicrosoft,"))
    }
}
