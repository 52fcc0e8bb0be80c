import KGModel

/// A whole query:
/// `[EXPLAIN | PROFILE] MATCH ... [WHERE ...] [AS OF ... | DURING ...] RETURN ...`.
/// `==` compares structure and ignores spans.
public struct Query: Sendable, Hashable, CustomStringConvertible {
    /// How the query is to be run.
    public enum Mode: Sendable, Hashable {
        /// Run and return rows.
        case run
        /// `EXPLAIN`: show the plan, do not run.
        case explain
        /// `PROFILE`: run and report the plan with timings.
        case profile
    }

    public var mode: Mode
    /// The MATCH clauses, in order; together they are a conjunction.
    public var matches: [MatchClause]
    public var whereClause: Expression?
    public var time: TimeClause?
    public var returnClause: ReturnClause
    @IgnoredSpan public var span: SourceSpan

    public init(mode: Mode = .run, matches: [MatchClause], whereClause: Expression? = nil,
                time: TimeClause? = nil, returnClause: ReturnClause, span: SourceSpan = .unknown) {
        self.mode = mode
        self.matches = matches
        self.whereClause = whereClause
        self.time = time
        self.returnClause = returnClause
        self.span = span
    }

    /// Every pattern of every MATCH clause, in order.
    public var patterns: [PathPattern] { matches.flatMap(\.patterns) }

    /// The canonical text of the query (see ``QueryPrinter``).
    public var description: String { QueryPrinter.format(self) }
}

/// `MATCH pattern, pattern, ...`: the patterns must all match (they join on
/// shared variables).
public struct MatchClause: Sendable, Hashable {
    public var patterns: [PathPattern]
    @IgnoredSpan public var span: SourceSpan

    public init(patterns: [PathPattern], span: SourceSpan = .unknown) {
        self.patterns = patterns
        self.span = span
    }
}
