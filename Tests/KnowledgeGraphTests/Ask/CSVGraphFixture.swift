import Foundation
@testable import KGSQLite
@testable import KGImportExport

/// A graph imported from a nodes and an edges CSV text, the way a user
/// imports one without `--schema` (or with `options.schema`), opened read-only.
enum CSVGraph {
    static func open(nodes: String, edges: String, in dir: TemporaryDirectory, options: CSVImportOptions = CSVImportOptions()) throws -> GraphStore {
        try nodes.write(toFile: dir.file("n.csv"), atomically: true, encoding: .utf8)
        try edges.write(toFile: dir.file("e.csv"), atomically: true, encoding: .utf8)
        try CSVImporter.importFiles(nodes: dir.file("n.csv"), edges: dir.file("e.csv"), database: dir.file("g.sqlite"), options: options)
        return try GraphStore.open(at: dir.file("g.sqlite"), mode: .readOnly)
    }
}
