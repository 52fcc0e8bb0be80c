import KGModel

/// A plain text table: columns aligned by display width (`小米` takes two
/// columns), two spaces between columns, the last column not padded.
public struct TextTable {
    public var headers: [String]
    public var rows: [[String]]

    public init(headers: [String], rows: [[String]] = []) {
        self.headers = headers
        self.rows = rows
    }

    /// The table as lines, each indented by `indent`; cells wider than
    /// `maxWidth` are cut with "…".
    public func render(indent: String = "", maxWidth: Int? = nil, underline: Bool = true) -> String {
        let limit = maxWidth.map { Swift.max(1, $0) } ?? Int.max
        let all = [headers] + rows
        let count = all.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: count)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = Swift.max(widths[i], Swift.min(limit, DisplayWidth.of(ResultFormatter.singleLine(cell)))) } }
        func line(_ row: [String]) -> String {
            let cells = row.enumerated().map { i, cell -> String in
                let shown = DisplayWidth.truncate(ResultFormatter.singleLine(cell), to: limit)
                return i == row.count - 1 ? shown : DisplayWidth.padded(shown, to: widths[i])
            }
            return indent + cells.joined(separator: "  ")
        }
        var out = line(headers) + "\n"
        if underline { out += indent + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n" }
        for row in rows { out += line(row) + "\n" }
        return out
    }
}
