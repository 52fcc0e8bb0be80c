import KnowledgeGraph

/// What `GET /api/edges/{id}` answers: one stored edge, its two ends, how it
/// reads, its evidence (quote, article, date), and, when one end is an
/// agreement, that agreement: its properties, its parties by role and its
/// own evidence.
enum EdgeView {
    static func render(_ id: String, store: GraphReading) throws(KGError) -> JSONValue {
        guard let number = Int64(id), number > 0, let edge = try store.edge(id: number) else {
            throw KGError(.unknownEdge, "no edge has the id '\(id)'", suggestion: "edge ids come from /api/neighbourhood")
        }
        let ends = try store.nodes(ids: [edge.source, edge.target])
        guard let from = ends.first(where: { $0.id == edge.source }), let to = ends.first(where: { $0.id == edge.target }) else {
            throw KGError(.storage, "edge \(id) joins nodes that are not there")
        }
        let schema = store.schema
        var object: [String: JSONValue] = [
            "id": .int(edge.id), "type": .string(edge.type), "phrase": .string(schema.phrase(of: edge.type)),
            "from": .object(NeighbourhoodView.nodeJSON(from)), "to": .object(NeighbourhoodView.nodeJSON(to)),
            "props": .object(edge.props), "evidence": .array(try evidence(store.evidence(forEdge: edge.id))),
        ]
        if let start = edge.period.from { object["valid_from"] = .string(start.description) }
        if let end = edge.period.to { object["valid_to"] = .string(end.description) }
        if let agreement = [from, to].first(where: { NeighbourhoodView.isAgreement($0.kind) }) {
            object["agreement"] = try self.agreement(agreement, store: store)
        }
        return .object(object)
    }

    static func agreement(_ node: NodeRecord, store: GraphReading) throws(KGError) -> JSONValue {
        // The parties: the agreement's role edges (at most a few hundred are listed).
        let roles = try store.edges(of: node.id, outgoing: true).prefix(200)
        var parties: [Int64: NodeRecord] = [:]
        for record in try store.nodes(ids: roles.map(\.target)) { parties[record.id] = record }
        var object = NeighbourhoodView.nodeJSON(node)
        object["props"] = .object(node.props)
        object["parties"] = .array(roles.compactMap { role -> JSONValue? in
            guard let party = parties[role.target] else { return nil }
            var p = NeighbourhoodView.nodeJSON(party)
            p["role"] = .string(role.type)
            p["edge"] = .int(role.id)
            return .object(p)
        })
        object["evidence"] = .array(try evidence(store.evidence(forNode: node.id)))
        return .object(object)
    }

    static func evidence(_ items: [EvidenceRecord]) -> [JSONValue] {
        items.map { item in
            var object: [String: JSONValue] = ["quote": .string(item.quote), "file": .string(item.source.file), "source": .string(item.source.key)]
            if let title = item.source.title { object["title"] = .string(title) }
            if let published = item.source.published { object["published"] = .string(published.description) }
            return .object(object)
        }
    }
}
