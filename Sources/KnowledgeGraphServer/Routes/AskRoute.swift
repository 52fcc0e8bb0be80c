import Dispatch
import Hummingbird
import KnowledgeGraph

extension KGHTTPServer {
    /// POST /api/ask: a plain-word question ("who licenses patents to Xiaomi"),
    /// read by kg ask (``QuestionAnswerer``) into a query that is run on a
    /// free reader. The answer is a query answer plus `query_text` (the query
    /// the question became) and `understood` (how each part was read).
    func answerQuestion(_ request: QueryRequest) async throws(KGError) -> Response {
        let limits = try configuration.limits.queryLimits(timeout: request.timeout, maxRows: request.maxRows)
        let question = request.text ?? ""
        let rendered = try await readers.run { session throws(KGError) -> AnswerRenderer.Rendered in
            let start = DispatchTime.now().uptimeNanoseconds
            let options = QueryEngine.Options(parameters: request.parameters, limits: limits,
                                              tracksFacts: request.why || request.format == .dot || request.format == .svg)
            let answer = try QuestionAnswerer(engine: session.engine).ask(question, options: options)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return try AnswerRenderer(session: session).render(
                answer.result, format: request.format, why: request.why, elapsed: elapsed,
                extra: ["question": .string(question), "query_text": .string(answer.queryText),
                        "understood": .array(answer.understood.map(JSONValue.string))])
        }
        return Self.response(rendered)
    }
}
