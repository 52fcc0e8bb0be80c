/// A number the planner expects, with where it comes from, for EXPLAIN.
struct Estimate {
    var value: Int
    /// "degree of Xiaomi", "average over partner_of", "count of kind Company".
    var source: String

    var text: String { "\(value) (\(source))" }

    /// `a × b` without overflow.
    static func product(_ a: Int, _ b: Int) -> Int {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : p
    }
}
