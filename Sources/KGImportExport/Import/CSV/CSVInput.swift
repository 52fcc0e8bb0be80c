import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KGModel

/// The bytes of one CSV input: a file read into memory with read(2) (never
/// memory-mapped: a mapped file that another program truncates while kg reads
/// it would kill kg with SIGBUS), or bytes held in memory. The bytes stay valid
/// as long as the value lives; the reader works on ``bytes`` directly.
public final class CSVInput {
    /// The name used in errors (the path, or the name given).
    public let name: String
    /// The whole input.
    let bytes: UnsafeBufferPointer<UInt8>
    private let release: () -> Void

    /// Reads the file at `path`. A missing file is ``ErrorCode/fileNotFound``;
    /// a device, FIFO, socket or folder ``ErrorCode/notARegularFile``; an
    /// unreadable file, or one that shrinks or grows while it is read,
    /// ``ErrorCode/storage``.
    public init(path: String) throws(KGError) {
        name = path
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw KGError(.fileNotFound, "no such file: '\(path)'") }
            throw KGError(.storage, "cannot read '\(path)': \(String(cString: strerror(code)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw KGError(.storage, "cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        try InputFile.requireRegular(info, path: path)
        let size = Int(info.st_size)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 16)
        var filled = 0
        while filled < size {
            let got = read(fd, buffer + filled, min(size - filled, 8 << 20))
            if got < 0 {
                if errno == EINTR { continue }
                let code = errno
                buffer.deallocate()
                throw KGError(.storage, "cannot read '\(path)': \(String(cString: strerror(code)))")
            }
            if got == 0 { break }
            filled += got
        }
        var probe: UInt8 = 0
        let more = filled == size ? read(fd, &probe, 1) : 0
        guard filled == size, more == 0 else {
            buffer.deallocate()
            throw KGError(.storage, "'\(path)' changed while kg read it (\(filled < size ? "it became shorter than" : "it grew past") its \(size) bytes); nothing was imported",
                          suggestion: "import the file once no other program writes it")
        }
        bytes = UnsafeBufferPointer(start: buffer.assumingMemoryBound(to: UInt8.self), count: size)
        release = { buffer.deallocate() }
    }

    /// Bytes held in memory (tests, standard input); `name` names them in errors.
    public init(bytes source: [UInt8], name: String) {
        self.name = name
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(source.count, 1))
        _ = buffer.initialize(from: source)
        bytes = UnsafeBufferPointer(start: buffer.baseAddress, count: source.count)
        release = { buffer.deallocate() }
    }

    /// UTF-8 text held in memory.
    public convenience init(text: String, name: String) {
        self.init(bytes: Array(text.utf8), name: name)
    }

    deinit { release() }

    /// The number of bytes.
    public var count: Int { bytes.count }
}
