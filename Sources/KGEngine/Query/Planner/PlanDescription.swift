import Foundation

/// The plan as text for EXPLAIN (and, with what each operator did, PROFILE):
/// the operator tree that runs, root first, each input indented under the
/// operator it feeds, with the planner's estimate of the rows each hands on.
///
///     Return DISTINCT who: distinct by hash
///       Expand (a:Agreement) <-[:licensor]- (who) right to left: licensor via index edges_out (type, src); … per row  (~4 rows)
///         Expand (Xiaomi) -[:licensee]-> (a:Agreement) right to left: licensee via index edges_in (type, dst); … per row  (~2 rows)
///           NodeSeek (Xiaomi): named node (Xiaomi) …  (~1 rows)
///
/// Then the time window, and how each word in node position was read.
struct PlanDescription {
    let plan: QueryPlan
    /// PROFILE: add rows in and out, own time and peak memory per operator.
    let profiled: Bool
    /// The plans of the query's `EXISTS { … }`, by number, run from each row
    /// that evaluates them (PROFILE: the plans that ran, with their counts).
    var exists: [Int: QueryPlan] = [:]

    var text: String { lines.joined(separator: "\n") + "\n" }

    var lines: [String] {
        var out = operatorLines(plan, indent: 0)
        for (position, id) in exists.keys.sorted().enumerated() {
            guard let nested = exists[id] else { continue }
            out.append("EXISTS \(position + 1) (in the order written), run from each row that evaluates it; the first match stops it:")
            out += operatorLines(nested, indent: 1)
        }
        let query = plan.query
        if let window = query.window { out.append("time: only facts valid \(window.text)") }
        // How each word in node position was read (NamingRule).
        for reading in query.readings { out.append("read \(reading.word): \(reading.reading)") }
        return out
    }

    private func operatorLines(_ plan: QueryPlan, indent: Int) -> [String] {
        let query = plan.query
        var out: [String] = []
        for (depth, op) in plan.operators {
            var line = String(repeating: "  ", count: depth + indent) + op.describe(query)
            line += "  (~\(op.estimatedRows) rows)"
            if profiled {
                let s = op.statistics
                line += String(format: "  [rows %d in, %d out, %.3f ms, peak memory %@]", s.rowsIn, s.rowsOut,
                               Double(s.ownNanoseconds) / 1e6, Self.bytes(s.peakBytes))
            }
            out.append(line)
        }
        return out
    }

    static func bytes(_ n: Int) -> String {
        n < 10_000 ? "\(n) B" : n < 10_000_000 ? "\(n / 1024) KiB" : "\(n / (1024 * 1024)) MiB"
    }
}

extension BoundStep {
    var text: String {
        switch self {
        case .edge(let e, let q):
            guard let q else { return e.text }
            return e.text.hasSuffix("}") || e.text.hasSuffix("+") || e.text.hasSuffix("*") || e.text.hasSuffix("?") ? e.text : e.text + "{\(q.min),\(q.max.map(String.init) ?? "")}"
        case .group(let s, _): return s.text
        }
    }
}
