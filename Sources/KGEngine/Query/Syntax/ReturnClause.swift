import KGModel

/// `RETURN [DISTINCT] (* | item, ...) [ORDER BY ...] [SKIP n] [LIMIT n]`.
public struct ReturnClause: Sendable, Hashable {
    public var distinct: Bool
    /// `RETURN *`: every variable the patterns introduce (then `items` is empty).
    public var star: Bool
    public var items: [ReturnItem]
    public var orderBy: [SortItem]
    public var skip: Expression?
    public var limit: Expression?
    @IgnoredSpan public var span: SourceSpan

    public init(distinct: Bool = false, star: Bool = false, items: [ReturnItem] = [], orderBy: [SortItem] = [],
                skip: Expression? = nil, limit: Expression? = nil, span: SourceSpan = .unknown) {
        self.distinct = distinct
        self.star = star
        self.items = items
        self.orderBy = orderBy
        self.skip = skip
        self.limit = limit
        self.span = span
    }
}

/// `expression [AS alias]` in RETURN.
public struct ReturnItem: Sendable, Hashable {
    public var expression: Expression
    public var alias: Identifier?
    @IgnoredSpan public var span: SourceSpan

    public init(_ expression: Expression, alias: Identifier? = nil, span: SourceSpan = .unknown) {
        self.expression = expression
        self.alias = alias
        self.span = span
    }

    /// The column name: the alias, or the text of the expression.
    public var columnName: String { alias?.name ?? QueryPrinter.format(expression) }

    /// The longest column header, in characters: a longer one ends in "…".
    public static let maximumHeaderLength = 200

    /// The column header of the answer: ``columnName`` cut to
    /// ``maximumHeaderLength`` characters with "…" (a 4 MB list literal
    /// does not become a 4 MB header in every format).
    public var header: String {
        let name = columnName
        guard name.utf8.count > Self.maximumHeaderLength, name.count > Self.maximumHeaderLength else { return name }
        return String(name.prefix(Self.maximumHeaderLength - 1)) + "…"
    }
}

/// `expression [ASC | DESC]` in ORDER BY.
public struct SortItem: Sendable, Hashable {
    public var expression: Expression
    public var descending: Bool
    @IgnoredSpan public var span: SourceSpan

    public init(_ expression: Expression, descending: Bool = false, span: SourceSpan = .unknown) {
        self.expression = expression
        self.descending = descending
        self.span = span
    }
}
