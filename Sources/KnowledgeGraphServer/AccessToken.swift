import Foundation
import KnowledgeGraph

/// The secret a write must present (`Authorization: Bearer TOKEN`), read
/// from `--token-file`. Compared in constant time: how long a comparison
/// takes says nothing about how much of a guess was right.
public struct AccessToken: Sendable {
    private let secret: [UInt8]

    /// A token from text (surrounding white space and line breaks are dropped).
    public init(_ text: String) throws(KGError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count >= 16 else {
            throw KGError(.tokenFile, "the token is too short (\(trimmed.utf8.count) bytes; at least 16)",
                          suggestion: "make one with: head -c 32 /dev/urandom | base64 > token.txt")
        }
        secret = Array(trimmed.utf8)
    }

    /// Reads the token from a file, which only its owner may read: like ssh
    /// with a private key and libpq with a password file, a token file that
    /// the group or others can read is refused (KGU016), since anyone who can
    /// read it can write to the graph.
    public static func read(from path: String) throws(KGError) -> AccessToken {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
            throw KGError(.tokenFile, "the token file '\(path)' can be read by " + (info.st_mode & 0o007 != 0 ? "every user of this machine" : "its group")
                          + " (mode " + String(info.st_mode & 0o777, radix: 8) + "): anyone who can read it can write to the graph",
                          suggestion: "chmod 600 '\(path)'")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KGError(.tokenFile, "cannot read the token file '\(path)'", suggestion: "check the path given to --token-file")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw KGError(.tokenFile, "the token file '\(path)' is not UTF-8 text")
        }
        do { return try AccessToken(text) } catch { throw error.inFile(path) }
    }

    /// Whether `candidate` is the token: every byte is looked at whatever the
    /// first difference, and a length difference counts as a difference.
    public func matches(_ candidate: some Collection<UInt8>) -> Bool {
        let given = Array(candidate)
        var difference: UInt8 = given.count == secret.count ? 0 : 1
        for index in 0..<secret.count {
            let other = index < given.count ? given[index] : ~secret[index]
            difference |= other ^ secret[index]
        }
        return difference == 0
    }

    /// Whether an `Authorization` header value carries the token.
    func authorizes(header: String?) -> Bool {
        guard let header, header.hasPrefix("Bearer ") else { return false }
        return matches(header.utf8.dropFirst("Bearer ".utf8.count))
    }
}
