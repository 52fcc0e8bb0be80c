import KGModel

/// A name written in a query: a variable, a node kind, an edge type, a
/// property key or an alias. Case-sensitive; `==` ignores the span.
public struct Identifier: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var name: String
    @IgnoredSpan public var span: SourceSpan

    public init(_ name: String, span: SourceSpan = .unknown) {
        self.name = name
        self.span = span
    }

    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { name }
}
