/// The answer to a plain-word question: the query kg ran (as text and as a
/// syntax tree), its result, and how the question was read.
public struct AskAnswer: Sendable {
    /// What kind of answer the question asks for.
    public enum Shape: String, Sendable, Hashable {
        /// Nodes (who, what, which …).
        case list
        /// A number (how many …).
        case count
        /// Yes or no (is …, does …).
        case yesNo = "yes_no"
        /// A path between two nodes (how is … connected to …).
        case path
    }

    /// The question as asked.
    public let question: String
    /// The query kg ran, printed by ``QueryPrinter``.
    public let queryText: String
    /// The query kg ran, as a syntax tree.
    public let query: Query
    public let result: QueryResult
    /// How kg read the question, piece by piece: "who", "'licenses patents to' = licenses_patents_to", "Xiaomi (Company)".
    public let understood: [String]
    public let shape: Shape
    /// The language of the phrases the question used (`en`, `de`).
    public let language: String
    /// For a yes/no question, the statement asked about: "IKEA is a partner of Xiaomi".
    public let statement: String?

    /// For a yes/no question: whether the graph says yes.
    public var verdict: Bool? {
        guard shape == .yesNo else { return nil }
        if case .int(let n)? = result.rows.first?.first { return n > 0 }
        return false
    }

    /// For a count: the number.
    public var number: Int64? {
        guard shape == .count else { return nil }
        if case .int(let n)? = result.rows.first?.first { return n }
        return 0
    }
}
