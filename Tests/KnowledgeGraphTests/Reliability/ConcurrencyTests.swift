import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Several processes on one graph file: readers keep answering during an
/// import and see the old graph or the new one, never a mix (WAL); a second
/// writer waits for the busy timeout and then fails clearly, losing nothing.
@Suite(.serialized) struct ReliabilityConcurrencyTests {
    /// A `kg serve --stdio` process spoken to line by line.
    final class Server {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        private var buffer = [UInt8]()

        init(db: String, home: String) throws {
            process.executableURL = URL(fileURLWithPath: Fixtures.kgExecutable)
            process.arguments = ["serve", "--stdio", "--db", db]
            process.environment = ["HOME": home, "PATH": "/usr/bin:/bin", "NO_COLOR": "1", "SWIFT_BACKTRACE": "enable=no"]
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        func send(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }
        func send(bytes: [UInt8]) { input.fileHandleForWriting.write(Data(bytes + [0x0A])) }

        /// The next answer line (blocking).
        func answer() -> String? {
            let fd = output.fileHandleForReading.fileDescriptor
            while true {
                if let newline = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[..<newline], as: UTF8.self)
                    buffer.removeSubrange(...newline)
                    return line
                }
                var chunk = [UInt8](repeating: 0, count: 65536)
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { return nil }
                buffer += chunk[..<n]
            }
        }

        func ask(_ line: String) -> JSONValue? {
            send(line)
            return answer().flatMap { try? JSONParser.parse($0) }
        }

        /// Closes standard input and waits for the exit status.
        func finish() -> Int32 {
            try? input.fileHandleForWriting.close()
            while answer() != nil {}
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    static func count(_ reply: JSONValue?) -> Int? {
        guard case .array(let rows)? = reply?.objectValue?["rows"], case .array(let row)? = rows.first,
              case .int(let n)? = row.first else { return nil }
        return Int(n)
    }

    @Test func readersSeeTheOldGraphOrTheNewOneWhileAnImportRuns() throws {
        let home = TemporaryDirectory()
        let db = try SeedTemplate.copy(to: home.file("g.sqlite"))
        let big = home.file("big.kg")
        let added = 3_000
        try BigGraphText.make(nodes: added, edges: 2 * added, prefix: "conc").write(toFile: big, atomically: true, encoding: .utf8)
        let old = try GraphFile.nodeCount(db)
        let new = old + added

        let server = try Server(db: db, home: home.path)
        #expect(Self.count(server.ask(#"{"id":0,"query":"MATCH (n) RETURN count(*)"}"#)) == old)
        let importer = try KGProcess(["import", big, "--db", db], home: home.path, label: "import")
        var serverAnswers: [Int: Int] = [:]   // count -> how often
        var cliAnswers: [Int: Int] = [:]
        var duringWrite = 0, unexpected: [String] = []
        var id = 1
        while importer.isRunning {
            let writing = ReliabilityCrashRecoveryTests.writeLockIsHeld(db)
            let reply = server.ask(#"{"id":\#(id),"query":"MATCH (n) RETURN count(*)"}"#)
            id += 1
            if let n = Self.count(reply) { serverAnswers[n, default: 0] += 1 } else { unexpected.append("serve: \(String(describing: reply))") }
            if writing { duringWrite += 1 }
            if id % 5 == 0 {
                // Another process, started while the import runs.
                let r = try KGProcess(["query", "--db", db, "--format", "json", "MATCH (n) RETURN count(*)"], home: home.path, label: "q\(id)").wait()
                if r.status == 0, let n = Self.count(try? JSONParser.parse(r.stdout)) { cliAnswers[n, default: 0] += 1 }
                else { unexpected.append("kg query: \(r.status) \(r.stderr)") }
            }
        }
        #expect(importer.wait().status == 0)
        #expect(Self.count(server.ask(#"{"id":-1,"query":"MATCH (n) RETURN count(*)"}"#)) == new)
        #expect(server.finish() == 0)
        #expect(unexpected.isEmpty, "\(unexpected)")
        #expect(Set(serverAnswers.keys).isSubset(of: [old, new]), "serve saw counts \(serverAnswers)")
        #expect(Set(cliAnswers.keys).isSubset(of: [old, new]), "kg query saw counts \(cliAnswers)")
        #expect(duringWrite > 0, "no query ran while the import held the write lock")
        #expect(try GraphFile.integrity(db) == "ok")
        print("concurrency: \(id - 1) serve queries and \(cliAnswers.values.reduce(0, +)) kg query runs during one import; "
              + "\(duringWrite) while it held the write lock; counts seen: serve \(serverAnswers), kg query \(cliAnswers) (old \(old), new \(new))")
    }

    @Test func aSecondWriterWaitsForTheBusyTimeoutThenFailsAndNothingIsLost() throws {
        let home = TemporaryDirectory()
        let db = try SeedTemplate.copy(to: home.file("g.sqlite"))
        let first = home.file("first.kg"), second = home.file("second.kg")
        try BigGraphText.make(nodes: 6_000, edges: 12_000, prefix: "first").write(toFile: first, atomically: true, encoding: .utf8)
        try BigGraphText.make(nodes: 20, edges: 20, prefix: "second").write(toFile: second, atomically: true, encoding: .utf8)
        let base = try GraphFile.nodeCount(db)

        // The expected end states, each computed on its own copy.
        func importedAlone(_ files: [String]) throws -> String {
            let copy = home.file("expected-\(files.count)-\(UUID().uuidString).sqlite")
            try FileManager.default.copyItem(atPath: db, toPath: copy)
            for file in files { #expect(try runKG(["import", file, "--db", copy], home: home.path).status == 0) }
            return try GraphFile.digest(copy)
        }
        let firstOnly = try importedAlone([first])
        let both = try importedAlone([first, second])

        // The first import takes the write lock; the second starts then, with a short busy timeout.
        let writer = try KGProcess(["import", first, "--db", db], home: home.path, label: "first")
        let lockDeadline = Date().addingTimeInterval(30)
        while writer.isRunning, !ReliabilityCrashRecoveryTests.writeLockIsHeld(db), Date() < lockDeadline { usleep(2_000) }
        let started = Date()
        let loser = try KGProcess(["import", second, "--db", db, "--busy-timeout", "100"], home: home.path, label: "second").wait()
        let waited = Date().timeIntervalSince(started)
        let firstStillWriting = writer.isRunning
        let winner = writer.wait()
        #expect(winner.status == 0, "\(winner.stderr)")
        #expect(firstStillWriting, "the first import ended before the second gave up; the test proves nothing")
        #expect(loser.status == 74, "\(loser.stderr)")
        #expect(loser.stdout.isEmpty)
        #expect(loser.stderr.hasPrefix("error[KGD005]: the graph is locked by another writer and the busy timeout ran out"), "\(loser.stderr)")
        #expect(waited >= 0.1, "gave up after \(waited) s, before its busy timeout")
        #expect(try GraphFile.digest(db) == firstOnly, "the graph is not exactly the first import")
        #expect(try GraphStore.open(at: db, mode: .readOnly).node(key: "second-0") == nil)

        // Run again once the first has finished: it goes through, and both are there.
        #expect(try runKG(["import", second, "--db", db, "--busy-timeout", "100"], home: home.path).status == 0)
        #expect(try GraphFile.digest(db) == both)
        #expect(try GraphFile.nodeCount(db) == base + 6_020)
        #expect(try GraphFile.integrity(db) == "ok")
    }

    @Test func aSecondWriterWithALongerTimeoutWaitsAndThenCommits() throws {
        let home = TemporaryDirectory()
        let db = try SeedTemplate.copy(to: home.file("g.sqlite"))
        let first = home.file("first.kg"), second = home.file("second.kg")
        try BigGraphText.make(nodes: 3_000, edges: 6_000, prefix: "first").write(toFile: first, atomically: true, encoding: .utf8)
        try BigGraphText.make(nodes: 20, edges: 20, prefix: "second").write(toFile: second, atomically: true, encoding: .utf8)
        let base = try GraphFile.nodeCount(db)
        let writer = try KGProcess(["import", first, "--db", db], home: home.path, label: "first")
        let lockDeadline = Date().addingTimeInterval(30)
        while writer.isRunning, !ReliabilityCrashRecoveryTests.writeLockIsHeld(db), Date() < lockDeadline { usleep(2_000) }
        let waiter = try KGProcess(["import", second, "--db", db, "--busy-timeout", "60000"], home: home.path, label: "second")
        #expect(writer.wait().status == 0)
        let r = waiter.wait()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try GraphFile.nodeCount(db) == base + 3_020)
        #expect(try GraphFile.integrity(db) == "ok")
    }

    /// `kg serve --stdio` answers every line, malformed or not, and keeps
    /// answering the good ones: binary junk, invalid UTF-8, NUL bytes, a
    /// 4 MB line, JSON nested 100 000 deep, a query nested far too deep.
    @Test func serveSurvivesManyMalformedLines() throws {
        let home = TemporaryDirectory()
        let db = try SeedTemplate.copy(to: home.file("g.sqlite"))
        let server = try Server(db: db, home: home.path)
        var random = SeededRandom(seed: 7)
        var junk: [[UInt8]] = [
            Array("this is not json".utf8),
            Array("{".utf8), Array("}".utf8), Array("[]".utf8), Array("null".utf8), Array("\"query\"".utf8),
            Array(#"{"id":1}"#.utf8),
            Array(#"{"query": 42}"#.utf8),
            Array(#"{"query": "MATCH (n) RETURN n", "params": [1, 2]}"#.utf8),
            Array(#"{"query": "MATCH (n) RETURN n", "query": "twice"}"#.utf8),
            Array(#"{"id": 1e999, "query": "MATCH (n) RETURN count(*)"}"#.utf8),
            Array(#"{"query": "MATCH (c = $c) RETURN c", "params": {"c": {"deep": [1, {"x": null}]}}}"#.utf8),
            Array(#"{"query": "\u0000MATCH (n) RETURN n"}"#.utf8),
            [0x7B, 0x00, 0x7D],
            [0xFF, 0xFE, 0xFD, 0x80, 0xC0, 0xAF],
            Array(String(repeating: "[", count: 100_000).utf8),
            Array((#"{"query": "MATCH (a) WHERE "# + String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000) + #" RETURN a"}"#).utf8),
            Array((#"{"query": "MATCH (a) RETURN a"# + String(repeating: ".x", count: 20_000) + #""}"#).utf8),
            Array("{\"query\": \"".utf8) + Array(repeating: UInt8(ascii: "x"), count: 4 << 20) + Array("\"}".utf8),
            Array(repeating: UInt8(ascii: "a"), count: 4 << 20),
        ]
        for _ in 0..<200 {
            var bytes = [UInt8(ascii: "#")]
            for _ in 0..<random.int(1..<300) {
                var b = UInt8.random(in: 0...255, using: &random)
                if b == 0x0A { b = 0x0B }
                bytes.append(b)
            }
            junk.append(bytes)
        }
        var answered = 0, errors = 0, good = 0
        for (index, line) in junk.enumerated() {
            server.send(bytes: line)
            guard let reply = server.answer(), let object = (try? JSONParser.parse(reply))?.objectValue else {
                Issue.record("no JSON answer to junk line \(index)")
                break
            }
            answered += 1
            if case .object(let error)? = object["error"], case .string(let code)? = error["code"], code.hasPrefix("KG") { errors += 1 }
            else { Issue.record("junk line \(index) got no error answer: \(reply.prefix(200))") }
            // After every few junk lines, a good request still gets its answer.
            if index % 10 == 0 {
                let n = Self.count(server.ask(#"{"id":"check","query":"MATCH (c:Company) RETURN count(*)"}"#))
                #expect(n == 21, "after junk line \(index)")
                if n == 21 { good += 1 }
            }
        }
        #expect(answered == junk.count)
        #expect(errors == junk.count)
        #expect(Self.count(server.ask(#"{"id":"last","query":"MATCH (c:Company) RETURN count(*)"}"#)) == 21)
        #expect(server.finish() == 0)
        print("serve: \(junk.count) malformed lines, each answered with an error; \(good + 1) good requests between them answered")
    }
}
