import Foundation
import KnowledgeGraph

/// The command line as the graph's history records it: `kg import x.kg --db g.sqlite`.
enum HistoryCommandText {
    static var current: String {
        (["kg"] + CommandLine.arguments.dropFirst().map(quoted)).joined(separator: " ")
    }

    static func quoted(_ word: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@")
        if !word.isEmpty && word.allSatisfy({ plain.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A value for graph text: numbers, true, false and null bare, anything else quoted.
    static func graphTextValue(_ value: String) -> String {
        if Int64(value) != nil || ["true", "false", "null"].contains(value) { return value }
        if value.contains("."), Double(value) != nil, value.first != ".", value.last != "." { return value }
        return quotedString(value)
    }

    static func quotedString(_ s: String) -> String { GraphTextExporter.quoted(s) }
}
