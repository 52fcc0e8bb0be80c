import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one CSV input: a file mapped into memory (read once, never
/// copied) or bytes held in memory. The bytes stay valid as long as the value
/// lives; the reader works on ``bytes`` directly.
public final class CSVInput {
    /// The name used in errors (the path, or the name given).
    public let name: String
    /// The whole input.
    let bytes: UnsafeBufferPointer<UInt8>
    private let release: () -> Void

    /// Maps the file at `path` read-only. A missing file is
    /// ``ErrorCode/fileNotFound``; an unreadable one ``ErrorCode/storage``.
    public init(path: String) throws(KGError) {
        name = path
        let fd = open(path, O_RDONLY)
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
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw KGError(.storage, "'\(path)' is not a regular file")
        }
        let size = Int(info.st_size)
        if size == 0 {
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            release = {}
            return
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw KGError(.storage, "cannot map '\(path)' into memory: \(String(cString: strerror(errno)))")
        }
        #if canImport(Glibc)
        _ = madvise(mapped, size, MADV_SEQUENTIAL)
        #endif
        bytes = UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: size)
        release = { munmap(mapped, size) }
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
