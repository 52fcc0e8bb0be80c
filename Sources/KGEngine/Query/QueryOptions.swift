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
    /// The budget of the whole request this query belongs to, when the
    /// caller keeps one from its first byte to its last (reading, parsing,
    /// running and rendering: see ``QueryBudget``); its limits and
    /// cancellation then stand for ``limits`` and ``cancellation``. Nil: the
    /// engine starts a budget when ``GraphQueryEngine/execute(_:options:)``
    /// is called, for the parse and the run.
    public var budget: QueryBudget?

    public init(parameters: [String: Value] = [:], limits: QueryLimits = QueryLimits(), tracksFacts: Bool = false,
                cancellation: CancellationFlag? = nil, budget: QueryBudget? = nil) {
        self.parameters = parameters
        self.limits = budget?.limits ?? limits
        self.tracksFacts = tracksFacts
        self.cancellation = budget?.cancellation ?? cancellation
        self.budget = budget
    }

    /// The request's budget, or a new one (clock starting now) from ``limits`` and ``cancellation``.
    func requestBudget() -> QueryBudget { budget ?? QueryBudget(limits: limits, cancellation: cancellation) }
}
