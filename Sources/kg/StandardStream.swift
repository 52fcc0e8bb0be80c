import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to standard output and standard error with write(2), checking
/// every result: a full disk (`> /dev/full`), a closed pipe or any other
/// failure is an error value, never a trap (Foundation's
/// `FileHandle.write(_:)` traps on failure).
enum StandardStream {
    /// Writes all of `text` to `fd`; returns the errno of a failed write, or nil.
    static func write(_ text: String, to fd: Int32) -> Int32? {
        write(Data(text.utf8), to: fd)
    }

    /// Writes all of `bytes` to `fd`; returns the errno of a failed write, or nil.
    static func write(_ bytes: [UInt8], to fd: Int32) -> Int32? {
        bytes.withUnsafeBytes { write($0, to: fd) }
    }

    /// Writes all of `data` to `fd`; returns the errno of a failed write, or nil.
    static func write(_ data: Data, to fd: Int32) -> Int32? {
        data.withUnsafeBytes { write($0, to: fd) }
    }

    /// Writes all of `raw` to `fd`; returns the errno of a failed write, or nil.
    static func write(_ raw: UnsafeRawBufferPointer, to fd: Int32) -> Int32? {
        guard var base = raw.baseAddress else { return nil }
        var left = raw.count
        while left > 0 {
            #if canImport(Glibc)
            let written = Glibc.write(fd, base, left)
            #else
            let written = Darwin.write(fd, base, left)
            #endif
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            left -= written
            base += written
        }
        return nil
    }

    /// Ignores SIGPIPE: a reader that goes away makes a write fail with
    /// EPIPE (handled as an error) instead of killing kg with a signal.
    static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }
}
