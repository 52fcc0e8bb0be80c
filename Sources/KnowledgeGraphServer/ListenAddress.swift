import KnowledgeGraph

/// Where the HTTP server listens: `kg serve --http [ADDRESS:]PORT`.
///
///     try ListenAddress.parse("8080")            // 127.0.0.1:8080 (loopback only)
///     try ListenAddress.parse("0.0.0.0:8080")    // every IPv4 interface, on purpose
///     try ListenAddress.parse("[::1]:0")         // IPv6 loopback, any free port
///
/// Without an address the server is reachable from this machine only.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// The default host: IPv4 loopback.
    public static let loopback = "127.0.0.1"

    public var host: String
    /// The port; 0 asks the system for a free one (the server reports which).
    public var port: Int

    public init(host: String = ListenAddress.loopback, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`, with an IPv6 host in brackets.
    public var description: String { (host.contains(":") ? "[\(host)]" : host) + ":\(port)" }

    /// Whether the host is a loopback address (127.0.0.0/8, ::1, localhost).
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Parses `PORT`, `ADDRESS:PORT` or `[IPV6]:PORT`.
    public static func parse(_ text: String) throws(KGError) -> ListenAddress {
        let usage = "give [ADDRESS:]PORT, e.g. --http 8080, --http 127.0.0.1:8080 or --http [::1]:8080"
        var host = loopback
        var portText = Substring(text)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw KGError(.invalidAddress, "'\(text)' is not [IPV6]:PORT", suggestion: usage)
            }
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = text[text.index(close, offsetBy: 2)...]
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
            if host.contains(":") {
                throw KGError(.invalidAddress, "'\(text)': an IPv6 address goes in brackets", suggestion: usage)
            }
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" || $0 == "%" }) else {
            throw KGError(.invalidAddress, "'\(host)' is not a host name or IP address", suggestion: usage)
        }
        guard !portText.isEmpty, portText.allSatisfy(\.isASCII), portText.allSatisfy(\.isNumber), portText.count <= 5,
              let port = Int(portText), port <= 65535 else {
            throw KGError(.invalidAddress, "'\(portText)' is not a port (0-65535)", suggestion: usage)
        }
        return ListenAddress(host: host, port: port)
    }
}
