import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// A property of history: after any sequence of curation writes (merging
/// imports, updates, retractions), reverting them newest first gives back
/// the graph as it was, digest for digest.
@Suite struct RevertPropertyTests {
    typealias Gen = ReliabilityPropertyBasedTests

    @Test func revertingEveryWriteNewestFirstRestoresTheGraph() throws {
        var r = SeededRandom(seed: 0x2E7E_2701)
        let dir = TemporaryDirectory()
        var checked = 0
        for i in 0..<25 {
            let store = try GraphStore.create(at: dir.file("g\(i).sqlite"))
            let base = Gen.document(store.schema, &r, prefix: "b\(i)-")
            guard (try? GraphTextImporter(store: store).importText(base.text)) != nil else { continue }
            let original = try store.contentDigest()
            let reports = try CurationFixtures.reports(store)
            for step in 0..<6 {
                var nodes: [NodeRecord] = []
                try store.forEachNode { nodes.append($0) }
                guard let node = nodes.isEmpty ? nil : r.pick(nodes) else { break }
                var text: String
                switch r.int(0..<4) {
                case 0:
                    let kind = store.schema.kinds[node.kind]!
                    guard let prop = kind.propertyOrder.isEmpty ? nil : r.pick(kind.propertyOrder) else { continue }
                    text = "set \(node.key) \(prop)=\(Gen.randomValue(kind.properties[prop]!, &r)) reason=\"step \(step)\"\n"
                case 1:
                    let edges = try store.edges(of: node.id, outgoing: true)
                    guard let edge = edges.isEmpty ? nil : r.pick(edges), let target = try store.node(id: edge.target) else { continue }
                    let period = [edge.period.from.map { "from=\($0)" }, edge.period.to.map { "to=\($0)" }].compactMap { $0 }.joined(separator: " ")
                    text = "retract edge \(node.key) \(edge.type) \(target.key) \(period) reason=\"step \(step)\"\n"
                    if (try? GraphTextImporter(store: store).importText(text)) == nil { continue }
                    continue
                case 2:
                    text = "retract node \(node.key) cascade=true reason=\"step \(step)\"\n"
                default:
                    // A second document that names some existing nodes again (merging).
                    text = Gen.document(store.schema, &r, prefix: "s\(i)x\(step)-").text
                }
                _ = try? GraphTextImporter(store: store).importText(text)
            }
            // Revert every write after the first, newest first.
            for write in try store.writeLog().reversed() where write.id > 1 && write.action != "revert" && write.revertedBy == nil {
                try store.revert(write.id, command: "test")
            }
            let log = try store.writeLog().map { "\($0.id) \($0.action) \($0.summary)" }
            #expect(try store.contentDigest() == original, "graph \(i): \(log)")

            #expect(try CurationFixtures.reports(store) == reports, "graph \(i)")
            checked += 1
        }
        #expect(checked >= 18)
    }
}
