import KGModel
import KGSQLite
import KGEngine
import KGAsk

/// Renders an ``AskAnswer`` for people and programs: the query kg ran, then
/// the answer (a table, a number, yes or no, or a path drawn step by step),
/// with evidence under `why`; JSON is `kg query`'s object with the question,
/// the query, how it was read and the answer added.
public struct AskAnswerFormatter {
    public var formatter: ResultFormatter

    public init(store: GraphStore) { formatter = ResultFormatter(store: store) }

    public mutating func render(_ answer: AskAnswer, as format: ResultFormatter.Format, why: Bool = false, color: Bool = false,
                                maxWidth: Int? = nil) -> String {
        switch format {
        case .json: return json(answer, why: why)
        case .csv: return formatter.render(answer.result, as: .csv, why: why)
        case .jsonl: return formatter.render(answer.result, as: .jsonl, why: why)
        case .table, .line: return text(answer, as: format, why: why, color: color, maxWidth: maxWidth)
        }
    }

    private mutating func text(_ answer: AskAnswer, as format: ResultFormatter.Format, why: Bool, color: Bool, maxWidth: Int?) -> String {
        let dim = color ? "\u{1B}[2m" : "", bold = color ? "\u{1B}[1m" : "", reset = color ? "\u{1B}[0m" : ""
        let german = answer.language == "de"
        var out = "\(dim)query:\(reset) \(ResultFormatter.singleLine(answer.queryText))\n\n"
        let facts = answer.result.rowFacts
        switch answer.shape {
        case .yesNo:
            let yes = answer.verdict ?? false
            let word = yes ? (german ? "ja" : "yes") : (german ? "nein" : "no")
            let statement = answer.statement.map { ResultFormatter.singleLine($0) } ?? ""
            out += yes ? "\(bold)\(word)\(reset): \(statement)\n"
                       : "\(bold)\(word)\(reset): " + (german ? "der Graph sagt nicht, dass \(statement)" : "the graph does not say that \(statement)") + "\n"
            if why, yes, let first = facts.first { out += formatter.evidenceLines(first, color: color) }
            if !yes, !answer.otherConnections.isEmpty {
                out += german ? "\(dim)aber sie sind anders verbunden:\(reset)\n" : "\(dim)but they are connected otherwise:\(reset)\n"
                for path in answer.otherConnections { out += drawing(of: path, language: answer.language, color: color) }
            }
        case .count:
            out += "\(bold)\(answer.number ?? 0)\(reset)\n"
            if why, let first = facts.first { out += formatter.evidenceLines(first, color: color) }
        case .path:
            if answer.result.rows.isEmpty {
                out += german ? "keine Verbindung im Graphen\n" : "no connection in the graph\n"
            }
            for (r, row) in answer.result.rows.enumerated() {
                guard case .path(let path)? = row.first else { continue }
                out += drawing(of: path, language: answer.language, color: color)
                out += "\(dim)(\(Plural.count(path.length, german ? "Schritt" : "step", german ? "Schritte" : "steps")))\(reset)\n"
                if why, r < facts.count { out += formatter.evidenceLines(facts[r], color: color) }
            }
        case .list, .value:
            if answer.result.rows.isEmpty, let sentence = answer.sentence {
                out += "\(bold)\(ResultFormatter.singleLine(sentence))\(reset)\n"
            } else {
                if let sentence = answer.sentence { out += "\(ResultFormatter.singleLine(sentence))\n" }
                out += formatter.render(answer.result, as: format, why: why, color: color, maxWidth: maxWidth)
            }
        }
        for warning in answer.warnings {
            out += "\(dim)\(german ? "Hinweis" : "note"):\(reset) \(ResultFormatter.singleLine(warning))\n"
        }
        for (n, other) in answer.otherReadings.enumerated() {
            out += "\n" + (german ? "\(bold)Lesart \(n + 2)\(reset)" : "\(bold)reading \(n + 2)\(reset)")
                + (other.statement.map { ": " + ResultFormatter.singleLine($0) } ?? "") + "\n"
            out += text(other, as: format, why: why, color: color, maxWidth: maxWidth)
        }
        return out
    }

    /// A path as one line per step: the node, then each step's phrase (read
    /// the way it was walked) and the node it reaches.
    public mutating func drawing(of path: PathValue, language: String = "en", color: Bool = false) -> String {
        let dim = color ? "\u{1B}[2m" : "", reset = color ? "\u{1B}[0m" : ""
        let schema = formatter.store.schema
        var out = ResultFormatter.singleLine(formatter.node(path.start).name) + "\n"
        let phrases = path.steps.map { step in
            let pair = schema.phrases(of: step.type).first { $0.language == language }?.phrases
            return pair.map { step.reversed ? $0.inverse : $0.phrase } ?? schema.phrase(of: step.type, inverse: step.reversed)
        }
        let width = phrases.map { DisplayWidth.of($0) }.max() ?? 0
        for (step, phrase) in zip(path.steps, phrases) {
            let pad = String(repeating: " ", count: max(0, width - DisplayWidth.of(phrase)))
            out += "  \(dim)└─\(reset) \(ResultFormatter.singleLine(phrase))\(pad) \(dim)→\(reset) \(ResultFormatter.singleLine(formatter.node(step.to).name))\n"
        }
        return out
    }

    private mutating func json(_ answer: AskAnswer, why: Bool) -> String {
        var rows: [JSONValue] = []
        for row in answer.result.rows { rows.append(.array(row.map { formatter.json($0) })) }
        var object: [String: JSONValue] = [
            "question": .string(answer.question), "query": .string(answer.queryText),
            "understood": .array(answer.understood.map(JSONValue.string)), "shape": .string(answer.shape.rawValue),
            "language": .string(answer.language),
            "columns": .array(answer.result.columns.map(JSONValue.string)), "rows": .array(rows),
        ]
        switch answer.shape {
        case .yesNo: object["answer"] = .bool(answer.verdict ?? false)
        case .count: object["answer"] = .int(answer.number ?? 0)
        case .list, .path, .value: break
        }
        if let sentence = answer.sentence { object["sentence"] = .string(sentence) }
        if !answer.warnings.isEmpty { object["warnings"] = .array(answer.warnings.map(JSONValue.string)) }
        if !answer.otherReadings.isEmpty {
            object["other_readings"] = .array(answer.otherReadings.map { other in
                var o: [String: JSONValue] = ["query": .string(other.queryText), "shape": .string(other.shape.rawValue)]
                var rows: [JSONValue] = []
                for row in other.result.rows { rows.append(.array(row.map { formatter.json($0) })) }
                o["rows"] = .array(rows)
                if let sentence = other.sentence { o["sentence"] = .string(sentence) }
                return .object(o)
            })
        }
        if let statement = answer.statement { object["statement"] = .string(statement) }
        if !answer.otherConnections.isEmpty {
            object["other_connections"] = .array(answer.otherConnections.map { formatter.json(.path($0)) })
        }
        if why {
            object["evidence"] = .array(answer.result.rowFacts.map { facts in formatter.json(.list(formatter.evidenceValues(facts))) })
        }
        return JSONValue.object(object).serialized + "\n"
    }
}
