/// `ANY (v IN xs WHERE v > 1)` and its siblings: whether any, all, none or
/// exactly one item of a list satisfies a condition over the item variable.
/// Null items count as unknown (three-valued, as in Cypher).
public struct ListPredicate: Sendable, Hashable {
    public enum Quantifier: String, Sendable, Hashable, CaseIterable {
        case any = "ANY", all = "ALL", none = "NONE", single = "SINGLE"
    }

    public var quantifier: Quantifier
    /// The item variable, visible only in `condition`.
    public var variable: String
    public var list: Expression
    public var condition: Expression

    public init(quantifier: Quantifier, variable: String, list: Expression, condition: Expression) {
        self.quantifier = quantifier
        self.variable = variable
        self.list = list
        self.condition = condition
    }
}
