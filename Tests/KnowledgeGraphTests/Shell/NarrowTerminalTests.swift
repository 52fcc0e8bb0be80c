import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// `kg schema` on an 80-column terminal and `--format line`: everything a
/// newcomer needs stays on the screen, nothing is cut.
@Suite struct NarrowTerminalTests {
    @Test func schemaAtEightyColumnsShowsEveryAllowedAgreementKind() throws {
        let home = TemporaryDirectory()
        let seed = try SeedQueries()
        let allowed = try #require(seed.store.schema.kinds["Agreement"]?.properties["kind"]?.allowedValues)
        #expect(allowed.count >= 6)
        for arguments in [["schema", "--width", "80"], ["schema"]] {
            let result = try runKG(arguments, home: home.path, environment: ["COLUMNS": "80"])
            #expect(result.status == 0)
            let agreement = result.stdout.components(separatedBy: "Agreement (fact)").dropFirst().first ?? ""
            let kinds = agreement.components(separatedBy: "Ranking (fact)")[0]
            for kind in allowed { #expect(kinds.contains(kind), "\(arguments): \(kind) missing") }
            #expect(!result.stdout.contains("…"))
            for line in result.stdout.split(separator: "\n") where !line.contains("──") {
                #expect(DisplayWidth.of(line) <= 80, "\(arguments): \(line)")
            }
        }
        // In a pipe without $COLUMNS lines stay whole, as before.
        let piped = try runKG(["schema"], home: home.path)
        #expect(piped.stdout.contains("kind: string required one of " + allowed.joined(separator: " ")))
    }

    @Test func formatLineShowsEachColumnOnItsOwnLine() throws {
        let home = TemporaryDirectory()
        let result = try runKG(["query", "--format", "line", "MATCH (c) WHERE c.key IN [\"xiaomi\", \"nokia\"] RETURN c.name AS name, c.country AS country ORDER BY c.name"],
                               home: home.path)
        #expect(result.status == 0)
        #expect(result.stdout == "-[ RECORD 1 ]\nname    | Nokia\ncountry | Finland\n-[ RECORD 2 ]\nname    | Xiaomi\ncountry | China\n(2 rows)\n")
    }
}
