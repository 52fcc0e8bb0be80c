import KGModel

extension Parser {
    /// `[var =] [selector] node (step node)*`
    mutating func parsePattern() throws(KGError) -> PathPattern {
        let start = current.span.start
        var variable: Identifier?
        if case .identifier = current.kind, peek().kind == .equal {
            variable = acceptVariable()
            advance()
        }
        let selector = try parseSelector()
        guard check(.leftParen) else {
            throw unexpected(variable == nil && selector == nil ? "'(' to start a node pattern" : "'(' to start the path")
        }
        if atGroupStart {
            throw KGError(.invalidPattern, "a path pattern must start with a node, not with a repeated segment",
                          span: current.span, suggestion: "put a node such as () before the segment")
        }
        let first = try parseNode()
        var hops: [PatternHop] = []
        while let step = try parseStepIfPresent() {
            hops.append(PatternHop(step: step, node: try parseNodeAfterStep()))
        }
        if check(.minus) || check(.less) || check(.greater) {
            throw KGError(.unexpectedToken, "expected an edge such as -[:type]->, <-[:type]-, -[:type]-, -->, <-- or --, found \(Parser.describe(current))",
                          span: current.span, suggestion: "write arrows without spaces inside: -[...]->, <-[...]-")
        }
        if let selector, hops.isEmpty {
            throw KGError(.invalidPattern, "a path selector needs a path with at least one edge", span: selector.span)
        }
        return PathPattern(variable: variable, selector: selector, start: first, hops: hops, span: span(from: start))
    }

    mutating func parseSelector() throws(KGError) -> PathSelector? {
        let start = current.span.start
        if acceptKeyword(.shortest) != nil {
            return PathSelector(.shortest, span: span(from: start))
        }
        if acceptKeyword(.any) != nil {
            try expectKeyword(.shortest, "SHORTEST after ANY")
            return PathSelector(.anyShortest, span: span(from: start))
        }
        if acceptKeyword(.all) != nil {
            try expectKeyword(.shortest, "SHORTEST after ALL")
            return PathSelector(.allShortest, span: span(from: start))
        }
        return nil
    }

    /// Whether a repeated group starts here: `(` followed by an edge or by
    /// another `(` (a node pattern never starts with `((`).
    var atGroupStart: Bool {
        check(.leftParen) && (peek().kind.startsEdge || peek().kind == .leftParen)
    }

    /// An edge or a group, if one starts here.
    mutating func parseStepIfPresent() throws(KGError) -> PatternStep? {
        if current.kind.startsEdge { return .edge(try parseEdge()) }
        if atGroupStart { return .group(try parseGroup()) }
        return nil
    }

    /// The node that must follow an edge or group.
    mutating func parseNodeAfterStep() throws(KGError) -> NodePattern {
        guard check(.leftParen) else { throw unexpected("'(' to start the node after the edge") }
        if atGroupStart {
            throw KGError(.invalidPattern, "two path segments in a row need a node between them",
                          span: current.span, suggestion: "put a node such as () between the segments")
        }
        return try parseNode()
    }

    /// `( [var] [:kinds] [props] [= name] )` or `( "name" )` / `( $param )`.
    mutating func parseNode() throws(KGError) -> NodePattern {
        let start = try expect(.leftParen, "'(' to start a node pattern").span.start
        switch (current.kind, peek().kind) {
        case (.string, .rightParen), (.parameter, .rightParen):
            let name = try parseNameReference()
            advance()
            return NodePattern(name: name, span: span(from: start))
        default:
            break
        }
        let variable = acceptVariable()
        var kinds: [Identifier] = []
        if accept(.colon) != nil {
            repeat {
                kinds.append(try expectName("a node kind after ':'"))
            } while accept(.pipe) != nil
        }
        var properties: [PropertyConstraint] = []
        if check(.leftBrace) {
            properties = try parseProperties()
        }
        var name: NameReference?
        if accept(.equal) != nil {
            name = try parseNameReference()
        }
        guard check(.rightParen) else { throw unexpected("')' to close the node pattern") }
        advance()
        return NodePattern(variable: variable, kinds: kinds, properties: properties, name: name, span: span(from: start))
    }

    mutating func parseNameReference() throws(KGError) -> NameReference {
        let token = current
        switch token.kind {
        case .string(let value):
            advance()
            return NameReference(.string(value), span: token.span)
        case .parameter(let value):
            advance()
            return NameReference(.parameter(value), span: token.span)
        case .identifier(let value):
            advance()
            return NameReference(.identifier(value), span: token.span)
        default:
            throw unexpected("a node name (a string, a $parameter or a name)")
        }
    }

    /// `{ key: expr, ... }`
    mutating func parseProperties() throws(KGError) -> [PropertyConstraint] {
        try expect(.leftBrace, "'{'")
        var properties: [PropertyConstraint] = []
        repeat {
            let key = try expectName("a property name")
            try expect(.colon, "':' after the property name")
            let value = try parseExpression()
            properties.append(PropertyConstraint(key: key, value: value, span: key.span.merged(with: value.span)))
        } while accept(.comma) != nil
        try expect(.rightBrace, "',' or '}' to close the properties")
        return properties
    }

    /// `-[body]->`, `<-[body]-`, `-[body]-`, `-->`, `<--`, `--`, each with an
    /// optional quantifier after it.
    mutating func parseEdge() throws(KGError) -> EdgePattern {
        let open = advance()
        let start = open.span.start
        var edge: EdgePattern
        switch open.kind {
        case .rightArrow: edge = EdgePattern(direction: .outgoing)
        case .leftArrow: edge = EdgePattern(direction: .incoming)
        case .dashDash: edge = EdgePattern(direction: .undirected)
        default:
            edge = try parseEdgeBody()
            let close = current
            switch (open.kind, close.kind) {
            case (.dashBracket, .bracketArrow): edge.direction = .outgoing
            case (.dashBracket, .bracketDash): edge.direction = .undirected
            case (.leftArrowBracket, .bracketDash): edge.direction = .incoming
            case (.leftArrowBracket, .bracketArrow):
                throw KGError(.invalidPattern, "an edge pattern cannot point both ways",
                              span: open.span.merged(with: close.span),
                              suggestion: "write -[...]- for an edge in either direction")
            default:
                throw unexpected(open.kind == .dashBracket ? "']->' or ']-' to close the edge pattern"
                                                           : "']-' to close the edge pattern")
            }
            advance()
        }
        if let quantifier = try parseQuantifier(inBrackets: false) {
            if edge.quantifier != nil {
                throw KGError(.invalidPattern, "the edge has two quantifiers", span: quantifier.span,
                              suggestion: "keep either the one inside the brackets or the one after the edge")
            }
            edge.quantifier = quantifier
        }
        edge.span = span(from: start)
        return edge
    }

    /// `[var] [:types] [quantifier] [props]` between the brackets.
    mutating func parseEdgeBody() throws(KGError) -> EdgePattern {
        var edge = EdgePattern(direction: .outgoing)
        edge.variable = acceptVariable()
        if accept(.colon) != nil {
            repeat {
                let typeStart = current.span.start
                let inverse = accept(.caret) != nil
                let name = try expectName(inverse ? "an edge type after '^'" : "an edge type after ':'")
                edge.types.append(EdgeTypeReference(name, inverse: inverse, span: span(from: typeStart)))
                guard accept(.pipe) != nil else { break }
                _ = accept(.colon)
            } while true
        }
        switch (current.kind, peek().kind) {
        case (.star, _), (.plus, _), (.question, _), (.leftBrace, .integer), (.leftBrace, .comma), (.leftBrace, .minus):
            edge.quantifier = try parseQuantifier(inBrackets: true)
        default:
            break
        }
        if check(.leftBrace) {
            edge.properties = try parseProperties()
        }
        return edge
    }

    /// `( step (node step)* ) quantifier`
    mutating func parseGroup() throws(KGError) -> GroupPattern {
        let start = try expect(.leftParen, "'('").span.start
        try nest()
        defer { depth -= 1 }
        guard let first = try parseStepIfPresent() else { throw unexpected("an edge to start the repeated segment") }
        var steps = [first]
        var nodes: [NodePattern] = []
        while accept(.rightParen) == nil {
            guard check(.leftParen) else {
                throw unexpected("a node pattern or ')' to close the repeated segment")
            }
            nodes.append(try parseNodeAfterStep())
            guard let step = try parseStepIfPresent() else {
                throw unexpected("an edge after the node (a repeated segment starts and ends with an edge)")
            }
            steps.append(step)
        }
        guard let quantifier = try parseQuantifier(inBrackets: false) else {
            throw KGError(.invalidPattern, "a parenthesized path segment must be followed by a quantifier",
                          span: span(from: start), suggestion: "add one such as {1,3}, + or *")
        }
        return GroupPattern(steps: steps, nodes: nodes, quantifier: quantifier, span: span(from: start))
    }

    /// A quantifier if one starts here: `*`, `*n`, `*n..m`, `+`, `?`, `{n}`,
    /// `{n,}`, `{n,m}`, `{,m}`. See ``Quantifier`` for the star's lower bound.
    mutating func parseQuantifier(inBrackets: Bool) throws(KGError) -> Quantifier? {
        let start = current.span.start
        let min: Int
        var max: Int?
        switch current.kind {
        case .plus:
            advance()
            min = 1
        case .question:
            advance()
            min = 0
            max = 1
        case .star:
            advance()
            let low = try parseBoundIfPresent()
            if accept(.dotDot) != nil {
                min = low ?? (inBrackets ? 1 : 0)
                max = try parseBoundIfPresent()
            } else if let low {
                min = low
                max = low
            } else {
                min = inBrackets ? 1 : 0
            }
        case .leftBrace:
            advance()
            let low = try parseBoundIfPresent()
            if accept(.comma) != nil {
                min = low ?? 0
                max = try parseBoundIfPresent()
            } else {
                guard let low else { throw unexpected("a repetition count") }
                min = low
                max = low
            }
            try expect(.rightBrace, "'}' to close the quantifier")
        default:
            return nil
        }
        let quantifier = Quantifier(min: min, max: max, span: span(from: start))
        if let max, max < min {
            throw KGError(.invalidQuantifier, "the upper bound \(max) of the quantifier is smaller than its lower bound \(min)",
                          span: quantifier.span, suggestion: "write the smaller bound first: {\(max),\(min)}")
        }
        return quantifier
    }

    mutating func parseBoundIfPresent() throws(KGError) -> Int? {
        if check(.minus), case .integer = peek().kind {
            let start = advance().span.start
            advance()
            throw KGError(.invalidQuantifier, "a repetition bound cannot be negative", span: span(from: start))
        }
        guard case .integer(let value) = current.kind else { return nil }
        advance()
        return value
    }
}
