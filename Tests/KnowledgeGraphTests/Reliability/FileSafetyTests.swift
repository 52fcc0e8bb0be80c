import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Files kg is pointed at: anything that is not a graph is refused clearly
/// and never modified; `--read-only` and files kg cannot write are opened
/// read-only, so that a write fails with KGD004 and the file stays as it was.
@Suite(.serialized) struct ReliabilityFileSafetyTests {
    /// Files that are not kg graphs, each with the code and exit status kg gives.
    static func nonGraphs(in home: TemporaryDirectory) throws -> [(name: String, code: String, status: Int32)] {
        try "just some notes\n".write(toFile: home.file("notes.txt"), atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: home.file("empty.sqlite"), contents: Data())
        var random = SeededRandom(seed: 99)
        _ = FileManager.default.createFile(atPath: home.file("random.bin"), contents: Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &random) }))
        _ = FileManager.default.createFile(atPath: home.file("png.png"), contents: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 100)))
        do {
            let other = try SQLiteDatabase(path: home.file("other.sqlite"))
            try other.execute("CREATE TABLE nodes(id, key); INSERT INTO nodes VALUES (1, 'x')")
        }
        do {
            let wal = try SQLiteDatabase(path: home.file("other-wal.sqlite"))
            try wal.execute("PRAGMA journal_mode = WAL; CREATE TABLE t(x); INSERT INTO t VALUES (1); PRAGMA wal_checkpoint(TRUNCATE)")
        }
        do {
            let newer = try GraphStore.create(at: home.file("newer.sqlite"))
            try newer.db.execute("PRAGMA user_version = \(GraphStore.currentVersion + 1)")
            try newer.checkpoint()
        }
        // The first 40 KB of a real graph: a damaged file.
        let seed = try Data(contentsOf: URL(fileURLWithPath: SeedTemplate.path))
        _ = FileManager.default.createFile(atPath: home.file("truncated.sqlite"), contents: seed.prefix(40_960))
        return [("notes.txt", "KGD001", 65), ("empty.sqlite", "KGD001", 65), ("random.bin", "KGD001", 65), ("png.png", "KGD001", 65),
                ("other.sqlite", "KGD001", 65), ("other-wal.sqlite", "KGD001", 65), ("newer.sqlite", "KGD002", 65),
                ("truncated.sqlite", "KGD006", 74)]
    }

    @Test func everyCommandRefusesNonGraphsWithoutTouchingThem() throws {
        let home = TemporaryDirectory()
        let files = try Self.nonGraphs(in: home)
        let kg = home.file("ok.kg")
        try "source s file=\"f\"\nnode Company acme \"Acme\"\n  evidence s \"q\"\n".write(toFile: kg, atomically: true, encoding: .utf8)
        let commands: [[String]] = [["query", "MATCH (n) RETURN count(*)"], ["import", kg], ["stats"], ["show", "acme"], ["dot", "--all"],
                                    ["run", "licensors"], ["serve", "--stdio"], ["import", kg, "--read-only"]]
        var runs = 0
        for (name, code, status) in files {
            let path = home.file(name)
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let sidecars = ["-wal", "-shm"].filter { FileManager.default.fileExists(atPath: path + $0) }
            for command in commands {
                let r = try runKG(command + ["--db", path], home: home.path, input: #"{"query":"MATCH (n) RETURN n"}"# + "\n")
                runs += 1
                #expect(r.status == status, "kg \(command[0]) on \(name): \(r.stderr)")
                #expect(r.stdout.isEmpty, "kg \(command[0]) on \(name)")
                #expect(r.stderr.hasPrefix("error[\(code)]"), "kg \(command[0]) on \(name): \(r.stderr)")
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "kg \(command[0]) modified \(name)")
            }
            if name != "truncated.sqlite" && name != "newer.sqlite" {
                // Refused before SQLite looked at it as a graph: no journal files appear.
                for suffix in ["-wal", "-shm"] where !sidecars.contains(suffix) {
                    #expect(!FileManager.default.fileExists(atPath: path + suffix), "\(name)\(suffix) was created")
                }
            }
        }
        // kg init never overwrites any of them.
        for (name, _, _) in files where name != "empty.sqlite" {
            let path = home.file(name)
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let r = try runKG(["init", "--db", path], home: home.path)
            #expect(r.status == 64, "\(name): \(r.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        }
        print("files: \(files.count) non-graph files × \(commands.count) commands = \(runs) runs refused, none modified")
    }

    @Test func readOnlyFlagOpensReadOnlyEvenForWrites() throws {
        let home = TemporaryDirectory()
        let db = try SeedTemplate.copy(to: home.file("g.sqlite"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: db))
        let kg = home.file("ok.kg")
        try "source s file=\"f\"\nnode Company acme \"Acme\"\n  evidence s \"q\"\n".write(toFile: kg, atomically: true, encoding: .utf8)
        let write = try runKG(["import", kg, "--db", db, "--read-only"], home: home.path)
        #expect(write.status == 74)
        #expect(write.stderr.hasPrefix("error[KGD004]"), "\(write.stderr)")
        for read in [["query", "MATCH (c:Company) RETURN count(*)"], ["stats"], ["show", "Xiaomi"], ["run", "licensors"]] {
            let r = try runKG(read + ["--db", db, "--read-only"], home: home.path)
            #expect(r.status == 0, "\(read): \(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == bytes, "the graph file changed")
        #expect(try runKG(["import", kg, "--db", db], home: home.path).status == 0)
    }

    /// The library's `.automatic` mode: read-only when the file is not
    /// writable. As root every file is writable, so there it opens read-write.
    @Test func automaticModeFollowsWhetherTheFileIsWritable() throws {
        let dir = TemporaryDirectory()
        let path = try SeedTemplate.copy(to: dir.file("g.sqlite"))
        chmod(path, 0o444)
        defer { chmod(path, 0o644) }
        let store = try GraphStore.open(at: path)
        if runningAsRoot {
            #expect(!store.isReadOnly, "root may write a 0444 file; kg follows what access(2) says")
        } else {
            #expect(store.isReadOnly)
            #expect(expectKGError { try store.write { try store.setMeta("x", "y") } }?.code == .readOnly)
        }
    }

    /// A graph file kg may not write (chmod 0444), and one in a folder it may
    /// not write. As root, permissions do not stop writes, so the test runs
    /// kg as the user `nobody` (setpriv) when it can, and says so when not.
    @Test func filesKgCannotWriteAreOpenedReadOnly() throws {
        let home = TemporaryDirectory()
        let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
        if runningAsRoot && setpriv == nil {
            print("files: running as root without setpriv: the permission test cannot run (root writes through 0444)")
            return
        }
        // As root: a folder nobody may enter and read, holding what it needs.
        chmod(home.path, 0o755)
        let writable = home.file("writable")
        let locked = home.file("locked")
        for dir in [writable, locked] { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false) }
        chmod(writable, 0o777)
        let kg = home.file("ok.kg")
        try "source s file=\"f\"\nnode Company acme \"Acme\"\n  evidence s \"q\"\n".write(toFile: kg, atomically: true, encoding: .utf8)
        chmod(kg, 0o644)

        func runAsUser(_ arguments: [String]) throws -> CommandResult {
            guard runningAsRoot, let setpriv else { return try runKG(arguments, home: home.path) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: setpriv)
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", Fixtures.kgExecutable] + arguments
            process.environment = ["HOME": home.path, "XDG_DATA_HOME": home.path + "/data", "PATH": "/usr/bin:/bin", "NO_COLOR": "1"]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return CommandResult(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
        }

        for (dir, what) in [(writable, "a 0444 file in a folder kg may write"), (locked, "a 0444 file in a folder kg may not write")] {
            let db = try SeedTemplate.copy(to: dir + "/g.sqlite")
            chmod(db, 0o444)
            if dir == locked { chmod(locked, 0o755) }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: db))
            let read = try runAsUser(["query", "--db", db, "--format", "csv", "MATCH (c:Company) RETURN count(*)"])
            #expect(read.status == 0, "\(what): \(read.stderr)")
            #expect(read.stdout == "count(*)\r\n21\r\n", "\(what)")
            let write = try runAsUser(["import", kg, "--db", db])
            #expect(write.status == 74, "\(what): \(write.stderr)")
            #expect(write.stderr.hasPrefix("error[KGD004]"), "\(what): \(write.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == bytes, "\(what): the file changed")
            if dir == locked {
                #expect(!FileManager.default.fileExists(atPath: db + "-wal") && !FileManager.default.fileExists(atPath: db + "-shm"))
            }
            chmod(db, 0o644)
        }
        print("files: 0444 graphs \(runningAsRoot ? "(kg run as nobody via setpriv, the tests run as root)" : "(as \(getuid()))"): reads answer, imports fail with KGD004, files unchanged")
    }
}
