@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

// Small builders for expected syntax trees (spans are ignored by `==`).

func v(_ name: String) -> Expression { Expression(.variable(name)) }
func str(_ value: String) -> Expression { Expression(.literal(.string(value))) }
func int(_ value: Int) -> Expression { Expression(.literal(.integer(value))) }
func date(_ text: String) -> Expression { Expression(.literal(.date(PartialDate(text)!))) }
func param(_ name: String) -> Expression { Expression(.parameter(name)) }
func list(_ elements: Expression...) -> Expression { Expression(.list(elements)) }
func bin(_ op: BinaryOperator, _ left: Expression, _ right: Expression) -> Expression {
    Expression(.binary(op, left, right))
}
func not(_ operand: Expression) -> Expression { Expression(.not(operand)) }
func call(_ name: String, _ arguments: Expression..., distinct: Bool = false, star: Bool = false) -> Expression {
    Expression(.call(FunctionCall(name: name, distinct: distinct, star: star, arguments: arguments)))
}

extension Expression {
    func dot(_ key: String) -> Expression { Expression(.property(self, key: key)) }
}

func node(_ variable: String? = nil, _ kinds: [String] = [], props: [(String, Expression)] = [],
          name: NameReference.Kind? = nil) -> NodePattern {
    NodePattern(variable: variable.map { Identifier($0) }, kinds: kinds.map { Identifier($0) },
                properties: props.map { PropertyConstraint(key: Identifier($0.0), value: $0.1) },
                name: name.map { NameReference($0) })
}

/// Types written "^t" are inverse.
func edge(_ direction: EdgeDirection, _ types: [String] = [], variable: String? = nil,
          quantifier: (Int, Int?)? = nil, props: [(String, Expression)] = []) -> PatternStep {
    .edge(EdgePattern(variable: variable.map { Identifier($0) },
                      types: types.map { $0.hasPrefix("^") ? EdgeTypeReference(Identifier(String($0.dropFirst())), inverse: true)
                                                           : EdgeTypeReference(Identifier($0)) },
                      direction: direction,
                      quantifier: quantifier.map { Quantifier(min: $0.0, max: $0.1) },
                      properties: props.map { PropertyConstraint(key: Identifier($0.0), value: $0.1) }))
}

func group(_ steps: [PatternStep], nodes: [NodePattern], _ min: Int, _ max: Int?) -> PatternStep {
    .group(GroupPattern(steps: steps, nodes: nodes, quantifier: Quantifier(min: min, max: max)))
}

func hop(_ step: PatternStep, _ node: NodePattern) -> PatternHop { PatternHop(step: step, node: node) }

func path(_ start: NodePattern, _ hops: PatternHop..., variable: String? = nil,
          selector: PathSelector.Kind? = nil) -> PathPattern {
    PathPattern(variable: variable.map { Identifier($0) }, selector: selector.map { PathSelector($0) },
                start: start, hops: hops)
}

func item(_ expression: Expression, as alias: String? = nil) -> ReturnItem {
    ReturnItem(expression, alias: alias.map { Identifier($0) })
}

func query(_ patterns: [PathPattern]..., mode: Query.Mode = .run, where condition: Expression? = nil,
           time: TimeClause.Kind? = nil, returning: ReturnClause) -> Query {
    Query(mode: mode, matches: patterns.map { MatchClause(patterns: $0) }, whereClause: condition,
          time: time.map { TimeClause($0) }, returnClause: returning)
}

/// Parses `text` and returns the error it throws, or nil.
func parseError(_ text: String) -> KGError? {
    do {
        _ = try Parser.parse(text)
        return nil
    } catch {
        return error
    }
}

func kinds(_ text: String) throws -> [TokenKind] {
    try Lexer.tokenize(text).map(\.kind)
}
