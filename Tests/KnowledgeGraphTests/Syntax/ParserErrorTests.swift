import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

@Suite struct SyntaxErrorTests {
    func expectError(_ text: String, _ code: ErrorCode, line: Int, column: Int,
                     message: String? = nil, suggestion: String? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = parseError(text) else {
            Issue.record("expected \(code.rawValue) for: \(text)", sourceLocation: sourceLocation)
            return
        }
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.span?.start.line == line, "\(error)", sourceLocation: sourceLocation)
        #expect(error.span?.start.column == column, "\(error)", sourceLocation: sourceLocation)
        if let message {
            #expect(error.message == message, sourceLocation: sourceLocation)
        }
        if let suggestion {
            #expect(error.suggestion == suggestion, sourceLocation: sourceLocation)
        }
    }

    @Test func unexpectedCharacter() {
        expectError("MATCH (a) RETURN a # x", .unexpectedCharacter, line: 1, column: 20, message: "unexpected character '#'")
        expectError("MATCH (a)\nRETURN a ~ ", .unexpectedCharacter, line: 2, column: 10)
        expectError("MATCH (n {name: “x”}) RETURN n", .unexpectedCharacter, line: 1, column: 17,
                    suggestion: "use straight quotes ' or \" around strings")
        expectError("MATCH (n = $) RETURN n", .unexpectedCharacter, line: 1, column: 12)
    }

    @Test func unterminatedString() {
        expectError("MATCH (n {name: \"abc}) RETURN n", .unterminatedString, line: 1, column: 17)
        expectError("MATCH (n)\nWHERE n.name = 'abc\nRETURN n", .unterminatedString, line: 2, column: 16)
        expectError("MATCH (`abc) RETURN n", .unterminatedString, line: 1, column: 8)
    }

    @Test func invalidEscape() {
        expectError(#"MATCH (n) WHERE n.x = 'a\qb' RETURN n"#, .invalidEscape, line: 1, column: 25)
        expectError("MATCH (n)\n  WHERE n.x = \"\\u12\" RETURN n", .invalidEscape, line: 2, column: 16)
        expectError(#"RETURN "\uD800""#, .invalidEscape, line: 1, column: 9)
    }

    @Test func invalidNumber() {
        expectError("MATCH (n) RETURN n LIMIT 99999999999999999999", .invalidNumber, line: 1, column: 26)
        expectError("MATCH (n) WHERE n.x = 12abc RETURN n", .invalidNumber, line: 1, column: 23)
    }

    @Test func invalidDate() {
        expectError("MATCH (n)-->(m) AS OF 2017-13 RETURN n", .invalidDate, line: 1, column: 23,
                    message: "'2017-13' is not a valid date")
        expectError("MATCH (n)\nWHERE n.d = 2017-02-30\nRETURN n", .invalidDate, line: 2, column: 13)
        expectError("MATCH (n) DURING 2017 .. 0 RETURN n", .invalidDate, line: 1, column: 26)
    }

    @Test func unexpectedToken() {
        expectError("MATCH (a RETURN a", .unexpectedToken, line: 1, column: 10,
                    message: "expected ')' to close the node pattern, found 'RETURN'")
        expectError("MATCH (a)\nRETRUN a", .unexpectedToken, line: 2, column: 1, suggestion: "did you mean RETURN?")
        expectError("MACTH (a) RETURN a", .unexpectedToken, line: 1, column: 1, suggestion: "did you mean MATCH?")
        expectError("MATCH (a) RETURN a ORDRE BY a", .unexpectedToken, line: 1, column: 20, suggestion: "did you mean ORDER?")
        expectError("MATCH (a) WHERE a.name STARTS 'x' RETURN a", .unexpectedToken, line: 1, column: 31)
        expectError("MATCH (a)-(b) RETURN a", .unexpectedToken, line: 1, column: 10)
        expectError("MATCH (a)-[:t]>(b) RETURN a", .unexpectedToken, line: 1, column: 14)
        expectError("MATCH (a) RETURN a, --b", .unexpectedToken, line: 1, column: 21)
        expectError("MATCH (a) RETURN a LIMIT 1 2", .unexpectedToken, line: 1, column: 28,
                    message: "expected the end of the query, found '2'")
    }

    @Test func unexpectedEnd() {
        expectError("MATCH (a)-->(b)", .unexpectedEnd, line: 1, column: 16)
        expectError("MATCH (a)\n  RETURN", .unexpectedEnd, line: 2, column: 9,
                    message: "expected an expression, found the end of the text")
        expectError("MATCH (a:Company {name: 'x'", .unexpectedEnd, line: 1, column: 28)
        expectError("", .unexpectedEnd, line: 1, column: 1)
    }

    @Test func invalidQuantifier() {
        expectError("MATCH (a)-[:t]->{3,1}(b) RETURN a", .invalidQuantifier, line: 1, column: 17)
        expectError("MATCH (a)-[:t*3..1]->(b) RETURN a", .invalidQuantifier, line: 1, column: 14)
        expectError("MATCH (a)\n-[:t]->{-1,2}(b) RETURN a", .invalidQuantifier, line: 2, column: 9,
                    message: "a repetition bound cannot be negative")
    }

    @Test func invalidPattern() {
        expectError("MATCH (a)(-->)(b) RETURN a", .invalidPattern, line: 1, column: 10)
        expectError("MATCH (a)<-[:t]->(b) RETURN a", .invalidPattern, line: 1, column: 10)
        expectError("MATCH (a)-[:t*]->+(b) RETURN a", .invalidPattern, line: 1, column: 18)
        expectError("MATCH SHORTEST (a) RETURN a", .invalidPattern, line: 1, column: 7)
        expectError("MATCH (a)-->(-->)+(b) RETURN a", .invalidPattern, line: 1, column: 13)
        expectError("MATCH (-->)+(b) RETURN b", .invalidPattern, line: 1, column: 7)
    }

    @Test func patternDefinitionErrors() {
        #expect(throws: KGError.self) { try Parser.parsePatternDefinition("(x)-->(y) RETURN x") }
        do {
            _ = try Parser.parsePatternDefinition("(x)-->(y) WHERE")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unexpectedEnd)
        }
    }

    @Test func errorsRender() {
        let text = "MATCH (a)\nRETRUN a"
        let error = parseError(text)!
        let rendered = DiagnosticRenderer().render(error, source: text)
        #expect(rendered.contains("error[KGP001]"))
        #expect(rendered.contains("2 | RETRUN a"))
        #expect(rendered.contains("^^^^^^"))
    }
}
