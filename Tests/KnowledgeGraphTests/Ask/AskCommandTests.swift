import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// `kg ask` as a user runs it: the query, then the answer; JSON like kg query; errors.
@Suite struct AskCommandTests {
    let home = TemporaryDirectory()

    @Test func printsTheQueryThenTheAnswer() throws {
        let result = try runKG(["ask", "who licenses patents to Xiaomi?"], home: home.path)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == #"query: MATCH (who)-[:licenses_patents_to]->("Xiaomi") RETURN DISTINCT who ORDER BY who.name"#)
        #expect(lines.contains("Microsoft") && lines.contains("Nokia"))
        // The words of the question may also be given unquoted.
        let words = try runKG(["ask", "who", "licenses", "patents", "to", "Xiaomi"], home: home.path)
        #expect(words.stdout == result.stdout)
    }

    @Test func whyPrintsEvidenceAndJsonIsLikeKgQuery() throws {
        let why = try runKG(["ask", "--why", "who sold patents to Xiaomi?"], home: home.path)
        #expect(why.stdout.contains("because"))
        #expect(why.stdout.contains("Patente von Nokia erworben"))
        let json = try runKG(["ask", "--format", "json", "--why", "how many products does Xiaomi develop?"], home: home.path)
        #expect(json.status == 0)
        let object = try JSONParser.parse(json.stdout).objectValue ?? [:]
        #expect(object["query"] == .string(#"MATCH ("Xiaomi")-[:develops]->(product:Product) RETURN count(DISTINCT product)"#))
        #expect(object["shape"] == .string("count"))
        #expect(object["columns"] != nil && object["rows"] != nil && object["evidence"] != nil)
        let yes = try JSONParser.parse(try runKG(["ask", "-f", "json", "is IKEA a partner of Xiaomi?"], home: home.path).stdout).objectValue
        #expect(yes?["answer"] == .bool(true))
    }

    @Test func notUnderstoodAndUnknownNamesExit64WithNothingOnStdout() throws {
        let vague = try runKG(["ask", "tell me something nice"], home: home.path)
        #expect(vague.status == 64)
        #expect(vague.stdout.isEmpty)
        #expect(vague.stderr.contains("error[KGA001]"))
        #expect(vague.stderr.contains("phrases this graph knows"))
        let typo = try runKG(["ask", "what does Xiaomy develop?"], home: home.path)
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("did you mean 'Xiaomi'?"))
        #expect(typo.stderr.contains("question:1:11"))
    }
}
