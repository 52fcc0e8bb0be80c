import Hummingbird
import KnowledgeGraph

extension KGHTTPServer {
    /// GET /api/nodes/{name}, GET /api/schema, GET /api/dot.
    func addGraphRoutes(to router: Router<BasicRequestContext>) {
        router.get("/api/nodes/:name") { request, context -> Response in
            let name = try request.pathParameter("name", in: context)
            let node = try await Self.namingResource {
                try await self.readers.run { session throws(KGError) -> JSONValue in
                    let store = session.store
                    let node = try store.resolve(name)
                    return .object(["key": .string(node.key), "kind": .string(node.kind), "name": .string(node.name),
                                    "props": .object(node.props), "aliases": .array(try store.aliases(of: node.id).map(JSONValue.string)),
                                    "report": .string(try NodeReport(store: store).render(node))])
                }
            }
            return APIResponse.json(node)
        }
        router.get("/api/schema") { _, _ -> Response in
            let schema = try await self.readers.run { session throws(KGError) -> JSONValue in SchemaJSON.json(session.store.schema) }
            return APIResponse.json(schema)
        }
        router.get("/api/dot") { request, _ -> Response in
            guard let around = request.queryParameter("around"), !around.isEmpty else {
                throw KGError(.invalidRequest, "say which node to draw: /api/dot?around=NAME", suggestion: "for example /api/dot?around=Xiaomi&hops=1")
            }
            let hops = try self.hops(request.queryParameter("hops"))
            let format = request.queryParameter("format") ?? "dot"
            guard format == "dot" || format == "svg" else {
                throw KGError(.invalidRequest, "format must be dot or svg, not '\(format)'")
            }
            let collapse = try Self.flag(request.queryParameter("collapse"), name: "collapse")
            let types = request.queryParameter("types").map { $0.split(separator: ",").map(String.init) }
            let rendered = try await Self.namingResource {
                try await self.readers.run { session throws(KGError) -> AnswerRenderer.Rendered in
                    let store = session.store
                    let center = try store.resolve(around)
                    let subgraph = try store.neighbourhood(of: center.id, hops: hops, types: types)
                    var options = AnswerRenderer.pictureOptions
                    options.collapseAgreements = collapse
                    let dot = try DotExporter(store: store, options: options).render(subgraph)
                    return try AnswerRenderer.picture(dot, format: format == "svg" ? .svg : .dot)
                }
            }
            return Self.response(rendered)
        }
    }

    /// `hops=N`: 0 up to the server's limit, 1 when not given.
    func hops(_ text: String?) throws(KGError) -> Int {
        guard let text else { return 1 }
        let limit = configuration.limits.maxHops
        guard let hops = Int(text), hops >= 0, hops <= limit else {
            throw KGError(.invalidRequest, "hops must be a whole number from 0 to \(limit), not '\(text)'")
        }
        return hops
    }

    static func flag(_ text: String?, name: String) throws(KGError) -> Bool {
        switch text {
        case nil, "false", "0": return false
        case "true", "1", "": return true
        case let other?: throw KGError(.invalidRequest, "\(name) must be true or false, not '\(other)'")
        }
    }
}

extension KGHTTPServer {
    /// Runs `body` for a route whose URL names a node: an unknown node is a
    /// resource that is not there (404), with the same error value as the
    /// CLI (KGB006 and its suggestion). In a query it is a bad query (400).
    static func namingResource<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as KGError where error.code == .unknownNode {
            throw APIError(error, status: .notFound)
        }
    }
}
