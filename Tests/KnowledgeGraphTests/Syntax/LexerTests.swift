import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

@Suite struct LexerTests {
    @Test func basicTokens() throws {
        let tokens = try kinds("match (a:Company {name: 'x'})-[e:r|^s]->(b) Return a.name, $p")
        #expect(tokens == [
            .keyword(.match), .leftParen, .identifier("a"), .colon, .identifier("Company"), .leftBrace,
            .identifier("name"), .colon, .string("x"), .rightBrace, .rightParen, .dashBracket,
            .identifier("e"), .colon, .identifier("r"), .pipe, .caret, .identifier("s"), .bracketArrow,
            .leftParen, .identifier("b"), .rightParen, .keyword(.return), .identifier("a"), .dot,
            .identifier("name"), .comma, .parameter("p"), .end,
        ])
    }

    @Test func keywordsAreCaseInsensitiveIdentifiersAreNot() throws {
        #expect(try kinds("MATCH Match match") == [.keyword(.match), .keyword(.match), .keyword(.match), .end])
        #expect(try kinds("Xiaomi xiaomi") == [.identifier("Xiaomi"), .identifier("xiaomi"), .end])
        #expect(try kinds("`MATCH` `a b` `x``y`") == [.identifier("MATCH"), .identifier("a b"), .identifier("x`y"), .end])
    }

    @Test func operators() throws {
        #expect(try kinds("= <> != < <= > >= .. . * + ? -") == [
            .equal, .notEqual, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .dotDot, .dot,
            .star, .plus, .question, .minus, .end,
        ])
        #expect(try kinds("x < -1") == [.identifier("x"), .less, .minus, .integer(1), .end])
    }

    @Test func arrows() throws {
        #expect(try kinds("(a)<-[:t]-(b)-[:u]-(c)-->(d)<--(e)--(f)") == [
            .leftParen, .identifier("a"), .rightParen, .leftArrowBracket, .colon, .identifier("t"), .bracketDash,
            .leftParen, .identifier("b"), .rightParen, .dashBracket, .colon, .identifier("u"), .bracketDash,
            .leftParen, .identifier("c"), .rightParen, .rightArrow, .leftParen, .identifier("d"), .rightParen,
            .leftArrow, .leftParen, .identifier("e"), .rightParen, .dashDash, .leftParen, .identifier("f"),
            .rightParen, .end,
        ])
        #expect(try kinds("]-+") == [.bracketDash, .plus, .end])
    }

    @Test func numbersAndDates() throws {
        #expect(try kinds("42 3.25 2018 2018-01 2017-07-14") == [
            .integer(42), .decimal(3.25), .integer(2018), .date(PartialDate("2018-01")!),
            .date(PartialDate("2017-07-14")!), .end,
        ])
        #expect(try kinds("*1..3") == [.star, .integer(1), .dotDot, .integer(3), .end])
        #expect(try kinds("2017 .. 2019-06") == [.integer(2017), .dotDot, .date(PartialDate("2019-06")!), .end])
        #expect(try kinds("2018-01..2019") == [.date(PartialDate("2018-01")!), .dotDot, .integer(2019), .end])
    }

    @Test func stringsWithEscapesAndUnicode() throws {
        #expect(try kinds(#"'it\'s' "a\"b\\c\n\t\u00E9""#) == [.string("it's"), .string("a\"b\\c\n\té"), .end])
        #expect(try kinds(#""小米" 'Düsseldorf'"#) == [.string("小米"), .string("Düsseldorf"), .end])
        #expect(try kinds(#"'say "hi"' "it's""#) == [.string("say \"hi\""), .string("it's"), .end])
    }

    @Test func positionsCountCharactersAndBytes() throws {
        let tokens = try Lexer.tokenize("\"小米\" x")
        #expect(tokens[0].span.start == SourcePosition(line: 1, column: 1, offset: 0))
        #expect(tokens[0].span.end == SourcePosition(line: 1, column: 5, offset: 8))
        #expect(tokens[0].text == "\"小米\"")
        #expect(tokens[1].span.start == SourcePosition(line: 1, column: 6, offset: 9))
    }

    @Test func positionsOnSeveralLines() throws {
        let text = "MATCH (a)\n  -->(b) // note\nRETURN b -- done"
        let tokens = try Lexer.tokenize(text)
        #expect(tokens.map(\.kind) == [
            .keyword(.match), .leftParen, .identifier("a"), .rightParen, .rightArrow, .leftParen,
            .identifier("b"), .rightParen, .keyword(.return), .identifier("b"), .end,
        ])
        #expect(tokens[4].span.start == SourcePosition(line: 2, column: 3, offset: 12))
        #expect(tokens[4].span.end == SourcePosition(line: 2, column: 6, offset: 15))
        #expect(tokens[8].span.start == SourcePosition(line: 3, column: 1, offset: 27))
        #expect(tokens[9].span.start == SourcePosition(line: 3, column: 8, offset: 34))
        #expect(tokens.last!.span.start == SourcePosition(line: 3, column: 17, offset: text.utf8.count))
    }

    @Test func commentsVersusUndirectedEdges() throws {
        // Comments: at the start, after a name, `//` anywhere.
        #expect(try kinds("-- leading comment\nRETURN n -- trailing\n") == [.keyword(.return), .identifier("n"), .end])
        #expect(try kinds("RETURN n // slashes\n, m") == [.keyword(.return), .identifier("n"), .comma, .identifier("m"), .end])
        #expect(try kinds("RETURN n --\n") == [.keyword(.return), .identifier("n"), .end])
        #expect(try kinds("RETURN n ---- section ----") == [.keyword(.return), .identifier("n"), .end])
        #expect(try kinds("(a) // a note") == [.leftParen, .identifier("a"), .rightParen, .end])
        // Edges: after `)` or `(`, whatever follows.
        #expect(try kinds("(a)--(b)") == [.leftParen, .identifier("a"), .rightParen, .dashDash, .leftParen, .identifier("b"), .rightParen, .end])
        #expect(try kinds("(a) -- (b)") == [.leftParen, .identifier("a"), .rightParen, .dashDash, .leftParen, .identifier("b"), .rightParen, .end])
        #expect(try kinds("( -- ){2}") == [.leftParen, .dashDash, .rightParen, .leftBrace, .integer(2), .rightBrace, .end])
        #expect(try kinds("(a)-->(b)") == [.leftParen, .identifier("a"), .rightParen, .rightArrow, .leftParen, .identifier("b"), .rightParen, .end])
        // After `)`, "-- note" is a comment; "-- (" an edge.
        #expect(try kinds("(a) -- note") == [.leftParen, .identifier("a"), .rightParen, .end])
        #expect(try kinds("RETURN count(*) -- how many") == [.keyword(.return), .identifier("count"), .leftParen, .star, .rightParen, .end])
        // At the start of a line, "-- " is a comment whatever the line before ends with.
        #expect(try kinds("(a)\n-- (b)\n") == [.leftParen, .identifier("a"), .rightParen, .end])
        #expect(try kinds("(a)\n--(b)") == [.leftParen, .identifier("a"), .rightParen, .dashDash, .leftParen, .identifier("b"), .rightParen, .end])
        // `--` glued to a name outside a pattern is a token (the parser rejects it).
        #expect(try kinds("x --y") == [.identifier("x"), .dashDash, .identifier("y"), .end])
    }

    @Test func bracketFollowedByCommentIsABracket() throws {
        #expect(try kinds("[1]-- note") == [.leftBracket, .integer(1), .rightBracket, .end])
    }
}
