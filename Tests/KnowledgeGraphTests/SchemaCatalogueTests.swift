import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// The schema catalogue recorded in the binary (`EmbeddedSchemaCatalogue.swift`,
/// written by `Scripts/embed-resources.py`) is the one kg's migrations build,
/// so opening a graph compares it with the file and builds nothing.
@Suite struct SchemaCatalogueTests {
    @Test func theEmbeddedCatalogueOfEveryVersionIsTheOneTheMigrationsBuild() throws {
        for version in 1...GraphStore.currentVersion {
            let embedded = try #require(SchemaCatalogue.embedded(version), "no embedded catalogue for format \(version): run python3 Scripts/embed-resources.py")
            let built = try SchemaCatalogue.forVersion(version)
            #expect(embedded.objects == built.objects, "format \(version): the embedded catalogue is stale: run python3 Scripts/embed-resources.py")
        }
        #expect(SchemaCatalogue.embedded(GraphStore.currentVersion + 1) == nil)
    }

    @Test func aNewGraphMatchesTheEmbeddedCatalogue() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("new.sqlite"))
        let found = try SchemaCatalogue.read(store.db)
        let embedded = try #require(SchemaCatalogue.embedded(GraphStore.currentVersion))
        try embedded.verify(found, path: dir.file("new.sqlite"))
    }

    @Test func aPlantedIndexIsRefusedWithItsName() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("planted.sqlite")
        _ = try GraphStore.create(at: path)
        let db = try SQLiteDatabase(path: path, mode: .readWrite)
        try db.execute("CREATE INDEX planted ON nodes (kind, name)")
        let error = expectKGError { _ = try GraphStore.open(at: path, mode: .readOnly) }
        #expect(error?.code == .unexpectedSchemaObject)
        #expect(error?.message.contains("unexpected schema object 'planted'") == true, "\(String(describing: error))")
    }
}
