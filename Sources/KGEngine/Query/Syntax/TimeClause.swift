import KGModel

/// `AS OF date` or `DURING date .. date`: which validity period facts must
/// have. The dates are expressions: date literals (a year written alone is
/// a year-precision date literal here) or `$parameters`.
public struct TimeClause: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `AS OF date`: facts valid at the date.
        case asOf(Expression)
        /// `DURING from .. to`: facts valid at some time in the period.
        case during(from: Expression, to: Expression)
    }

    public var kind: Kind
    @IgnoredSpan public var span: SourceSpan

    public init(_ kind: Kind, span: SourceSpan = .unknown) {
        self.kind = kind
        self.span = span
    }
}
