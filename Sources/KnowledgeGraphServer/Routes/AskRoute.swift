import Hummingbird
import KnowledgeGraph

extension KGHTTPServer {
    /// POST /api/ask: a plain-word question ("who licenses patents to Xiaomi"),
    /// answered through the query kg ask makes of it. Until kg ask is part of
    /// this build it answers 501 (KGH008), saying to send a query instead.
    func answerQuestion(_ request: QueryRequest) async throws(KGError) -> Response {
        throw KGError(.askUnavailable, "plain-word questions need kg ask, which this build does not have",
                      suggestion: "send a query to POST /api/query, e.g. MATCH (who)-[:licenses_patents_to]->(\"Xiaomi\") RETURN DISTINCT who")
    }
}
