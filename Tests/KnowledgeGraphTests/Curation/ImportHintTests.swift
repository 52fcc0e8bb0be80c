import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// What an analyst typing graph text by hand is told: the key they meant,
/// the quotes they pasted, the types and values the schema allows; and
/// variant spellings of allowed values are read, with a note.
@Suite struct ImportHintTests {
    let dir = TemporaryDirectory()
    static let head = "source note file=\"note.txt\"\n"

    func importing(_ text: String) throws -> (KGError?, WriteSummary?) {
        let store = try Fixtures.seedStore(in: dir)
        do {
            return (nil, try GraphTextImporter(store: store).importText(Self.head + text, file: "note.kg"))
        } catch let error as KGError {
            return (error, nil)
        }
    }

    @Test func aMisspeltKeyGetsTheClosestKeysOfTheGraph() throws {
        let (error, _) = try importing("node Company acme \"Acme\"\n  evidence note \"Acme works with Xiaomi.\"\n  competitor_of xiaomy\n    evidence note \"Acme works with Xiaomi.\"\n")
        #expect(error?.code == .unknownNodeReference)
        #expect(error?.suggestion?.contains("did you mean 'xiaomi'") == true, "\(String(describing: error?.suggestion))")
        #expect(error?.span?.start.line == 4)
    }

    @Test func aNameWhereAKeyBelongsIsExplained() throws {
        let (error, _) = try importing("node Company acme \"Acme\"\n  evidence note \"Acme uses the XringO1.\"\n  develops XringO1\n    evidence note \"Acme uses the XringO1.\"\n")
        #expect(error?.code == .unknownNodeReference)
        #expect(error?.suggestion?.contains("is what node 'xring-o1' is called") == true, "\(String(describing: error?.suggestion))")
    }

    @Test(arguments: ["“Vivo”", "„Vivo“", "«Vivo»"])
    func typographicQuotesAreNamed(quoted: String) throws {
        let (error, _) = try importing("node Company vivo \(quoted)\n  evidence note \"Vivo.\"\n")
        #expect(error?.code == .importSyntax)
        #expect(error?.message.contains("typographic quote") == true, "\(String(describing: error?.message))")
        #expect(error?.span?.start.column == 19)
    }

    @Test func anUnknownEdgeTypeListsTheTypesFromThatKindAndHowToAddOne() throws {
        let (error, _) = try importing("node Company acme \"Acme\"\n  evidence note \"Acme sues Xiaomi.\"\n  sues xiaomi\n    evidence note \"Acme sues Xiaomi.\"\n")
        #expect(error?.code == .undeclaredEdgeType)
        let help = error?.suggestion ?? ""
        #expect(help.contains("edge types from a Company:") && help.contains("competitor_of"), "\(help)")
        #expect(help.contains("kg init --schema"), "\(help)")
    }

    @Test func aMissingEnumeratedPropertyListsItsValues() throws {
        let (error, _) = try importing("node Agreement deal \"A deal\"\n  evidence note \"A deal.\"\n")
        #expect(error?.code == .missingRequiredProperty)
        #expect(error?.suggestion?.contains("one of: patent_license, cross_license") == true, "\(String(describing: error?.suggestion))")
    }

    @Test(arguments: ["cross_licence", "Cross-License", "cross licence"])
    func aVariantSpellingIsReadWithANote(kind: String) throws {
        let value = kind.contains(" ") ? "\"\(kind)\"" : kind
        let (error, summary) = try importing("node Agreement deal \"A deal\" kind=\(value)\n  evidence note \"A deal.\"\n")
        #expect(error == nil, "\(String(describing: error))")
        #expect(summary?.notes == ["line 2: read kind='\(kind)' as 'cross_license'"])
        let store = try GraphStore.open(at: dir.file("seed.sqlite"))
        #expect(try store.node(key: "deal")?.props["kind"] == .string("cross_license"))
    }

    @Test func aValueNoAllowedOneIsASpellingOfIsStillRefused() throws {
        let (error, _) = try importing("node Agreement deal \"A deal\" kind=licence\n  evidence note \"A deal.\"\n")
        #expect(error?.code == .valueNotAllowed)
    }

    @Test func theCommandLinePrintsTheNote() throws {
        let home = TemporaryDirectory()
        let db = home.file("g.sqlite")
        #expect(try runKG(["init", "--db", db], home: home.path).status == 0)
        let note = home.file("note.kg")
        try (Self.head + "node Agreement deal \"A deal\" kind=cross_licence\n  evidence note \"A deal.\"\n").write(toFile: note, atomically: true, encoding: .utf8)
        let result = try runKG(["import", note, "--db", db], home: home.path)
        #expect(result.status == 0)
        #expect(result.stderr.contains("line 2: read kind='cross_licence' as 'cross_license'"), "\(result.stderr)")
    }
}
