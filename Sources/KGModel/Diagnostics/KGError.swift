/// An error as a value: a stable code, a message, where it happened and,
/// where possible, what to do about it. Rendering is separate
/// (see ``DiagnosticRenderer``).
public struct KGError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String
    /// Where in the source text (query, file) the problem is.
    public var span: SourceSpan?
    /// The name of the file the span refers to, when it is a file.
    public var file: String?
    /// A suggestion such as "did you mean 'Xiaomi'?".
    public var suggestion: String?

    public init(_ code: ErrorCode, _ message: String, span: SourceSpan? = nil, file: String? = nil, suggestion: String? = nil) {
        self.code = code
        self.message = message
        self.span = span
        self.file = file
        self.suggestion = suggestion
    }

    public var description: String {
        var text = "error[\(code.rawValue)]"
        if let file { text += " \(file)" + (span.map { ":\($0.start.line):\($0.start.column)" } ?? "") }
        else if let span { text += " at \(span.start.line):\(span.start.column)" }
        text += ": \(message)"
        if let suggestion { text += " (\(suggestion))" }
        return text
    }

    /// Returns a copy that names `file` as the source of the span.
    public func inFile(_ file: String) -> KGError {
        var copy = self
        copy.file = file
        return copy
    }
}

extension KGError {
    /// Wraps any error as a ``KGError``: an error that knows its ``KGError``
    /// (``KGErrorConvertible``, such as SQLite's) becomes that; other errors
    /// become storage errors with their text.
    public static func wrap(_ error: any Error) -> KGError {
        if let error = error as? KGError { return error }
        if let error = error as? any KGErrorConvertible { return error.kgError }
        return KGError(.storage, String(describing: error))
    }
}
