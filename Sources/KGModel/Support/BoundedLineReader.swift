#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a file descriptor with a limit on their length: a line
/// longer than `maxLineBytes` is not held in memory; its first bytes are kept
/// (for the request id) and the rest is skipped up to the next newline.
/// Memory stays below `maxLineBytes` plus one read buffer whatever the input.
public final class BoundedLineReader {
    /// One line read.
    public enum Line: Equatable {
        case line(String)
        /// A line longer than the limit: its length in bytes and its first bytes.
        case tooLong(bytes: Int, prefix: String)
    }

    public let maxLineBytes: Int
    /// How much of a too-long line is kept.
    public static let prefixBytes = 4096
    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0
    private var end = 0
    private var atEnd = false

    public init(fd: Int32, maxLineBytes: Int) {
        self.fd = fd
        self.maxLineBytes = maxLineBytes
    }

    /// The next line without its newline (a final line without one counts),
    /// or nil at the end of the input.
    public func next() -> Line? {
        var line: [UInt8] = []
        var length = 0
        var overflow = false
        while true {
            if start == end {
                if atEnd { break }
                let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { atEnd = true; break }
                start = 0
                end = got
            }
            let newline: Int? = buffer.withUnsafeBufferPointer { raw in
                guard let base = raw.baseAddress, let hit = memchr(base + start, 0x0A, end - start) else { return nil }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            let chunkEnd = newline ?? end
            let count = chunkEnd - start
            length += count
            if !overflow {
                if length > maxLineBytes {
                    overflow = true
                    let keep = max(0, Self.prefixBytes - line.count)
                    line.append(contentsOf: buffer[start..<min(chunkEnd, start + keep)])
                    if line.count > Self.prefixBytes { line.removeLast(line.count - Self.prefixBytes) }
                } else {
                    line.append(contentsOf: buffer[start..<chunkEnd])
                }
            }
            start = newline.map { $0 + 1 } ?? end
            if newline != nil { return finish(line, length: length, overflow: overflow) }
        }
        if length == 0 && line.isEmpty && !overflow { return nil }
        return finish(line, length: length, overflow: overflow)
    }

    private func finish(_ line: [UInt8], length: Int, overflow: Bool) -> Line {
        var bytes = line
        if !overflow, bytes.last == 0x0D { bytes.removeLast() }
        let text = String(decoding: bytes, as: UTF8.self)
        return overflow ? .tooLong(bytes: length, prefix: text) : .line(text)
    }
}
