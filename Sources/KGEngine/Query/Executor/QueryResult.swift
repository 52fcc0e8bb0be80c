/// The answer to a query: named columns and rows of values, plus what the
/// rows rest on (for evidence, `--why` and DOT of the answer).
public struct QueryResult: Sendable {
    public var columns: [String]
    public var rows: [[Value]]
    /// For each row, the facts (edges, agreement nodes) it rests on, when tracked.
    public var rowFacts: [[Fact]]
    /// Every node and stored edge the matched patterns touched.
    public var touchedNodes: Set<Int64>
    public var touchedEdges: Set<Int64>
    /// The plan as text (EXPLAIN, PROFILE), or nil.
    public var planText: String?
    /// What the writer of the query should know; never changes the rows.
    public var warnings: [QueryWarning] = []
}
