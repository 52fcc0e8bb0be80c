import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Item 5 and CSV merging: evidence columns, a sources file, facts without evidence say so.
@Suite struct CSVEvidenceTests {
    static let sources = "key,file,title,published\nrep,report.txt,\"Annual report, 2020\",2020-03\n"
    static let nodes = """
        id,kind,name,props,aliases,source,quote
        acme,Company,Acme,"{""founded"":1999}","[""ACME Corp""]",rep,"Acme, founded in 1999, builds rockets."
        acme,Company,Acme,"{""founded"":1999}",,rep,Acme is listed.
        globex,Company,Globex,,,,

        """
    static let edges = "src,type,dst,props,source,quote\nacme,rates,globex,\"{\"\"valid_from\"\":\"\"2020\"\"}\",rep,Acme and Globex work together.\n"

    func load(_ store: GraphStore) throws -> CSVImportSummary {
        var options = CSVImportOptions()
        options.sources = CSVInput(text: Self.sources, name: "sources.csv")
        return try CSVImporter(store: store, options: options).importCSV(nodes: CSVInput(text: Self.nodes, name: "nodes.csv"),
                                                                        edges: CSVInput(text: Self.edges, name: "edges.csv"))
    }

    @Test func evidenceColumnsAndASourcesFileGiveFactsTheirEvidence() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        let summary = try load(store)
        #expect(summary.merge?.description == "2 nodes, 1 edge, 1 alias and 1 source added; 3 pieces of evidence added")
        let acme = try store.resolve("ACME Corp")
        #expect(try store.evidence(forNode: acme.id).map(\.quote) == ["Acme, founded in 1999, builds rockets.", "Acme is listed."])
        #expect(try store.source(key: "rep")?.title == "Annual report, 2020")
        #expect(try store.source(key: "rep")?.published == PartialDate("2020-03"))
        // Importing the same files again changes nothing.
        let again = try load(store)
        #expect(again.merge?.description == "0 added; 2 nodes and 1 edge unchanged; 0 pieces of evidence added")
        #expect(again.write == nil)
    }

    @Test func aFactWithoutEvidenceSaysSo() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        try load(store)
        let report = try NodeReport(store: store).render(try store.resolve("Globex"))
        #expect(report.contains("no evidence recorded"))
        try CSVImporter(store: store).importCSV(nodes: nil, edges: CSVInput(text: "src,type,dst,props\nglobex,rates,acme,\n", name: "more.csv"))
        let result = try QueryEngine(store: store).execute("MATCH (g = \"Globex\")-[:rates]->(a) RETURN a", options: .init(tracksFacts: true))
        var formatter = ResultFormatter(store: store)
        let text = formatter.render(result, as: .table, why: true)
        #expect(text.contains("because Globex rates Acme\n      — no evidence recorded"), "\(text)")
    }

    @Test(arguments: [
        ("id,kind,name,props,source\nacme,Company,Acme,,rep\n", ErrorCode.csvHeader),
        ("id,kind,name,props,source,quote\nacme,Company,Acme,,rep,\n", .csvEvidence),
        ("id,kind,name,props,source,quote\nacme,Company,Acme,,nope,Acme exists.\n", .unknownSource),
        ("id,kind,name,props,aliases\nacme,Company,Acme,,not-json\n", .invalidJSON),
        ("id,kind,name,props,source,quote\nacme,Company,Acme,,rep,a\nacme,Company,Other,,rep,b\n", .duplicateKey),
        // The evidence column (what kg export --format csv writes): a JSON array of {source, quote}.
        ("id,kind,name,props,evidence\nacme,Company,Acme,,not-json\n", .invalidJSON),
        ("id,kind,name,props,evidence\nacme,Company,Acme,,\"[{\"\"source\"\":\"\"rep\"\"}]\"\n", .invalidJSON),
        ("id,kind,name,props,evidence\nacme,Company,Acme,,\"[{\"\"source\"\":\"\"rep\"\",\"\"quote\"\":\"\" \"\"}]\"\n", .csvEvidence),
        ("id,kind,name,props,evidence\nacme,Company,Acme,,\"[{\"\"source\"\":\"\"nope\"\",\"\"quote\"\":\"\"Acme exists.\"\"}]\"\n", .unknownSource),
    ])
    func badEvidenceRowsAreRefusedWithTheirFileAndLine(nodes: String, code: ErrorCode) throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        try load(store)
        let before = try store.contentDigest()
        var options = CSVImportOptions()
        options.sources = CSVInput(text: Self.sources, name: "sources.csv")
        let error = expectKGError { _ = try CSVImporter(store: store, options: options).importCSV(nodes: CSVInput(text: nodes, name: "bad.csv"), edges: nil) }
        #expect(error?.code == code)
        #expect(error?.file == "bad.csv")
        #expect(try store.contentDigest() == before)
    }
}

extension CSVEvidenceTests {
    @Test func aGivenSchemaIsCheckedOnTheMergingPathToo() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        try load(store)
        var options = CSVImportOptions(schema: try SchemaParser.parse("schema strict\nkind Person open\n", file: "strict.kgs"))
        options.sources = CSVInput(text: Self.sources, name: "sources.csv")
        let before = try store.contentDigest()
        let error = expectKGError {
            _ = try CSVImporter(store: store, options: options).importCSV(nodes: CSVInput(text: Self.nodes, name: "nodes.csv"), edges: nil)
        }
        #expect(error?.code == .undeclaredKind && error?.file == "nodes.csv" && error?.span?.start.line == 2)
        #expect(try store.contentDigest() == before)
    }
}
