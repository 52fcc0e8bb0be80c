import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

@Suite struct GraphTextImportTests {
    static let valid = """
        source art file="a.txt" published=2017-07 lang=de
        node Company acme "Acme" founded=1999
          alias "ACME Corp"
          evidence art "Acme wurde 1999 gegründet."
        node Company globex "Globex"
          rates acme rating=buy rating_text="Kaufen" from=2017-07
            evidence art "Globex stuft Acme auf Kaufen hoch."
          evidence art "Globex ist ein Konzern."
        node Agreement deal "Acme–Globex deal" kind=patent_license date=2017-07-14 patents=12
          licensor globex
            evidence art "Globex lizenziert zwölf Patente an Acme."
          licensee acme
            evidence art "Globex lizenziert zwölf Patente an Acme."
          evidence art "Globex lizenziert zwölf Patente an Acme."
        """

    /// Before: an edge line of a node block carried every quote of the block
    /// (the seed's "XringO1 is based on ARM" cited the chip's release sentence).
    @Test func anEdgeLineCarriesOnlyTheEvidenceIndentedUnderIt() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        try GraphTextImporter(store: store).importText("""
            source art file="a.txt"
            node Product chip "Chip"
              evidence art "Der Chip erscheint Ende Mai."
              based_on arm
                evidence art "Er beruht auf ARM."
              evidence art "Er ist klein."
            node Product arm "ARM"
              evidence art "ARM ist eine Architektur."
            """)
        let chip = try store.resolve("Chip")
        let edge = try #require(try store.edges(of: chip.id, outgoing: true).first)
        #expect(try store.evidence(forEdge: edge.id).map(\.quote) == ["Er beruht auf ARM."])
        #expect(try store.evidence(forNode: chip.id).map(\.quote).sorted() == ["Der Chip erscheint Ende Mai.", "Er ist klein."])
    }

    @Test func anEdgeLineWithoutEvidenceOfItsOwnIsRefused() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        let error = expectKGError {
            try GraphTextImporter(store: store).importText("""
                source art file="a.txt"
                node Product chip "Chip"
                  based_on arm
                  evidence art "Der Chip erscheint Ende Mai."
                node Product arm "ARM"
                  evidence art "ARM ist eine Architektur."
                """)
        }
        #expect(error?.code == .missingEvidence)
        #expect(error?.span?.start.line == 3)
        #expect(error?.message.contains("chip based_on arm") == true)
        #expect(error?.suggestion?.contains("indent an evidence line under the edge line") == true)
        #expect(try store.nodeCount() == 0)
    }

    @Test func importsNodesEdgesAliasesAndEvidence() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        let summary = try GraphTextImporter(store: store).importText(Self.valid)
        let counts: [Int] = [summary.sources, summary.nodes, summary.edges, summary.aliases, summary.evidence]
        #expect(counts == [1, 3, 3, 1, 6])
        let acme = try store.resolve("acme corp")
        #expect(acme.props["founded"] == .int(1999))
        let rating = try store.edges(of: acme.id, outgoing: false).first { $0.type == "rates" }
        #expect(rating?.period.from == PartialDate("2017-07"))
        #expect(rating?.props["rating_text"] == .string("Kaufen"))
        let evidence = try store.evidence(forEdge: try #require(rating).id)
        #expect(evidence.map(\.quote) == ["Globex stuft Acme auf Kaufen hoch."])
        #expect(evidence.first?.source.published == PartialDate("2017-07"))
        #expect(try store.evidence(fromSource: "art").count == 6)
    }

    /// Each broken file: the code, the line and column of the first problem,
    /// and the graph's content unchanged.
    @Test(arguments: [
        ("node Company a \"A\"\n", ErrorCode.missingEvidence, 1, 14),
        ("source s file=\"f\"\nnode Company a \"A\"\n  evidence s \"q\"\nedge a rates b\n  evidence s \"q\"\n", .unknownNodeReference, 4, 14),
        ("source s file=\"f\"\nnode Compny a \"A\"\n  evidence s \"q\"\n", .undeclaredKind, 2, 6),
        ("source s file=\"f\"\nnode Company a \"A\" founded=\"old\"\n  evidence s \"q\"\n", .propertyType, 2, 20),
        ("source s file=\"f\"\nnode Company a \"A\"\n  evidence t \"q\"\n", .unknownSource, 3, 12),
        ("source s file=\"f\"\nnode Product p \"P\"\n  evidence s \"q\"\nnode Person x \"X\"\n  evidence s \"q\"\nnode Agreement g \"G\" kind=supply\n  evidence s \"q\"\nedge p licensor x\n  evidence s \"q\"\n", .endpointViolation, 8, 8),
        ("source s file=\"f\"\nnode Company a \"A\n", .importSyntax, 2, 16),
        ("source s file=\"f\"\nnodes Company a \"A\"\n", .importSyntax, 2, 1),
        ("source s file=\"f\"\nnode Company a \"A\"\n  evidence s \"q\"\nnode Company a \"B\"\n  evidence s \"q\"\n", .duplicateKey, 4, 14),
        ("source s file=\"f\"\nnode Company a \"A\"\n  evidence s \"q\"\n  rates a from=2019 to=2017\n    evidence s \"q\"\n", .invalidPeriod, 4, 3),
        ("# only a comment\n\n", .emptyInput, 1, 1),
        ("source s file=\"f\"\nnode Agreement g \"G\" kind=handshake\n  evidence s \"q\"\n", .valueNotAllowed, 2, 22),
        ("source s file=\"f\"\nnode Company a \"A\"\n  evidence s \"q\"\n  licenses_patents_to a\n    evidence s \"q\"\n", .derivedNotWritable, 4, 3),
    ])
    func brokenFileIsRefusedWithItsPositionAndChangesNothing(text: String, code: ErrorCode, line: Int, column: Int) throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        try GraphTextImporter(store: store).importText(Self.valid)
        let before = try store.contentDigest()
        let error = expectKGError { try GraphTextImporter(store: store).importText(text, file: "broken.kg") }
        #expect(error?.code == code)
        #expect(error?.file == "broken.kg")
        #expect(error?.span?.start.line == line)
        #expect(error?.span?.start.column == column)
        #expect(try store.contentDigest() == before)
    }

    @Test func aLateProblemRollsBackEverythingBeforeIt() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        let before = try store.contentDigest()
        let text = Self.valid + "\nedge acme rates nobody\n  evidence art \"x\"\n"
        let error = expectKGError { try GraphTextImporter(store: store).importText(text) }
        #expect(error?.code == .unknownNodeReference)
        #expect(error?.span?.start.line == 15)
        #expect(try store.nodeCount() == 0)
        #expect(try store.contentDigest() == before)
    }

    @Test func crlfLineEndsAndAByteOrderMarkAreAccepted() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        let text = "\u{FEFF}" + Self.valid.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try GraphTextImporter(store: store).importText(text).nodes == 3)
        #expect(try store.resolve("Acme").name == "Acme")
    }

    @Test func hostileTextRoundTripsExactly() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        let name = "Robert'); DROP TABLE nodes;-- \\\"quoted\\\" <b>&amp;</b> \u{202E}rtl 🚀 小米"
        let text = "source s file=\"f\"\nnode Company evil \"\(name)\"\n  evidence s \"q\"\n"
        try GraphTextImporter(store: store).importText(text)
        #expect(try store.node(key: "evil")?.name == "Robert'); DROP TABLE nodes;-- \"quoted\" <b>&amp;</b> \u{202E}rtl 🚀 小米")
        #expect(try store.statistics().nodeCount == 1)
    }
}
