/// Renders a ``KGError`` for people: the message, the offending source line
/// and a caret under the span, then the suggestion.
///
///     error[KGB006]: unknown node 'Xiaomy'
///      --> query:1:8
///       |
///     1 | MATCH (Xiaomy)-[:develops]->(p) RETURN p
///       |        ^^^^^^
///       = help: did you mean 'Xiaomi'?
public struct DiagnosticRenderer: Sendable {
    public var useColor: Bool

    public init(useColor: Bool = false) { self.useColor = useColor }

    public func render(_ error: KGError, source: String? = nil, sourceName: String = "query") -> String {
        let red = useColor ? "\u{1B}[1;31m" : ""
        let blue = useColor ? "\u{1B}[1;34m" : ""
        let bold = useColor ? "\u{1B}[1m" : ""
        let reset = useColor ? "\u{1B}[0m" : ""
        // Messages quote user text (names, values): show its control characters, never send them.
        var out = "\(red)error[\(error.code.rawValue)]\(reset)\(bold): \(Self.visible(error.message))\(reset)\n"
        if let span = error.span {
            let name = Self.visible(error.file ?? sourceName)
            out += "\(blue) --> \(reset)\(name):\(span.start.line):\(span.start.column)\n"
            if let source, let lineText = DiagnosticRenderer.line(span.start.line, of: source) {
                let number = String(span.start.line)
                let gutter = String(repeating: " ", count: number.count)
                let shown = lineText.count > 200 ? String(lineText.prefix(200)) + "…" : lineText
                let width: Int
                if span.end.line == span.start.line {
                    width = max(1, span.end.column - span.start.column)
                } else {
                    width = max(1, lineText.count - span.start.column + 1)
                }
                let caretStart = min(span.start.column - 1, shown.count)
                let caretWidth = max(1, min(width, max(1, shown.count - caretStart)))
                out += "\(blue)\(gutter) |\(reset)\n"
                out += "\(blue)\(number) |\(reset) \(DiagnosticRenderer.visible(shown))\n"
                out += "\(blue)\(gutter) |\(reset) \(String(repeating: " ", count: caretStart))\(red)\(String(repeating: "^", count: caretWidth))\(reset)\n"
            }
        } else if let file = error.file {
            out += "\(blue) --> \(reset)\(Self.visible(file))\n"
        }
        if let suggestion = error.suggestion {
            out += "\(blue)  = help:\(reset) \(Self.visible(suggestion))\n"
        }
        return out
    }

    static func line(_ number: Int, of source: String) -> String? {
        var current = 1
        for line in source.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if current == number { return String(line.hasSuffix("\r") ? line.dropLast() : line) }
            current += 1
        }
        return nil
    }

    /// Replaces control characters so a hostile line cannot move the cursor.
    static func visible(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar -> Character in
            if scalar == "\t" { return " " }
            if TerminalText.needsEscape(scalar) { return "�" }
            return Character(scalar)
        })
    }
}
