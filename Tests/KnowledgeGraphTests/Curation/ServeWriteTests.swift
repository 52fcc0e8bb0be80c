import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Item 6: writes from programs (kg serve, GraphStore.apply).
@Suite struct ServeWriteTests {
    @Test func aWriteRequestAppliesGraphTextAndAnswersWithTheCounts() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        let server = QueryServer(engine: QueryEngine(store: store))
        let request = JSONValue.object(["id": .int(7), "write": .string("node Company initech \"Initech\"\n  evidence art \"Initech exists.\"\nedge initech rates acme\n  evidence art \"Initech works with Acme.\"\n")])
        let answer = try JSONParser.parse(server.answer(request.serialized)).objectValue
        #expect(answer?["id"] == .int(7))
        #expect(answer?["summary"] == .string("1 node and 1 edge added; 2 pieces of evidence added"))
        #expect(answer?["counts"]?.objectValue?["nodes_added"] == .int(1))
        #expect(answer?["write"] == .int(2))
        // Another connection (another process would see the same) sees the committed write.
        let reader = try GraphStore.open(at: store.path, mode: .readOnly)
        #expect(try reader.resolve("Initech").key == "initech")
        // The same request again changes nothing.
        let again = try JSONParser.parse(server.answer(request.serialized)).objectValue
        #expect(again?["write"] == .null)
        #expect(again?["summary"] == .string("0 added; 1 node and 1 edge unchanged; 0 pieces of evidence added"))
        // And a query on the same server sees the write.
        let query = try JSONParser.parse(server.answer(#"{"id":8,"query":"MATCH (i = \"Initech\")-[:rates]->(a) RETURN a.key"}"#)).objectValue
        #expect(query?["rows"] == .array([.array([.string("acme")])]))
    }

    @Test func aBadWriteIsAnErrorAnswerAndWritesNothing() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        let before = try store.contentDigest()
        let server = QueryServer(engine: QueryEngine(store: store))
        // The first statement is fine, the second is not: all or nothing.
        let text = "node Company initech \"Initech\"\n  evidence art \"q\"\nedge initech rates nobody\n  evidence art \"q\"\n"
        let answer = try JSONParser.parse(server.answer(JSONValue.object(["id": .int(1), "write": .string(text)]).serialized)).objectValue
        #expect(answer?["error"]?.objectValue?["code"] == .string("KGI004"))
        #expect(answer?["error"]?.objectValue?["line"] == .int(3))
        #expect(try store.contentDigest() == before)
        let conflict = try JSONParser.parse(server.answer(#"{"id":2,"write":"node Company acme \"Acme\" founded=2001\n  evidence art \"q\"\n"}"#)).objectValue
        #expect(conflict?["error"]?.objectValue?["code"] == .string("KGC001"))
        let updated = try JSONParser.parse(server.answer(#"{"id":3,"write":"node Company acme \"Acme\" founded=2001\n  evidence art \"q\"\n","update":true,"reason":"newer"}"#)).objectValue
        #expect(updated?["counts"]?.objectValue?["properties_updated"] == .int(1))
        let wrongType = try JSONParser.parse(server.answer(#"{"id":4,"write":5}"#)).objectValue
        #expect(wrongType?["error"]?.objectValue?["code"] == .string("KGI008"))
    }

    @Test func retractAndRevertRequests() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        let before = try store.contentDigest()
        let server = QueryServer(engine: QueryEngine(store: store))
        let retract = try JSONParser.parse(server.answer(#"{"id":1,"write":"retract edge acme develops rocket reason=\"wrong\"\n"}"#)).objectValue
        #expect(retract?["counts"]?.objectValue?["edges_retracted"] == .int(1))
        guard case .int(let n)? = retract?["write"] else { Issue.record("no write number"); return }
        let revert = try JSONParser.parse(server.answer(#"{"id":2,"revert":\#(n)}"#)).objectValue
        #expect(revert?["counts"]?.objectValue?["reverted"] == .int(n))
        #expect(try store.contentDigest() == before)
    }

    @Test func theLibraryWritePath() throws {
        let dir = TemporaryDirectory()
        let store = try CurationFixtures.store(in: dir)
        let summary = try store.apply(graphText: "set acme founded=2001 reason=\"x\"\n", options: .init(command: "http PUT /nodes/acme"))
        #expect(summary.propertiesUpdated == 1)
        #expect(try store.writeLog().last?.command == "http PUT /nodes/acme")
    }

    @Test func serveOverStdioWritesAndAnswers() throws {
        let home = TemporaryDirectory()
        let db = home.file("g.sqlite")
        #expect(try runKG(["init", "--db", db, "--empty"], home: home.path).status == 0)
        let input = #"{"id":1,"write":"source s file=\"f.txt\"\nnode Company acme \"Acme\"\n  evidence s \"Acme exists.\"\n"}"# + "\n"
            + #"{"id":2,"query":"MATCH (c:Company) RETURN c.key"}"# + "\n"
        let result = try runKG(["serve", "--stdio", "--db", db], home: home.path, input: input)
        let lines = result.stdout.split(separator: "\n").map { try? JSONParser.parse(String($0)) }
        #expect(lines.count == 2)
        #expect(lines.first??.objectValue?["summary"] == .string("1 node and 1 source added; 1 piece of evidence added"))
        #expect(lines.last??.objectValue?["rows"] == .array([.array([.string("acme")])]))
        let readOnly = try runKG(["serve", "--stdio", "--db", db, "--read-only"], home: home.path, input: input)
        #expect(readOnly.stdout.contains("KGD004"))
    }
}

/// Readers in other connections see a serve write all or not at all.
@Suite(.serialized) struct ServeWriteAtomicityTests {
    @Test func aReaderSeesAllOfAServeWriteOrNone() throws {
        let home = TemporaryDirectory()
        let db = try SeedTemplate.copy(to: home.file("g.sqlite"))
        let before = try GraphFile.nodeCount(db)
        let text = BigGraphText.make(nodes: 3_000, edges: 6_000, prefix: "served")
        let request = JSONValue.object(["id": .int(1), "write": .string(text)]).serialized + "\n"
        let server = try KGProcess(["serve", "--stdio", "--db", db], home: home.path, stdin: request, label: "serve-write")
        var seen = Set<Int>()
        let reader = try GraphStore.open(at: db, mode: .readOnly)
        while server.isRunning {
            seen.insert(try reader.statistics().nodeCount)
            usleep(1_000)
        }
        let result = server.wait()
        seen.insert(try reader.statistics().nodeCount)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"nodes_added\":3000"), "\(result.stdout.prefix(300))")
        #expect(seen.isSubset(of: [before, before + 3_000]), "a reader saw \(seen.sorted())")
        #expect(seen.contains(before + 3_000))
    }
}
