import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Building the subgraph to draw: neighbourhoods and the whole graph.
@Suite struct DotNeighbourhoodTests {
    let dir = TemporaryDirectory()

    private func keys(_ subgraph: Subgraph, _ store: GraphStore) throws -> Set<String> {
        Set(try subgraph.nodes.map { id throws in try store.node(id: id)!.key })
    }

    private func expectInduced(_ subgraph: Subgraph, _ store: GraphStore, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for id in subgraph.edges {
            let edge = try store.edge(id: id)!
            #expect(subgraph.nodes.contains(edge.source) && subgraph.nodes.contains(edge.target), sourceLocation: sourceLocation)
        }
    }

    @Test func oneHopAroundXiaomiShowsItsAgreementsAndTheirOtherParties() throws {
        let store = try Fixtures.seedStore(in: dir)
        let around = try store.neighbourhood(of: try store.resolve("Xiaomi").id, hops: 1)
        let found = try keys(around, store)
        for key in ["xiaomi", "baidu-xiaomi-partnership", "nokia-xiaomi-cross-license-2017", "microsoft-xiaomi-patent-sale",
                    "xiaomi-ikea-partnership-2018", "baidu", "nokia", "microsoft", "ikea", "faw-car", "oppo", "mimo"] {
            #expect(found.contains(key), "missing \(key)")
        }
        // Nokia's own other agreement and IKEA's other partner are two hops away.
        #expect(!found.contains("microsoft-nokia-mobile-acquisition"))
        #expect(!found.contains("sonos"))
        try expectInduced(around, store)
        // Induced: Baidu develops DuerOS, which Xiaomi integrates; both are in, so is the edge.
        let baidu = try store.resolve("Baidu"), dueros = try store.resolve("DuerOS")
        #expect(try store.edges(of: baidu.id, outgoing: true).contains { $0.target == dueros.id && around.edges.contains($0.id) })
    }

    @Test func strictHopsCountAStepThroughAnAgreementAsTwo() throws {
        let store = try Fixtures.seedStore(in: dir)
        let xiaomi = try store.resolve("Xiaomi").id
        let one = try keys(try store.neighbourhood(of: xiaomi, hops: 1, agreementsAsOneHop: false), store)
        #expect(one.contains("nokia-xiaomi-cross-license-2017"))
        #expect(!one.contains("nokia") && !one.contains("baidu"))
        let two = try keys(try store.neighbourhood(of: xiaomi, hops: 2, agreementsAsOneHop: false), store)
        #expect(two.contains("nokia") && two.contains("baidu"))
        #expect(!two.contains("microsoft-nokia-mobile-acquisition"))
    }

    @Test func anAgreementAsCentreCostsAHopToLeave() throws {
        let store = try Fixtures.seedStore(in: dir)
        let deal = try store.resolve("microsoft-xiaomi-patent-sale").id
        let zero = try store.neighbourhood(of: deal, hops: 0)
        #expect(zero == Subgraph(nodes: [deal], edges: []))
        let one = try keys(try store.neighbourhood(of: deal, hops: 1), store)
        // The partnership it is part of is one hop; that agreement's other
        // ends (the products it concerns) come with it, as a party would.
        #expect(one == ["microsoft-xiaomi-patent-sale", "microsoft", "xiaomi", "microsoft-xiaomi-partnership",
                        "microsoft-office", "skype"])
    }

    @Test func typesLimitTheEdgesFollowedAndKept() throws {
        let store = try Fixtures.seedStore(in: dir)
        let xiaomi = try store.resolve("Xiaomi").id
        let parties = try store.neighbourhood(of: xiaomi, hops: 1, types: ["party"])
        let found = try keys(parties, store)
        #expect(found.contains("nokia-xiaomi-partnership-2017") && found.contains("ikea") && found.contains("microsoft"))
        #expect(!found.contains("nokia-xiaomi-cross-license-2017") && !found.contains("oppo"))
        #expect(try parties.edges.allSatisfy { id throws in try store.edge(id: id)!.type == "party" })
        try expectInduced(parties, store)
    }

    @Test func unknownDerivedAndNegativeArgumentsAreErrors() throws {
        let store = try Fixtures.seedStore(in: dir)
        let xiaomi = try store.resolve("Xiaomi").id
        let unknown = expectKGError { _ = try store.neighbourhood(of: xiaomi, hops: 1, types: ["partie"]) }
        #expect(unknown?.code == .unknownEdgeType)
        #expect(unknown?.suggestion?.contains("'party'") == true)
        let derived = expectKGError { _ = try store.neighbourhood(of: xiaomi, hops: 1, types: ["partner_of"]) }
        #expect(derived?.code == .unknownEdgeType)
        #expect(derived?.message.contains("derived") == true)
        #expect(expectKGError { _ = try store.neighbourhood(of: xiaomi, hops: -1) }?.code == .usage)
        #expect(expectKGError { _ = try store.neighbourhood(of: 999_999, hops: 1) }?.code == .unknownNode)
    }

    @Test func wholeGraphHasEveryNodeAndEdge() throws {
        let store = try Fixtures.seedStore(in: dir)
        let whole = try store.wholeGraph()
        let stats = try store.statistics()
        #expect(whole.nodes.count == stats.nodeCount)
        #expect(whole.edges.count == stats.edgeCount)
        // A neighbourhood large enough to reach everything connected is part of it.
        let far = try store.neighbourhood(of: try store.resolve("Xiaomi").id, hops: 50)
        #expect(far.nodes.isSubset(of: whole.nodes) && far.edges.isSubset(of: whole.edges))
    }
}
