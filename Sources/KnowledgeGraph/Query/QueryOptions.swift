/// Options for one query run: parameter values, the budget, whether answers
/// keep the facts they rest on, and a flag that cancels the run.
///
///     let options = QueryOptions(parameters: ["company": .string("Xiaomi")], tracksFacts: true)
///     let result = try engine.execute("MATCH (h = $company)-[:partner_of]-(c) RETURN c.name", options: options)
public struct QueryOptions: Sendable {
    public var parameters: [String: Value]
    public var limits: QueryLimits
    /// Keep the facts each row rests on (for `--why` and DOT of the answer).
    public var tracksFacts: Bool
    public var cancellation: CancellationFlag?

    public init(parameters: [String: Value] = [:], limits: QueryLimits = QueryLimits(), tracksFacts: Bool = false,
                cancellation: CancellationFlag? = nil) {
        self.parameters = parameters
        self.limits = limits
        self.tracksFacts = tracksFacts
        self.cancellation = cancellation
    }
}
