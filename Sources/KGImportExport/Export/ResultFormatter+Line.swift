import KGModel
import KGEngine

/// `--format line` / `:mode line`: each row as a block of lines, one per
/// column (`name | value`, names aligned by display width), under a
/// `-[ RECORD n ]` line, as psql's expanded display (`\x`) shows it. A row
/// with six wide columns stays readable where a table would be hundreds
/// of columns wide; values are whole, never cut.
extension ResultFormatter {
    mutating func records(_ result: QueryResult, why: Bool, color: Bool) -> String {
        let dim = color ? "\u{1B}[2m" : "", reset = color ? "\u{1B}[0m" : ""
        let names = result.columns.map(Self.singleLine)
        let nameWidth = names.map { DisplayWidth.of($0) }.max() ?? 0
        var out = ""
        var written = 0
        for (r, row) in result.rows.enumerated() {
            // Under the request's budget, as every format (``spend(_:)``).
            guard spend(out.utf8.count - written) else { break }
            written = out.utf8.count
            out += dim + "-[ RECORD \(r + 1) ]" + String(repeating: "-", count: max(0, nameWidth - 10)) + reset + "\n"
            for (i, value) in row.enumerated() {
                let name = i < names.count ? names[i] : ""
                let shown = Self.singleLine(text(value))
                out += DisplayWidth.padded(name, to: nameWidth) + " \(dim)|\(reset)" + (shown.isEmpty ? "" : " " + shown) + "\n"
            }
            if why, r < result.rowFacts.count { out += evidenceLines(result.rowFacts[r], color: color) }
        }
        out += dim + "(" + Plural.count(result.rows.count, "row") + ")" + reset + "\n"
        _ = spend(out.utf8.count - written)
        return out
    }
}
