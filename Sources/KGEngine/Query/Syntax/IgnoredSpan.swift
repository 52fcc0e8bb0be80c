import KGModel

/// Wraps a ``SourceSpan`` so that it takes no part in `==` and hashing.
///
/// Every syntax node stores its span through this wrapper, so two trees
/// parsed from differently spaced texts compare equal when their structure
/// is the same (the round trip `parse(print(parse(q))) == parse(q)` relies
/// on this).
@propertyWrapper
public struct IgnoredSpan: Sendable, Hashable {
    public var wrappedValue: SourceSpan

    public init(wrappedValue: SourceSpan) { self.wrappedValue = wrappedValue }

    public static func == (a: IgnoredSpan, b: IgnoredSpan) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}

extension SourceSpan {
    /// The span of a syntax node that was not parsed from text (built in
    /// code, or synthesized by a later stage): line 0, column 0.
    public static let unknown = SourceSpan(
        start: SourcePosition(line: 0, column: 0, offset: 0),
        end: SourcePosition(line: 0, column: 0, offset: 0))
}
