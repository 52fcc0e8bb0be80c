import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// `kg import --nodes … --edges …`, run as a user would.
@Suite struct CSVCommandLineTests {
    let home = TemporaryDirectory()

    @Test func importsCSVIntoANewGraphAndSaysItInferredTheSchema() throws {
        let nodes = CSVFixtures.write(CSVFixtures.baseNodes, "nodes.csv", in: home)
        let edges = CSVFixtures.write(CSVFixtures.baseEdges, "edges.csv", in: home)
        let db = home.file("g.sqlite")
        let result = try runKG(["import", "--nodes", nodes, "--edges", edges, "--db", db], home: home.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("kg: no --schema given: inferred 3 kinds and 3 edge types from the data and stored them in the graph"))
        #expect(result.stderr.contains("4 nodes, 3 edges"))
        #expect(!result.stderr.contains("\u{1B}["), "no progress line when stderr is not a terminal")
        let stats = try runKG(["stats", "--db", db], home: home.path)
        #expect(stats.stdout.contains("schema 'inferred'"))
        #expect(stats.stdout.contains("works_for"))
        // Into the same graph again: its own schema applies, nothing is inferred.
        let more = try runKG(["import", "--nodes", CSVFixtures.write(CSVFixtures.nodes("c9,company,Initech,{}"), "more.csv", in: home), "--db", db], home: home.path)
        #expect(more.status == 0, "\(more.stderr)")
        #expect(!more.stderr.contains("inferred"))
    }

    @Test func aBrokenFileShowsFileLineAndCaretAndLeavesNoGraphBehind() throws {
        let nodes = CSVFixtures.write(CSVFixtures.baseNodes, "nodes.csv", in: home)
        let edges = CSVFixtures.write(CSVFixtures.edges("p1,works_for,c1,{}", "c1,develops,nobody,{}"), "edges.csv", in: home)
        let db = home.file("g.sqlite")
        let result = try runKG(["import", "--nodes", nodes, "--edges", edges, "--db", db], home: home.path)
        #expect(result.status == 65)
        #expect(result.stderr.contains("error[KGI004]: no node has the id 'nobody'"))
        #expect(result.stderr.contains("edges.csv:3:13"))
        #expect(result.stderr.contains("3 | c1,develops,nobody,{}"))
        #expect(result.stderr.contains("^^^^^^"))
        #expect(!CSVFixtures.anyFileExists(db))
    }

    @Test func aSchemaFileIsStoredAndEnforced() throws {
        let schema = CSVFixtures.write(CSVFixtures.schemaText, "test.kgs", in: home)
        let db = home.file("g.sqlite")
        let ok = try runKG(["import", "--nodes", CSVFixtures.write(CSVFixtures.baseNodes, "n.csv", in: home),
                            "--edges", CSVFixtures.write(CSVFixtures.baseEdges, "e.csv", in: home), "--schema", schema, "--db", db], home: home.path)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(!ok.stderr.contains("inferred"))
        #expect(try GraphStore.open(at: db).schema.name == "test")
        let bad = try runKG(["import", "--nodes", CSVFixtures.write(CSVFixtures.nodes("n1,robot,R2,{}"), "bad.csv", in: home),
                             "--schema", schema, "--db", home.file("other.sqlite")], home: home.path)
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("error[KGS004]"))
        #expect(bad.stderr.contains("bad.csv:2:4"))
        #expect(!CSVFixtures.anyFileExists(home.file("other.sqlite")))
    }

    @Test func usageErrorsNameBothForms() throws {
        let both = try runKG(["import", "x.kg", "--nodes", "n.csv", "--db", home.file("g.sqlite")], home: home.path)
        #expect(both.status == 64)
        #expect(both.stderr.contains("not both"))
        let neither = try runKG(["import", "--db", home.file("g.sqlite")], home: home.path)
        #expect(neither.status == 64)
        #expect(neither.stderr.contains("--nodes"))
        let schemaWithText = try runKG(["import", "x.kg", "--schema", "s.kgs"], home: home.path)
        #expect(schemaWithText.status == 64)
        let missing = try runKG(["import", "--nodes", home.file("missing.csv"), "--db", home.file("g.sqlite")], home: home.path)
        #expect(missing.status == 66)
        #expect(!CSVFixtures.anyFileExists(home.file("g.sqlite")))
        let help = try runKG(["import", "--help"], home: home.path)
        #expect(help.stdout.contains("kg import my-articles.kg --db deals.sqlite"))
        #expect(help.stdout.contains("kg import --nodes nodes.csv --edges edges.csv --db companies.sqlite"))
        #expect(help.stdout.contains("kg import --nodes n.csv --edges e.csv --schema s.kgs --db s.sqlite"))
        #expect(help.stdout.contains("--schema"))
    }

    @Test func graphTextImportStillWorks() throws {
        let db = home.file("g.sqlite")
        #expect(try runKG(["init", "--db", db, "--empty"], home: home.path).status == 0)
        let file = CSVFixtures.write("source s file=\"f\"\nnode Company acme \"Acme\"\n  evidence s \"q\"\n", "a.kg", in: home)
        let result = try runKG(["import", file, "--db", db], home: home.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("1 node and 1 source added; 1 piece of evidence added (write 1)"), "\(result.stderr)")
    }
}
