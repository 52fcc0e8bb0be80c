import KGModel
import KGSQLite

/// Writes a whole graph as JSON lines for programs, one object per line:
///
///     {"type":"source","key":"spiegel","file":"002.txt","published":"2016-06",…}
///     {"type":"node","key":"xiaomi","kind":"Company","name":"Xiaomi","props":{…},"aliases":["小米"],"evidence":[{"source":…,"quote":…}]}
///     {"type":"edge","src":"microsoft","edge_type":"partner_of","dst":"xiaomi","props":{…},"from":"2016","evidence":[…]}
///
/// Sources first, then nodes, then edges, each in id order.
public struct JSONLinesGraphExporter {
    public let store: GraphStore

    public init(store: GraphStore) { self.store = store }

    public func export(to write: (String) throws(KGError) -> Void) throws(KGError) {
        for s in try store.sourcesInOrder() {
            var object: [String: JSONValue] = ["type": .string("source"), "key": .string(s.key), "file": .string(s.file)]
            if let title = s.title { object["title"] = .string(title) }
            if let published = s.published { object["published"] = .string(published.description) }
            if let language = s.language { object["language"] = .string(language) }
            if let author = s.author { object["author"] = .string(author) }
            try write(JSONValue.object(object).serialized + "\n")
        }
        let aliases = try store.allAliases()
        let evidence = try store.allEvidence()
        func items(_ list: [(source: String, quote: String)]?) -> JSONValue {
            .array((list ?? []).map { .object(["source": .string($0.source), "quote": .string($0.quote)]) })
        }
        var failure: KGError?
        try store.forEachNode { node in
            let object: [String: JSONValue] = ["type": .string("node"), "key": .string(node.key), "kind": .string(node.kind), "name": .string(node.name),
                                               "props": .object(node.props), "aliases": .array((aliases[node.id] ?? []).map(JSONValue.string)),
                                               "evidence": items(evidence.nodes[node.id])]
            do { try write(JSONValue.object(object).serialized + "\n") } catch { failure = KGError.wrap(error); throw error }
        }
        if let failure { throw failure }
        let keys = try store.nodeKeys()
        try store.forEachEdge { edge in
            var object: [String: JSONValue] = ["type": .string("edge"), "src": .string(keys[edge.source] ?? ""), "edge_type": .string(edge.type),
                                               "dst": .string(keys[edge.target] ?? ""), "props": .object(edge.props),
                                               "evidence": items(evidence.edges[edge.id])]
            if let from = edge.period.from { object["from"] = .string(from.description) }
            if let to = edge.period.to { object["to"] = .string(to.description) }
            do { try write(JSONValue.object(object).serialized + "\n") } catch { failure = KGError.wrap(error); throw error }
        }
        if let failure { throw failure }
    }
}
