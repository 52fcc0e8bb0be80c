import Foundation

extension KGError {
    /// Enough of the file an error points into for ``DiagnosticRenderer`` to
    /// show the line: the line itself (at most 4 KiB of it), after as many
    /// empty lines as come before it, so the renderer's line numbers hold.
    /// Nil when the error names no file and line, or the file cannot be read.
    ///
    ///     catch let error as KGError {
    ///         print(DiagnosticRenderer().render(error, source: error.sourceLineFromFile(), sourceName: error.file ?? "input"))
    ///     }
    ///
    /// For errors of large inputs (a CSV file of millions of rows): only the
    /// bytes up to the line are read, from a memory map of the file.
    public func sourceLineFromFile() -> String? {
        guard let file, let line = span?.start.line, line >= 1,
              let data = try? Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped) else { return nil }
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0, current = 1
            while current < line {
                guard let newline = bytes[start...].firstIndex(of: 0x0A) else { return nil }
                start = newline + 1
                current += 1
            }
            if line == 1, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
            var end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            end = min(end, start + 4096)
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            return String(repeating: "\n", count: line - 1) + text
        }
    }
}
