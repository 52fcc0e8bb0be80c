/// One route as the OpenAPI document names it: a method and a path whose
/// `{name}` parts match any one segment.
struct RoutePattern: Sendable, Equatable {
    var method: String
    var path: String

    /// Whether `requestPath` (as sent, percent-encoded) is this route's path.
    func matches(path requestPath: String) -> Bool {
        let want = path.split(separator: "/", omittingEmptySubsequences: false)
        let got = requestPath.split(separator: "/", omittingEmptySubsequences: false)
        guard want.count == got.count else { return false }
        return zip(want, got).allSatisfy { pattern, part in
            pattern.hasPrefix("{") ? !part.isEmpty : pattern == part
        }
    }

    /// The methods the routes take at `path`, sorted; empty when no route has that path.
    static func methods(for path: String, in routes: [RoutePattern]) -> [String] {
        Set(routes.filter { $0.matches(path: path) }.map(\.method)).sorted()
    }
}
