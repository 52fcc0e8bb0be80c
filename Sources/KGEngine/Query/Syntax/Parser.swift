import KGModel

/// Parses query text into a syntax tree: a hand-written recursive-descent
/// parser over the tokens of ``Lexer``.
///
/// Entry points (all throw ``KGError``; lexer errors KGL001-KGL005, parser
/// errors KGP001 unexpected token, KGP002 unexpected end, KGP003 invalid
/// quantifier, KGP004 invalid pattern shape):
///
///     let query = try Parser.parse("MATCH (a)-->(b) RETURN b")
///     let (pattern, condition) = try Parser.parsePatternDefinition("(x)<-[:licensor]-(a) WHERE a.kind = 'x'")
///     let expression = try Parser.parseExpression("a.founded >= 2010")
public struct Parser: Sendable {
    var tokens: [Token]
    var index = 0
    /// How deeply the syntax tree under construction nests (see ``nest()``).
    var depth = 0
    /// The EXISTS predicates read so far (each gets the next number).
    var existsCount = 0

    /// The deepest nesting a query may have: parentheses, lists, calls, NOT,
    /// unary minus, chained operators and property accesses, repeated
    /// segments. Every later stage (printer, binder, executor, equality,
    /// deallocation) walks the tree recursively, so an unbounded depth would
    /// let one line of text overflow the stack.
    public static let maximumDepth = 128

    /// The request's budget (nil: unbounded): every expression read is a tick.
    let budget: QueryBudget?

    init(_ text: String, budget: QueryBudget? = nil) throws(KGError) {
        self.budget = budget
        tokens = try Lexer.tokenize(text, budget: budget)
    }

    /// Parses a whole query. With a `budget` (the request's), the text, its
    /// tokens and the syntax tree are charged to its memory account as they
    /// are read (``Lexer/tokenize(_:budget:)``) and every expression is a
    /// tick of its clock: KGE005, KGE001 or KGE003 instead of a parse that
    /// outgrows the request.
    public static func parse(_ text: String, budget: QueryBudget? = nil) throws(KGError) -> Query {
        var parser = try Parser(text, budget: budget)
        let query = try parser.parseQuery()
        while parser.accept(.semicolon) != nil {}
        guard parser.check(.end) else {
            throw KGError(.unexpectedToken, "only one query is run here, but a second one starts at \(Parser.describe(parser.current))",
                          span: parser.current.span, suggestion: "run a script of several queries with kg query --file FILE (or --file - for standard input)")
        }
        return query
    }

    /// Parses a script: queries separated by `;` (empty ones are skipped).
    /// Positions in errors are positions in the whole text.
    /// With a `budget`, charged and timed as ``parse(_:budget:)``.
    public static func parseScript(_ text: String, budget: QueryBudget? = nil) throws(KGError) -> [Query] {
        var parser = try Parser(text, budget: budget)
        var queries: [Query] = []
        while true {
            while parser.accept(.semicolon) != nil {}
            if parser.check(.end) { return queries }
            queries.append(try parser.parseQuery())
            guard parser.check(.semicolon) || parser.check(.end) else { throw parser.unexpected("';' or the end of the script") }
        }
    }

    /// Parses a pattern with an optional `WHERE` condition, as written in
    /// derived edge definitions of schema files:
    /// `(x)<-[:licensor]-(a:Agreement)-[:licensee]->(y) WHERE x <> y`.
    public static func parsePatternDefinition(_ text: String) throws(KGError) -> (PathPattern, Expression?) {
        var parser = try Parser(text)
        let pattern = try parser.parsePattern()
        var condition: Expression?
        if parser.acceptKeyword(.where) != nil {
            condition = try parser.parseExpression()
        }
        try parser.expectEnd(expected: "WHERE or the end of the definition")
        return (pattern, condition)
    }

    /// Parses a lone expression.
    public static func parseExpression(_ text: String) throws(KGError) -> Expression {
        var parser = try Parser(text)
        let expression = try parser.parseExpression()
        try parser.expectEnd(expected: "an operator or the end of the expression")
        return expression
    }

    // MARK: - Token access

    var current: Token { tokens[index] }

    func peek(_ ahead: Int = 1) -> Token { tokens[Swift.min(index + ahead, tokens.count - 1)] }

    /// The end of the last consumed token.
    var previousEnd: SourcePosition { index > 0 ? tokens[index - 1].span.end : current.span.start }

    func span(from start: SourcePosition) -> SourceSpan { SourceSpan(start: start, end: previousEnd) }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func check(_ kind: TokenKind) -> Bool { current.kind == kind }

    func checkKeyword(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

    mutating func accept(_ kind: TokenKind) -> Token? {
        check(kind) ? advance() : nil
    }

    mutating func acceptKeyword(_ keyword: Keyword) -> Token? {
        checkKeyword(keyword) ? advance() : nil
    }

    /// Consumes a token of `kind` or throws "expected `expected`, found ...".
    @discardableResult
    mutating func expect(_ kind: TokenKind, _ expected: String) throws(KGError) -> Token {
        guard check(kind) else { throw unexpected(expected) }
        return advance()
    }

    @discardableResult
    mutating func expectKeyword(_ keyword: Keyword, _ expected: String? = nil) throws(KGError) -> Token {
        guard checkKeyword(keyword) else { throw unexpected(expected ?? keyword.rawValue, keywords: [keyword]) }
        return advance()
    }

    mutating func expectEnd(expected: String = "the end of the query") throws(KGError) {
        guard check(.end) else { throw unexpected(expected) }
    }

    /// A name where keywords are allowed too (kinds, types, property keys, aliases).
    mutating func expectName(_ expected: String) throws(KGError) -> Identifier {
        switch current.kind {
        case .identifier(let name):
            return Identifier(name, span: advance().span)
        case .keyword:
            let token = advance()
            return Identifier(token.text, span: token.span)
        default:
            throw unexpected(expected)
        }
    }

    /// A variable name (keywords not allowed), if the current token is one.
    mutating func acceptVariable() -> Identifier? {
        guard case .identifier(let name) = current.kind else { return nil }
        return Identifier(name, span: advance().span)
    }

    /// Enters one more level of the syntax tree; callers undo it with
    /// `depth -= 1` (or the number of levels they entered) when done.
    mutating func nest() throws(KGError) {
        try budget?.tick()
        depth += 1
        if depth > Parser.maximumDepth {
            throw KGError(.unexpectedToken, "the query nests more than \(Parser.maximumDepth) levels deep here", span: current.span,
                          suggestion: "split the condition or the list; no query needs this many nested parentheses, operators or segments")
        }
    }

    // MARK: - Errors

    /// The error for the current token when `expected` was wanted: KGP002 at
    /// the end of the text, otherwise KGP001, with a suggestion when a
    /// misspelt keyword is likely.
    func unexpected(_ expected: String, keywords: [Keyword] = []) -> KGError {
        let token = current
        if token.kind == .end {
            return KGError(.unexpectedEnd, "expected \(expected), found the end of the text", span: token.span)
        }
        var suggestion: String?
        switch token.kind {
        case .identifier(let word):
            let candidates = keywords.isEmpty ? Keyword.allCases : keywords
            if let keyword = Parser.nearestKeyword(to: word, among: candidates) {
                suggestion = "did you mean \(keyword.rawValue)?"
            }
        case .dashDash, .rightArrow:
            suggestion = "a '--' comment needs a space after it, and after ')' write comments with '//'"
        default:
            break
        }
        return KGError(.unexpectedToken, "expected \(expected), found \(Parser.describe(token))",
                       span: token.span, suggestion: suggestion)
    }

    static func describe(_ token: Token) -> String {
        if token.kind == .end { return "the end of the text" }
        let text = token.text.count > 40 ? String(token.text.prefix(40)) + "…" : token.text
        return "'\(text)'"
    }

    /// The keyword closest to `word` by edit distance (with transpositions),
    /// if it is close enough to be a likely typo.
    static func nearestKeyword(to word: String, among candidates: [Keyword]) -> Keyword? {
        guard word.utf8.count <= 16 else { return nil }   // no keyword is near a long word (and the table below is quadratic)
        let upper = Array(word.uppercased())
        let limit = upper.count >= 5 ? 2 : 1
        var best: (Keyword, Int)?
        for keyword in candidates {
            let distance = editDistance(upper, Array(keyword.rawValue))
            if distance <= limit, distance < (best?.1 ?? Int.max) { best = (keyword, distance) }
        }
        return best?.0
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = Swift.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = Swift.min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    // MARK: - Query

    mutating func parseQuery() throws(KGError) -> Query {
        let start = current.span.start
        var mode = Query.Mode.run
        if acceptKeyword(.explain) != nil {
            mode = .explain
        } else if acceptKeyword(.profile) != nil {
            mode = .profile
        }
        guard checkKeyword(.match) || checkKeyword(.return) else {
            throw unexpected(mode == .run ? "MATCH, RETURN, EXPLAIN or PROFILE to start the query" : "MATCH or RETURN",
                             keywords: [.match, .return, .explain, .profile])
        }
        var matches: [MatchClause] = []
        while checkKeyword(.match) {
            matches.append(try parseMatch())
        }
        if matches.isEmpty {
            // `RETURN EXISTS { … }`, `RETURN 1 + 1`: one row, no patterns.
            let returnClause = try parseReturn()
            return Query(mode: mode, matches: [], returnClause: returnClause, span: span(from: start))
        }
        var whereClause: Expression?
        if acceptKeyword(.where) != nil {
            whereClause = try parseExpression()
        }
        let time = try parseTimeClause()
        guard checkKeyword(.return) else {
            let expected: String
            if time != nil {
                expected = "RETURN"
            } else if whereClause != nil {
                expected = "an operator, AS OF, DURING or RETURN"
            } else {
                expected = "',', MATCH, WHERE, AS OF, DURING or RETURN"
            }
            throw unexpected(expected, keywords: [.return, .match, .where, .as, .during])
        }
        let returnClause = try parseReturn()
        return Query(mode: mode, matches: matches, whereClause: whereClause, time: time,
                     returnClause: returnClause, span: span(from: start))
    }

    mutating func parseMatch() throws(KGError) -> MatchClause {
        let start = try expectKeyword(.match).span.start
        var patterns = [try parsePattern()]
        while accept(.comma) != nil {
            patterns.append(try parsePattern())
        }
        return MatchClause(patterns: patterns, span: span(from: start))
    }

    mutating func parseTimeClause() throws(KGError) -> TimeClause? {
        let start = current.span.start
        if acceptKeyword(.as) != nil {
            try expectKeyword(.of, "OF after AS")
            let date = try parseDate()
            return TimeClause(.asOf(date), span: span(from: start))
        }
        if acceptKeyword(.during) != nil {
            let from = try parseDate()
            try expect(.dotDot, "'..' between the two dates of DURING")
            let to = try parseDate()
            return TimeClause(.during(from: from, to: to), span: span(from: start))
        }
        return nil
    }

    /// A date where one is expected: a date literal, a year (an integer or a
    /// string holding a date), or a `$parameter`.
    mutating func parseDate() throws(KGError) -> Expression {
        let token = current
        switch token.kind {
        case .date(let date):
            advance()
            return Expression(.literal(.date(date)), span: token.span)
        case .integer(let year):
            guard let date = PartialDate(year: year) else {
                throw KGError(.invalidDate, "\(year) is not a valid year", span: token.span,
                              suggestion: "years run from 1 to 9999")
            }
            advance()
            return Expression(.literal(.date(date)), span: token.span)
        case .string(let text):
            guard let date = PartialDate(text) else {
                throw KGError(.invalidDate, "\(token.text) is not a valid date", span: token.span,
                              suggestion: "write dates as YYYY, YYYY-MM or YYYY-MM-DD")
            }
            advance()
            return Expression(.literal(.date(date)), span: token.span)
        case .parameter(let name):
            advance()
            return Expression(.parameter(name), span: token.span)
        default:
            throw unexpected("a date such as 2018, 2018-01 or 2018-01-15")
        }
    }

    mutating func parseReturn() throws(KGError) -> ReturnClause {
        let start = try expectKeyword(.return).span.start
        let distinct = acceptKeyword(.distinct) != nil
        var star = false
        var items: [ReturnItem] = []
        if accept(.star) != nil {
            star = true
        } else {
            repeat {
                let itemStart = current.span.start
                let expression = try parseExpression()
                var alias: Identifier?
                if acceptKeyword(.as) != nil {
                    alias = try expectName("a column name after AS")
                }
                items.append(ReturnItem(expression, alias: alias, span: span(from: itemStart)))
            } while accept(.comma) != nil
        }
        var orderBy: [SortItem] = []
        if acceptKeyword(.order) != nil {
            try expectKeyword(.by, "BY after ORDER")
            repeat {
                let itemStart = current.span.start
                let expression = try parseExpression()
                var descending = false
                if acceptKeyword(.desc) != nil {
                    descending = true
                } else {
                    _ = acceptKeyword(.asc)
                }
                orderBy.append(SortItem(expression, descending: descending, span: span(from: itemStart)))
            } while accept(.comma) != nil
        }
        var skip: Expression?
        if acceptKeyword(.skip) != nil { skip = try parseExpression() }
        var limit: Expression?
        if acceptKeyword(.limit) != nil { limit = try parseExpression() }
        if !check(.end) && !check(.semicolon) {
            var expected = limit != nil ? "the end of the query" : skip != nil ? "LIMIT or the end of the query"
                : !orderBy.isEmpty ? "',', SKIP, LIMIT or the end of the query"
                : "',', ORDER BY, SKIP, LIMIT or the end of the query"
            if limit == nil, skip == nil, orderBy.isEmpty, !star, items.last?.alias == nil {
                expected = "an operator, AS, " + expected
            }
            throw unexpected(expected, keywords: [.order, .skip, .limit, .as])
        }
        return ReturnClause(distinct: distinct, star: star, items: items, orderBy: orderBy,
                            skip: skip, limit: limit, span: span(from: start))
    }
}
