import KGEngine

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
        /// The value of a property (when was … founded, how many parameters …).
        case value
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
    /// For a "no": how the two nodes are connected otherwise, if they are
    /// (up to three shortest paths over any edges), so that "no" is not read
    /// as "nothing to do with each other".
    public var otherConnections: [PathValue] = []
    /// How many readings of the question kg found and answered (more than
    /// one when the words allow two, e.g. German "Was übertrifft MiMo?").
    public var readings: Int = 1
    /// The answers to the other readings, when there are several.
    public var otherReadings: [AskAnswer] = []
    /// Warnings to show with the answer (a directed type asked with a phrase
    /// that reads both ways, facts without dates left out).
    public var warnings: [String] = []
    /// The answer in a sentence, when the table alone would not say it
    /// ("No one in the graph licenses patents to Apple.").
    public var sentence: String?

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
