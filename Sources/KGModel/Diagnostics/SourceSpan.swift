/// A position in a text: 1-based line and column (in characters), and the
/// UTF-8 byte offset from the start.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool { a.offset < b.offset }
    public var description: String { "\(line):\(column)" }
}

/// A range of a source text, from `start` up to (not including) `end`.
public struct SourceSpan: Sendable, Hashable, CustomStringConvertible {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    /// A span at one position, as wide as one character.
    public init(at position: SourcePosition) {
        self.start = position
        self.end = SourcePosition(line: position.line, column: position.column + 1, offset: position.offset + 1)
    }

    /// A span covering a whole line (for line-oriented file formats).
    public static func line(_ line: Int, column: Int = 1) -> SourceSpan {
        SourceSpan(at: SourcePosition(line: line, column: column, offset: 0))
    }

    /// The smallest span covering both.
    public func merged(with other: SourceSpan) -> SourceSpan {
        SourceSpan(start: Swift.min(start, other.start), end: Swift.max(end, other.end))
    }

    public var description: String { "\(start.line):\(start.column)" }
}
