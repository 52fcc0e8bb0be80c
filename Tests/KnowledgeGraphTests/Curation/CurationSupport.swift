import Foundation
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Small graphs for the curation tests.
enum CurationFixtures {
    static let base = """
        source art file="article.txt" published=2020-05 lang=de
        node Company acme "Acme" founded=1999
          alias "ACME Corp"
          evidence art "Acme, founded in 1999, builds rockets."
        node Company globex "Globex"
          evidence art "Globex buys rockets."
        node Product rocket "Rocket" category="rocket"
          evidence art "Acme, founded in 1999, builds rockets."
        edge acme develops rocket
          evidence art "Acme, founded in 1999, builds rockets."
        edge acme rates globex from=2020
          evidence art "Acme and Globex work together since 2020."

        """

    /// A new graph holding `base`.
    static func store(in dir: TemporaryDirectory, name: String = "g.sqlite") throws -> GraphStore {
        let store = try GraphStore.create(at: dir.file(name))
        try GraphTextImporter(store: store).importText(base, file: "base.kg")
        return store
    }

    /// Every node's `kg show` text, by key.
    static func reports(_ store: GraphStore) throws -> [String: String] {
        var out: [String: String] = [:]
        var nodes: [NodeRecord] = []
        try store.forEachNode { nodes.append($0) }
        for node in nodes { out[node.key] = try NodeReport(store: store).render(node) }
        return out
    }

    static func answer(_ store: GraphStore, _ query: String) throws -> [String] {
        var formatter = ResultFormatter(store: store)
        return try QueryEngine(store: store).execute(query).rows.map { row in row.map { formatter.text($0) }.joined(separator: "|") }.sorted()
    }
}
