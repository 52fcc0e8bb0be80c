import Foundation
import KGModel

/// The statements typed in `kg shell`, kept in a file
/// (`$XDG_DATA_HOME/kg/shell_history`): one entry per statement, a statement
/// typed over several lines stored as one entry (its line breaks written
/// `\n`, a backslash `\\`), the last ``limit`` entries. The file is
/// written as each statement runs, whole or not at all (a temporary file
/// beside it, then a rename), after reading it again, so two shells at once
/// both keep their statements.
public struct ShellHistory: Sendable {
    public let path: String?
    /// The entries, oldest first.
    public private(set) var entries: [String] = []
    public let limit: Int

    /// Reads the history at `path` (none yet: empty; nil: kept in memory only).
    public init(path: String?, limit: Int = 1000) {
        self.path = path
        self.limit = max(1, limit)
        entries = Self.read(path)
    }

    /// Adds a statement and writes the file. Blank text and a repeat of the
    /// last entry are not added. Throws when the file cannot be written
    /// (the entry stays in memory).
    public mutating func add(_ statement: String) throws(KGError) {
        let entry = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !entry.isEmpty, entry != entries.last else { return }
        entries.append(entry)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        guard let path else { return }
        var onDisk = Self.read(path)
        if onDisk.last != entry { onDisk.append(entry) }
        if onDisk.count > limit { onDisk.removeFirst(onDisk.count - limit) }
        try Self.writeWhole(onDisk.map(Self.escape).joined(separator: "\n") + "\n", to: path)
    }

    /// An entry as one line of the file.
    public static func escape(_ entry: String) -> String {
        entry.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// A line of the file as the entry it stores.
    public static func unescape(_ line: Substring) -> String {
        var out = "", escaped = false
        for character in line {
            if escaped {
                out.append(character == "n" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    private static func read(_ path: String?) -> [String] {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return [] }
        // A history file that is not UTF-8 (written by another program) is read as far as it decodes.
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n").filter { !$0.isEmpty }.map(unescape)
    }

    /// Writes `text` to `path` whole or not at all (``OutputFile``); a new
    /// history file only the user may read (statements can name private things).
    private static func writeWhole(_ text: String, to path: String) throws(KGError) {
        try OutputFile.replace(path, newFileMode: 0o600) { file in try file.write(text) }
    }
}
