import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// `kg serve --stdio` writes its answers as bytes straight into one buffer
/// (``JSONWriter``, ``ResultFormatter/writeJSON(_:to:)``): the bytes must be
/// exactly what kg's JSON values serialise to, answer for answer.
@Suite struct ServeAnswerTests {
    /// Values a JSON answer can hold, with every escape and number form.
    static let samples: [JSONValue] = [
        .null, .bool(true), .bool(false),
        .int(0), .int(7), .int(10), .int(-1), .int(-10), .int(1234567890123), .int(.max), .int(.min),
        .double(0), .double(-0.0), .double(2.5), .double(0.1), .double(-3), .double(1e15), .double(999_999_999_999_999),
        .double(1e-7), .double(123456.789), .double(.infinity), .double(-.infinity), .double(.nan), .double(.greatestFiniteMagnitude),
        .string(""), .string("plain"), .string("quote \" and \\ backslash"), .string("line\nbreak\r\ttab"),
        .string("\u{0}\u{1}\u{1F}\u{7F}"), .string("Nokia–Xiaomi"), .string("\u{2028}\u{2029}"), .string("小米 „Zitat“ 🙂"),
        .array([]), .object([:]),
        .object(["b": .int(1), "a": .array([.null, .string("x")]), "ä": .object(["z": .bool(true), "y": .double(1.5)])]),
    ]

    @Test(arguments: samples)
    func theWriterWritesWhatSerializedWrites(value: JSONValue) {
        var out = JSONWriter()
        out.write(value)
        #expect(String(decoding: out.bytes, as: UTF8.self) == value.serialized)
    }

    /// Random nested values (a fixed seed): the writer and the serialiser agree on all.
    @Test func randomNestedValuesAreWrittenTheSame() {
        var random = SeededRandom(seed: 13)
        func value(depth: Int) -> JSONValue {
            let pick = random.next() % (depth > 3 ? 5 : 7)
            switch pick {
            case 0: return .null
            case 1: return .int(Int64(bitPattern: random.next()) >> Int64(random.next() % 64))
            case 2: return .double(Double(Int64(bitPattern: random.next()) % 100_000) / Double(1 + random.next() % 1000))
            case 3: return Self.samples[Int(random.next() % UInt64(Self.samples.count))]
            case 4:
                let scalars = (0..<(random.next() % 8)).map { _ in Character(Unicode.Scalar(UInt32(random.next() % 0x2100)) ?? " ") }
                return .string(String(scalars))
            case 5: return .array((0..<(random.next() % 4)).map { _ in value(depth: depth + 1) })
            default:
                var members: [String: JSONValue] = [:]
                for i in 0..<(random.next() % 4) { members["k\(i)\(random.next() % 3)"] = value(depth: depth + 1) }
                return .object(members)
            }
        }
        var out = JSONWriter()
        for _ in 0..<500 {
            let v = value(depth: 0)
            out.removeAll()
            out.write(v)
            #expect(String(decoding: out.bytes, as: UTF8.self) == v.serialized)
        }
    }

    static let queries = [
        "MATCH p = (Sonos)-[:partner_of]-+(c) WHERE c.name = 'Nokia' RETURN p, nodes(p), c, length(p), [1, 2.5, null, true, 0.1, -3]",
        "MATCH (x)-[e:ceo_of]->(Xiaomi) RETURN e, x, x.name, -0.0, 2.50",
        "MATCH (a:Agreement)-[r]->(c) WHERE a.date IS NOT NULL RETURN a.date, r, a, c.founded",
        "MATCH (c:Company) RETURN c.name, count(*) ORDER BY c.name",
    ]

    @Test(arguments: queries)
    func rowsAreWrittenAsTheirJSONValues(query: String) throws {
        let q = try SeedQueries()
        let result = try q.run(query)
        #expect(!result.rows.isEmpty)
        var values = ResultFormatter(store: q.store)
        let expected = JSONValue.array(result.rows.map { .array($0.map { values.json($0) }) }).serialized
        var formatter = ResultFormatter(store: q.store)
        try formatter.load(result)
        var out = JSONWriter()
        formatter.writeJSONRows(result, to: &out)
        #expect(String(decoding: out.bytes, as: UTF8.self) == expected)
        #expect(formatter.readError == nil)
    }

    /// Each answer is the one the server built from JSON values before it
    /// wrote bytes: `{"id":…}` then the sorted keys columns, elapsed_s, plan,
    /// rows, warnings. Only elapsed_s differs from run to run.
    @Test(arguments: [
        (#"{"id": 1, "query": "MATCH p = (Sonos)-[:partner_of]-+(c) WHERE c.name = 'Nokia' RETURN p, c"}"#, "1"),
        (#"{"id": 12345678901234567890, "query": "MATCH (x)-[e:ceo_of]->(xiaomi) RETURN e, x.name"}"#, "12345678901234567890"),
        (#"{"query": "EXPLAIN MATCH (x)-[:ceo_of]->(Xiaomi) RETURN x", "id": "r\u00e9-7"}"#, #""ré-7""#),
        (#"{"id": 4, "query": "PROFILE MATCH (x)-[:ceo_of]->($c) RETURN x", "params": {"c": "Xiaomi"}}"#, "4"),
        (#"{"id": 5, "query": "MATCH (a:Agreement) WHERE a.date IS NOT NULL RETURN a.date, a ORDER BY a.date"}"#, "5"),
    ])
    func answersAreTheJSONValueAnswers(line: String, id: String) throws {
        let q = try SeedQueries()
        let answer = QueryServer(engine: q.engine).answer(line)
        // The id comes back as sent (beyond 64 bits too): read the rest.
        let prefix = "{\"id\":\(id),"
        #expect(answer.hasPrefix(prefix), "\(answer)")
        guard case .object(let members)? = try? JSONParser.parse("{" + answer.dropFirst(prefix.count)),
              case .double(let elapsed)? = members["elapsed_s"] else {
            Issue.record("not an answer: \(answer)")
            return
        }
        // The same request through a fresh engine, rendered the old way.
        var bytes = Array(line.utf8)
        RequestID.scan(bytes).removeValue(from: &bytes)
        let request = try JSONParser.parse(bytes: bytes).objectValue ?? [:]
        guard case .string(let text)? = request["query"] else { Issue.record("no query"); return }
        var parameters: [String: Value] = [:]
        for (key, value) in request["params"]?.objectValue ?? [:] { parameters[key] = Value(value) }
        let result = try QueryEngine(store: q.store).execute(text, parameters: parameters)
        var formatter = ResultFormatter(store: q.store)
        var expected: [String: JSONValue] = ["columns": .array(result.columns.map(JSONValue.string)),
                                             "rows": .array(result.rows.map { .array($0.map { formatter.json($0) }) }),
                                             "elapsed_s": .double(elapsed)]
        if let plan = members["plan"] { expected["plan"] = plan }   // PROFILE times differ from run to run
        if let planText = result.planText, members["plan"] == nil { expected["plan"] = .string(planText) }
        if !result.warnings.isEmpty {
            expected["warnings"] = .array(result.warnings.map { .string($0.message + ($0.suggestion.map { "; " + $0 } ?? "")) })
        }
        #expect(answer == "{\"id\":\(id)," + JSONValue.object(expected).serialized.dropFirst())
        if text.hasPrefix("EXPLAIN") { #expect(members["plan"] == .string(result.planText ?? "")) }
        if text.contains("xiaomi") { #expect(members["warnings"] != nil) }
    }

    @Test func errorAnswersKeepTheirForm() throws {
        let q = try SeedQueries()
        let server = QueryServer(engine: q.engine)
        #expect(server.answer(#"{"id": 3, "query": "MATCH (a:Agreement) WHERE a.signd = 1 RETURN a"}"#)
                == #"{"id":3,"error":{"code":"KGB003","column":27,"line":1,"message":"no Agreement has a property 'signd'"}}"#)
        #expect(server.answer(#"{"id": 4, "query": "MATCH (n) RETURN n", "params": 5}"#)
                == #"{"id":4,"error":{"code":"\#(ErrorCode.invalidParameter.rawValue)","message":"\"params\" must be an object"}}"#)
        #expect(server.answer("{\"id\": 5, \"query\": \"MATCH (n) RETURN n\"").hasPrefix(#"{"id":5,"error":{"code":"\#(ErrorCode.invalidJSON.rawValue)","message":"the request is not JSON: "#))
        #expect(server.answer(#"{"id": 6, "query": "MATCH (n {name: $x}) RETURN n.key", "params": {"x": "\u00e9\"\\"}}"#).hasPrefix(#"{"id":6,"columns":["n.key"],"elapsed_s":"#))
    }

    /// A blank request line gets no answer; what is blank is what Foundation's
    /// `.whitespaces` trims away, Unicode spaces included.
    @Test(arguments: ["", " ", "\t \t", "\u{00A0}", " \u{3000} ", "\u{2003}\t", "\r", "{", " {}", "\u{00A0}x", "é", "\u{2028}", "x "])
    func blankLinesAreWhatTrimmingRemoves(line: String) {
        #expect(QueryServer.isBlank(line) == line.trimmingCharacters(in: .whitespaces).isEmpty)
    }

    /// A warm engine keeps plans, never a query's rows: the executor (and
    /// the rows its sink collected) is released when the answer is returned.
    @Test func anEngineKeepsNoExecutorAfterTheAnswer() throws {
        let q = try SeedQueries()
        for _ in 0..<3 {
            let result = try q.run("MATCH (c:Company)-[:partner_of]-(p) RETURN DISTINCT p.key")
            #expect(!result.rows.isEmpty)
            #expect(q.engine.lastExecutor == nil)
        }
    }
}
