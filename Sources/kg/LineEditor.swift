import Foundation
import KnowledgeGraph
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line editing at `kg shell`'s prompt, in Swift over a terminal in raw
/// mode (no C library): UTF-8 input, CJK characters two columns wide,
/// the arrows, Home/End, Ctrl-A/E/B/F/K/U/W/L/D, history (up/down) and Tab
/// completion, a long line scrolled sideways. The keys themselves are
/// ``LineEditKey`` and ``LineEditState`` (in the library, tested without a
/// terminal); this reads the bytes and draws the line.
///
/// The terminal is raw from the first prompt on, but for the time a
/// statement runs (``suspended(_:)``): with ISIG off Ctrl-C arrives as a
/// key and cancels the line (no signal), also when typed while an answer
/// is printed; while a statement runs the terminal is as it was, so Ctrl-C
/// there is SIGINT and cancels the statement. The terminal is restored on
/// every way out: ``close()``, exit(), SIGTERM, SIGHUP.
final class LineEditor {
    /// What ``readLine(prompt:)`` read.
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C: the line was dropped.
        case interrupted
        /// Ctrl-D on an empty line, or the terminal closed.
        case end
    }

    private let input: Int32
    private let output: Int32
    /// Bytes read but not used yet (type-ahead, the rest of a paste).
    private var pendingBytes: [UInt8] = []
    /// The entries Up and Down go through, oldest first.
    var history: [String] = []
    /// The completions of a word, with the line up to the cursor.
    var completer: ((_ word: String, _ line: String) -> [String])?

    /// An editor reading `input` (a terminal) and drawing on `output`.
    init(input: Int32 = 0, output: Int32) {
        self.input = input
        self.output = output
        RawMode.prepare(input)
    }

    private var raw = false

    /// Runs `body` (a statement) with the terminal as it was before raw mode.
    func suspended<T>(_ body: () -> T) -> T {
        guard raw else { return body() }
        RawMode.leave(input)
        raw = false
        defer { raw = RawMode.enter(input) }
        return body()
    }

    /// The terminal as it was: the shell is over.
    func close() {
        if raw { RawMode.leave(input) }
        raw = false
    }

    /// The next line, read with the terminal in raw mode.
    func readLine(prompt: String) -> Input {
        var state = LineEditState()
        // Up walks back from here; the line being typed is kept while walking.
        var historyIndex = history.count
        var draft = ""
        if !raw { raw = RawMode.enter(input) }
        guard raw else { return plainLine(prompt: prompt) }
        draw(state, prompt: prompt)
        while true {
            guard let key = nextKey() else {
                write("\r\n")
                return .end
            }
            switch state.apply(key) {
            case .none:
                continue
            case .redraw:
                draw(state, prompt: prompt)
            case .submit:
                finishLine(state, prompt: prompt)
                return .line(state.text)
            case .cancel:
                finishLine(state, prompt: prompt, mark: "^C")
                return .interrupted
            case .endOfInput:
                write("\r\n")
                return .end
            case .clearScreen:
                write("\u{1B}[H\u{1B}[2J")
                draw(state, prompt: prompt)
            case .historyPrevious:
                guard historyIndex > 0 else { continue }
                if historyIndex == history.count { draft = state.text }
                historyIndex -= 1
                state.replace(with: history[historyIndex])
                draw(state, prompt: prompt)
            case .historyNext:
                guard historyIndex < history.count else { continue }
                historyIndex += 1
                state.replace(with: historyIndex == history.count ? draft : history[historyIndex])
                draw(state, prompt: prompt)
            case .complete:
                complete(&state, prompt: prompt)
            }
        }
    }

    // MARK: Completion

    private func complete(_ state: inout LineEditState, prompt: String) {
        let (word, line) = state.wordBeforeCursor
        let candidates = completer?(word, line) ?? []
        guard !candidates.isEmpty else { write("\u{7}"); return }
        let common = Self.commonPrefix(candidates)
        if candidates.count == 1 || common.count > word.count {
            state.complete(word, with: candidates.count == 1 ? candidates[0] : common)
            draw(state, prompt: prompt)
            return
        }
        // Nothing more in common: list them under the line, then draw it again.
        let shown = candidates.prefix(100).map(TerminalText.escape)
        let width = (shown.map { DisplayWidth.of($0) }.max() ?? 0) + 2
        let perLine = max(1, (columns() - 1) / width)
        var text = "\r\n"
        for (i, candidate) in shown.enumerated() {
            text += DisplayWidth.padded(candidate, to: width)
            if i % perLine == perLine - 1 || i == shown.count - 1 { text += "\r\n" }
        }
        if candidates.count > shown.count { text += "… and \(candidates.count - shown.count) more\r\n" }
        write(text)
        draw(state, prompt: prompt)
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for word in words.dropFirst() {
            let characters = Array(word)
            var n = 0
            while n < prefix.count, n < characters.count, prefix[n] == characters[n] { n += 1 }
            prefix.removeSubrange(n...)
        }
        return String(prefix)
    }

    // MARK: Drawing

    private func columns() -> Int {
        var size = winsize()
        if ioctl(output, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    private func draw(_ state: LineEditState, prompt: String) {
        let (text, cursor) = state.render(prompt: prompt, columns: columns())
        write("\r" + text + "\u{1B}[K\r" + (cursor > 0 ? "\u{1B}[\(cursor)C" : ""))
    }

    /// Leaves the finished line on the screen (from its start, as far as it fits) and moves below it.
    private func finishLine(_ state: LineEditState, prompt: String, mark: String = "") {
        var end = state
        _ = end.apply(.end)
        let (text, _) = end.render(prompt: prompt, columns: columns())
        write("\r" + text + mark + "\u{1B}[K\r\n")
    }

    private func write(_ text: String) {
        _ = StandardStream.write(text, to: output)
    }

    // MARK: Input

    /// The next key; nil at the end of input.
    private func nextKey() -> LineEditKey? {
        while true {
            if let key = LineEditKey.decode(&pendingBytes) { return key }
            // An escape sequence or a character split over reads: wait briefly for the rest.
            let waiting = !pendingBytes.isEmpty
            if waiting, !readMore(timeout: 50) {
                if let key = LineEditKey.decode(&pendingBytes, escapeAlone: true) { return key }
                pendingBytes.removeFirst()   // a lone byte that is not a key
                continue
            }
            if !waiting, !readMore(timeout: -1) { return nil }
        }
    }

    /// Reads what is there (waiting at most `timeout` ms; -1: as long as it
    /// takes); false at the end of input or when nothing came in time.
    private func readMore(timeout: Int32) -> Bool {
        var fd = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&fd, 1, timeout)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { return false }
            break
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = Glibc.read(input, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            pendingBytes += buffer[0..<n]
            return true
        }
    }

    /// Without raw mode (tcsetattr failed): the terminal's own line input.
    private func plainLine(prompt: String) -> Input {
        write(prompt)
        return Swift.readLine(strippingNewline: true).map(Input.line) ?? .end
    }
}

/// The terminal's settings before raw mode, restored on every way out
/// (read by signal handlers: set before they are installed).
nonisolated(unsafe) private var savedTerminal = termios()
nonisolated(unsafe) private var savedTerminalFD: Int32 = -1
nonisolated(unsafe) private var rawModeOn = false

/// Raw mode for one line at a time, and the handlers that restore the terminal.
private enum RawMode {
    /// Saves the terminal's settings and installs the restoring handlers (once).
    static func prepare(_ fd: Int32) {
        guard savedTerminalFD < 0, tcgetattr(fd, &savedTerminal) == 0 else { return }
        savedTerminalFD = fd
        atexit { restoreTerminal() }
        for sig in [SIGTERM, SIGHUP] {
            signal(sig) { sig in
                restoreTerminal()
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }

    /// Raw input: bytes one by one, no echo, no signals from keys (Ctrl-C
    /// is a key), no CR → NL, no flow control. Output is left as it is.
    /// TCSANOW: type-ahead is kept.
    static func enter(_ fd: Int32) -> Bool {
        guard savedTerminalFD == fd else { return false }
        var raw = savedTerminal
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return false }
        rawModeOn = true
        return true
    }

    static func leave(_ fd: Int32) { restoreTerminal() }
}

/// The terminal as it was before raw mode. Async-signal-safe: one tcsetattr.
private func restoreTerminal() {
    guard rawModeOn, savedTerminalFD >= 0 else { return }
    _ = tcsetattr(savedTerminalFD, TCSANOW, &savedTerminal)
    rawModeOn = false
}
