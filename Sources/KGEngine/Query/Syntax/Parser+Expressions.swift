import KGModel

/// Expressions, loosest first:
/// OR < AND < NOT < comparison (`=`, `<>`, `!=`, `<`, `<=`, `>`, `>=`, IN,
/// CONTAINS, STARTS WITH, ENDS WITH, IS [NOT] NULL; left-associative)
/// < unary minus < property access (`.key`) < primary.
extension Parser {
    mutating func parseExpression() throws(KGError) -> Expression {
        try nest()
        defer { depth -= 1 }
        return try parseOr()
    }

    /// `a OR b OR …`: one level of nesting however many terms (see ``Expression/chain(_:_:)``).
    mutating func parseOr() throws(KGError) -> Expression {
        var terms = [try parseAnd()]
        guard checkKeyword(.or) else { return terms[0] }
        try nest()
        defer { depth -= 1 }
        while acceptKeyword(.or) != nil { terms.append(try parseAnd()) }
        return Expression.chain(.or, terms)
    }

    /// `a AND b AND …`: one level of nesting however many terms.
    mutating func parseAnd() throws(KGError) -> Expression {
        var terms = [try parseNot()]
        guard checkKeyword(.and) else { return terms[0] }
        try nest()
        defer { depth -= 1 }
        while acceptKeyword(.and) != nil { terms.append(try parseNot()) }
        return Expression.chain(.and, terms)
    }

    mutating func parseNot() throws(KGError) -> Expression {
        if let not = acceptKeyword(.not) {
            try nest()
            defer { depth -= 1 }
            let operand = try parseNot()
            return Expression(.not(operand), span: not.span.merged(with: operand.span))
        }
        return try parseComparison()
    }

    mutating func parseComparison() throws(KGError) -> Expression {
        var left = try parseUnary()
        var chained = 0
        defer { depth -= chained }
        while true {
            switch current.kind {
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual,
                 .keyword(.in), .keyword(.contains), .keyword(.starts), .keyword(.ends), .keyword(.is):
                try nest()   // each operator in a chain is one more level of the tree
                chained += 1
            default: break
            }
            let op: BinaryOperator
            switch current.kind {
            case .equal: op = .equal
            case .notEqual: op = .notEqual
            case .less: op = .less
            case .lessEqual: op = .lessOrEqual
            case .greater: op = .greater
            case .greaterEqual: op = .greaterOrEqual
            case .keyword(.in): op = .in
            case .keyword(.contains): op = .contains
            case .keyword(.starts):
                advance()
                guard checkKeyword(.with) else { throw unexpected("WITH after STARTS", keywords: [.with]) }
                op = .startsWith
            case .keyword(.ends):
                advance()
                guard checkKeyword(.with) else { throw unexpected("WITH after ENDS", keywords: [.with]) }
                op = .endsWith
            case .keyword(.is):
                advance()
                let negated = acceptKeyword(.not) != nil
                let null = try expectKeyword(.null, negated ? "NULL after IS NOT" : "NULL or NOT after IS")
                left = Expression(.isNull(left, negated: negated), span: left.span.merged(with: null.span))
                continue
            default:
                return left
            }
            advance()
            let right = try parseUnary()
            left = Expression(.binary(op, left, right), span: left.span.merged(with: right.span))
        }
    }

    mutating func parseUnary() throws(KGError) -> Expression {
        if let minus = accept(.minus) {
            try nest()
            defer { depth -= 1 }
            let operand = try parseUnary()
            return Expression(.negate(operand), span: minus.span.merged(with: operand.span))
        }
        return try parsePostfix()
    }

    /// Property access `.key`, subscripts `[i]`, slices `[a..b]` and label
    /// predicates `:Kind|Kind` after a primary.
    mutating func parsePostfix() throws(KGError) -> Expression {
        var expression = try parsePrimary()
        var chained = 0
        defer { depth -= chained }
        while true {
            if accept(.dot) != nil {
                try nest()
                chained += 1
                let key = try expectName("a property name after '.'")
                expression = Expression(.property(expression, key: key.name), span: expression.span.merged(with: key.span))
            } else if check(.leftBracket) {
                try nest()
                chained += 1
                let start = expression.span.start
                advance()
                var from: Expression?
                if !check(.dotDot) { from = try parseExpression() }
                if accept(.dotDot) != nil {
                    var to: Expression?
                    if !check(.rightBracket) { to = try parseExpression() }
                    try expect(.rightBracket, "']' to close the slice")
                    expression = Expression(.slice(expression, from: from, to: to), span: span(from: start))
                } else {
                    try expect(.rightBracket, "']' or '..' after the index")
                    guard let from else { throw unexpected("an index") }
                    expression = Expression(.subscript(expression, index: from), span: span(from: start))
                }
            } else if check(.colon), case .variable = expression.kind {
                try nest()
                chained += 1
                let start = expression.span.start
                advance()
                var kinds: [String] = []
                repeat {
                    kinds.append(try expectName("a node kind after ':'").name)
                } while accept(.pipe) != nil
                expression = Expression(.hasKind(expression, kinds: kinds), span: span(from: start))
            } else {
                return expression
            }
        }
    }

    /// `ANY | ALL | NONE | SINGLE ( v IN list WHERE condition )`, at the quantifier word.
    mutating func parseListPredicate(_ quantifier: ListPredicate.Quantifier) throws(KGError) -> Expression {
        let start = advance().span.start
        try expect(.leftParen, "'(' after \(quantifier.rawValue)")
        guard let variable = acceptVariable() else { throw unexpected("a variable, as in \(quantifier.rawValue)(x IN list WHERE …)") }
        try expectKeyword(.in, "IN after the variable")
        let list = try parseExpression()
        try expectKeyword(.where, "WHERE and a condition on \(variable.name)")
        let condition = try parseExpression()
        try expect(.rightParen, "')' to close \(quantifier.rawValue)(…)")
        return Expression(.listPredicate(ListPredicate(quantifier: quantifier, variable: variable.name, list: list, condition: condition)),
                          span: span(from: start))
    }

    /// `EXISTS { [MATCH] pattern, … [WHERE condition] }`, at the word EXISTS.
    mutating func parseExists() throws(KGError) -> Expression {
        let start = advance().span.start
        try expect(.leftBrace, "'{' after EXISTS")
        try nest()
        defer { depth -= 1 }
        var patterns: [PathPattern] = []
        _ = acceptKeyword(.match)
        repeat {
            patterns.append(try parsePattern())
        } while accept(.comma) != nil || acceptKeyword(.match) != nil
        var condition: Expression?
        if acceptKeyword(.where) != nil { condition = try parseExpression() }
        try expect(.rightBrace, condition == nil ? "',', WHERE or '}' to close EXISTS" : "'}' to close EXISTS")
        existsCount += 1
        return Expression(.exists(ExistsPredicate(id: existsCount, patterns: patterns, condition: condition)), span: span(from: start))
    }

    mutating func parsePrimary() throws(KGError) -> Expression {
        let token = current
        switch token.kind {
        case .string(let value):
            advance()
            return Expression(.literal(.string(value)), span: token.span)
        case .integer(let value):
            advance()
            return Expression(.literal(.integer(value)), span: token.span)
        case .decimal(let value):
            advance()
            return Expression(.literal(.decimal(value)), span: token.span)
        case .date(let value):
            advance()
            return Expression(.literal(.date(value)), span: token.span)
        case .keyword(.true):
            advance()
            return Expression(.literal(.boolean(true)), span: token.span)
        case .keyword(.false):
            advance()
            return Expression(.literal(.boolean(false)), span: token.span)
        case .keyword(.null):
            advance()
            return Expression(.literal(.null), span: token.span)
        case .parameter(let name):
            advance()
            return Expression(.parameter(name), span: token.span)
        case .leftBracket:
            advance()
            var elements: [Expression] = []
            if !check(.rightBracket) {
                repeat {
                    elements.append(try parseExpression())
                } while accept(.comma) != nil
            }
            try expect(.rightBracket, "',' or ']' to close the list")
            return Expression(.list(elements), span: span(from: token.span.start))
        case .leftParen:
            advance()
            var inner = try parseExpression()
            try expect(.rightParen, "')' to close the parenthesized expression")
            inner.span = span(from: token.span.start)
            return inner
        case .keyword(.any) where peek().kind == .leftParen:
            return try parseListPredicate(.any)
        case .keyword(.all) where peek().kind == .leftParen:
            return try parseListPredicate(.all)
        case .identifier(let name) where peek().kind == .leftBrace && name.uppercased() == "EXISTS":
            return try parseExists()
        case .identifier(let name) where ["NONE", "SINGLE"].contains(name.uppercased()) && peek().kind == .leftParen
                                         && peek(3).kind == .keyword(.in):
            return try parseListPredicate(name.uppercased() == "NONE" ? .none : .single)
        case .identifier(let name):
            advance()
            if check(.leftParen) { return try parseCall(name: name, start: token.span.start) }
            return Expression(.variable(name), span: token.span)
        default:
            throw unexpected("an expression")
        }
    }

    /// `name( [DISTINCT] args | * )`, after the name.
    mutating func parseCall(name: String, start: SourcePosition) throws(KGError) -> Expression {
        try expect(.leftParen, "'('")
        var call = FunctionCall(name: name)
        call.distinct = acceptKeyword(.distinct) != nil
        if !call.distinct, accept(.star) != nil {
            call.star = true
        } else if !check(.rightParen) || call.distinct {
            repeat {
                call.arguments.append(try parseExpression())
            } while accept(.comma) != nil
        }
        try expect(.rightParen, call.star ? "')' after '*'" : "',' or ')' to close the arguments of \(name)")
        return Expression(.call(call), span: span(from: start))
    }
}

extension Expression {
    /// The terms of a flat `AND` (or `OR`) chain as a balanced tree, so that
    /// a WHERE of thousands of conditions is a tree of depth log2(n) for
    /// every stage that walks it recursively. AND and OR are associative,
    /// so a parenthesised group of the same operator is spliced into the
    /// chain: `a AND (b AND c)` and `a AND b AND c` are the same tree, and
    /// the printer writes either without parentheses. Evaluation order (left
    /// to right, stopping at the first false or true) is unchanged.
    static func chain(_ op: BinaryOperator, _ terms: [Expression]) -> Expression {
        var leaves: [Expression] = []
        leaves.reserveCapacity(terms.count)
        func splice(_ e: Expression) {
            if case .binary(let o, let a, let b) = e.kind, o == op { splice(a); splice(b) } else { leaves.append(e) }
        }
        for term in terms { splice(term) }
        func build(_ range: Range<Int>) -> Expression {
            if range.count == 1 { return leaves[range.lowerBound] }
            let middle = range.lowerBound + (range.count + 1) / 2
            let left = build(range.lowerBound..<middle), right = build(middle..<range.upperBound)
            return Expression(.binary(op, left, right), span: left.span.merged(with: right.span))
        }
        return leaves.isEmpty ? Expression(.literal(.boolean(op == .and))) : build(0..<leaves.count)
    }
}
