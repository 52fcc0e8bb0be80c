import CSQLite
import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Hostile files, devices, outputs and protocol lines (issue 11, I/O part).
/// Each test names the finding it guards.
@Suite(.serialized) struct HostileIOTests {
    // MARK: Finding 6: the graph file is data, never code

    /// Runs SQL on a file with SQLite's plain C API (no defensive mode), as an
    /// attacker's tool would, to plant objects kg must refuse.
    static func plant(_ path: String, _ sql: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw KGError(.storage, "cannot open \(path)") }
        defer { sqlite3_close(db) }
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "?"
            sqlite3_free(message)
            throw KGError(.storage, "planting failed: \(text)")
        }
    }

    /// The name of Xiaomi in a graph, read with the plain C API.
    static func xiaomiName(_ path: String) throws -> String {
        try GraphStore.open(at: path, mode: .readOnly).resolve("xiaomi").name
    }

    static func csvFiles(rows: Int, in dir: TemporaryDirectory) throws -> (nodes: String, edges: String) {
        var nodes = "id,kind,name,props\n", edges = "src,type,dst,props\n"
        for i in 0..<rows {
            nodes += "h\(i),Company,Hostile \(i),\n"
            edges += "h\(i),rates,h\((i + 1) % rows),\n"
        }
        try nodes.write(toFile: dir.file("nodes.csv"), atomically: true, encoding: .utf8)
        try edges.write(toFile: dir.file("edges.csv"), atomically: true, encoding: .utf8)
        return (dir.file("nodes.csv"), dir.file("edges.csv"))
    }

    /// Finding 6: index SQL with extra statements (the import rebuilt indexes
    /// from it), a trigger, a view, an extra index: every one is refused with
    /// KGD007 on open, nothing in it runs, and the other graph file it aims
    /// at keeps every byte.
    @Test(arguments: [
        ("edges_out", "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'CREATE INDEX edges_out ON edges (type, src, dst); ATTACH ''VICTIM'' AS v; UPDATE v.nodes SET name = ''Pwned'' WHERE key = ''xiaomi''' WHERE name = 'edges_out'"),
        ("t", "ATTACH 'VICTIM' AS v; DETACH v; CREATE TRIGGER t AFTER INSERT ON nodes BEGIN UPDATE nodes SET name = 'Pwned'; END"),
        ("v", "CREATE VIEW v AS SELECT * FROM nodes"),
        ("evil", "CREATE INDEX evil ON nodes (name)"),
        ("kg_meta", "DROP TABLE kg_meta; CREATE TABLE kg_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL, extra TEXT DEFAULT 'x') STRICT, WITHOUT ROWID"),
    ])
    func plantedSchemaObjectsAreRefusedAndNothingRuns(object: String, sql: String) throws {
        let dir = TemporaryDirectory()
        let victim = try SeedTemplate.copy(to: dir.file("victim.sqlite"))
        let attacker = try SeedTemplate.copy(to: dir.file("attacker.sqlite"))
        try Self.plant(attacker, sql.replacingOccurrences(of: "VICTIM", with: victim))
        let victimBytes = GraphFile.bytes(victim)
        let attackerBytes = GraphFile.bytes(attacker)
        let csv = try Self.csvFiles(rows: 10_000, in: dir)

        // The library refuses to open it.
        let error = expectKGError { _ = try GraphStore.open(at: attacker, mode: .readWrite) }
        #expect(error?.code == .unexpectedSchemaObject)
        #expect(error?.message.contains("unexpected schema object '\(object)'") == true, "\(String(describing: error))")

        // A 10,000-row import (which drops and rebuilds indexes) through the CLI.
        let result = try runKG(["import", "--nodes", csv.nodes, "--edges", csv.edges, "--db", attacker], home: dir.path)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("error[KGD007]"), "\(result.stderr)")
        for command in [["stats", "--db", attacker], ["query", "--db", attacker, "MATCH (n) RETURN count(*)"], ["show", "--db", attacker, "Xiaomi"]] {
            let other = try runKG(command, home: dir.path)
            #expect(other.status == 65 && other.stderr.contains("KGD007"), "\(command): \(other.stderr)")
        }
        #expect(GraphFile.bytes(victim) == victimBytes, "the other file was changed")
        #expect(GraphFile.bytes(attacker) == attackerBytes, "the refused file was changed")
        #expect(try Self.xiaomiName(victim) == "Xiaomi")
    }

    /// Finding 6: the indexes a bulk load rebuilds come from kg's own DDL, and
    /// a graph loaded that way is still one kg accepts (same schema objects).
    @Test func bulkLoadRebuildsIndexesFromKgsOwnDefinitions() throws {
        let dir = TemporaryDirectory()
        let csv = try Self.csvFiles(rows: 12_000, in: dir)
        let path = try SeedTemplate.copy(to: dir.file("g.sqlite"))
        let store = try GraphStore.open(at: path, mode: .readWrite)
        let indexes = try store.secondaryIndexes(on: .edges).map(\.name)
        #expect(indexes == ["edges_in", "edges_out"] || indexes.contains("edges_out"), "\(indexes)")
        let summary = try CSVImporter.importFiles(nodes: csv.nodes, edges: csv.edges, database: path)
        #expect(summary.nodes == 12_000)
        let reopened = try GraphStore.open(at: path, mode: .readOnly)
        #expect(try reopened.statistics().nodeCount == 72 + 12_000)
    }

    /// Finding 22: a file with kg's application id but no tables is a clear
    /// KGD error, not "SQLite error 1".
    @Test func applicationIDWithoutTablesIsAClearError() throws {
        let dir = TemporaryDirectory()
        for version in [0, 1] {
            let path = dir.file("marked-\(version).sqlite")
            try Self.plant(path, "PRAGMA application_id = \(GraphStore.applicationID); PRAGMA user_version = \(version); CREATE TABLE filler(x); DROP TABLE filler")
            let result = try runKG(["stats", "--db", path], home: dir.path)
            #expect(result.status == 65, "\(result.stderr)")
            #expect(result.stderr.contains("error[KGD00"), "\(result.stderr)")
            #expect(!result.stderr.contains("SQLite error"), "\(result.stderr)")
        }
    }

    // MARK: Running kg with exact environments and outputs

    /// Runs kg with exactly `environment` (nothing merged in) and stdout into
    /// `stdoutPath` (a file or a device such as /dev/full).
    static func run(_ arguments: [String], environment: [String: String], stdoutPath: String? = nil,
                    stdin: String? = nil) throws -> (status: Int32, signalled: Bool, stdout: String, stderr: String) {
        let dir = TemporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Fixtures.kgExecutable)
        process.arguments = arguments
        process.environment = environment.merging(["SWIFT_BACKTRACE": "enable=no", "NO_COLOR": "1"]) { a, _ in a }
        let out = stdoutPath ?? dir.file("out")
        if stdoutPath == nil { _ = FileManager.default.createFile(atPath: out, contents: nil) }
        _ = FileManager.default.createFile(atPath: dir.file("err"), contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: dir.file("err"))
        if let stdin {
            if FileManager.default.fileExists(atPath: stdin), stdin.hasPrefix("/dev/") {
                process.standardInput = FileHandle(forReadingAtPath: stdin)
            } else {
                _ = FileManager.default.createFile(atPath: dir.file("in"), contents: Data(stdin.utf8))
                process.standardInput = FileHandle(forReadingAtPath: dir.file("in"))
            }
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        let stdout = stdoutPath == nil ? ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "") : ""
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal, stdout,
                (try? String(contentsOfFile: dir.file("err"), encoding: .utf8)) ?? "")
    }

    static func environment(home: String) -> [String: String] {
        ["HOME": home, "XDG_DATA_HOME": home + "/data", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    }

    // MARK: Finding 3: --hops far beyond the graph

    /// Finding 3: a hop count near Int.max crashed (an array of hops + 1
    /// buckets); now the walk ends when the frontier is empty and the answer
    /// is the same as for any count beyond the graph's diameter.
    @Test func hugeHopCountsEndWithTheWholeReachablePart() throws {
        let dir = TemporaryDirectory()
        let graph = try SeedTemplate.copy(to: dir.file("g.sqlite"))
        let env = Self.environment(home: dir.path)
        let reference = try Self.run(["dot", "--db", graph, "--around", "Xiaomi", "--hops", "60"], environment: env)
        #expect(reference.status == 0, "\(reference.stderr)")
        for hops in ["4611686018427387904", "1000000000", "9223372036854775807"] {
            let result = try Self.run(["dot", "--db", graph, "--around", "Xiaomi", "--hops", hops], environment: env)
            #expect(!result.signalled && result.status == 0, "--hops \(hops): \(result.stderr)")
            #expect(result.stdout == reference.stdout)
        }
        let store = try GraphStore.open(at: graph, mode: .readOnly)
        let xiaomi = try store.resolve("Xiaomi").id
        #expect(try store.neighbourhood(of: xiaomi, hops: Int.max) == store.neighbourhood(of: xiaomi, hops: 60))
        for bad in ["-1", "99999999999999999999", "1e3"] {
            let result = try Self.run(["dot", "--db", graph, "--around", "Xiaomi", "--hops", bad], environment: env)
            #expect(!result.signalled && result.status == 64, "--hops \(bad): \(result.status) \(result.stderr)")
        }
    }

    // MARK: Finding 14: the node limit is checked while walking

    /// Finding 14: a node with 20,000 neighbours is refused with KGU004 as
    /// soon as the walk passes --max-nodes (the error says it stopped there),
    /// and the library walk stops the same way.
    @Test func theNodeLimitStopsTheWalkAsItGrows() throws {
        let dir = TemporaryDirectory()
        var nodes = "id,kind,name,props\nhub,Company,Hub,\n", edges = "src,type,dst,props\n"
        for i in 0..<20_000 {
            nodes += "n\(i),Company,N \(i),\n"
            edges += "hub,supplies,n\(i),\n"
        }
        try nodes.write(toFile: dir.file("n.csv"), atomically: true, encoding: .utf8)
        try edges.write(toFile: dir.file("e.csv"), atomically: true, encoding: .utf8)
        let graph = dir.file("star.sqlite")
        try CSVImporter.importFiles(nodes: dir.file("n.csv"), edges: dir.file("e.csv"), database: graph)
        let result = try Self.run(["dot", "--db", graph, "--around", "hub", "--hops", "2"], environment: Self.environment(home: dir.path))
        #expect(result.status == 64 && result.stderr.contains("error[KGU004]"), "\(result.stderr)")
        #expect(result.stderr.contains("more than the limit of 2000 nodes"), "\(result.stderr)")
        let store = try GraphStore.open(at: graph, mode: .readOnly)
        let hub = try store.resolve("hub").id
        let error = expectKGError { _ = try store.neighbourhood(of: hub, hops: 1, maxNodes: 100) }
        #expect(error?.code == .tooLarge)
        // Within the limit the whole star comes back, every edge with it.
        let star = try store.neighbourhood(of: hub, hops: 1, maxNodes: 20_001)
        #expect(star.nodes.count == 20_001 && star.edges.count == 20_000)
    }

    /// The frontier walk gives exactly the neighbourhood a plain reference
    /// search over all edges in memory gives: random graphs with agreements,
    /// self-loops and parallel edges, 0-4 hops, both ways of counting.
    @Test func theFrontierWalkAgreesWithAReferenceSearch() throws {
        let dir = TemporaryDirectory()
        var random = SeededRandom(seed: 1403)
        var nodes = "id,kind,name,props\n", edges = "src,type,dst,props\n"
        var kinds: [String] = []
        for i in 0..<120 {
            kinds.append(random.chance(0.3) ? "Agreement" : "Company")
            nodes += "k\(i),\(kinds[i]),N \(i),\n"
        }
        var list: [(Int, Int)] = []
        for _ in 0..<260 {
            let a = random.int(0..<120), b = random.chance(0.05) ? a : random.int(0..<120)
            list.append((a, b))
            edges += "k\(a),\(kinds[a] == "Agreement" ? "party" : "supplies"),k\(b),\n"
        }
        try nodes.write(toFile: dir.file("n.csv"), atomically: true, encoding: .utf8)
        try edges.write(toFile: dir.file("e.csv"), atomically: true, encoding: .utf8)
        try CSVImporter.importFiles(nodes: dir.file("n.csv"), edges: dir.file("e.csv"), database: dir.file("g.sqlite"))
        let store = try GraphStore.open(at: dir.file("g.sqlite"), mode: .readOnly)
        let ids = try (0..<120).map { i throws in try store.resolve("k\(i)").id }
        for center in [0, 1, 7, 42, 99] {
            for hops in 0...4 {
                for oneHop in [true, false] {
                    // Reference: relax every edge until nothing changes (Bellman-Ford on 0/1 costs).
                    var distance: [Int: Int] = [center: 0]
                    var changed = true
                    while changed {
                        changed = false
                        for (a, b) in list {
                            for (from, to) in [(a, b), (b, a)] where from != to {
                                guard let d = distance[from] else { continue }
                                let free = oneHop && kinds[from] == "Agreement" && from != center && kinds[to] != "Agreement"
                                let reach = d + (free ? 0 : 1)
                                if reach <= hops, distance[to].map({ $0 > reach }) ?? true { distance[to] = reach; changed = true }
                            }
                        }
                    }
                    let walked = try store.neighbourhood(of: ids[center], hops: hops, agreementsAsOneHop: oneHop)
                    #expect(walked.nodes == Set(distance.keys.map { ids[$0] }), "centre \(center), \(hops) hops, one hop \(oneHop)")
                    let induced = list.filter { distance[$0.0] != nil && distance[$0.1] != nil }.count
                    #expect(walked.edges.count == induced, "centre \(center), \(hops) hops, one hop \(oneHop)")
                }
            }
        }
    }

    // MARK: Finding 4: a full disk on stdout

    /// Finding 4: `> /dev/full` trapped in a Foundation write (SIGILL); now
    /// it is KGD006 with exit status 74, for every command that prints.
    @Test func aFullDiskOnStandardOutputIsKGD006() throws {
        let dir = TemporaryDirectory()
        let graph = try SeedTemplate.copy(to: dir.file("g.sqlite"))
        let env = Self.environment(home: dir.path)
        for command in [["query", "--db", graph, "MATCH (n) RETURN n.key"], ["show", "--db", graph, "Xiaomi"],
                        ["dot", "--db", graph, "--around", "Xiaomi"], ["stats", "--db", graph], ["errors"],
                        ["run", "--db", graph, "--list"], ["query", "--db", graph, "--format", "json", "MATCH (n) RETURN n"]] {
            let result = try Self.run(command, environment: env, stdoutPath: "/dev/full")
            #expect(!result.signalled, "\(command) died of a signal")
            #expect(result.status == 74, "\(command): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("error[KGD006]"), "\(command): \(result.stderr)")
        }
        let served = try Self.run(["serve", "--stdio", "--db", graph], environment: env, stdoutPath: "/dev/full",
                                  stdin: "{\"id\":1,\"query\":\"MATCH (n) RETURN count(*)\"}\n")
        #expect(!served.signalled && served.status == 74, "\(served.stderr)")
        let dot = try Self.run(["dot", "--db", graph, "--around", "Xiaomi", "-o", "/dev/full"], environment: env)
        #expect(!dot.signalled && dot.status == 74 && dot.stderr.contains("KGD006"), "\(dot.stderr)")
    }

    /// Finding 4, audit: no `try!` and no Foundation `FileHandle.write(_:)`
    /// (which traps on failure) anywhere in the sources.
    @Test func noTrappingWritesInTheSources() throws {
        let root = Fixtures.repositoryRoot + "/Sources"
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(files.count > 20)
        for file in files {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            #expect(!text.contains("try!"), "\(file) uses try!")
            #expect(!text.contains(".standardOutput.write(") && !text.contains(".standardError.write("), "\(file) writes through FileHandle.write")
        }
    }

    // MARK: Finding 5: a CSV file truncated while it is read

    /// Finding 5: the input was memory-mapped, so a file truncated by another
    /// program killed kg with SIGBUS on the next read of a vanished page. Now
    /// the bytes are read into memory once: truncating the file afterwards
    /// changes nothing (with a mapping this test would die of SIGBUS).
    @Test func truncatingTheFileAfterItIsOpenedChangesNothing() throws {
        let dir = TemporaryDirectory()
        let csv = try Self.csvFiles(rows: 50_000, in: dir)
        let nodes = try CSVInput(path: csv.nodes)
        let edges = try CSVInput(path: csv.edges)
        #expect(truncate(csv.nodes, 0) == 0 && truncate(csv.edges, 0) == 0)
        let store = try GraphStore.open(at: try SeedTemplate.copy(to: dir.file("g.sqlite")), mode: .readWrite)
        let summary = try CSVImporter(store: store).importCSV(nodes: nodes, edges: edges)
        #expect(summary.nodes == 50_000 && summary.edges == 50_000)
    }

    /// Finding 5: files truncated again and again while kg imports them:
    /// never a signal; either the whole import (exit 0) or a clean error
    /// with the graph as it was.
    @Test func importWhileTheInputIsTruncatedNeverDiesOfASignal() throws {
        let dir = TemporaryDirectory()
        let csv = try Self.csvFiles(rows: 60_000, in: dir)
        let original = (try Data(contentsOf: URL(fileURLWithPath: csv.nodes)), try Data(contentsOf: URL(fileURLWithPath: csv.edges)))
        for round in 0..<6 {
            try original.0.write(to: URL(fileURLWithPath: csv.nodes))
            try original.1.write(to: URL(fileURLWithPath: csv.edges))
            let graph = try SeedTemplate.copy(to: dir.file("g\(round).sqlite"))
            let before = try GraphFile.digest(graph)
            let process = try KGProcess(["import", "--nodes", csv.nodes, "--edges", csv.edges, "--db", graph], home: dir.path, label: "t\(round)")
            usleep(UInt32(round * 15_000))
            _ = truncate(csv.edges, off_t(original.1.count / 3))
            _ = truncate(csv.nodes, off_t(original.0.count / 2))
            let result = process.wait()
            #expect(!process.diedOfSignal, "round \(round): killed by a signal")
            if result.status == 0 {
                #expect(try GraphFile.nodeCount(graph) > 72)
            } else {
                #expect(result.stderr.contains("error[KG"), "\(result.stderr)")
                #expect(try GraphFile.digest(graph) == before)
            }
        }
    }

    // MARK: Finding 15 and 21: serve framing and ids

    /// Finding 15: a request line over 16 MiB gets a KGI012 answer (with its
    /// id) without being held whole, and the server answers the next line.
    @Test func anOverlongRequestLineIsAnsweredAndTheServerGoesOn() throws {
        let dir = TemporaryDirectory()
        let graph = try SeedTemplate.copy(to: dir.file("g.sqlite"))
        let long = "{\"id\": 41, \"query\": \"" + String(repeating: "x", count: QueryServer.maxRequestBytes + 10) + "\"}\n"
        let input = long + "{\"id\": 42, \"query\": \"MATCH (n:Company) RETURN count(*)\"}\n"
        let result = try Self.run(["serve", "--stdio", "--db", graph], environment: Self.environment(home: dir.path), stdin: input)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(lines.map { $0.prefix(200) })")
        #expect(lines.first?.hasPrefix("{\"id\":41,\"error\":{\"code\":\"KGI012\"") == true, "\(lines.first?.prefix(200) ?? "")")
        #expect(lines.last == nil || lines.last!.hasPrefix("{\"id\":42,\"columns\":[\"count(*)\"]"), "\(lines.last ?? "")")
    }

    /// Finding 15: the line reader keeps at most the limit of a line.
    @Test func theLineReaderBoundsWhatItHolds() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("lines")
        try ("short\r\n" + String(repeating: "y", count: 100_000) + "\nlast").write(toFile: path, atomically: true, encoding: .utf8)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let reader = BoundedLineReader(fd: fd, maxLineBytes: 1000)
        #expect(reader.next() == .line("short"))
        guard case .tooLong(let bytes, let prefix)? = reader.next() else { Issue.record("expected a too-long line"); return }
        #expect(bytes == 100_000 && prefix.utf8.count == BoundedLineReader.prefixBytes)
        #expect(reader.next() == .line("last"))
        #expect(reader.next() == nil)
    }

    /// Finding 21: ids come back exactly as sent (big integers included), also
    /// in the error answer to a malformed line.
    @Test(arguments: [
        ("{\"id\": 12345678901234567890, \"query\": \"MATCH (n) RETURN count(*)\"}", "12345678901234567890", true),
        ("{\"id\": 9007199254740993, \"query\": \"MATCH (n) RETURN count(*)\"}", "9007199254740993", true),
        ("{\"id\": -1.5e3, \"query\": \"MATCH (n) RETURN count(*)\"}", "-1.5e3", true),
        ("{\"query\": \"MATCH (n) RETURN count(*)\", \"id\": \"r-7\"}", "\"r-7\"", true),
        ("{\"id\": 9007199254740993, \"query\": ", "9007199254740993", false),
        ("{\"id\": \"a\\\"b\", \"query\": \"MATCH (n) RETURN count(*)\"", "\"a\\\"b\"", false),
        ("{\"params\": {\"id\": 5}, \"id\": 77, \"query\": 12", "77", false),
        ("{\"id\": 12x, \"query\": \"MATCH (n) RETURN 1\"}", "null", false),
        ("not json at all", "null", false),
    ])
    func requestIDsComeBackExactly(line: String, id: String, succeeds: Bool) throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.open(at: try SeedTemplate.copy(to: dir.file("g.sqlite")), mode: .readOnly)
        let answer = QueryServer(engine: QueryEngine(store: store)).answer(line)
        #expect(answer.hasPrefix("{\"id\":\(id),"), "\(answer)")
        #expect(answer.contains("\"error\"") != succeeds, "\(answer)")
        #expect((try? JSONParser.parse(answer)) != nil || id.count > 18, "not JSON: \(answer)")
    }

    // MARK: Finding 16: devices, FIFOs and folders

    /// Finding 16: a device given as --db is refused and never replaced or
    /// deleted; `dot -o DEVICE` writes into the device; a FIFO and a folder as
    /// --db are refused (without blocking on the FIFO).
    @Test func devicesAreNeverReplacedOrDeleted() throws {
        let dir = TemporaryDirectory()
        let graph = try SeedTemplate.copy(to: dir.file("g.sqlite"))
        let env = Self.environment(home: dir.path)
        let csv = try Self.csvFiles(rows: 100, in: dir)
        func isCharacterDevice(_ path: String) -> Bool {
            var info = stat()
            return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR
        }
        // A private device node like /dev/null (character device 1,3: dev_t 0x103 on Linux), so that
        // a regression could never replace the machine's own /dev/null; as a
        // user who may not make device nodes, /dev/null itself.
        let device = mknod(dir.file("null"), S_IFCHR | 0o666, dev_t(0x103)) == 0 ? dir.file("null") : "/dev/null"
        #expect(mkfifo(dir.file("fifo"), 0o600) == 0)
        try FileManager.default.createDirectory(atPath: dir.file("folder"), withIntermediateDirectories: false)
        let dot = try Self.run(["dot", "--db", graph, "--around", "Xiaomi", "-o", device], environment: env)
        #expect(dot.status == 0, "\(dot.stderr)")
        #expect(isCharacterDevice(device))
        for db in [device, dir.file("fifo"), dir.file("folder")] {
            for command in [["init", "--db", db], ["init", "--empty", "--db", db], ["import", "--nodes", csv.nodes, "--edges", csv.edges, "--db", db],
                            ["stats", "--db", db], ["query", "--db", db, "MATCH (n) RETURN n"]] {
                let result = try Self.run(command, environment: env)
                #expect(!result.signalled && result.status != 0, "\(command) succeeded")
                #expect(result.stderr.contains("error[KGD00"), "\(command): \(result.stderr)")
                #expect(!result.stderr.contains("SQLite"), "\(command): \(result.stderr)")
            }
        }
        #expect(isCharacterDevice(device), "the device was replaced")
        var info = stat()
        #expect(stat(dir.file("fifo"), &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO, "the FIFO was replaced")
        #expect(InputFile.kind(of: dir.file("folder")) == .directory)
    }

    // MARK: Finding 17: interrupted creation

    /// Finding 17: SIGKILL at random moments of a CSV import into a new graph,
    /// then a retry: 10 of 10 retries succeed with the whole data, and no
    /// journal is left at the target.
    @Test func killedCreationLeavesNothingTheRetryCannotReplace() throws {
        let dir = TemporaryDirectory()
        let csv = try Self.csvFiles(rows: 40_000, in: dir)
        var random = SeededRandom(seed: 17)
        var retried = 0
        for round in 0..<10 {
            let graph = dir.file("new\(round).sqlite")
            if round % 3 == 1 { _ = FileManager.default.createFile(atPath: graph, contents: nil) }   // an empty file counts as new
            let process = try KGProcess(["import", "--nodes", csv.nodes, "--edges", csv.edges, "--db", graph], home: dir.path, label: "k\(round)")
            usleep(UInt32(random.int(0..<400_000)))
            process.signal(SIGKILL)
            process.wait()
            #expect(!FileManager.default.fileExists(atPath: graph + "-journal"), "round \(round): a journal at the target")
            let retry = try runKG(["import", "--nodes", csv.nodes, "--edges", csv.edges, "--db", graph], home: dir.path)
            #expect(retry.status == 0, "round \(round): \(retry.stderr)")
            if retry.status == 0 { retried += 1 }
            #expect(try GraphFile.nodeCount(graph) == 40_000, "round \(round)")
            #expect(try GraphFile.integrity(graph) == "ok")
            // (-wal and -shm belong to the reads above; a temporary graph or a journal must not stay.)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
                .filter { $0.hasPrefix("new\(round).sqlite") && ($0.contains(NewGraphFile.marker) || $0.hasSuffix("-journal")) }
            #expect(leftovers.isEmpty, "round \(round): \(leftovers)")
        }
        #expect(retried == 10)
    }

    // MARK: Finding 18: no HOME

    /// Finding 18: with neither HOME nor XDG_DATA_HOME there is no default
    /// graph (a clear usage error), and nothing is built in a shared folder.
    @Test func withoutHomeThereIsNoDefaultGraph() throws {
        let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "TMPDIR": NSTemporaryDirectory()]
        let planted = NSTemporaryDirectory() + ".local/share/kg/seed.sqlite"
        let existed = FileManager.default.fileExists(atPath: planted)
        for command in [["stats"], ["query", "MATCH (n) RETURN count(*)"], ["init"], ["show", "Xiaomi"]] {
            let result = try Self.run(command, environment: env)
            #expect(result.status == 64 && result.stderr.contains("neither HOME nor XDG_DATA_HOME"), "\(command): \(result.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: planted) == existed)
        #expect(GraphLocation.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "relative/dir"]).unavailable != nil)
        #expect(GraphLocation.resolve(explicit: nil, environment: ["HOME": "/home/x"]).path == "/home/x/.local/share/kg/seed.sqlite")
        #expect(GraphLocation.resolve(explicit: "g.sqlite", environment: [:]).unavailable == nil)
    }

    // MARK: Finding 19: terminal output escaping

    static let hostile = ["\u{1B}[2J", "\u{1B}]0;owned\u{07}", "\u{9B}31m", "a\u{202E}gnp.exe", "x\u{2066}y", "\u{0}nul", "line\nbreak", "\u{7F}del"]

    /// Finding 19: names, keys, property names and values, column aliases:
    /// no control character or bidi override from data reaches the terminal.
    @Test func noControlCharacterFromDataReachesTheTerminal() throws {
        let dir = TemporaryDirectory()
        func json(_ s: String) -> String { JSONValue.string(s).serialized }
        var props: [String] = []
        for (i, text) in Self.hostile.enumerated() { props.append("\(json("p\(i)" + text)): \(json(text))") }
        let propsField = "{" + props.joined(separator: ", ") + "}"
        let csvProps = "\"" + propsField.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let nodes = "id,kind,name,props\nevil,Company,\"Evil\u{1B}[31m\u{202E}Corp\",\(csvProps)\nother,Company,Other,\n"
        let edges = "src,type,dst,props\nevil,supplies,other,\(csvProps)\n"
        try nodes.write(toFile: dir.file("n.csv"), atomically: true, encoding: .utf8)
        try edges.write(toFile: dir.file("e.csv"), atomically: true, encoding: .utf8)
        let graph = dir.file("g.sqlite")
        try CSVImporter.importFiles(nodes: dir.file("n.csv"), edges: dir.file("e.csv"), database: graph)
        let env = Self.environment(home: dir.path)
        let outputs = [
            try Self.run(["show", "--db", graph, "evil"], environment: env),
            try Self.run(["show", "--db", graph, "other"], environment: env),
            try Self.run(["query", "--db", graph, "MATCH (n) RETURN n, n.key, properties(n)"], environment: env),
            try Self.run(["query", "--db", graph, "MATCH (n) RETURN 1 AS `\u{1B}[2J\u{202E}` LIMIT 1"], environment: env),
            try Self.run(["query", "--db", graph, "MATCH (n)-[e]->(m) RETURN e, n.name, m"], environment: env),
            try Self.run(["show", "--db", graph, "no\u{1B}[2Jsuch"], environment: env),
        ]
        for (i, output) in outputs.enumerated() {
            for text in [output.stdout, output.stderr] {
                let bad = text.unicodeScalars.filter { $0 != "\n" && TerminalText.needsEscape($0) }
                #expect(bad.isEmpty, "output \(i) holds \(bad.map { String($0.value, radix: 16) }): \(text)")
            }
        }
        #expect(outputs[0].status == 0 && outputs[0].stdout.contains("\\u{1B}[31m"), "\(outputs[0].stdout)")
        #expect(outputs[3].stdout.contains("\\u{1B}[2J\\u{202E}"), "\(outputs[3].stdout)")
        #expect(TerminalText.escape("a\u{1B}]0;t\u{07}b\u{202E}c\nd") == "a\\u{1B}]0;t\\u{7}b\\u{202E}c d")
    }

    // MARK: Finding 20: spreadsheet formulas

    /// Finding 20: `--spreadsheet-safe` prefixes formula-like cells with `'`
    /// (OWASP); without it, CSV keeps every value exactly.
    @Test func spreadsheetSafeCSVDefusesFormulas() throws {
        let dir = TemporaryDirectory()
        let graph = try SeedTemplate.copy(to: dir.file("g.sqlite"))
        let env = Self.environment(home: dir.path)
        let query = "MATCH (n {key: 'xiaomi'}) RETURN \"=cmd|' /C calc'!A0\" AS a, '+1' AS b, '-2' AS c, '@SUM(1)' AS d, 'plain' AS e, '=x' AS `=h`"
        let exact = try Self.run(["query", "--db", graph, "--format", "csv", query], environment: env)
        #expect(exact.stdout == "a,b,c,d,e,=h\r\n=cmd|' /C calc'!A0,+1,-2,@SUM(1),plain,=x\r\n", "\(exact.stdout) \(exact.stderr)")
        let safe = try Self.run(["query", "--db", graph, "--format", "csv", "--spreadsheet-safe", query], environment: env)
        #expect(safe.stdout == "a,b,c,d,e,'=h\r\n'=cmd|' /C calc'!A0,'+1,'-2,'@SUM(1),plain,'=x\r\n", "\(safe.stdout) \(safe.stderr)")
        var formatter = ResultFormatter(store: try GraphStore.open(at: graph, mode: .readOnly))
        formatter.spreadsheetSafe = true
        #expect(formatter.csvField("\tx") == "'\tx" && formatter.csvField("\r=1") == "\"'\r=1\"")
    }

    // MARK: Finding 22 (I/O items)

    /// Finding 22: an integer beyond 64 bits is refused at its position
    /// (never 1e+20); a duplicate id names both lines; a non-regular input
    /// is refused clearly; standard input without line breaks stops at the limit.
    @Test func smallerInputFindings() throws {
        let dir = TemporaryDirectory()
        let graph = try SeedTemplate.copy(to: dir.file("g.sqlite"))
        let before = try GraphFile.digest(graph)
        try "id,kind,name,props\nbig,Company,Big,\"{\"\"n\"\": 99999999999999999999}\"\n".write(toFile: dir.file("big.csv"), atomically: true, encoding: .utf8)
        let big = try runKG(["import", "--nodes", dir.file("big.csv"), "--db", graph], home: dir.path)
        #expect(big.status == 65 && big.stderr.contains("error[KGI008]") && big.stderr.contains("does not fit in 64 bits"), "\(big.stderr)")
        #expect(big.stderr.contains("big.csv:2:17"), "\(big.stderr)")
        #expect(try GraphFile.digest(graph) == before)

        try "id,kind,name,props\na,Company,A,\nb,Company,B,\na,Company,A again,\n".write(toFile: dir.file("dup.csv"), atomically: true, encoding: .utf8)
        for db in [graph, dir.file("fresh.sqlite")] {
            let dup = try runKG(["import", "--nodes", dir.file("dup.csv"), "--db", db], home: dir.path)
            #expect(dup.stderr.contains("given twice in this file") && dup.stderr.contains("(first on line 2, again on line 4)"), "\(dup.stderr)")
            #expect(!dup.stderr.contains("already exists"), "\(dup.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("fresh.sqlite")))

        let env = Self.environment(home: dir.path)
        let zero = try Self.run(["import", "/dev/zero", "--db", graph], environment: env)
        #expect(zero.status == 65 && zero.stderr.contains("error[KGD008]") && zero.stderr.contains("character device"), "\(zero.stderr)")
        let zeroCSV = try Self.run(["import", "--nodes", "/dev/zero", "--db", graph], environment: env)
        #expect(zeroCSV.status == 65 && zeroCSV.stderr.contains("error[KGD008]"), "\(zeroCSV.stderr)")
        let stream = try Self.run(["import", "-", "--db", graph], environment: env, stdin: "/dev/zero")
        #expect(!stream.signalled && stream.stderr.contains("error[KGI012]"), "\(stream.stderr)")
        #expect(try GraphFile.digest(graph) == before)
    }
}
