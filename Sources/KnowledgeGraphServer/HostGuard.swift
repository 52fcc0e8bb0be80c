import Hummingbird
import KnowledgeGraph

/// Refuses (KGH010, 421 Misdirected Request) a request whose Host header
/// names none of the server's addresses: after DNS rebinding a web page's
/// own name leads to this server, and its requests say so (``AllowedHosts``).
struct HostGuard<Context: RequestContext>: RouterMiddleware {
    let allowed: AllowedHosts

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let authority = request.head.authority
        guard allowed.accepts(authority: authority) else {
            // The name is the client's text: shown only inside the JSON answer, cut short.
            let name = String((authority ?? "").prefix(100))
            throw APIError(KGError(.unknownHost, "the Host header '\(name)' names none of this server's addresses",
                                   suggestion: "use the address the server listens on, or start it with --allow-host NAME "
                                       + "(a web page reaching the server under its own name may be a DNS rebinding attack)"))
        }
        return try await next(request, context)
    }
}
