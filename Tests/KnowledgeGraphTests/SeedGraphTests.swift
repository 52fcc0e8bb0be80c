import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Facts of the five seed articles, asserted against the built seed graph.
@Suite struct SeedGraphTests {
    let dir = TemporaryDirectory()

    func roles(_ store: GraphStore, _ agreementKey: String) throws -> [String: Set<String>] {
        let agreement = try #require(try store.node(key: agreementKey))
        var roles: [String: Set<String>] = [:]
        for edge in try store.edges(of: agreement.id, outgoing: true) {
            roles[edge.type, default: []].insert(try store.node(id: edge.target)!.key)
        }
        return roles
    }

    @Test func nokiaXiaomiAgreementsOf2017() throws {
        let store = try Fixtures.seedStore(in: dir)
        let cross = try #require(try store.node(key: "nokia-xiaomi-cross-license-2017"))
        #expect(cross.kind == "Agreement")
        #expect(cross.props["kind"] == .string("cross_license"))
        #expect(cross.props["date"] == .string("2017-07"))
        let crossRoles = try roles(store, cross.key)
        #expect(crossRoles["licensor"] == ["nokia", "xiaomi"])
        #expect(crossRoles["licensee"] == ["nokia", "xiaomi"])
        let quotes = try store.evidence(forNode: cross.id).map(\.quote)
        #expect(quotes.contains { $0.contains("beide Firmen Mobilfunkpatente austauschen") })
        #expect(try store.evidence(forNode: cross.id).allSatisfy { $0.source.file == "001_6b384485849d558d.txt" && $0.source.published == PartialDate("2017-07") })

        let sale = try roles(store, "nokia-xiaomi-patent-sale-2017")
        #expect(sale["seller"] == ["nokia"])
        #expect(sale["buyer"] == ["xiaomi"])
        #expect(try store.resolve("Rajeev Suri").kind == "Person")
    }

    @Test func microsoftSellsAbout1500PatentsToXiaomi() throws {
        let store = try Fixtures.seedStore(in: dir)
        let sale = try #require(try store.node(key: "microsoft-xiaomi-patent-sale"))
        #expect(sale.props["kind"] == .string("patent_sale"))
        #expect(sale.props["patents"] == .int(1500))
        let r = try roles(store, sale.key)
        #expect(r["seller"] == ["microsoft"])
        #expect(r["buyer"] == ["xiaomi"])
        #expect(try store.evidence(forNode: sale.id).contains { $0.quote.contains("Rund 1500 Schutzrechte für Sprachkommunikation und Cloud Computing gingen an Xiaomi") })
        #expect(try roles(store, "microsoft-xiaomi-cross-license")["licensor"] == ["microsoft", "xiaomi"])
    }

    @Test func partnershipsPeopleAndProducts() throws {
        let store = try Fixtures.seedStore(in: dir)
        let ikea = try #require(try store.node(key: "xiaomi-ikea-partnership-2018"))
        #expect(ikea.props["date"] == .string("2018-11-28"))
        #expect(try roles(store, ikea.key)["party"] == ["xiaomi", "ikea"])
        #expect(try roles(store, "baidu-xiaomi-partnership")["party"] == ["baidu", "xiaomi"])
        #expect(try roles(store, "xiaomi-faw-car-partnership")["party"] == ["xiaomi", "faw-car"])
        let xiaomi = try store.resolve("xiaomi")
        #expect(xiaomi.key == "xiaomi")
        #expect(xiaomi.props["founded"] == .int(2010))
        let leiJun = try store.resolve("Lei Jun")
        let ceo = try store.edges(of: leiJun.id, outgoing: true).filter { $0.type == "ceo_of" }
        #expect(ceo.map(\.target) == [xiaomi.id])
        let developed = try store.edges(of: xiaomi.id, outgoing: true).filter { $0.type == "develops" }
        let products = Set(try developed.map { try store.node(id: $0.target)!.name })
        #expect(products.isSuperset(of: ["MiMo", "XringO1", "Xiao AI"]))
        #expect(try store.resolve("FAW Car").key == store.resolve("Faw Car").key)
        #expect(try store.resolve("Oppo").key == "oppo")
    }

    @Test func everyFactCarriesEvidenceFromADeclaredSource() throws {
        let store = try Fixtures.seedStore(in: dir)
        let withoutEvidence = try store.db.queryOne("SELECT count(*) FROM edges WHERE id NOT IN (SELECT edge FROM evidence WHERE edge IS NOT NULL)") { $0.int(0) }
        #expect(withoutEvidence == 0)
        let agreementsWithout = try store.db.queryOne("SELECT count(*) FROM nodes WHERE kind = 'Agreement' AND id NOT IN (SELECT node FROM evidence WHERE node IS NOT NULL)") { $0.int(0) }
        #expect(agreementsWithout == 0)
        // The five articles, and the curator's own knowledge (two aliases).
        let sources = try store.sources().filter { $0.key != "curator" }
        #expect(sources.count == 5)
        #expect(Set(sources.compactMap(\.published).map(\.description)) == ["2017-07", "2018-12", "2025-05"])
        #expect(sources.allSatisfy { $0.language == "de" })
    }

    /// Every quote is verbatim in its article (white space folded).
    @Test func everyQuoteIsVerbatimInItsArticle() throws {
        let store = try Fixtures.seedStore(in: dir)
        let folder = Fixtures.seedArticlesDirectory
        func fold(_ s: String) -> String { s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        var checked = 0
        for source in try store.sources() where source.key != "curator" {
            let article = fold(try String(contentsOfFile: folder + "/" + source.file, encoding: .utf8))
            for evidence in try store.evidence(fromSource: source.key) {
                #expect(article.contains(fold(evidence.quote)), "not in \(source.file): \(evidence.quote)")
                checked += 1
            }
        }
        #expect(checked == (try store.statistics().evidence) - (try store.evidence(fromSource: "curator").count))
    }

    @Test func showReportsXiaomisAgreementsWithEvidence() throws {
        let store = try Fixtures.seedStore(in: dir)
        let report = try NodeReport(store: store).render(try store.resolve("Xiaomi"))
        #expect(report.hasPrefix("Xiaomi — Company (key: xiaomi)"))
        #expect(report.contains("Nokia–Xiaomi cellular patent cross-licence"))
        #expect(report.contains("licensee: Nokia, Xiaomi"))
        #expect(report.contains("evidence (002_0f96c8cdbb6431ce.txt): „Rund 1500 Schutzrechte"))
        #expect(report.contains("Lei Jun is CEO of Xiaomi"))
    }
}
