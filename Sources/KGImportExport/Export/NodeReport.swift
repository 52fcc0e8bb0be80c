import KGModel
import KGStorage

/// Everything about one node as text for people: its kind, key, aliases and
/// properties, the agreements it takes part in with every party's role, its
/// other relations read as sentences, and the evidence of each fact.
public struct NodeReport {
    public let store: any GraphReading

    public init(store: any GraphReading) { self.store = store }

    static let roleTypes: Set<String> = ["licensor", "licensee", "seller", "buyer", "party", "supplier", "customer"]

    public func render(_ node: NodeRecord) throws(KGError) -> String {
        // Names, values and quotes are shown on one line each, without control
        // characters: a hostile name cannot add lines or send terminal escapes.
        var node = node
        node.name = Self.clean(node.name)
        var out = "\(node.name) — \(Self.clean(node.kind)) (key: \(Self.clean(node.key)))\n"
        let aliases = try store.aliases(of: node.id).map(Self.clean)
        if !aliases.isEmpty { out += "  aliases: \(aliases.joined(separator: ", "))\n" }
        for key in orderedPropertyNames(node) {
            out += "  \(Self.clean(key)): \(display(node.props[key] ?? .null))\n"
        }
        out += try evidenceLines(try store.evidence(forNode: node.id), indent: "  ")

        let outgoing = try store.edges(of: node.id, outgoing: true)
        let incoming = try store.edges(of: node.id, outgoing: false)
        var names: [Int64: NodeRecord] = [node.id: node]
        func named(_ id: Int64) throws(KGError) -> NodeRecord {
            if let n = names[id] { return n }
            var n = try store.node(id: id) ?? NodeRecord(id: id, key: "?", kind: "?", name: "#\(id)")
            n.name = Self.clean(n.name)
            names[id] = n
            return n
        }

        if node.kind == "Agreement" || outgoing.contains(where: { Self.roleTypes.contains($0.type) }) {
            out += "\nParties\n"
            for edge in outgoing where Self.roleTypes.contains(edge.type) {
                out += "  \(Self.clean(edge.type)): \(try named(edge.target).name)\n"
                out += try evidenceLines(try store.evidence(forEdge: edge.id), indent: "    ")
            }
        }

        let agreementEdges = incoming.filter { Self.roleTypes.contains($0.type) }
        let agreementIDs = Array(Set(agreementEdges.map(\.source))).sorted()
        if !agreementIDs.isEmpty {
            let agreements = try agreementIDs.map { id throws(KGError) in try named(id) }
                .sorted { ($0.props["date"]?.displayText ?? "9999", $0.key) < ($1.props["date"]?.displayText ?? "9999", $1.key) }
            out += "\nAgreements (\(agreements.count))\n"
            for agreement in agreements {
                var head = "  \(agreement.name) [\(Self.clean(agreement.key))]"
                if let kind = agreement.props["kind"]?.displayText { head += " · \(Self.clean(kind))" }
                if let date = agreement.props["date"]?.displayText { head += " · \(Self.clean(date))" }
                out += head + "\n"
                let parts = try store.edges(of: agreement.id, outgoing: true)
                var roles: [String: [String]] = [:]
                var roleOrder: [String] = []
                for edge in parts {
                    let name = try named(edge.target).name
                    if roles[edge.type] == nil { roleOrder.append(edge.type) }
                    roles[edge.type, default: []].append(name)
                }
                out += "    " + roleOrder.map { "\(Self.clean($0)): \((roles[$0] ?? []).joined(separator: ", "))" }.joined(separator: " · ") + "\n"
                for key in orderedPropertyNames(agreement) where key != "kind" && key != "date" {
                    out += "    \(Self.clean(key)): \(display(agreement.props[key] ?? .null))\n"
                }
                out += try evidenceLines(try store.evidence(forNode: agreement.id), indent: "    ")
            }
        }

        let relations = outgoing.filter { !Self.roleTypes.contains($0.type) } + incoming.filter { !Self.roleTypes.contains($0.type) }
        if !relations.isEmpty {
            out += "\nRelations (\(relations.count))\n"
            for edge in relations {
                let source = try named(edge.source), target = try named(edge.target)
                var line = "  \(source.name) \(Self.clean(store.schema.phrase(of: edge.type))) \(target.name)"
                let extras = edge.props.keys.sorted().map { "\(Self.clean($0)): \(display(edge.props[$0] ?? .null))" }
                    + [edge.period.from.map { "from \($0)" }, edge.period.to.map { "until \($0)" }].compactMap { $0 }
                if !extras.isEmpty { line += " (" + extras.joined(separator: "; ") + ")" }
                out += line + "\n"
                out += try evidenceLines(try store.evidence(forEdge: edge.id), indent: "    ")
            }
        }
        return out
    }

    private func orderedPropertyNames(_ node: NodeRecord) -> [String] {
        let declared = store.schema.kinds[node.kind]?.propertyOrder ?? []
        return declared.filter { node.props[$0] != nil } + node.props.keys.filter { !declared.contains($0) }.sorted()
    }

    private func display(_ value: JSONValue) -> String { Self.clean(value.displayText ?? value.serialized) }

    static func clean(_ text: String) -> String { ResultFormatter.singleLine(text) }

    private func evidenceLines(_ evidence: [EvidenceRecord], indent: String) throws(KGError) -> String {
        if evidence.isEmpty { return "\(indent)no evidence recorded\n" }
        return evidence.map { item in
            var where_ = item.source.file
            if let date = item.source.published { where_ += ", \(date)" }
            return "\(indent)evidence (\(Self.clean(where_))): „\(Self.clean(item.quote))“\n"
        }.joined()
    }
}

extension JSONValue {
    /// The value as plain text, for tables: strings without quotes.
    public var displayText: String? {
        switch self {
        case .null: return nil
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return String(b)
        case .array, .object: return serialized
        }
    }
}
