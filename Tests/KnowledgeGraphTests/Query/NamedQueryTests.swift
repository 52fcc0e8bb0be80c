import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Every named query in Queries/, run end to end on the seed graph.
@Suite struct NamedQueryTests {
    func run(_ name: String, _ given: [String: Value] = [:]) throws -> [[String]] {
        let q = try SeedQueries()
        let query = try NamedQuery.named(name)
        let result = try q.engine.execute(query.text, options: .init(parameters: try query.bind(given)))
        var f = ResultFormatter(store: q.store)
        return result.rows.map { $0.map { f.text($0) } }
    }

    @Test func everyQueryHasADescriptionAndDocumentedParameters() {
        let all = NamedQuery.builtin
        #expect(Set(all.keys).isSuperset(of: ["licensors", "patents-bought", "partners", "partner-network", "connection", "people", "products", "agreement"]))
        for query in all.values {
            #expect(!query.summary.isEmpty, "\(query.name)")
            for p in query.parameters { #expect(!p.description.isEmpty && p.defaultValue != nil, "\(query.name).\(p.name)") }
        }
    }

    @Test func licensors() throws {
        let rows = try run("licensors")
        #expect(rows.map { $0[0] } == ["Microsoft", "Nokia"])
        #expect(rows[1][3] == "2017-07")
        #expect(try run("licensors", ["company": .string("nokia")]).map { $0[0] } == ["Xiaomi"])
    }

    @Test func patentsBought() throws {
        let rows = try run("patents-bought")
        #expect(rows.map { $0[0] } == ["Microsoft", "Nokia"])
        #expect(rows[0][1] == "1500")
        #expect(rows[0][2] == "Sprachkommunikation und Cloud Computing")
    }

    @Test func partnersAndNetwork() throws {
        #expect(try run("partners").map { $0[0] } == ["Baidu", "FAW Car", "IKEA", "Microsoft", "Nokia"])
        let network = try run("partner-network", ["company": .string("Sonos"), "hops": .int(2)])
        #expect(network == [["IKEA", "1"], ["Xiaomi", "2"]])
        #expect(try run("partner-network", ["company": .string("Sonos"), "hops": .int(3)]).count == 6)
    }

    @Test func connection() throws {
        let rows = try run("connection", ["from": .string("Sonos"), "to": .string("Baidu")])
        #expect(rows.count == 1)
        #expect(rows[0][1] == "6")
        #expect(rows[0][0].hasPrefix("Sonos"))
        #expect(rows[0][0].hasSuffix("Baidu"))
    }

    @Test func peopleAndProducts() throws {
        #expect(try run("people") == [["Hugo Barra", "works_for", "Manager für internationale Expansion"], ["Lei Jun", "ceo_of", "CEO"],
                                      ["Wang Xiang", "works_for", "Vizepräsident"]])
        #expect(try run("people", ["company": .string("Nokia")]).map { $0[0] } == ["Rajeev Suri"])
        let products = try run("products")
        #expect(products.contains(["XringO1", "manufactures", "TSMC"]))
        #expect(products.contains(["Xiao AI", "integrates", "FAW Car"]))
    }

    @Test func agreementWithEvidence() throws {
        let rows = try run("agreement")
        #expect(rows.map { $0[3] } == ["buyer", "part_of", "seller"])
        #expect(rows[2][4] == "Microsoft")
        #expect(rows[2][5].contains("Rund 1500 Schutzrechte"))
        #expect(rows[0][1] == "patent_sale")
    }

    @Test func unknownNamesAndParametersAreClearErrors() {
        #expect(expectKGError { _ = try NamedQuery.named("licensor") }?.suggestion?.contains("licensors") == true)
        #expect(expectKGError { _ = try NamedQuery.named("licensors").bind(["compny": .string("x")]) }?.code == .invalidParameter)
    }
}
