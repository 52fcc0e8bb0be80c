import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Malformed schema files through `kg init --schema`, and malformed command
/// lines: the exit status, the stable code and position on stderr, nothing
/// on stdout, and no graph created or changed.
@Suite struct ReliabilityMalformedSchemaAndArgumentTests {
    struct SchemaCase: CustomStringConvertible, Sendable {
        var marked: String
        var code: ErrorCode
        init(_ marked: String, _ code: ErrorCode) {
            self.marked = marked
            self.code = code
        }
        var description: String { "\(code.rawValue): \(marked.prefix(100).debugDescription)" }
    }

    static let k = "schema x\nkind A\n"
    static let e = k + "edge e: A -> A\n"

    static let schemaCases: [SchemaCase] = [
        SchemaCase("schema x\n‸kind\n", .schemaSyntax),
        SchemaCase("schema x\nkind ‸1abc\n", .schemaSyntax),
        SchemaCase("schema x\nkind A ‸\"unterminated\n", .schemaSyntax),
        SchemaCase("schema x\nkind A \"bad ‸\\q escape\"\n", .schemaSyntax),
        SchemaCase(k + "kind ‸A\n", .duplicateDeclaration),
        SchemaCase(k + "  prop p: int\n  prop ‸p: string\n", .duplicateDeclaration),
        SchemaCase(e + "edge ‸e: A -> A\n", .duplicateDeclaration),
        SchemaCase(k + "edge ‸A: A -> A\n", .duplicateDeclaration),
        SchemaCase(k + "  prop p: ‸strng\n", .schemaSyntax),
        SchemaCase(k + "  prop ‸p int\n", .schemaSyntax),
        SchemaCase(k + "  prop p: string ‸one of\n", .schemaSyntax),
        SchemaCase("schema x\n  ‸prop p: int\n", .schemaSyntax),
        SchemaCase(k + "  ‸as (x)-->(y)\n", .schemaSyntax),
        SchemaCase(k + "  ‸colour red\n", .schemaSyntax),
        SchemaCase("schema x\n‸frobnicate A\n", .schemaSyntax),
        SchemaCase("‸schema\n", .schemaSyntax),
        SchemaCase("schema ‸x y\n", .schemaSyntax),
        SchemaCase(k + "edge ‸e: A A\n", .schemaSyntax),
        SchemaCase(k + "edge e: A -> A \"phrase\" ‸/ \n", .schemaSyntax),
        SchemaCase(k + "‸edge e: B -> A\n", .undeclaredKind),
        SchemaCase(k + "‸derived d: A -> A\n", .schemaSyntax),
        // Derived definitions are checked when the graph is created (before, they failed only in queries)
        SchemaCase(k + "derived d: A -> A\n‸  as (x)-[:nope]->(y)\n", .schemaSyntax),
        SchemaCase(e + "derived d: A -> A\n‸  as (x)-[:e]->(y\n", .schemaSyntax),
        SchemaCase(e + "derived d: A -> A\n‸  as (x)-[:e]->(y) WHERE x.nope = 1\n", .schemaSyntax),
        SchemaCase(e + "derived d: A -> A\n‸  as (x)-[:d]->(y)\n", .schemaSyntax),
        SchemaCase(e + "derived d: A -> A\n‸  as (x)\n", .schemaSyntax),
        SchemaCase(e + "derived d: A -> A\n‸  as (x)-[:e]->(y) WHERE count(*) > 1\n", .schemaSyntax),
        // CRLF and a byte-order mark do not move positions
        SchemaCase("\u{FEFF}schema x\r\nkind A\r\nkind ‸A\r\n", .duplicateDeclaration),
    ]

    @Test(arguments: schemaCases)
    func badSchemaIsRefusedAndNoGraphIsCreated(_ c: SchemaCase) throws {
        let home = TemporaryDirectory()
        let (text, line, column) = unmark(c.marked)
        let schema = home.file("bad.kgs")
        try text.write(toFile: schema, atomically: true, encoding: .utf8)
        let db = home.file("g.sqlite")
        let r = try runKG(["init", "--db", db, "--schema", schema], home: home.path)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("error[\(c.code.rawValue)]"), "\(r.stderr)")
        #expect(r.stderr.contains("bad.kgs:\(line):\(column)\n"), "\(r.stderr)")
        for suffix in ["", "-wal", "-shm"] {
            #expect(!FileManager.default.fileExists(atPath: db + suffix), "\(db + suffix) was left behind")
        }
    }

    @Test func schemaOverAnExistingGraphChangesNothing() throws {
        let home = TemporaryDirectory()
        let db = try SeedTemplate.copy(to: home.file("g.sqlite"))
        let before = try GraphFile.digest(db)
        let schema = home.file("ok.kgs")
        try "schema x\nkind A\n".write(toFile: schema, atomically: true, encoding: .utf8)
        for arguments in [["init", "--db", db, "--schema", schema], ["init", "--db", db, "--empty"], ["init", "--db", db]] {
            let r = try runKG(arguments, home: home.path)
            #expect(r.status == 64, "\(arguments): \(r.stderr)")
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.contains("already exists"))
        }
        let missing = try runKG(["init", "--db", home.file("new.sqlite"), "--schema", home.file("missing.kgs")], home: home.path)
        #expect(missing.status == 66)
        #expect(!FileManager.default.fileExists(atPath: home.file("new.sqlite")))
        #expect(try GraphFile.digest(db) == before)
    }

    // MARK: Command lines

    struct ArgumentCase: CustomStringConvertible, Sendable {
        var arguments: [String]
        var status: Int32
        /// Text stderr must contain (a code, or ArgumentParser's words).
        var message: String
        var stdin: String? = nil
        var description: String { "\(status): kg \(arguments.joined(separator: " "))" }
    }

    /// `DB` stands for a copy of the seed graph, `HOME/` for the test's folder.
    static let argumentCases: [ArgumentCase] = [
        ArgumentCase(arguments: ["frobnicate"], status: 64, message: "'frobnicate' is not a kg command"),
        ArgumentCase(arguments: ["query", "--frobnicate", "MATCH (a) RETURN a"], status: 64, message: "Unknown option '--frobnicate'"),
        ArgumentCase(arguments: ["query", "--db", "DB"], status: 64, message: "error[KGU001]: no query given"),
        ArgumentCase(arguments: ["query", "--db", "DB", "--format", "yaml", "MATCH (a) RETURN a"], status: 64, message: "error[KGU001]: unknown format 'yaml'"),
        ArgumentCase(arguments: ["query", "--db", "DB", "--format"], status: 64, message: "Missing value for '--format"),
        ArgumentCase(arguments: ["query", "--db", "DB", "--file", "HOME/missing.kgq"], status: 66, message: "error[KGD003]"),
        ArgumentCase(arguments: ["query", "--db", "DB", "--file", "HOME/q.kgq", "MATCH (a) RETURN a"], status: 64, message: "error[KGU001]: give the query either"),
        ArgumentCase(arguments: ["query", "--db", "HOME/missing.sqlite", "MATCH (a) RETURN a"], status: 66, message: "error[KGD003]"),
        ArgumentCase(arguments: ["query", "--db", "DB", "--param", "oops", "MATCH (a) RETURN a"], status: 64, message: "error[KGU003]"),
        ArgumentCase(arguments: ["query", "--db", "DB", "--param", "1x=2", "MATCH (a) RETURN a"], status: 64, message: "error[KGU003]"),
        ArgumentCase(arguments: ["query", "--db", "DB", "--param", "=2", "MATCH (a) RETURN a"], status: 64, message: "error[KGU003]"),
        ArgumentCase(arguments: ["query", "--db", "DB", "--timeout", "soon", "MATCH (a) RETURN a"], status: 64, message: "--timeout"),
        ArgumentCase(arguments: ["query", "--db", "DB", "--max-rows", "many", "MATCH (a) RETURN a"], status: 64, message: "--max-rows"),
        ArgumentCase(arguments: ["query", "--db", "DB", "-"], status: 64, message: "error[KGP002]", stdin: ""),
        ArgumentCase(arguments: ["query", "--db", "DB", "-"], status: 64, message: "error[KGL002]", stdin: "MATCH (a {name: 'x}) RETURN a"),
        ArgumentCase(arguments: ["query", "--db", "HOME/notes.txt", "MATCH (a) RETURN a"], status: 65, message: "error[KGD001]"),
        ArgumentCase(arguments: ["query", "--db", "HOME/empty.sqlite", "MATCH (a) RETURN a"], status: 65, message: "error[KGD001]"),
        ArgumentCase(arguments: ["query", "--db", "HOME/other.sqlite", "MATCH (a) RETURN a"], status: 65, message: "error[KGD001]"),
        ArgumentCase(arguments: ["query", "--db", "HOME/newer.sqlite", "MATCH (a) RETURN a"], status: 65, message: "error[KGD002]"),
        ArgumentCase(arguments: ["query", "--db", "HOME/", "MATCH (a) RETURN a"], status: 65, message: "error[KGD001]"),
        ArgumentCase(arguments: ["run", "--db", "DB", "licensor"], status: 64, message: "error[KGU002]"),
        ArgumentCase(arguments: ["run", "--db", "DB", "licensors", "bogus"], status: 64, message: "error[KGU003]"),
        ArgumentCase(arguments: ["run", "--db", "DB", "licensors", "--format", "dot"], status: 64, message: "error[KGU001]"),
        ArgumentCase(arguments: ["show", "--db", "DB"], status: 64, message: "Missing expected argument"),
        ArgumentCase(arguments: ["show", "--db", "DB", "Xiaomy"], status: 64, message: "error[KGB006]"),
        ArgumentCase(arguments: ["serve", "--db", "DB"], status: 64, message: "error[KGU001]"),
        ArgumentCase(arguments: ["import", "--db", "DB"], status: 64, message: "nothing to import"),
        ArgumentCase(arguments: ["import", "HOME/missing.kg", "--db", "DB"], status: 66, message: "error[KGD003]"),
        ArgumentCase(arguments: ["import", "HOME/ok.kg", "--db", "HOME/missing.sqlite"], status: 66, message: "error[KGD003]"),
        ArgumentCase(arguments: ["import", "HOME/ok.kg", "--db", "DB", "--read-only"], status: 74, message: "error[KGD004]"),
        ArgumentCase(arguments: ["import", "-", "--db", "DB"], status: 65, message: "error[KGI001]", stdin: "source s\n"),
        ArgumentCase(arguments: ["import", "HOME/ok.kg", "--db", "HOME/notes.txt"], status: 65, message: "error[KGD001]"),
        ArgumentCase(arguments: ["stats", "--db", "DB", "--busy-timeout", "soon"], status: 64, message: "--busy-timeout"),
        ArgumentCase(arguments: ["stats", "--db", "DB", "--busy-timeout=-1"], status: 64, message: "--busy-timeout must be 0 or more"),
        ArgumentCase(arguments: ["init", "--db", "HOME/new.sqlite", "--read-only"], status: 74, message: "error[KGD004]"),
        ArgumentCase(arguments: ["dot", "--db", "DB", "--around", "Xiaomy"], status: 64, message: "error[KGB006]"),
        ArgumentCase(arguments: ["errors", "--frobnicate"], status: 64, message: "Unknown option '--frobnicate'"),
    ]

    @Test(arguments: argumentCases)
    func badCommandLineExitsWithItsStatusAndPrintsNothing(_ c: ArgumentCase) throws {
        let home = TemporaryDirectory()
        let db = try SeedTemplate.copy(to: home.file("g.sqlite"))
        try "just some notes\n".write(toFile: home.file("notes.txt"), atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: home.file("empty.sqlite"), contents: Data())
        do {
            let other = try SQLiteDatabase(path: home.file("other.sqlite"))
            try other.execute("CREATE TABLE nodes(x); INSERT INTO nodes VALUES (1)")
        }
        do {
            let newer = try GraphStore.create(at: home.file("newer.sqlite"))
            try newer.db.execute("PRAGMA user_version = \(GraphStore.currentVersion + 1)")
        }
        try "source s file=\"f\"\nnode Company acme \"Acme\"\n  evidence s \"q\"\n".write(toFile: home.file("ok.kg"), atomically: true, encoding: .utf8)
        try "MATCH (a) RETURN a".write(toFile: home.file("q.kgq"), atomically: true, encoding: .utf8)
        let watched = ["g.sqlite", "notes.txt", "empty.sqlite", "other.sqlite", "newer.sqlite"].map(home.file)
        let bytesBefore = watched.map(GraphFile.bytes)
        let before = try GraphFile.digest(db)

        let arguments = c.arguments.map { $0 == "DB" ? db : $0.replacingOccurrences(of: "HOME/", with: home.path + "/") }
        let r = try runKG(arguments, home: home.path, input: c.stdin)
        #expect(r.status == c.status, "\(r.stderr)")
        #expect(r.stdout.isEmpty, "stdout: \(r.stdout)")
        #expect(r.stderr.contains(c.message), "\(r.stderr)")
        #expect(try GraphFile.digest(db) == before)
        for (path, bytes) in zip(watched.dropFirst(), bytesBefore.dropFirst()) {
            #expect(GraphFile.bytes(path) == bytes, "\(path) was modified")
        }
        #expect(!FileManager.default.fileExists(atPath: home.file("new.sqlite")))
    }
}
