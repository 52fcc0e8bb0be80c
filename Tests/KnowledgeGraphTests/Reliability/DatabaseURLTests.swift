import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// A database URL given as `--db` or `KG_DB` is refused, never taken for a
/// path (`kg init --db postgresql://postgres@127.0.0.1:5432/seed` used to
/// make the folders `postgresql:/postgres@127.0.0.1:5432/` and a SQLite file
/// `seed` in them, exit 0).
@Suite struct DatabaseURLTests {
    static let urls = ["postgresql://postgres@127.0.0.1:5432/seed", "postgres://u@h/db", "sqlite:///tmp/x.sqlite", "file://g.sqlite"]

    @Test(arguments: urls)
    func aURLIsRefusedAndNothingIsCreated(url: String) throws {
        let dir = TemporaryDirectory()
        for arguments in [["init", "--db", url], ["query", "--db", url, "RETURN 1"], ["stats", "--db", url]] {
            let result = try runKG(arguments, home: dir.path, directory: dir.path)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("is a database URL, not a graph file"), "\(arguments): \(result.stderr)")
        }
        let fromEnvironment = try runKG(["stats"], home: dir.path, environment: ["KG_DB": url], directory: dir.path)
        #expect(fromEnvironment.status == 64)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != "data" }
        #expect(left.isEmpty, "created \(left)")
    }

    @Test func theLibraryRefusesAURLToo() {
        let error = expectKGError { _ = try GraphStore.open(at: "postgresql://postgres@127.0.0.1/seed") }
        #expect(error?.code == .usage)
        let create = expectKGError { _ = try GraphStore.create(at: "postgresql://postgres@127.0.0.1/seed") }
        #expect(create?.code == .usage)
    }

    @Test func aFileNameWithAColonIsStillAFile() throws {
        #expect(throws: Never.self) { try GraphLocation.refuseURL("deals:2024.sqlite") }
        #expect(throws: Never.self) { try GraphLocation.refuseURL("/tmp/a/b.sqlite") }
    }
}
