import KGModel

/// The reserved words of the query language. Matched case-insensitively;
/// written in upper case by ``QueryPrinter``. A keyword can still be used as
/// a name after `:` (kinds, edge types), after `.` (properties), as a
/// property key in `{...}` and after `AS`; elsewhere backquote it: `` `order` ``.
public enum Keyword: String, Sendable, CaseIterable {
    case match = "MATCH", `where` = "WHERE", `return` = "RETURN", distinct = "DISTINCT"
    case `as` = "AS", of = "OF", during = "DURING", explain = "EXPLAIN", profile = "PROFILE"
    case shortest = "SHORTEST", any = "ANY", all = "ALL"
    case order = "ORDER", by = "BY", asc = "ASC", desc = "DESC", skip = "SKIP", limit = "LIMIT"
    case and = "AND", or = "OR", not = "NOT", `in` = "IN", contains = "CONTAINS"
    case starts = "STARTS", ends = "ENDS", with = "WITH", `is` = "IS"
    case null = "NULL", `true` = "TRUE", `false` = "FALSE"

    /// The keyword spelled `word` in any case, if there is one.
    public init?(word: some StringProtocol) {
        self.init(rawValue: word.uppercased())
    }
}

/// What a ``Token`` is, with its value for literals and names.
public enum TokenKind: Sendable, Hashable {
    /// A name: `[A-Za-z_][A-Za-z0-9_]*` that is not a keyword, or any
    /// backquoted text (the value has the quotes removed and `` `` `` undoubled).
    case identifier(String)
    case keyword(Keyword)
    /// A string literal, escapes resolved.
    case string(String)
    case integer(Int)
    case decimal(Double)
    /// `YYYY-MM` or `YYYY-MM-DD` written without spaces. (A lone year is an ``integer(_:)``.)
    case date(PartialDate)
    /// `$name`; the value is the name without `$`.
    case parameter(String)

    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, colon, dot, dotDot, pipe, caret, star, plus, minus, question
    /// `;`, between the queries of a script.
    case semicolon
    case equal, notEqual, less, lessEqual, greater, greaterEqual

    /// `-[`, opening an outgoing or undirected edge.
    case dashBracket
    /// `<-[`, opening an incoming edge.
    case leftArrowBracket
    /// `]->`, closing an outgoing edge.
    case bracketArrow
    /// `]-`, closing an incoming or undirected edge.
    case bracketDash
    /// `-->`, an outgoing edge of any type.
    case rightArrow
    /// `<--`, an incoming edge of any type.
    case leftArrow
    /// `--`, an edge of any type in either direction (see ``Lexer`` for when
    /// `--` is a comment instead).
    case dashDash

    /// The end of the text; always the last token.
    case end

    /// Whether the token begins an edge (and so, after `(`, a repeated group).
    public var startsEdge: Bool {
        switch self {
        case .dashBracket, .leftArrowBracket, .rightArrow, .leftArrow, .dashDash: return true
        default: return false
        }
    }
}

/// One token: its kind, the exact source text it was read from, and where.
public struct Token: Sendable, Hashable, CustomStringConvertible {
    public var kind: TokenKind
    /// The text as written (with quotes for strings and backquoted names).
    public var text: String
    public var span: SourceSpan

    public init(kind: TokenKind, text: String, span: SourceSpan) {
        self.kind = kind
        self.text = text
        self.span = span
    }

    public var description: String { kind == .end ? "end of text" : text }
}
