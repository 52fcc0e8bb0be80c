import KGModel
import KGStorage

/// Gathers the evidence for the facts an answer rests on: one item per
/// distinct quoted sentence, naming every fact it supports.
public struct EvidenceItem: Sendable, Hashable {
    public var source: SourceRecord
    public var quote: String
    /// The facts the sentence supports, as sentences ("Nokia sells patents to Xiaomi has seller Nokia").
    public var facts: [String]
}

extension GraphReading {
    /// The evidence for `facts`, in the order the facts are given, each quote once.
    public func evidenceItems(for facts: [Fact]) throws(KGError) -> [EvidenceItem] {
        var items: [EvidenceItem] = []
        var index: [String: Int] = [:]
        var names: [Int64: NodeRecord] = [:]
        func name(_ id: Int64) throws(KGError) -> NodeRecord {
            if let n = names[id] { return n }
            let n = try node(id: id) ?? NodeRecord(id: id, key: "#\(id)", kind: "?", name: "#\(id)")
            names[id] = n
            return n
        }
        var seen = Set<Fact>()
        for fact in facts where seen.insert(fact).inserted {
            let records: [EvidenceRecord]
            let statement: String
            switch fact {
            case .edge(let id):
                guard let e = try edge(id: id) else { continue }
                records = try evidence(forEdge: id)
                statement = "\(try name(e.source).name) \(schema.phrase(of: e.type)) \(try name(e.target).name)"
            case .node(let id):
                records = try evidence(forNode: id)
                let n = try name(id)
                statement = "\(n.name) (\(n.kind))"
            }
            for record in records {
                let key = record.source.key + "\u{0}" + record.quote
                if let i = index[key] {
                    if !items[i].facts.contains(statement) { items[i].facts.append(statement) }
                } else {
                    index[key] = items.count
                    items.append(EvidenceItem(source: record.source, quote: record.quote, facts: [statement]))
                }
            }
        }
        return items
    }
}

extension GraphReading {
    /// The facts among `facts` that have no evidence at all, as sentences
    /// (CSV rows without source and quote, for example), so that an answer
    /// can say "no evidence recorded" instead of saying nothing.
    public func factsWithoutEvidence(_ facts: [Fact]) throws(KGError) -> [String] {
        var out: [String] = []
        var seen = Set<Fact>()
        for fact in facts where seen.insert(fact).inserted {
            switch fact {
            case .edge(let id):
                guard try evidence(forEdge: id).isEmpty, let e = try edge(id: id) else { continue }
                let a = try node(id: e.source)?.name ?? "#\(e.source)", b = try node(id: e.target)?.name ?? "#\(e.target)"
                out.append("\(a) \(schema.phrase(of: e.type)) \(b)")
            case .node(let id):
                guard try evidence(forNode: id).isEmpty, let n = try node(id: id) else { continue }
                out.append("\(n.name) (\(n.kind))")
            }
        }
        return out
    }
}

extension EvidenceItem {
    /// The item as a query value: {facts, source, file, published, quote}.
    package var value: Value {
        var map: [String: Value] = ["facts": .list(facts.map(Value.string)), "source": .string(source.key),
                                    "file": .string(source.file), "quote": .string(quote)]
        if let published = source.published { map["published"] = .date(published) }
        return .map(map)
    }
}
