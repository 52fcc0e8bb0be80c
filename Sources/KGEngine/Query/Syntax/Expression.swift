import KGModel

/// An expression (in WHERE, RETURN, ORDER BY, property constraints, ...).
/// `==` compares structure and ignores spans; parentheses leave no trace.
public struct Expression: Sendable, Hashable, CustomStringConvertible {
    public indirect enum Kind: Sendable, Hashable {
        case literal(Literal)
        /// `$name`
        case parameter(String)
        /// A bare name: a variable (or, for the binder to decide, a node name).
        case variable(String)
        /// `base.key`
        case property(Expression, key: String)
        /// `[a, b, ...]`
        case list([Expression])
        /// `name(...)`
        case call(FunctionCall)
        /// `NOT operand`
        case not(Expression)
        /// `-operand`
        case negate(Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// `operand IS NULL` (`negated`: `IS NOT NULL`)
        case isNull(Expression, negated: Bool)
        /// `base[index]`: an item of a list (negative from the end) or a member of a map.
        case `subscript`(Expression, index: Expression)
        /// `base[from..to]`: items `from` up to, not including, `to` (either may be left out).
        case slice(Expression, from: Expression?, to: Expression?)
        /// `n:Company|Organisation`: whether the node has one of the kinds.
        case hasKind(Expression, kinds: [String])
        /// `ANY | ALL | NONE | SINGLE (v IN list WHERE condition)`
        case listPredicate(ListPredicate)
        /// `EXISTS { pattern [, pattern] [WHERE condition] }`
        case exists(ExistsPredicate)
    }

    public var kind: Kind
    @IgnoredSpan public var span: SourceSpan

    public init(_ kind: Kind, span: SourceSpan = .unknown) {
        self.kind = kind
        self.span = span
    }

    public var description: String { QueryPrinter.format(self) }
}

/// A literal value.
public enum Literal: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case decimal(Double)
    case date(PartialDate)
    case boolean(Bool)
    case null
}

/// `name([DISTINCT] arg, ...)` or `name(*)`. The name is kept as written;
/// function names are matched case-insensitively by the binder.
public struct FunctionCall: Sendable, Hashable {
    public var name: String
    public var distinct: Bool
    /// `count(*)`: then `arguments` is empty.
    public var star: Bool
    public var arguments: [Expression]

    public init(name: String, distinct: Bool = false, star: Bool = false, arguments: [Expression] = []) {
        self.name = name
        self.distinct = distinct
        self.star = star
        self.arguments = arguments
    }
}

/// The binary operators, loosest first: OR, AND, then the comparisons
/// (all at one level, left-associative).
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case or = "OR"
    case and = "AND"
    case equal = "="
    /// Written `<>` or `!=`.
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case `in` = "IN"
    case contains = "CONTAINS"
    case startsWith = "STARTS WITH"
    case endsWith = "ENDS WITH"

    /// The operator as printed.
    public var symbol: String { rawValue }

    /// Whether the operator compares (anything but AND and OR).
    public var isComparison: Bool { self != .and && self != .or }
}
