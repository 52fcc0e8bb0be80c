import KGModel
import KGSQLite

extension WriteRecord {
    /// The write as `kg log` shows it: a head line, the reason, the counts,
    /// each on one line without control characters.
    ///
    ///     #2  2026-12-01T17:40:12Z  update  kg set xiaomi founded 2010 --reason 'the article says 2010'
    ///         reason: the article says 2010
    ///         0 added; 0 pieces of evidence added; 1 property updated
    public var text: String {
        var out = "#\(id)  \(at)  \(action)  \(ResultFormatter.singleLine(command))"
        if let by = revertedBy { out += "  [reverted by #\(by)]" }
        if let reverts { out += "  [reverts #\(reverts)]" }
        out += "\n"
        if let reason { out += "    reason: \(ResultFormatter.singleLine(reason))\n" }
        return out + "    \(ResultFormatter.singleLine(summary))\n"
    }

    /// The write as one JSON object (`kg log --format json`).
    public var json: JSONValue {
        var object: [String: JSONValue] = ["id": .int(id), "at": .string(at), "action": .string(action),
                                           "command": .string(command), "counts": counts, "summary": .string(summary)]
        if let reason { object["reason"] = .string(reason) }
        if let reverts { object["reverts"] = .int(reverts) }
        if let revertedBy { object["reverted_by"] = .int(revertedBy) }
        return .object(object)
    }
}

extension ChangeRecord {
    /// One line for `kg log --changes`: "removed edge baidu develops dueros", "set xiaomi.founded: 2010 → 2011".
    public var text: String {
        let object = data.objectValue ?? [:]
        switch action {
        case "set":
            let property = object["property"]?.displayText ?? "?"
            func shown(_ v: JSONValue?) -> String { v.flatMap { $0 == .null ? nil : $0 }.map { $0.displayText ?? $0.serialized } ?? "(none)" }
            var line = "set \(ResultFormatter.singleLine(target)).\(ResultFormatter.singleLine(property)): "
                + "\(ResultFormatter.singleLine(shown(object["old"]))) → \(ResultFormatter.singleLine(shown(object["new"])))"
            if case .array(let quotes)? = object["supersedes"], !quotes.isEmpty {
                let listed = quotes.compactMap(\.objectValue).map { q -> String in
                    let quote = q["quote"]?.displayText ?? ""
                    let short = quote.count > 60 ? String(quote.prefix(59)) + "…" : quote
                    return "\(q["source"]?.displayText ?? "?") „\(short)“"
                }
                line += " (supersedes the evidence for \(property): " + ResultFormatter.singleLine(listed.joined(separator: "; ")) + ")"
            }
            return line
        default:
            var line = "removed \(entity) \(ResultFormatter.singleLine(target))"
            if entity == "alias", let alias = object["alias"]?.displayText { line += " \"\(ResultFormatter.singleLine(alias))\"" }
            if entity == "evidence", let quote = object["quote"]?.displayText {
                let short = quote.count > 60 ? String(quote.prefix(59)) + "…" : quote
                line += " „\(ResultFormatter.singleLine(short))“"
            }
            return line
        }
    }
}
