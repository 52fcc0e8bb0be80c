import Foundation
import KGTestTools
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// `kg query`, `kg run` and `kg serve` as a user or a program runs them.
@Suite struct QueryCommandTests {
    let home = TemporaryDirectory()

    @Test func readmeFirstCommandAnswersWithEvidence() throws {
        let r = try runKG(["query", "--why", "MATCH (who)-[:licenses_patents_to]->(Xiaomi) RETURN DISTINCT who"], home: home.path)
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("Nokia"))
        #expect(lines.contains("Microsoft"))
        #expect(r.stdout.contains("— 001_6b384485849d558d.txt, 2017-07: „Die Vereinbarung sieht vor, dass beide Firmen Mobilfunkpatente austauschen“"))
        #expect(r.stdout.hasSuffix("(2 rows)\n"))
    }

    @Test func jsonAndCSVOutput() throws {
        let json = try runKG(["query", "--format", "json", "--param", "company=xiaomi", "MATCH (c)-[:partner_of]-($company) RETURN c.key ORDER BY c.key"], home: home.path)
        #expect(json.status == 0)
        #expect(json.stdout == #"{"columns":["c.key"],"rows":[["baidu"],["faw-car"],["ikea"],["microsoft"],["nokia"]]}"# + "\n")
        let csv = try runKG(["query", "-f", "csv", "MATCH (p:Person)-[r:works_for]->(Xiaomi) RETURN p.name, r.role ORDER BY p.name"], home: home.path)
        #expect(csv.stdout == "p.name,r.role\r\nHugo Barra,Manager für internationale Expansion\r\nWang Xiang,Vizepräsident\r\n")
    }

    @Test func syntaxErrorsShowTheLineAndACaret() throws {
        let r = try runKG(["query", "MATCH (c:Company RETURN c"], home: home.path)
        #expect(r.status == 64)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("error[KGP001]"))
        #expect(r.stderr.contains("1 | MATCH (c:Company RETURN c"))
        #expect(r.stderr.contains("^^^^^^"))
        let missing = try runKG(["query", "MATCH (c = $company) RETURN c"], home: home.path)
        #expect(missing.stderr.contains("--param company=VALUE"))
        let badParam = try runKG(["query", "--param", "oops", "MATCH (c) RETURN c"], home: home.path)
        #expect(badParam.stderr.contains("KGU003"))
    }

    @Test func queryFromStdinAndFromAFile() throws {
        let stdin = try runKG(["query", "-"], home: home.path, input: "MATCH (c:Company) RETURN count(*) AS n")
        #expect(stdin.stdout.contains("21"))
        let file = home.file("q.kgq")
        try "// partners\nMATCH (Xiaomi)-[:partner_of]-(c)\nRETURN count(DISTINCT c)\n".write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = try runKG(["query", "--file", file], home: home.path)
        #expect(fromFile.stdout.contains("5"))
    }

    @Test func runListsAndRunsNamedQueries() throws {
        let list = try runKG(["run", "--list"], home: home.path)
        #expect(list.stdout.contains("licensors\n    Who licenses patents to a company"))
        let run = try runKG(["run", "patents-bought", "company=Xiaomi", "--format", "csv"], home: home.path)
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("seller,patents,field,date,agreement\r\nMicrosoft,1500,"))
        let unknown = try runKG(["run", "licensor"], home: home.path)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean 'licensors'?"))
    }

    @Test func serveAnswersEachLineAndSurvivesBadOnes() throws {
        let input = """
            {"id": 1, "query": "MATCH (c)-[:partner_of]-($company) RETURN c.key ORDER BY c.key", "params": {"company": "xiaomi"}}
            this is not json
            {"id": "x", "query": "MATCH (c RETURN c"}
            {"id": 4, "query": "MATCH (c:Company) RETURN count(*)"}
            """
        let r = try runKG(["serve", "--stdio"], home: home.path, input: input + "\n")
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        let first = try JSONParser.parse(lines[0]).objectValue!
        #expect(first["id"] == .int(1))
        #expect(first["rows"] == .array(["baidu", "faw-car", "ikea", "microsoft", "nokia"].map { .array([.string($0)]) }))
        if case .double(let elapsed)? = first["elapsed_s"] { #expect(elapsed >= 0) } else { Issue.record("no elapsed_s") }
        let second = try JSONParser.parse(lines[1]).objectValue!
        #expect(second["error"]?.objectValue?["code"] == .string("KGI008"))
        let third = try JSONParser.parse(lines[2]).objectValue!
        #expect(third["id"] == .string("x"))
        #expect(third["error"]?.objectValue?["column"] == .int(10))
        #expect(try JSONParser.parse(lines[3]).objectValue?["rows"] == .array([.array([.int(21)])]))
    }

    @Test(.requires(.graphviz)) func dotOfAnAnswerPassesGraphviz() throws {
        let r = try runKG(["query", "--format", "dot", "MATCH (x)-[:licenses_patents_to]->(Xiaomi) RETURN x"], home: home.path)
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("digraph"))
        #expect(r.stdout.contains("label=\"licensor\""))
        let svg = try GraphvizRunner.locate().run(["-Tsvg"], input: r.stdout)
        #expect(svg.status == 0)
        #expect(svg.stderr.isEmpty)
    }
}
