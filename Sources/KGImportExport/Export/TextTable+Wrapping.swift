import KGModel

/// A ``TextTable`` fitted into a terminal's width: every cell whole (never
/// cut with "…"), the last column wrapped at spaces into the room the
/// other columns leave, or, when they leave too little, written on lines
/// of its own under its row.
extension TextTable {
    /// The least room the last column is wrapped into beside the others;
    /// with less, it goes under its row.
    static let narrowestLastColumn = 24

    /// The table as lines no wider than `lineWidth` columns (but for a
    /// single word or leading cells wider than that), each indented by
    /// `indent`. With the last column under its rows, its header is under
    /// the other headers in the same way.
    public func render(indent: String = "", lineWidth: Int) -> String {
        let all = ([headers] + rows).map { $0.map(ResultFormatter.singleLine) }
        let count = all.map(\.count).max() ?? 0
        guard count > 0 else { return "" }
        var widths = Array(repeating: 0, count: count)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) } }
        let lead = DisplayWidth.of(indent) + widths.dropLast().reduce(0) { $0 + $1 + 2 }
        let room = lineWidth - lead
        let beside = room >= Self.narrowestLastColumn || widths[count - 1] <= room
        let lastWidth = beside ? min(widths[count - 1], room) : 0
        let under = indent + "    ", underRoom = max(Self.narrowestLastColumn, lineWidth - DisplayWidth.of(under))
        func lines(_ row: [String], header: Bool) -> String {
            let cells = (0..<count).map { $0 < row.count ? row[$0] : "" }
            var first = indent + cells.dropLast().enumerated().map { DisplayWidth.padded($1, to: widths[$0]) }.joined(separator: "  ")
            let last = cells[count - 1]
            if count == 1 {
                return Self.wrap(last, width: max(1, lineWidth - DisplayWidth.of(indent))).map { indent + $0 }.joined(separator: "\n") + "\n"
            }
            if beside {
                let pieces = header ? [last] : Self.wrap(last, width: lastWidth)
                first += "  " + (pieces.first ?? "")
                var out = first + "\n"
                for piece in pieces.dropFirst() { out += String(repeating: " ", count: lead) + piece + "\n" }
                return out
            }
            var out = Self.trailingSpacesRemoved(first) + "\n"
            for piece in Self.wrap(last, width: underRoom) where !piece.isEmpty { out += under + piece + "\n" }
            return out
        }
        var out = lines(headers, header: true)
        // Under its row, the last column has no rule of its own.
        out += indent + (0..<(beside ? count : count - 1)).map { i in
            String(repeating: "─", count: i == count - 1 ? lastWidth : widths[i])
        }.joined(separator: "  ") + "\n"
        for row in all.dropFirst() { out += lines(row, header: false) }
        return out
    }

    private static func trailingSpacesRemoved(_ line: String) -> String {
        var line = line
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }

    /// `text` in lines of at most `width` columns, broken at spaces; a word
    /// wider than `width` is broken where it reaches the edge.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard DisplayWidth.of(text) > width, width > 0 else { return [text] }
        var lines: [String] = [], line = "", used = 0
        func flush() { lines.append(trailingSpacesRemoved(line)); line = ""; used = 0 }
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let w = DisplayWidth.of(word)
            if used > 0 && used + 1 + w > width { flush() }
            if used > 0 { line += " "; used += 1 }
            if w <= width - used {
                line += word
                used += w
                continue
            }
            for character in word {
                let cw = DisplayWidth.of(character)
                if used + cw > width { flush() }
                line.append(character)
                used += cw
            }
        }
        if !line.isEmpty { flush() }
        return lines
    }
}
