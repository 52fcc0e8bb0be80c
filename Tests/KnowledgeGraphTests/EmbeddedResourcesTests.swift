import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

@Suite struct EmbeddedResourcesTests {
    /// The binary carries the same Schema/, data/ and Queries/ files as the
    /// repository (regenerate with `python3 Scripts/embed-resources.py`).
    @Test func embeddedFilesMatchTheRepository() throws {
        let root = Fixtures.repositoryRoot
        for (path, text) in EmbeddedResources.files {
            let onDisk = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            #expect(onDisk == text, "\(path) is stale: run python3 Scripts/embed-resources.py")
        }
        #expect(EmbeddedResources.files["Schema/company.kgs"] != nil)
        #expect(EmbeddedResources.files["data/seed.kg"] != nil)
        #expect(BuiltinResources.migrations.map(\.version) == Array(1...GraphStore.currentVersion))
    }
}
