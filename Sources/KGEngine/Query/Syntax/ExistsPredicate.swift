/// `EXISTS { (a)-[:partner_of]-(b) }` or `EXISTS { MATCH … [WHERE …] }`: true
/// when the patterns match at least once with the enclosing row's variables
/// as they are (a variable of the outer query is a join; new variables are
/// local to the braces). Usable in WHERE and RETURN; `RETURN EXISTS {…}`
/// alone asks a yes/no question and returns one row.
public struct ExistsPredicate: Sendable, Hashable {
    /// Numbers the EXISTS of one query text in order (the binder keeps the
    /// bound pattern of each under this number).
    public var id: Int
    public var patterns: [PathPattern]
    public var condition: Expression?

    public init(id: Int, patterns: [PathPattern], condition: Expression? = nil) {
        self.id = id
        self.patterns = patterns
        self.condition = condition
    }
}
