import HTTPTypes
import Hummingbird
import KnowledgeGraph

extension KGHTTPServer {
    /// POST /api/write: graph text in the body, imported atomically by the
    /// one writer. Refused (403) unless the server was started with
    /// --allow-writes, and (401) without `Authorization: Bearer TOKEN`.
    func addWriteRoute(to router: Router<BasicRequestContext>) {
        router.post("/api/write") { request, _ -> Response in
            guard let writer = self.writer, let token = self.configuration.writeToken else {
                throw KGError(.writesDisabled, "this server is read-only", suggestion: "start it with --allow-writes --token-file FILE to accept writes")
            }
            guard token.authorizes(header: request.headers[.authorization]) else {
                var error = APIError(KGError(.unauthorized, "a write needs the server's token",
                                             suggestion: "send the header Authorization: Bearer TOKEN (the text of --token-file)"))
                error.headers[.wwwAuthenticate] = "Bearer realm=\"kg\""
                throw error
            }
            let (text, reservation) = try await self.bodyText(of: request, what: "POST /api/write")
            defer { reservation.release() }
            reservation.doneReading()
            let summary = try await writer.run { session throws(KGError) -> JSONValue in try GraphWriter.apply(text, to: session.store) }
            return APIResponse.json(summary)
        }
    }
}
