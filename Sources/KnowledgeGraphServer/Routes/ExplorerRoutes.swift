import Hummingbird
import KnowledgeGraph

extension KGHTTPServer {
    /// The explorer's routes: GET /api/neighbourhood (a node's edges grouped
    /// by type with counts, one page of each group), GET /api/edges/{id} (an
    /// edge with its evidence and agreement), POST /api/parse (whether a text
    /// parses as a query, so the page sends it to /api/query, not /api/ask).
    func addExplorerRoutes(to router: Router<BasicRequestContext>) {
        router.get("/api/neighbourhood") { request, _ -> Response in
            let view = try NeighbourhoodView.parse(
                node: request.queryParameter("node"), types: request.queryParameter("types"), kinds: request.queryParameter("kinds"),
                order: request.queryParameter("order"), limit: request.queryParameter("limit"), offset: request.queryParameter("offset"),
                group: request.queryParameter("group"))
            let answer = try await Self.namingResource {
                try await self.readers.run { session throws(KGError) -> JSONValue in
                    let store = session.store
                    return try store.read { () throws -> JSONValue in try view.render(store) }
                }
            }
            return APIResponse.json(answer)
        }
        router.get("/api/edges/:id") { request, context -> Response in
            let id = try request.pathParameter("id", in: context)
            do {
                let answer = try await self.readers.run { session throws(KGError) -> JSONValue in
                    try EdgeView.render(id, store: session.store)
                }
                return APIResponse.json(answer)
            } catch let error as KGError where error.code == .unknownEdge {
                throw APIError(error, status: .notFound)
            }
        }
        router.post("/api/parse") { request, _ -> Response in
            let (body, reservation) = try await self.jsonBody(of: request, what: "POST /api/parse")
            defer { reservation.release() }
            let members = try RequestJSON.object(body)
            reservation.doneReading()
            guard case .string(let text)? = members["query"], members.count == 1 else {
                throw KGError(.invalidRequest, "the request must be {\"query\": TEXT}",
                              suggestion: "for example {\"query\": \"RETURN 1\"}")
            }
            return APIResponse.json(Self.parseCheck(text))
        }
    }

    /// `{"query": true}`, or `{"query": false, "error": …}` with the parser's error.
    static func parseCheck(_ text: String) -> JSONValue {
        do {
            _ = try Parser.parse(text)
            return .object(["query": .bool(true)])
        } catch {
            return .object(["query": .bool(false), "error": APIError.json(error, status: .badRequest).objectValue?["error"] ?? .null])
        }
    }
}
