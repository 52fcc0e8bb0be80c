import Foundation
import KnowledgeGraph
import Testing

/// `kg serve --stdio` (``QueryServer``): the same questions as POST /api/ask,
/// and requests weighed against the memory budget before they are parsed.
@Suite("kg serve --stdio: ask, and the request budget")
struct StdioServerTests {
    @Test("{\"ask\": …} answers a plain-word question like POST /api/ask: rows, query_text, understood")
    func ask() throws {
        let graph = try SeedGraphFile()
        let server = QueryServer(engine: QueryEngine(store: try GraphStore.open(at: graph.path, mode: .readOnly)))
        let answer = try JSONParser.parse(server.answer(#"{"id": 7, "ask": "who licenses patents to Xiaomi"}"#))
        #expect(answer["id"] == .int(7))
        #expect(answer["error"] == nil, "\(answer)")
        #expect(answer["query_text"]?.stringValue?.contains("licenses_patents_to") == true)
        #expect(answer["question"]?.stringValue == "who licenses patents to Xiaomi")
        #expect((answer["understood"]?.arrayValue?.count ?? 0) > 0)
        let names = (answer["rows"]?.arrayValue ?? []).compactMap { $0.arrayValue?.first?["name"]?.stringValue }
        #expect(names.contains("Nokia") && names.contains("Microsoft"), "\(names)")
        let notAString = try JSONParser.parse(server.answer(#"{"id": 8, "ask": 3}"#))
        #expect(notAString["error"]?["code"] == .string("KGI008"))
        let unknown = try JSONParser.parse(server.answer(#"{"id": 9, "ask": "frobnicate the quux"}"#))
        #expect(unknown["error"]?["code"] == .string("KGA001"))
    }

    @Test("A request line whose parsing would not fit --max-memory is refused (KGE005) before it is parsed; the line limit follows the budget")
    func requestBudget() throws {
        let graph = try SeedGraphFile()
        let server = QueryServer(engine: QueryEngine(store: try GraphStore.open(at: graph.path, mode: .readOnly)),
                                 limits: QueryLimits(memoryLimit: 1 << 20))
        // 180 KB of nested one-item lists: many MiB once parsed.
        let nested = Array(repeating: "[[1]]", count: 30_000).joined(separator: ",")
        let answer = try JSONParser.parse(server.answer(#"{"id":1,"query":"RETURN size($p)","params":{"p":[\#(nested)]}}"#))
        #expect(answer["error"]?["code"] == .string("KGE005"), "\(answer)")
        #expect(answer["error"]?["message"]?.stringValue?.contains("to read") == true)
        let small = try JSONParser.parse(server.answer(#"{"id":2,"query":"RETURN size($p)","params":{"p":[[1],[2]]}}"#))
        #expect(small["rows"] == .array([.array([.int(2)])]))
        #expect(server.maxLineBytes == 256 << 10)
        #expect(QueryServer(engine: server.engine).maxLineBytes == 16 << 20)
        let tooLong = try JSONParser.parse(server.answerTooLong(bytes: 300_000, prefix: #"{"id":3,"#))
        #expect(tooLong["error"]?["code"] == .string("KGI012"))
        #expect(tooLong["error"]?["message"]?.stringValue?.contains("256 KiB") == true)
    }

    @Test("JSON cost: nested lists cost many times their size, a long string about five times")
    func jsonCost() {
        let nested = Array(("[" + Array(repeating: "[[1]]", count: 1000).joined(separator: ",") + "]").utf8)
        #expect(JSONCost.estimate(nested) > 50 * nested.count)
        let flat = Array(("\"" + String(repeating: "x", count: 10_000) + "\"").utf8)
        #expect(JSONCost.estimate(flat) < 6 * flat.count)
        #expect(JSONCost.estimate(Array(#"{"a":"[[[","b":1}"#.utf8)) == 17 * JSONCost.bytesPerByte + 5 * JSONCost.bytesPerValue + JSONCost.bytesPerContainer)
    }
}
