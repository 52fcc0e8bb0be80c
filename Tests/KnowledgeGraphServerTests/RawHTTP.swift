import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// HTTP spoken byte by byte over a loopback socket, for what URLSession will
/// not send: another Host header, a chunked body, half a body.
final class RawHTTPConnection: @unchecked Sendable {
    private let fd: Int32

    /// Connects to 127.0.0.1:`port`.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawHTTPError.failed("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw RawHTTPError.failed("connect") }
    }

    deinit { close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw RawHTTPError.failed("send") }
            sent += n
        }
    }

    /// Reads until the server closes the connection or a whole answer (head
    /// and Content-Length bytes) is in; nil when nothing came before the timeout.
    func receiveAnswer() -> (status: Int, head: String, body: String)? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
            let text = String(decoding: data, as: UTF8.self)
            if let split = text.range(of: "\r\n\r\n") {
                let head = String(text[..<split.lowerBound])
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                if text.utf8.count - text.utf8.distance(from: text.startIndex, to: split.upperBound) >= length { break }
            }
        }
        guard !data.isEmpty else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return (status, head, String(text.dropFirst(head.count + 4)))
    }

    /// One request with this Host header and its answer.
    static func get(port: Int, path: String, host: String) throws -> (status: Int, head: String, body: String)? {
        let connection = try RawHTTPConnection(port: port)
        try connection.send("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
        return connection.receiveAnswer()
    }
}

enum RawHTTPError: Error { case failed(String) }

/// Runs blocking work (a socket read, waiting for a process) on a thread of
/// its own, not on one of the few threads Swift's concurrency shares: an
/// in-process server needs those to answer, and tests run side by side.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 1 << 20
        thread.start()
    }
}

extension RawHTTPConnection {
    /// ``receiveAnswer()`` off the shared threads.
    func answer() async throws -> (status: Int, head: String, body: String)? {
        try await offThePool { self.receiveAnswer() }
    }

    /// ``get(port:path:host:)`` off the shared threads.
    static func fetch(port: Int, path: String, host: String) async throws -> (status: Int, head: String, body: String)? {
        try await offThePool { try get(port: port, path: path, host: host) }
    }
}

extension Process {
    /// Waits for the process to end, off the shared threads.
    func exit() async throws {
        try await offThePool { self.waitUntilExit() }
    }
}

extension FileHandle {
    /// Everything until the end, read off the shared threads.
    func readAll() async throws -> Data {
        try await offThePool { self.readDataToEndOfFile() }
    }
}
