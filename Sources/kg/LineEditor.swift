import CLibEdit
import Foundation

/// Line editing, history and tab completion on a terminal, through libedit's
/// readline-compatible interface. One editor per process (libedit keeps
/// global state).
enum LineEditor {
    /// Gives the completions of a word, with the whole line.
    nonisolated(unsafe) static var completer: ((_ word: String, _ line: String) -> [String])?
    nonisolated(unsafe) private static var matches: [String] = []
    nonisolated(unsafe) private static var historyFile: String?

    static func start(historyFile: String?) {
        kg_edit_setup { text, _, _ in
            guard let text else { return nil }
            LineEditor.matches = LineEditor.completer?(String(cString: text), kg_edit_line_buffer().map { String(cString: $0) } ?? "") ?? []
            kg_edit_completion_over()
            if LineEditor.matches.isEmpty { return nil }
            return rl_completion_matches(text) { _, state in
                let index = Int(state)
                guard index < LineEditor.matches.count else { return nil }
                return strdup(LineEditor.matches[index])
            }
        }
        self.historyFile = historyFile
        if let historyFile { _ = read_history(historyFile) }
    }

    /// The next line, or nil at the end of input (Ctrl-D).
    static func readLine(prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty { _ = add_history(line) }
        return line
    }

    static func stop() {
        if let historyFile { _ = write_history(historyFile) }
    }
}
