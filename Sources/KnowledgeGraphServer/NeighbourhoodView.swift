import Dispatch
import KnowledgeGraph

/// What `GET /api/neighbourhood` answers: a node, its edges grouped by type
/// and direction with their counts, and one page of each group (the first
/// `limit` after `offset`, by a stated order), so that a hub with thousands of
/// partners is a handful of groups, never thousands of boxes.
///
/// The work is bounded: counts come from the store's indexes without reading
/// the edges; a group is read (one index range) only when it is shown or a
/// kind filter needs its members' kinds, and at most ``maxScanned`` members of
/// a group are ordered: a bigger group is sampled (its first members in the
/// index) and says so. A deadline stops ordering by degree past a time budget
/// (the group then falls back to name order and says so).
struct NeighbourhoodView {
    enum Order: String, CaseIterable, Sendable { case degree, date, name }

    var node: String
    var types: Set<String>?
    var kinds: Set<String>?
    var order: Order = .degree
    var limit = 12
    var offset = 0
    /// Only this group (an edge type) gets members; nil: every group.
    var group: String?
    /// Time budget for ordering by degree.
    var budget: Double = 0.45

    static let maxLimit = 200
    static let maxScanned = 20_000

    struct Member {
        var other: Int64
        var edge: Int64
        var outgoing: Bool
    }

    /// Reads the request's query parameters (all optional but `node`).
    static func parse(node: String?, types: String?, kinds: String?, order: String?, limit: String?, offset: String?,
                      group: String?) throws(KGError) -> NeighbourhoodView {
        guard let node, !node.isEmpty else {
            throw KGError(.invalidRequest, "say which node: /api/neighbourhood?node=NAME", suggestion: "for example /api/neighbourhood?node=Xiaomi")
        }
        var view = NeighbourhoodView(node: node)
        func list(_ text: String?) -> Set<String>? {
            guard let text, !text.isEmpty else { return nil }
            return Set(text.split(separator: ",").map { String($0) })
        }
        view.types = list(types)
        view.kinds = list(kinds)
        if let order, !order.isEmpty {
            guard let o = Order(rawValue: order) else {
                throw KGError(.invalidRequest, "order must be degree, date or name, not '\(order)'")
            }
            view.order = o
        }
        if let limit {
            guard let n = Int(limit), n >= 0, n <= maxLimit else {
                throw KGError(.invalidRequest, "limit must be a whole number from 0 to \(maxLimit), not '\(limit)'")
            }
            view.limit = n
        }
        if let offset {
            guard let n = Int(offset), n >= 0 else { throw KGError(.invalidRequest, "offset must be a whole number from 0, not '\(offset)'") }
            view.offset = n
        }
        view.group = group.flatMap { $0.isEmpty ? nil : $0 }
        return view
    }

    static func isAgreement(_ kind: String) -> Bool { kind.lowercased() == "agreement" }

    static func nodeJSON(_ node: NodeRecord) -> [String: JSONValue] {
        ["key": .string(node.key), "kind": .string(node.kind), "name": .string(node.name)]
    }

    /// One group: the edges of one type at the node, in one or both directions.
    struct Group {
        var type: String
        var phrase: String
        var out: Int
        var incoming: Int
        var id: String { type }
        var count: Int { out + incoming }
        var direction: String { out > 0 && incoming > 0 ? "both" : (out > 0 ? "out" : "in") }
    }

    /// The answer, read from `store` in one snapshot. Groups are read
    /// smallest first; once the time budget is spent, the groups left are
    /// answered with their counts alone and `"deferred": true` (the page
    /// loads one with `group=TYPE`).
    func render(_ store: GraphReading) throws(KGError) -> JSONValue {
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + UInt64(budget * 1e9)
        let schema = store.schema
        let center = try store.resolve(node)
        if let types {
            for type in types where schema.edgeTypes[type] == nil {
                throw KGError(.unknownEdgeType, "no edge type is called '\(type)'",
                              suggestion: "edge types: " + schema.edgeTypeOrder.joined(separator: ", "))
            }
        }
        var notes: [JSONValue] = []
        var all: [Group] = []
        var total = 0
        for type in schema.edgeTypeOrder {
            let out = try store.degree(of: center.id, type: type, outgoing: true)
            let incoming = try store.degree(of: center.id, type: type, outgoing: false)
            total += out + incoming
            guard out + incoming > 0 else { continue }
            let symmetric = schema.edgeTypes[type]?.isSymmetric ?? false
            let phrase = out == 0 && !symmetric ? schema.phrase(of: type, inverse: true) : schema.phrase(of: type)
            all.append(Group(type: type, phrase: phrase, out: out, incoming: incoming))
        }
        let shown = all.filter { types == nil || types!.contains($0.type) }
        var answers: [String: JSONValue] = [:]
        var deferred = 0
        for g in shown.sorted(by: { $0.count < $1.count }) {
            let wanted = group == nil || group == g.id
            var object: [String: JSONValue] = [
                "id": .string(g.id), "type": .string(g.type), "direction": .string(g.direction), "phrase": .string(g.phrase),
                "count": .int(Int64(g.count)), "out": .int(Int64(g.out)), "in": .int(Int64(g.incoming)), "members": .array([]),
            ]
            guard wanted || kinds != nil else { answers[g.id] = .object(object); continue }
            guard group == g.id || DispatchTime.now().uptimeNanoseconds < deadline else {
                object["deferred"] = .bool(true)
                deferred += 1
                answers[g.id] = .object(object)
                continue
            }
            var members: [Member] = []
            var sampled = false
            for outgoing in [true, false] where (outgoing ? g.out : g.incoming) > 0 {
                for (other, edge, _) in try store.adjacent(center.id, type: g.type, outgoing: outgoing) {
                    if members.count >= Self.maxScanned { sampled = true; break }
                    members.append(Member(other: other, edge: edge, outgoing: outgoing))
                }
            }
            // The members' records: names, kinds (for the filter and the group's histogram).
            var records: [Int64: NodeRecord] = [:]
            for record in try store.nodes(ids: members.map(\.other)) { records[record.id] = record }
            var histogram: [String: Int] = [:]
            for m in members { histogram[records[m.other]?.kind ?? "?", default: 0] += 1 }
            if let kinds { members.removeAll { !kinds.contains(records[$0.other]?.kind ?? "") } }
            let count = sampled && kinds == nil ? g.count : members.count
            if count == 0 { continue }
            object["count"] = .int(Int64(count))
            object["kinds"] = .object(histogram.mapValues { .int(Int64($0)) })
            if sampled {
                notes.append(.string("\(g.type): \(g.count) edges; only the first \(Self.maxScanned) in the index are ordered and filtered. Narrow with the kind filter."))
                object["sampled"] = .bool(true)
            }
            if wanted {
                let (page, used, note) = try self.page(members, records: records, store: store, type: g.type, deadline: deadline)
                if let note { notes.append(.string("\(g.type): \(note)")) }
                object["members"] = .array(page)
                object["order"] = .string(used.rawValue)
                object["offset"] = .int(Int64(offset))
            }
            answers[g.id] = .object(object)
        }
        if deferred > 0 {
            notes.append(.string("\(deferred) of the biggest groups were counted first, to answer within \(budget) s; they are listed by a request each (group=TYPE)."))
        }
        var centerJSON = Self.nodeJSON(center)
        centerJSON["props"] = .object(center.props)
        centerJSON["degree"] = .int(Int64(total))
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var answer: [String: JSONValue] = [
            "node": .object(centerJSON), "groups": .array(shown.compactMap { answers[$0.id] }),
            "edge_types": .array(all.map { .object(["type": .string($0.type), "count": .int(Int64($0.count))]) }),
            "order": .string(order.rawValue), "limit": .int(Int64(limit)), "elapsed_s": .double(elapsed), "notes": .array(notes),
        ]
        if let types { answer["types"] = .array(types.sorted().map(JSONValue.string)) }
        if let kinds { answer["kinds"] = .array(kinds.sorted().map(JSONValue.string)) }
        return .object(answer)
    }

    /// One page of a group, in the requested order (name breaks ties).
    private func page(_ members: [Member], records: [Int64: NodeRecord], store: GraphReading, type: String, deadline: UInt64)
        throws(KGError) -> ([JSONValue], Order, String?) {
        var order = self.order
        var note: String?
        var key: [Int64: Int] = [:]        // degree, by member
        var dateOf: [Int64: String] = [:]  // date, by edge
        switch order {
        case .degree:
            // The member's own edges of the same type (both directions): two index counts each.
            for m in members {
                if DispatchTime.now().uptimeNanoseconds > deadline {
                    note = "ordering \(members.count) members by degree took too long; ordered by name instead"
                    order = .name
                    break
                }
                key[m.other] = try store.degree(of: m.other, type: type, outgoing: true)
                    + store.degree(of: m.other, type: type, outgoing: false)
            }
        case .date:
            for edge in try store.edges(ids: members.map(\.edge)) {
                if let from = edge.period.from { dateOf[edge.id] = from.description }
            }
            for m in members where dateOf[m.edge] == nil {
                if let props = records[m.other]?.props, case .string(let date)? = props["date"] ?? props["signed"] ?? props["announced"] {
                    dateOf[m.edge] = date
                }
            }
        case .name:
            break
        }
        var folded: [Int64: String] = [:]
        for (id, record) in records { folded[id] = record.name.lowercased() }
        func name(_ m: Member) -> String { folded[m.other] ?? "" }
        let sorted: [Member]
        switch order {
        case .degree:
            sorted = members.sorted { a, b in
                let da = key[a.other] ?? 0, db = key[b.other] ?? 0
                return da != db ? da > db : name(a) < name(b)
            }
        case .date:
            sorted = members.sorted { a, b in
                let da = dateOf[a.edge] ?? "", db = dateOf[b.edge] ?? ""
                return da != db ? da > db : name(a) < name(b)
            }
        case .name:
            sorted = members.sorted { name($0) < name($1) }
        }
        let slice = sorted.dropFirst(offset).prefix(limit)
        let page = slice.map { m -> JSONValue in
            var object: [String: JSONValue] = ["edge": .int(m.edge), "direction": .string(m.outgoing ? "out" : "in")]
            if let record = records[m.other] {
                for (k, v) in Self.nodeJSON(record) { object[k] = v }
            }
            if order == .degree, let d = key[m.other] { object["degree"] = .int(Int64(d)) }
            if let date = dateOf[m.edge] { object["date"] = .string(date) }
            return .object(object)
        }
        return (page, order, note)
    }
}
