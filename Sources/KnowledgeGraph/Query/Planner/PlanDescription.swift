import Foundation

/// The plan as text for EXPLAIN (and, with measurements, PROFILE): one line
/// per stage saying what it does, where it starts, which index it uses and
/// how repetition is evaluated.
struct PlanDescription {
    let plan: QueryPlan
    let profile: [(rows: Int, nanoseconds: UInt64)]?

    var text: String { lines.joined(separator: "\n") + "\n" }

    var lines: [String] {
        let query = plan.query
        var out: [String] = []
        for (i, stage) in plan.stages.enumerated() {
            var line = "\(i + 1). "
            switch stage {
            case .anchor(let p, let n, let strategy):
                let pattern = query.patterns[p]
                line += "start pattern \(p + 1) at \(pattern.nodes[n].label): "
                switch strategy {
                case .named(_, let label): line += "named node \(label) (index lookup by key, name or alias)"
                case .bound(let v): line += "variable \(v) bound by an earlier pattern"
                case .propertyLookup(let key, let value): line += "lookup by \(key) = \(QueryPrinter.format(value)) (index \(key == "key" ? "on key" : "nodes_by_name"))"
                case .kindScan(let kinds, let estimate): line += "scan kind \(kinds.joined(separator: "|")) (index nodes_by_kind, ~\(estimate) nodes)"
                case .fullScan(let estimate): line += "scan all nodes (~\(estimate))"
                }
            case .expand(let p, let s, let backward):
                let pattern = query.patterns[p]
                let step = pattern.steps[s]
                let from = backward ? pattern.nodes[s + 1] : pattern.nodes[s]
                let to = backward ? pattern.nodes[s] : pattern.nodes[s + 1]
                line += "expand \(from.label) \(step.text) \(to.label)"
                line += backward ? " right to left" : " left to right"
                line += ": " + strategy(step, backward: backward)
            case .shortest(let p, let bidirectional, let all):
                line += "\(all ? "all shortest paths" : "shortest path") \(query.patterns[p].text): "
                line += bidirectional ? "bidirectional breadth-first search from both bound ends" : "breadth-first search"
            case .bindPath(let p):
                line += "bind path variable of pattern \(p + 1)"
            case .filter(let condition):
                line += "filter WHERE \(QueryPrinter.format(condition))"
            case .project:
                let clause = query.returnClause
                line += "return " + (clause.star ? "*" : clause.items.map { QueryPrinter.format($0.expression) }.joined(separator: ", "))
                if clause.items.contains(where: { $0.expression.containsAggregate }) { line += " (grouped)" }
                if clause.distinct { line += " distinct" }
                if !clause.orderBy.isEmpty { line += " ordered" }
            }
            if let profile, i < profile.count {
                line += String(format: "  [rows %d, %.3f ms]", profile[i].rows, Double(profile[i].nanoseconds) / 1e6)
            }
            out.append(line)
        }
        if let window = query.window { out.append("time: only facts valid \(window.text)") }
        // How each word in node position was read (NamingRule).
        for reading in query.readings { out.append("read \(reading.word): \(reading.reading)") }
        return out
    }

    private func strategy(_ step: BoundStep, backward: Bool) -> String {
        switch step {
        case .edge(let edge, let quantifier):
            var parts: [String] = []
            for type in edge.types {
                let forward = type.inverse == backward
                if type.derived {
                    parts.append("derived \(type.name) (its definition walked from the \(forward ? "x" : "y") end)")
                } else if edge.undirected || type.isSymmetric {
                    parts.append("\(type.name) both ways (indexes edges_out and edges_in)")
                } else {
                    parts.append("\(type.name) via index \(forward ? "edges_out (type, src)" : "edges_in (type, dst)")")
                }
            }
            if edge.types.isEmpty { parts.append("any type via \(edge.undirected ? "both indexes" : (edge.reversed == backward ? "edges_out" : "edges_in")), one probe per type") }
            var text = parts.joined(separator: "; ")
            if let q = quantifier {
                text += "; repeated \(q.min)..\(q.max.map(String.init) ?? "") as a breadth-first frontier with a visited set (endpoints once each)"
            }
            return text
        case .group(let sequence, let q):
            return "composite segment \(sequence.text) repeated \(q.min)..\(q.max.map(String.init) ?? "") as a breadth-first frontier with a visited set"
        }
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
