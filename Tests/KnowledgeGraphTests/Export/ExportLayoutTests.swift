import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Issue 19, item 3, without Python: the shapes that make exports load
/// cleanly (ExportToolLoadTests loads them into networkx and pandas).
@Suite struct ExportLayoutTests {
    let home = TemporaryDirectory()

    /// The records of a CSV text (header first).
    static func records(_ text: String) throws -> [[String]] {
        let reader = CSVReader(CSVInput(text: text, name: "t.csv"))
        var rows: [[String]] = []
        while try reader.next() { rows.append((0..<reader.fieldCount).map { reader.string($0) }) }
        return rows
    }

    static func csv(_ store: GraphStore, headers: CSVGraphExporter.Headers = .kg) throws -> (nodes: [[String]], edges: [[String]]) {
        var nodes = "", edges = ""
        try CSVGraphExporter(store: store, headers: headers).export(nodes: { nodes += $0 }, edges: { edges += $0 }, sources: { _ in })
        return (try records(nodes), try records(edges))
    }

    static func items(_ value: JSONValue?) -> [JSONValue]? {
        if case .array(let items)? = value { return items }
        return nil
    }

    @Test func csvHasOneRowPerNodeAndPerEdgeWithTheEvidenceAsJSON() throws {
        let store = try Fixtures.seedStore(in: home)
        let stats = try store.statistics()
        let (nodes, edges) = try Self.csv(store)
        #expect(nodes.first == ["id", "kind", "name", "props", "aliases", "evidence"])
        #expect(edges.first == ["src", "type", "dst", "props", "evidence"])
        #expect(nodes.count - 1 == stats.nodeCount && edges.count - 1 == stats.edgeCount)
        #expect(Set(nodes.dropFirst().map { $0[0] }).count == stats.nodeCount, "each node once")
        var pieces = 0
        for row in nodes.dropFirst() + edges.dropFirst() where !row.last!.isEmpty {
            guard case .array(let items) = try JSONParser.parse(row.last!) else { Issue.record("not an array: \(row.last!)"); continue }
            for item in items {
                #expect(item.objectValue?.keys.sorted() == ["quote", "source"])
            }
            pieces += items.count
        }
        #expect(pieces == stats.evidence)
    }

    @Test func gephiHeadersNameIdSourceTargetAndTheDirection() throws {
        let store = try Fixtures.seedStore(in: home)
        let (nodes, edges) = try Self.csv(store, headers: .gephi)
        #expect(nodes.first == ["Id", "Label", "kind", "props", "aliases", "evidence"])
        #expect(edges.first == ["Source", "Target", "Type", "Label", "props", "evidence"])
        #expect(nodes.contains { $0[0] == "xiaomi" && $0[1] == "Xiaomi" && $0[2] == "Company" })
        let competitors = edges.filter { $0[3] == "competitor_of" }
        #expect(!competitors.isEmpty && competitors.allSatisfy { $0[2] == "Undirected" })
        #expect(edges.dropFirst().filter { $0[3] != "competitor_of" }.allSatisfy { $0[2] == "Directed" })
    }

    @Test func gephiHeadersGoWithCSVOnly() throws {
        let result = try runKG(["export", "--format", "jsonl", "--headers", "gephi"], home: home.path)
        #expect(result.status == 64 && result.stderr.contains("--headers go with --format csv"), "\(result.stderr)")
    }

    @Test func graphMLExportIsTheWholeGraphWithoutMixedDirections() throws {
        let result = try runKG(["export", "--format", "graphml"], home: home.path)
        #expect(result.status == 0, "\(result.stderr)")
        let reader = GraphMLReader.read(result.stdout)
        #expect(reader.failure == nil)
        #expect(!result.stdout.contains("directed=\"false\""))
        let db = home.path + "/data/kg/seed.sqlite"
        let stats = try GraphStore.open(at: db).statistics()
        #expect(reader.nodes.count == stats.nodeCount && reader.edges.count == stats.edgeCount)
    }

    @Test func queryJSONLinesAreOneObjectPerRowInColumnOrder() throws {
        let query = #"MATCH (who)<-[:licensor]-(a:Agreement) RETURN who, a.date, who.key AS who"#
        let result = try runKG(["query", "--format", "jsonl", query], home: home.path)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        let json = try runKG(["query", "--format", "json", query], home: home.path)
        guard case .object(let whole) = try JSONParser.parse(json.stdout), case .array(let rows)? = whole["rows"] else {
            Issue.record("no JSON rows"); return
        }
        #expect(lines.count == rows.count && !rows.isEmpty)
        // Column order kept; a repeated name gets _2.
        #expect(lines.allSatisfy { $0.hasPrefix("{\"who\":{\"key\":") && $0.contains(",\"a.date\":") && $0.contains(",\"who_2\":\"") })
        for (line, row) in zip(lines, rows) {
            let object = try JSONParser.parse(String(line)).objectValue
            #expect(object?["who"] == Self.items(row)?[0] && object?["who_2"] == Self.items(row)?[2])
        }
        let why = try runKG(["query", "--format", "jsonl", "--why", query], home: home.path)
        let first = try JSONParser.parse(String(why.stdout.split(separator: "\n")[0])).objectValue
        #expect(Self.items(first?["evidence"])?.isEmpty == false, "\(why.stdout)")
        // A script: the rows of each query, no blank line between.
        let script = try runKG(["query", "--format", "jsonl", query + "; " + query], home: home.path)
        #expect(script.stdout.split(separator: "\n", omittingEmptySubsequences: false).count == 2 * rows.count + 1)
    }

    @Test func keysShowNodesByKeyInCSVAndTableCells() throws {
        let query = #"MATCH p = (who)<-[:licensor]-(a:Agreement) WHERE who.key = "nokia" RETURN who, p"#
        let names = try runKG(["query", "--format", "csv", query], home: home.path)
        #expect(names.stdout.contains("\r\nNokia,Nokia <-[licensor]- "), "\(names.stdout)")
        let keys = try runKG(["query", "--format", "csv", "--keys", query], home: home.path)
        #expect(keys.status == 0 && keys.stdout.contains("\r\nnokia,nokia <-[licensor]- nokia-"), "\(keys.stdout)")
        let table = try runKG(["query", "--keys", query], home: home.path)
        #expect(table.stdout.contains("\nnokia ") && !table.stdout.contains("Nokia"), "\(table.stdout)")
    }
}
