import Dispatch
import Hummingbird
import KnowledgeGraph

extension KGHTTPServer {
    /// POST /api/query, POST /api/ask, GET /api/queries, POST /api/queries/{name}.
    func addQueryRoutes(to router: Router<BasicRequestContext>) {
        router.post("/api/query") { request, _ -> Response in
            let (body, reservation) = try await self.jsonBody(of: request, what: "POST /api/query")
            defer { reservation.release() }
            var query = try QueryRequest.parse(body, textMember: "query")
            reservation.doneReading()
            query.reservedBytes = reservation.size
            return try await self.answer(query)
        }
        router.post("/api/ask") { request, _ -> Response in
            let (body, reservation) = try await self.jsonBody(of: request, what: "POST /api/ask")
            defer { reservation.release() }
            var question = try QueryRequest.parse(body, textMember: "question")
            reservation.doneReading()
            question.reservedBytes = reservation.size
            return try await self.answerQuestion(question)
        }
        router.get("/api/queries") { _, _ -> Response in
            APIResponse.json(Self.namedQueryList)
        }
        router.post("/api/queries/:name") { request, context -> Response in
            let named = try NamedQuery.named(try request.pathParameter("name", in: context))
            let (body, reservation) = try await self.jsonBody(of: request, what: "POST /api/queries/{name}", optional: true)
            defer { reservation.release() }
            var query = try QueryRequest.parse(body.isEmpty ? "{}" : body, textMember: nil)
            reservation.doneReading()
            query.reservedBytes = reservation.size
            query.parameters = try named.bind(query.parameters)
            query.text = named.text
            return try await self.answer(query, extra: ["query_text": .string(named.text)])
        }
    }

    /// The built-in named queries (GET /api/queries): they never change, so
    /// the answer is built once.
    static let namedQueryList: JSONValue = {
        let list = NamedQuery.builtin.values.sorted { $0.name < $1.name }.map { query -> JSONValue in
            .object(["name": .string(query.name), "summary": .string(query.summary), "text": .string(query.text),
                     "parameters": .array(query.parameters.map { p in
                         var object: [String: JSONValue] = ["name": .string(p.name), "description": .string(p.description)]
                         if let d = p.defaultValue { object["default"] = .string(d) }
                         return .object(object)
                     })])
        }
        return .object(["queries": .array(list)])
    }()

    /// Runs a query on a free reader and renders its answer there.
    func answer(_ request: QueryRequest, extra: [String: JSONValue] = [:]) async throws(KGError) -> Response {
        let text = request.text ?? ""
        return try await runOnReader(request) { session, options throws(KGError) in
            (try session.engine.execute(text, options: options), extra)
        }
    }

    /// The request's limits and options, `execute` on a free reader, timed,
    /// and its result rendered there with the members `execute` adds.
    func runOnReader(_ request: QueryRequest,
                     execute: @escaping @Sendable (EngineSession, QueryEngine.Options) throws(KGError) -> (QueryResult, [String: JSONValue]))
        async throws(KGError) -> Response {
        var requestLimits = try configuration.limits.queryLimits(timeout: request.timeout, maxRows: request.maxRows)
        // One budget per request: what its body and parsed parameters hold
        // is not there for the query.
        requestLimits.memoryLimit = max(requestLimits.memoryLimit - request.reservedBytes, 0)
        let limits = requestLimits
        let cancellation = self.cancellation
        let rendered = try await readers.run { session throws(KGError) -> AnswerRenderer.Rendered in
            let start = DispatchTime.now().uptimeNanoseconds
            // One budget for the request: the query's text, its run and its rendering.
            let budget = QueryBudget(limits: limits, cancellation: cancellation)
            let options = QueryEngine.Options(parameters: request.parameters,
                                              tracksFacts: request.why || request.format == .dot || request.format == .svg, budget: budget)
            let (result, extra) = try execute(session, options)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return try AnswerRenderer(session: session, budget: budget)
                .render(result, format: request.format, why: request.why, elapsed: elapsed, extra: extra)
        }
        return Self.response(rendered)
    }

    static func response(_ rendered: AnswerRenderer.Rendered) -> Response {
        switch rendered {
        case .json(let value): return APIResponse.json(value)
        case .text(let text, let contentType): return APIResponse.text(text, contentType: contentType)
        case .svg(let data): return APIResponse.bytes(ByteBuffer(bytes: data), contentType: "image/svg+xml")
        }
    }
}
