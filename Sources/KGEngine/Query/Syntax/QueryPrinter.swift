/// Prints syntax trees as canonical query text, on one line.
///
/// Canonical form: keywords upper case, `true`/`false`/`null` lower case,
/// strings in double quotes, names backquoted only when needed (not a plain
/// name, or a keyword), no spaces around edges, quantifiers after the edge
/// (`+`, `*`, `?`, `{n}`, `{n,}`, `{n,m}`), `<>` for inequality, and
/// parentheses only where precedence needs them. Printing is a fixed point:
/// `Parser.parse(QueryPrinter.format(q)) == q` for any parsed `q`.
public enum QueryPrinter {
    public static func format(_ query: Query) -> String {
        var parts: [String] = []
        switch query.mode {
        case .run: break
        case .explain: parts.append("EXPLAIN")
        case .profile: parts.append("PROFILE")
        }
        for match in query.matches {
            parts.append("MATCH " + match.patterns.map { format($0) }.joined(separator: ", "))
        }
        if let condition = query.whereClause {
            parts.append("WHERE " + format(condition))
        }
        if let time = query.time {
            parts.append(format(time))
        }
        parts.append(format(query.returnClause))
        return parts.joined(separator: " ")
    }

    public static func format(_ time: TimeClause) -> String {
        switch time.kind {
        case .asOf(let date): return "AS OF " + format(date)
        case .during(let from, let to): return "DURING \(format(from)) .. \(format(to))"
        }
    }

    public static func format(_ clause: ReturnClause) -> String {
        var text = "RETURN "
        if clause.distinct { text += "DISTINCT " }
        if clause.star {
            text += "*"
        } else {
            text += clause.items.map { item in
                format(item.expression) + (item.alias.map { " AS " + name($0.name) } ?? "")
            }.joined(separator: ", ")
        }
        if !clause.orderBy.isEmpty {
            text += " ORDER BY " + clause.orderBy.map { format($0.expression) + ($0.descending ? " DESC" : "") }
                .joined(separator: ", ")
        }
        if let skip = clause.skip { text += " SKIP " + format(skip) }
        if let limit = clause.limit { text += " LIMIT " + format(limit) }
        return text
    }

    // MARK: - Patterns

    public static func format(_ pattern: PathPattern) -> String {
        var text = ""
        if let variable = pattern.variable { text += name(variable.name) + " = " }
        if let selector = pattern.selector {
            switch selector.kind {
            case .shortest: text += "SHORTEST "
            case .anyShortest: text += "ANY SHORTEST "
            case .allShortest: text += "ALL SHORTEST "
            }
        }
        text += format(pattern.start)
        for hop in pattern.hops {
            text += format(hop.step) + format(hop.node)
        }
        return text
    }

    public static func format(_ step: PatternStep) -> String {
        switch step {
        case .edge(let edge):
            return format(edge)
        case .group(let group):
            var text = "(" + format(group.steps[0])
            for (node, step) in zip(group.nodes, group.steps.dropFirst()) {
                text += format(node) + format(step)
            }
            return text + ")" + format(group.quantifier)
        }
    }

    public static func format(_ node: NodePattern) -> String {
        if node.variable == nil, node.kinds.isEmpty, node.properties.isEmpty, let reference = node.name {
            switch reference.kind {
            case .string, .parameter: return "(" + format(reference) + ")"
            case .identifier: return "(= " + format(reference) + ")"
            }
        }
        var text = node.variable.map { name($0.name) } ?? ""
        if !node.kinds.isEmpty {
            text += ":" + node.kinds.map { name($0.name) }.joined(separator: "|")
        }
        if !node.properties.isEmpty {
            text += (text.isEmpty ? "" : " ") + format(node.properties)
        }
        if let reference = node.name {
            text += (text.isEmpty ? "= " : " = ") + format(reference)
        }
        return "(" + text + ")"
    }

    public static func format(_ edge: EdgePattern) -> String {
        var body = edge.variable.map { name($0.name) } ?? ""
        if !edge.types.isEmpty {
            body += ":" + edge.types.map { ($0.inverse ? "^" : "") + name($0.name.name) }.joined(separator: "|")
        }
        if !edge.properties.isEmpty {
            body += (body.isEmpty ? "" : " ") + format(edge.properties)
        }
        var text: String
        switch (edge.direction, body.isEmpty) {
        case (.outgoing, true): text = "-->"
        case (.incoming, true): text = "<--"
        case (.undirected, true): text = "--"
        case (.outgoing, false): text = "-[" + body + "]->"
        case (.incoming, false): text = "<-[" + body + "]-"
        case (.undirected, false): text = "-[" + body + "]-"
        }
        if let quantifier = edge.quantifier { text += format(quantifier) }
        return text
    }

    public static func format(_ quantifier: Quantifier) -> String {
        switch (quantifier.min, quantifier.max) {
        case (0, nil): return "*"
        case (1, nil): return "+"
        case (0, 1): return "?"
        case (let min, nil): return "{\(min),}"
        case (let min, let max?) where min == max: return "{\(min)}"
        case (let min, let max?): return "{\(min),\(max)}"
        }
    }

    static func format(_ properties: [PropertyConstraint]) -> String {
        "{" + properties.map { name($0.key.name) + ": " + format($0.value) }.joined(separator: ", ") + "}"
    }

    static func format(_ reference: NameReference) -> String {
        switch reference.kind {
        case .string(let value): return quoted(value)
        case .parameter(let value): return "$" + value
        case .identifier(let value): return name(value)
        }
    }

    // MARK: - Expressions

    public static func format(_ expression: Expression) -> String {
        switch expression.kind {
        case .literal(let literal):
            return format(literal)
        case .parameter(let value):
            return "$" + value
        case .variable(let value):
            return name(value)
        case .property(let base, let key):
            return operand(base, needsParentheses: precedence(base) < 6) + "." + name(key)
        case .list(let elements):
            return "[" + elements.map { format($0) }.joined(separator: ", ") + "]"
        case .call(let call):
            let arguments = call.star ? "*" : call.arguments.map { format($0) }.joined(separator: ", ")
            return name(call.name) + "(" + (call.distinct ? "DISTINCT " : "") + arguments + ")"
        case .not(let operand):
            return "NOT " + self.operand(operand, needsParentheses: precedence(operand) < 3)
        case .negate(let operand):
            let simple: Bool
            switch operand.kind {
            case .literal(.integer), .literal(.decimal), .variable, .parameter, .property, .call: simple = true
            default: simple = false
            }
            return "-" + self.operand(operand, needsParentheses: !simple || format(operand).hasPrefix("-"))
        case .binary(let op, let left, let right):
            let level = precedence(op)
            // AND and OR chains are balanced trees (Expression.chain): the same operator on the right needs no parentheses.
            let associative: Bool
            if op == .and || op == .or, case .binary(let inner, _, _) = right.kind, inner == op { associative = true } else { associative = false }
            return operand(left, needsParentheses: precedence(left) < level) + " " + op.symbol + " "
                + operand(right, needsParentheses: associative ? false : precedence(right) <= level)
        case .isNull(let operand, let negated):
            return self.operand(operand, needsParentheses: precedence(operand) <= 4) + (negated ? " IS NOT NULL" : " IS NULL")
        case .subscript(let base, let index):
            return operand(base, needsParentheses: precedence(base) < 6) + "[" + format(index) + "]"
        case .slice(let base, let from, let to):
            return operand(base, needsParentheses: precedence(base) < 6) + "[" + (from.map { format($0) } ?? "") + ".."
                + (to.map { format($0) } ?? "") + "]"
        case .hasKind(let base, let kinds):
            return operand(base, needsParentheses: precedence(base) < 6) + ":" + kinds.map { name($0) }.joined(separator: "|")
        case .listPredicate(let p):
            return p.quantifier.rawValue + "(" + name(p.variable) + " IN " + format(p.list) + " WHERE " + format(p.condition) + ")"
        case .exists(let e):
            return "EXISTS { MATCH " + e.patterns.map { format($0) }.joined(separator: ", ")
                + (e.condition.map { " WHERE " + format($0) } ?? "") + " }"
        }
    }

    static func format(_ literal: Literal) -> String {
        switch literal {
        case .string(let value): return quoted(value)
        case .integer(let value): return String(value)
        case .decimal(let value): return decimal(value)
        case .date(let value): return value.description
        case .boolean(let value): return value ? "true" : "false"
        case .null: return "null"
        }
    }

    private static func operand(_ expression: Expression, needsParentheses: Bool) -> String {
        needsParentheses ? "(" + format(expression) + ")" : format(expression)
    }

    private static func precedence(_ op: BinaryOperator) -> Int {
        switch op {
        case .or: return 1
        case .and: return 2
        default: return 4
        }
    }

    /// OR 1, AND 2, NOT 3, comparisons 4, unary minus 5, property 6, primary 7.
    private static func precedence(_ expression: Expression) -> Int {
        switch expression.kind {
        case .binary(let op, _, _): return precedence(op)
        case .not: return 3
        case .isNull: return 4
        case .negate: return 5
        case .property, .subscript, .slice, .hasKind: return 6
        case .literal(.integer(let value)) where value < 0: return 5
        case .literal(.decimal(let value)) where value < 0 || value.sign == .minus: return 5
        default: return 7
        }
    }

    // MARK: - Lexical

    /// `text` as a name: plain when it is `[A-Za-z_][A-Za-z0-9_]*` and not a
    /// keyword, otherwise backquoted with `` ` `` doubled.
    public static func name(_ text: String) -> String {
        var plain = !text.isEmpty && Keyword(word: text) == nil
        for (i, scalar) in text.unicodeScalars.enumerated() where plain {
            let isLetter = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
            let isDigit = ("0"..."9").contains(scalar)
            plain = isLetter || (i > 0 && isDigit)
        }
        if plain { return text }
        return "`" + text.split(separator: "`", omittingEmptySubsequences: false).joined(separator: "``") + "`"
    }

    /// `text` as a double-quoted string literal.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A decimal without exponent notation (the lexer reads no exponents),
    /// exact: the shortest round-trip digits of `value`.
    static func decimal(_ value: Double) -> String {
        let text = "\(value)"
        guard value.isFinite, let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }),
              let exponent = Int(text[text.index(after: e)...]) else { return text }
        var mantissa = text[..<e]
        let sign = mantissa.hasPrefix("-") ? "-" : ""
        if !sign.isEmpty { mantissa = mantissa.dropFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0])
        var digits = whole + (parts.count > 1 ? String(parts[1]) : "")
        var point = whole.count + exponent
        if point <= 0 {
            digits = String(repeating: "0", count: 1 - point) + digits
            point = 1
        }
        if point >= digits.count {
            return sign + digits + String(repeating: "0", count: point - digits.count) + ".0"
        }
        return sign + digits.prefix(point) + "." + digits.dropFirst(point)
    }
}
