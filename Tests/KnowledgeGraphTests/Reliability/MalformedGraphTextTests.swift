import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Malformed graph text files (`.kg`) imported into a copy of the seed graph:
/// each is refused with its stable code at the line and column marked `‸`,
/// and the graph's content is exactly as before (the import is all or nothing).
@Suite struct ReliabilityMalformedGraphTextTests {
    struct Case: CustomStringConvertible, Sendable {
        var marked: String
        var code: ErrorCode
        init(_ marked: String, _ code: ErrorCode) {
            self.marked = marked
            self.code = code
        }
        var description: String { "\(code.rawValue): \(marked.prefix(100).debugDescription)" }
    }

    /// A valid first statement: most cases break something after it.
    static let s = "source s file=\"f.txt\"\n"
    static let a = s + "node Company acme \"Acme\"\n  evidence s \"Acme exists.\"\n"

    static let cases: [Case] = [
        // Strings and escapes
        Case(s + "node Company acme ‸\"Acme\n", .importSyntax),
        Case(s + "node Company acme \"Acme\"\n  evidence s ‸\"never closed\n", .importSyntax),
        Case(s + "node Company acme \"Acme\"\n  evidence s \"bad ‸\\x escape\"\n", .importSyntax),
        Case(s + "node Company acme \"Ac‸\\u{ZZ}me\"\n  evidence s \"q\"\n", .importSyntax),
        Case(s + "node Company acme \"Ac‸\\u{D800}me\"\n  evidence s \"q\"\n", .importSyntax),
        Case(s + "node Company acme \"Ac‸\\u{110000}me\"\n  evidence s \"q\"\n", .importSyntax),
        Case(s + "node Company acme ‸\"Acme \\\"\n", .importSyntax),
        // Statements and line structure
        Case(s + "‸nodes Company acme \"Acme\"\n  evidence s \"q\"\n", .importSyntax),
        Case(s + "‸fact Company acme \"Acme\"\n", .importSyntax),
        Case("  ‸evidence s \"an indented first line\"\n", .importSyntax),
        Case(s + "  ‸alias \"under a source\"\n", .importSyntax),
        Case(s + "‸\"node\" Company acme \"Acme\"\n", .importSyntax),
        Case(a + "edge acme rates xiaomi\n  evidence s \"q\"\n  ‸alias \"no aliases on edges\"\n", .importSyntax),
        Case(a + "  ‸rates\n", .importSyntax),
        Case(s + "node Company acme ‸\"\"\n  evidence s \"q\"\n", .importSyntax),
        Case(s + "node Company ‸acme\n  evidence s \"q\"\n", .importSyntax),
        Case(s + "node Company ‸acme/1 \"Acme\"\n  evidence s \"q\"\n", .importSyntax),
        Case(s + "node ‸Com-pany acme \"Acme\"\n  evidence s \"q\"\n", .importSyntax),
        Case(s + "node Company acme \"Acme\"\n  alias ‸acme-corp\n  evidence s \"q\"\n", .importSyntax),
        Case(s + "node Company acme \"Acme\" ‸founded\n  evidence s \"q\"\n", .importSyntax),
        Case(s + "node Company acme \"Acme\" ‸founded=\n  evidence s \"q\"\n", .importSyntax),
        Case(s + "node Company acme \"Acme\" founded=1999 ‸founded=2000\n  evidence s \"q\"\n", .importSyntax),
        Case(a + "edge acme ‸rates\n  evidence s \"q\"\n", .importSyntax),
        Case(a + "  evidence s ‸\"q\" \"two quotes\"\n", .importSyntax),
        Case(a + "  evidence ‸\"no source key\"\n", .importSyntax),
        Case("source ‸s\n", .importSyntax),
        Case("source s file=\"f.txt\" ‸colour=\"red\"\n", .importSyntax),
        // Dates and periods
        Case("source s file=\"f.txt\" ‸published=2017-13\n", .importSyntax),
        Case("source s file=\"f.txt\" ‸published=yesterday\n", .importSyntax),
        Case(a + "node Company globex \"Globex\"\n  rates acme ‸from=2017-02-30\n  evidence s \"q\"\n", .importSyntax),
        Case(a + "node Company globex \"Globex\"\n  rates acme ‸to=2019-00\n  evidence s \"q\"\n", .importSyntax),
        Case(a + "node Company globex \"Globex\"\n  ‸rates acme from=2019-05 to=2019-04\n  evidence s \"q\"\n", .invalidPeriod),
        Case(a + "edge acme ‸rates xiaomi from=2020 to=2019-12-31\n  evidence s \"q\"\n", .invalidPeriod),
        // Evidence
        Case(s + "node Company ‸acme \"Acme\"\nnode Company globex \"Globex\"\n  evidence s \"q\"\n", .missingEvidence),
        Case(a + "edge acme ‸rates xiaomi\n", .missingEvidence),
        Case(a + "edge acme rates xiaomi\n  evidence s ‸\"   \"\n", .missingEvidence),
        Case(s + "node Company acme \"Acme\"\n  evidence ‸t \"q\"\n", .unknownSource),
        Case(a + "edge acme rates xiaomi\n  evidence ‸nokia-xiaomi \"q\"\n", .unknownSource),
        // Node references and keys
        Case(a + "edge acme rates ‸nobody\n  evidence s \"q\"\n", .unknownNodeReference),
        Case(a + "edge ‸nobody rates acme\n  evidence s \"q\"\n", .unknownNodeReference),
        Case(a + "node Company globex \"Globex\"\n  rates ‸acm\n    evidence s \"q\"\n  evidence s \"q\"\n", .unknownNodeReference),
        Case(a + "node Company ‸acme \"Acme again\"\n  evidence s \"q\"\n", .duplicateKey),
        // A key the graph holds merges; another name for it is a conflict (kg import --update replaces it).
        Case(s + "node Company ‸xiaomi \"Another Xiaomi\"\n  evidence s \"q\"\n", .propertyConflict),
        Case(s + "node ‸Product xiaomi \"Xiaomi\"\n  evidence s \"q\"\n", .kindConflict),
        Case(s + "source ‸s file=\"g.txt\"\n", .duplicateKey),
        Case("source ‸nokia-xiaomi-2017 file=\"different.txt\"\n" + "node Company acme \"Acme\"\n  evidence nokia-xiaomi-2017 \"q\"\n", .duplicateKey),
        // The schema: kinds, edge types, endpoints, property types, allowed values
        Case(s + "node ‸Compny acme \"Acme\"\n  evidence s \"q\"\n", .undeclaredKind),
        Case(a + "  ‸suplies xiaomi\n    evidence s \"q\"\n", .undeclaredEdgeType),
        Case(a + "  ‸licenses_patents_to xiaomi\n    evidence s \"q\"\n", .derivedNotWritable),
        // An edge line of a block carries its own evidence; the block's lines are the node's.
        Case(a + "  ‸rates xiaomi\n", .missingEvidence),
        Case(a + "  ‸rates xiaomi\n  evidence s \"q\"\n", .missingEvidence),
        Case(s + "node Person p \"P\"\n  evidence s \"q\"\nedge p ‸licensor xiaomi\n  evidence s \"q\"\n", .endpointViolation),
        Case(s + "node Company acme \"Acme\" ‸founded=\"long ago\"\n  evidence s \"q\"\n", .propertyType),
        Case(s + "node Company acme \"Acme\" ‸founded=1999.5\n  evidence s \"q\"\n", .propertyType),
        Case(s + "node Agreement deal \"Deal\" kind=supply ‸patents=many\n  evidence s \"q\"\n", .propertyType),
        Case(s + "node Agreement deal \"Deal\" kind=supply ‸date=true\n  evidence s \"q\"\n", .propertyType),
        Case(s + "node Company acme \"Acme\" ‸colour=red\n  evidence s \"q\"\n", .undeclaredProperty),
        Case(a + "edge acme rates xiaomi ‸weight=3\n  evidence s \"q\"\n", .undeclaredProperty),
        Case(s + "node Agreement deal \"Deal\" ‸kind=handshake\n  evidence s \"q\"\n", .valueNotAllowed),
        Case(s + "node Agreement deal \"Deal\" ‸kind=\"patent_lease\"\n  evidence s \"q\"\n", .valueNotAllowed),
        Case(s + "node Agreement ‸deal \"Deal\" patents=3\n  evidence s \"q\"\n", .missingRequiredProperty),
        // Encodings and line ends: CRLF, a byte-order mark, a lone CR, tabs
        Case((s + "node Company acme \"Acme\"\n  evidence ‸t \"q\"\n").replacingOccurrences(of: "\n", with: "\r\n"), .unknownSource),
        Case(("\u{FEFF}‸nodes Company acme \"Acme\"\n"), .importSyntax),
        Case(("\u{FEFF}" + s + "node Company acme \"Acme\" ‸colour=red\n  evidence s \"q\"\n").replacingOccurrences(of: "\n", with: "\r\n"), .undeclaredProperty),
        // A lone CR is not a line end: the rest is one line, refused at the first CR.
        Case(s + "node Company acme \"Acme\"‸\r  evidence s \"q\"\redge\r", .importSyntax),
        // Empty input
        Case("‸", .emptyInput),
        Case("‸\u{FEFF}", .emptyInput),
        Case("‸# a comment\n\n   \n# and another\n", .emptyInput),
        Case("‸\r\n\r\n", .emptyInput),
    ]

    @Test(arguments: cases)
    func refusedWithCodeAndPositionAndGraphUnchanged(_ c: Case) throws {
        let error = try expectRefusedAtMark(c.marked, c.code) { store, text in
            try GraphTextImporter(store: store).importText(text, file: "broken.kg")
        }
        #expect(error?.file == "broken.kg")
    }

    /// A line longer than the limit (a corrupt or binary file) is refused
    /// before anything is parsed, with its line number.
    @Test func aLineOverTheLimitIsRefused() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.open(at: try SeedTemplate.copy(to: dir.file("g.sqlite")), mode: .readWrite)
        let before = try store.contentDigest()
        let long = String(repeating: "x", count: GraphTextParser.maximumLineLength - 20)
        let atTheLimit = Self.s + "node Company acme \"" + long + "\"\n  evidence s \"q\"\n"
        #expect(try GraphTextImporter(store: store).importText(atTheLimit).nodes == 1)
        let after = try store.contentDigest()
        let over = Self.s + "node Company acme2 \"" + long + String(repeating: "y", count: 40) + "\"\n  evidence s \"q\"\n"
        let error = expectKGError { try GraphTextImporter(store: store).importText(over, file: "long.kg") }
        #expect(error?.code == .lineTooLong)
        #expect(error?.span?.start.line == 2)
        #expect(try store.contentDigest() == after)
        #expect(after != before)
    }

    /// Through the command line: bytes that are not UTF-8, an empty file, a
    /// file of one byte-order mark, a very long line, and a directory.
    @Test func badFilesThroughTheCommandLine() throws {
        let home = TemporaryDirectory()
        let db = try SeedTemplate.copy(to: home.file("g.sqlite"))
        let before = try GraphFile.digest(db)
        func importing(_ name: String, _ bytes: [UInt8]) throws -> CommandResult {
            let path = home.file(name)
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            return try runKG(["import", path, "--db", db], home: home.path)
        }
        let valid = Array((Self.s + "node Company acme \"Acme\"\n  evidence s \"q\"\n").utf8)
        let cases: [(String, [UInt8], String, String)] = [
            ("latin1.kg", Array(Self.s.utf8) + Array("node Company acme \"".utf8) + [0x41, 0xE9, 0x22, 0x0A], "KGI009", "offset 42"),
            ("truncated.kg", valid + [0xE5, 0xB0], "KGI009", "offset \(valid.count)"),
            ("overlong.kg", [0xC0, 0xAF] + valid, "KGI009", "offset 0"),
            ("surrogate.kg", valid + [0xED, 0xA0, 0x80], "KGI009", "offset \(valid.count)"),
            ("binary.kg", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0xFF, 0xFE], "KGI009", "offset 8"),
            ("empty.kg", [], "KGI010", "broken"),
            ("bom.kg", [0xEF, 0xBB, 0xBF], "KGI010", ""),
            ("long.kg", Array(Self.s.utf8) + Array(repeating: UInt8(ascii: "#"), count: GraphTextParser.maximumLineLength + 1), "KGI012", "long.kg:2:1"),
            ("nul.kg", Array(Self.s.utf8) + [0x00, 0x0A], "KGI001", "nul.kg:2:1"),
        ]
        for (name, bytes, code, detail) in cases {
            let r = try importing(name, bytes)
            #expect(r.status == 65, "\(name): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(name)")
            #expect(r.stderr.contains("error[\(code)]"), "\(name): \(r.stderr)")
            if !detail.isEmpty, detail != "broken" { #expect(r.stderr.contains(detail), "\(name): \(r.stderr)") }
            #expect(r.stderr.split(separator: "\n").allSatisfy { $0.count < 400 }, "\(name): a huge line was echoed")
        }
        let directory = try runKG(["import", home.path, "--db", db], home: home.path)
        #expect(directory.status != 0)
        #expect(directory.stdout.isEmpty)
        #expect(directory.stderr.contains("error[KG"), "\(directory.stderr)")
        #expect(try GraphFile.digest(db) == before)
    }
}
