import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Malformed queries against the seed graph: each is refused with its stable
/// code at the position marked `‸` in the case, and leaves the graph's
/// content exactly as it was.
@Suite struct ReliabilityMalformedQueryTests {
    struct Case: CustomStringConvertible, Sendable {
        var marked: String
        var code: ErrorCode
        var parameters: [String: Value] = [:]
        init(_ marked: String, _ code: ErrorCode, _ parameters: [String: Value] = [:]) {
            self.marked = marked
            self.code = code
            self.parameters = parameters
        }
        var description: String { "\(code.rawValue): \(marked.prefix(90).debugDescription)" }
    }

    static let nesting = Parser.maximumDepth + 1

    static let cases: [Case] = [
        // Lexer
        Case("MATCH (a) RETURN a ‸~ ", .unexpectedCharacter),
        Case("MATCH (a) WHERE a.name = ‸“Xiaomi” RETURN a", .unexpectedCharacter),
        Case("MATCH (a) WHERE a.founded ‸! 2000 RETURN a", .unexpectedCharacter),
        Case("MATCH (a) RETURN a.founded ‸/ 2", .unexpectedCharacter),
        Case("MATCH (a = ‸$) RETURN a", .unexpectedCharacter),
        Case("MATCH (‸``) RETURN 1", .unexpectedCharacter),
        Case("MATCH (a) RETURN a ‸\u{7}", .unexpectedCharacter),
        Case("MATCH (a)\nWHERE a.name = 'x'\nRETURN a ‸#", .unexpectedCharacter),
        Case("MATCH (a) RETURN a ‸🚀", .unexpectedCharacter),
        Case("MATCH (a) RETURN a ‸\u{0}", .unexpectedCharacter),
        Case("MATCH (a) WHERE a.name = ‸'Xiaomi RETURN a", .unterminatedString),
        Case("MATCH (a) WHERE a.name = ‸\"Xiaomi\nRETURN a", .unterminatedString),
        Case("MATCH (‸`weird) RETURN 1", .unterminatedString),
        Case("MATCH (a) WHERE a.name = ‸'ends in a backslash\\", .unterminatedString),
        Case("MATCH (a) WHERE a.name = 'Xi‸\\qaomi' RETURN a", .invalidEscape),
        Case("MATCH (a) WHERE a.name = 'caf‸\\u00' RETURN a", .invalidEscape),
        Case("MATCH (a) WHERE a.name = '‸\\uD800' RETURN a", .invalidEscape),
        Case("MATCH (a) WHERE a.name = '‸\\x41' RETURN a", .invalidEscape),
        Case("MATCH (a) RETURN ‸99999999999999999999", .invalidNumber),
        Case("MATCH (a) RETURN ‸12abc", .invalidNumber),
        Case("MATCH (a) WHERE a.date > ‸2017-07x RETURN a", .invalidNumber),
        Case("MATCH (a) AS OF ‸2017-13 RETURN a", .invalidDate),
        Case("MATCH (a) WHERE a.date > ‸2019-02-30 RETURN a", .invalidDate),
        Case("MATCH (a) DURING 2017 .. ‸0 RETURN a", .invalidDate),
        Case("MATCH (a) AS OF ‸'next year' RETURN a", .invalidDate),
        // Parser
        Case("‸SELECT * FROM nodes", .unexpectedToken),
        Case("MATCH (c:Company ‸RETURN c", .unexpectedToken),
        Case("MATCH (a) ‸RETRUN a", .unexpectedToken),
        Case("MATCH (a) RETURN a LIMIT 5 ‸5", .unexpectedToken),
        Case("MATCH (a) RETURN a ORDER ‸a", .unexpectedToken),
        Case("MATCH (a) WHERE a.name STARTS ‸'X' RETURN a", .unexpectedToken),
        Case("MATCH (a) WHERE a.founded IS ‸1 RETURN a", .unexpectedToken),
        Case("MATCH (a) AS ‸2018 RETURN a", .unexpectedToken),
        Case("MATCH (a) DURING 2017 ‸2018 RETURN a", .unexpectedToken),
        Case("MATCH (a) WHERE (a.founded = 1 ‸RETURN a", .unexpectedToken),
        Case("MATCH (a)-[:develops]->(b) RETURN a, ‸, b", .unexpectedToken),
        Case("MATCH (a) RETURN a ‸--x", .unexpectedToken),
        Case("MATCH (a)-[:develops]->‸[b] RETURN a", .unexpectedToken),
        Case("MATCH (a) RETURN ‸", .unexpectedEnd),
        Case("MATCH (a)-[:develops]->‸", .unexpectedEnd),
        Case("‸", .unexpectedEnd),
        Case("   \n  // only a comment\n‸", .unexpectedEnd),
        Case("MATCH (a)-[:partner_of‸*3..1]-(b) RETURN b", .invalidQuantifier),
        Case("MATCH (a)-[:partner_of]-‸{5,2}(b) RETURN b", .invalidQuantifier),
        Case("MATCH ‸(-->){2}(b) RETURN b", .invalidPattern),
        Case("MATCH (a)‸(-->)(b) RETURN b", .invalidPattern),
        Case("MATCH (a)-[‸e:partner_of]-+(b) RETURN a", .invalidPattern),
        Case("MATCH p = ‸SHORTEST (a)-[:develops]->(b) RETURN p", .invalidPattern),
        // Nesting deeper than the parser allows (a stack overflow before the limit existed)
        Case("MATCH (a) WHERE " + String(repeating: "(", count: nesting - 1) + "‸" + String(repeating: "(", count: 10) + "1" + String(repeating: ")", count: nesting + 9) + " RETURN a", .unexpectedToken),
        Case("MATCH (a) WHERE " + String(repeating: "NOT ", count: nesting - 1) + "‸NOT true RETURN a", .unexpectedToken),
        Case("MATCH (a) RETURN " + String(repeating: "[", count: nesting - 1) + "‸[" + String(repeating: "]", count: nesting), .unexpectedToken),
        Case("MATCH (a) RETURN a.founded" + String(repeating: " = 1", count: nesting - 2) + " ‸= 1", .unexpectedToken),
        // A flat AND chain is one level however long; each parenthesised chain inside another is two (the chain, the parentheses).
        Case("MATCH (a) WHERE " + String(repeating: "true AND (", count: Parser.maximumDepth / 2) + "‸true AND (true" + String(repeating: ")", count: Parser.maximumDepth / 2 + 1) + " RETURN a", .unexpectedToken),
        Case("MATCH (a) RETURN a" + String(repeating: ".x", count: nesting - 2) + ".‸x", .unexpectedToken),
        // Binder: kinds, edge types, properties, variables, parameters, nodes
        Case("MATCH (c:‸Compny) RETURN c", .unknownKind),
        Case("MATCH (c:Company|‸Persn) RETURN c", .unknownKind),
        Case("MATCH (c:‸company) RETURN c", .unknownKind),
        Case("MATCH (a)-[:‸licensr]->(b) RETURN a", .unknownEdgeType),
        Case("MATCH (a)-[:develops|‸sels]->(b) RETURN a", .unknownEdgeType),
        Case("MATCH (a)-[:^‸licensr]->(b) RETURN a", .unknownEdgeType),
        Case("MATCH (a)-[:‸partner]-{1,2}(b) RETURN b", .unknownEdgeType),
        Case("MATCH (c:Company) RETURN ‸c.foundd", .unknownProperty),
        Case("MATCH (c:Company {‸colour: 'red'}) RETURN c", .unknownProperty),
        Case("MATCH (a)-[e:works_for]->(b) RETURN ‸e.salary", .unknownProperty),
        Case("MATCH (a) WHERE ‸a.nonexistent = 1 RETURN a", .unknownProperty),
        Case("MATCH (c:Company) RETURN ‸d", .unknownVariable),
        Case("MATCH (c) WHERE ‸x.name = 'a' RETURN c", .unknownVariable),
        Case("MATCH (c) RETURN c ORDER BY ‸z", .unknownVariable),
        Case("MATCH (c) RETURN count(‸q)", .unknownVariable),
        Case("MATCH (c = ‸$company) RETURN c", .missingParameter),
        Case("MATCH (c:Company) WHERE c.founded > ‸$year RETURN c", .missingParameter, ["yaer": .int(2000)]),
        Case("MATCH (a:Agreement) AS OF ‸$when RETURN a", .missingParameter),
        Case("MATCH (‸Xiaomy)-[:develops]->(p) RETURN p", .unknownNode),
        Case("MATCH (‸\"Nokia Corp\")-->(x) RETURN x", .unknownNode),
        Case("MATCH (c = ‸$company)-->(x) RETURN x", .unknownNode, ["company": .string("nobody-at-all")]),
        Case("MATCH (c = ‸$company)-->(x) RETURN x", .unknownNode, ["company": .string("'); DROP TABLE nodes;--")]),
        Case("MATCH (c = ‸$company)-->(x) RETURN x", .unknownNode, ["company": .int(42)]),
        Case("MATCH (c) RETURN ‸frobnicate(c)", .unknownFunction),
        Case("MATCH (c:Company) WHERE ‸count(*) > 1 RETURN c", .invalidAggregate),
        Case("MATCH (c) RETURN ‸length(c, c)", .invalidArgument),
        Case("MATCH (c)-[‸c:develops]->(p) RETURN p", .variableConflict),
        Case("MATCH ‸(x:Person = Xiaomi) RETURN x", .typeMismatch),
        // Executor: a value of the wrong type met at run time
        Case("MATCH (c:Company) WHERE ‸c.name RETURN c", .runtimeType),
    ]

    @Test(arguments: cases)
    func refusedWithCodeAndPositionAndGraphUnchanged(_ c: Case) throws {
        try expectRefusedAtMark(c.marked, c.code) { store, text in
            _ = try QueryEngine(store: store).execute(text, options: .init(parameters: c.parameters))
        }
    }

    /// Queries at the nesting limit still run through every stage (parser,
    /// printer, binder, executor) without exhausting the stack.
    @Test func queriesAtTheNestingLimitRun() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.open(at: try SeedTemplate.copy(to: dir.file("g.sqlite")), mode: .readOnly)
        let n = Parser.maximumDepth - 1
        let queries = [
            "MATCH (a:Company) WHERE " + String(repeating: "(", count: n - 1) + "a.founded > 2000" + String(repeating: ")", count: n - 1) + " RETURN count(*)",
            "MATCH (a:Company) WHERE " + String(repeating: "NOT ", count: n - 1) + "a.founded > 2000 RETURN count(*)",
            "MATCH (a:Company) RETURN " + String(repeating: "[", count: n - 1) + String(repeating: "]", count: n - 1) + " AS x LIMIT 1",
            "MATCH (a:Company) WHERE true" + String(repeating: " AND a.founded > 1", count: n - 1) + " RETURN count(*)",
            "MATCH (a:Company) RETURN " + String(repeating: "coalesce(", count: n - 1) + "a.name" + String(repeating: ")", count: n - 1) + " AS x LIMIT 1",
            "MATCH (a:Company) RETURN a.founded" + String(repeating: " IS NULL", count: n - 1) + " AS x LIMIT 1",
            "MATCH (a)" + String(repeating: "-->()", count: 300) + " RETURN count(*)",
        ]
        for query in queries {
            let tree = try Parser.parse(query)
            #expect(try Parser.parse(QueryPrinter.format(tree)) == tree)
            _ = try QueryEngine(store: store).execute(query, options: .init(limits: QueryLimits(timeLimit: 20)))
        }
    }
}
