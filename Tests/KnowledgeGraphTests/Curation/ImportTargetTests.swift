import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// `kg import` writes only into a graph it is told of (`--db` or `KG_DB`):
/// without them it used to write into the seed graph, the tutorial's.
@Suite struct ImportTargetTests {
    @Test func importWithoutADatabaseIsRefusedAndTheSeedGraphIsUntouched() throws {
        let home = TemporaryDirectory()
        let note = home.file("note.kg")
        try "source note file=\"note.txt\"\nnode Company acme \"Acme\"\n  evidence note \"Acme makes anvils.\"\n"
            .write(toFile: note, atomically: true, encoding: .utf8)
        #expect(try runKG(["stats"], home: home.path).status == 0)   // builds the seed graph
        let seed = home.path + "/data/kg/seed.sqlite"
        let before = try runKG(["query", "--db", seed, "MATCH (n) RETURN count(*)"], home: home.path).stdout
        let refused = try runKG(["import", note], home: home.path)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--db FILE or KG_DB"), "\(refused.stderr)")
        let csv = try runKG(["import", "--nodes", home.file("n.csv")], home: home.path)
        #expect(csv.status == 64)
        #expect(try runKG(["show", "acme"], home: home.path).status != 0)
        #expect(try runKG(["query", "--db", seed, "MATCH (n) RETURN count(*)"], home: home.path).stdout == before)
        // Named, it writes: by --db, or by KG_DB.
        let named = try runKG(["import", note, "--db", seed], home: home.path)
        #expect(named.status == 0, "\(named.stderr)")
        let fromEnvironment = try runKG(["import", note], home: home.path, environment: ["KG_DB": seed])
        #expect(fromEnvironment.status == 0 && fromEnvironment.stderr.contains("nothing changed"), "\(fromEnvironment.stderr)")
    }
}
