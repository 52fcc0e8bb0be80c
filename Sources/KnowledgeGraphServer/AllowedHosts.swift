import Foundation
import KnowledgeGraph

/// The names a request's `Host` header may give: the server answers only
/// requests made to one of its own addresses. After DNS rebinding, a web
/// page's own name (`evil.example`) points at 127.0.0.1 and the browser
/// lets the page read the answers; such a request still says
/// `Host: evil.example`, and is refused (KGH010, 421).
///
/// Accepted: the address the server listens on; for a loopback address,
/// `localhost` and every loopback IP; for a wildcard address (`0.0.0.0`,
/// `::`), every IP literal and `localhost`; and the names given with
/// `--allow-host`. A request without a Host header (HTTP/1.0) is accepted:
/// browsers always send one.
///
///     let hosts = AllowedHosts(address: ListenAddress(port: 8080), extra: ["kg.internal"])
///     hosts.accepts(authority: "127.0.0.1:8080")   // true
///     hosts.accepts(authority: "evil.example")     // false
public struct AllowedHosts: Sendable {
    let address: ListenAddress
    let extra: Set<String>

    public init(address: ListenAddress, extra: [String]) {
        self.address = address
        self.extra = Set(extra.map(Self.normalized))
    }

    /// Whether a request whose Host header (its authority) is `authority` may be answered.
    public func accepts(authority: String?) -> Bool {
        guard let authority else { return true }
        guard let host = Self.host(of: authority) else { return false }
        if extra.contains(host) { return true }
        let listening = Self.normalized(address.host)
        if host == listening { return true }
        let isIP = Self.isIPLiteral(host)
        if listening == "0.0.0.0" || listening == "::" || listening.isEmpty { return isIP || host == "localhost" }
        if address.isLoopback { return host == "localhost" || (isIP && Self.isLoopbackIP(host)) }
        return false
    }

    /// The host part of an authority (`name:port`, `[v6]:port`), lowercased,
    /// without a trailing dot; nil when it is not one.
    static func host(of authority: String) -> String? {
        var text = Substring(authority)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy(\.isASCIIDigit)) else { return nil }
            return normalized(String(text[text.index(after: text.startIndex)..<close]))
        }
        if let colon = text.lastIndex(of: ":") {
            guard text[text.index(after: colon)...].allSatisfy(\.isASCIIDigit) else { return nil }
            text = text[..<colon]
        }
        guard !text.isEmpty else { return nil }
        return normalized(String(text))
    }

    static func normalized(_ host: String) -> String {
        var host = host.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        while host.hasSuffix(".") { host.removeLast() }
        return host
    }

    static func isIPLiteral(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    static func isLoopbackIP(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        if inet_pton(AF_INET6, host, &v6) == 1 { return host == "::1" || host == "0:0:0:0:0:0:0:1" }
        return false
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
