import Foundation

extension KGError {
    /// Enough of the file an error points into for ``DiagnosticRenderer`` to
    /// show the line: the line itself (at most 4 KiB of it), after as many
    /// empty lines as come before it, so the renderer's line numbers hold.
    /// Nil when the error names no regular file and line, or it cannot be read.
    ///
    ///     catch let error as KGError {
    ///         print(DiagnosticRenderer().render(error, source: error.sourceLineFromFile(), sourceName: error.file ?? "input"))
    ///     }
    ///
    /// The file is read in chunks with read(2), never mapped (another program
    /// may have truncated it meanwhile), and only up to the line.
    public func sourceLineFromFile() -> String? {
        guard let file, let line = span?.start.line, line >= 1, InputFile.kind(of: file) == .regular else { return nil }
        let fd = open(file, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var current = 1
        var text: [UInt8] = []
        reading: while true {
            let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { break }
            for byte in chunk[0..<got] {
                if byte == 0x0A {
                    if current == line { break reading }
                    current += 1
                } else if current == line, text.count < 4096 {
                    text.append(byte)
                }
            }
        }
        guard current == line else { return nil }
        if line == 1, text.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst(3) }
        if text.last == 0x0D { text.removeLast() }
        return String(repeating: "\n", count: line - 1) + String(decoding: text, as: UTF8.self)
    }
}
