import KGModel

/// Something a query's writer should know that does not change its answer
/// (the CLI prints warnings on stderr; `kg serve` returns them as "warnings").
public struct QueryWarning: Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var span: SourceSpan?
    public var suggestion: String?

    public init(_ message: String, span: SourceSpan? = nil, suggestion: String? = nil) {
        self.message = message
        self.span = span
        self.suggestion = suggestion
    }

    /// `warning: message (line:column); suggestion`
    public var description: String {
        var text = "warning: " + message
        if let span, span.start.line > 0 { text += " (at \(span.start.line):\(span.start.column))" }
        if let suggestion { text += "\n  = help: " + suggestion }
        return text
    }
}
