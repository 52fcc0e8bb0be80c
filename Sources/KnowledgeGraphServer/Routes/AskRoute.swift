import Hummingbird
import KnowledgeGraph

extension KGHTTPServer {
    /// POST /api/ask: a plain-word question ("who licenses patents to Xiaomi"),
    /// read by kg ask (``QuestionAnswerer``) into a query that is run on a
    /// free reader. The answer is a query answer plus `query_text` (the query
    /// the question became) and `understood` (how each part was read).
    func answerQuestion(_ request: QueryRequest) async throws(KGError) -> Response {
        let question = request.text ?? ""
        return try await runOnReader(request) { session, options throws(KGError) in
            let answer = try QuestionAnswerer(engine: session.engine).ask(question, options: options)
            return (answer.result, ["question": .string(question), "query_text": .string(answer.queryText),
                                    "understood": .array(answer.understood.map(JSONValue.string))])
        }
    }
}
