/// How ``DotExporter`` draws a subgraph.
public struct DotOptions: Sendable, Equatable {
    /// How nodes are grouped into boxes.
    public enum Clustering: String, Sendable, CaseIterable {
        /// No grouping.
        case none
        /// One box (`subgraph cluster_<Kind>`) per node kind.
        case kind
    }

    public static let defaultMaxNodes = 2000

    /// A box `cluster_legend` with one sample node per kind drawn.
    public var legend: Bool
    public var cluster: Clustering
    /// Draw each agreement as edges between its parties instead of a node.
    public var collapseAgreements: Bool
    /// More nodes than this is an error (``ErrorCode/tooLarge``).
    public var maxNodes: Int
    /// A title drawn above the graph.
    public var title: String?

    public init(legend: Bool = false, cluster: Clustering = .none, collapseAgreements: Bool = false,
                maxNodes: Int = DotOptions.defaultMaxNodes, title: String? = nil) {
        self.legend = legend
        self.cluster = cluster
        self.collapseAgreements = collapseAgreements
        self.maxNodes = maxNodes
        self.title = title
    }
}

/// Writes a subgraph as a GraphViz DOT file (see docs/dot-export.md).
///
/// The output is deterministic: the same graph and options give the same
/// bytes. Nodes are `n<id>`, written in key order; edges in the order of
/// source key, type, target key and edge id. Every id and label is quoted
/// and escaped by ``DotEscaping``, so no name can change the file's structure.
///
///     let store = try GraphStore.open(at: "deals.sqlite")
///     let around = try store.neighbourhood(of: try store.resolve("Xiaomi").id, hops: 1)
///     let dot = try DotExporter(store: store, options: DotOptions(legend: true)).render(around)
public struct DotExporter {
    public let store: any GraphReading
    public let options: DotOptions

    public init(store: any GraphReading, options: DotOptions = DotOptions()) {
        self.store = store
        self.options = options
    }

    /// Role types whose edges, collapsed, run from the first role to the second.
    static let directedRolePairs: [(from: String, to: String)] = [("licensor", "licensee"), ("seller", "buyer"), ("supplier", "customer")]
    /// The role type whose parties, collapsed, are joined without direction.
    static let mutualRole = "party"
    static var roleTypes: Set<String> {
        Set(directedRolePairs.flatMap { [$0.from, $0.to] } + [mutualRole])
    }

    /// The DOT text of `subgraph`. Throws ``ErrorCode/tooLarge`` when it has
    /// more than `options.maxNodes` nodes.
    public func render(_ subgraph: Subgraph) throws(KGError) -> String {
        let records = try SubgraphRecords.load(subgraph, from: store, maxNodes: options.maxNodes)
        let schema = store.schema

        // Agreements drawn as edges between their parties.
        var collapsedEdges: [DrawnEdge] = []
        var collapsed: Set<Int64> = []
        if options.collapseAgreements {
            for node in records.nodes where node.kind == Subgraph.agreementKind {
                let edges = collapse(node, records: records)
                if !edges.isEmpty {
                    collapsed.insert(node.id)
                    collapsedEdges += edges
                }
            }
        }

        let nodes = records.nodes.filter { !collapsed.contains($0.id) }
        var drawnEdges: [DrawnEdge] = []
        for edge in records.edges where !collapsed.contains(edge.source) && !collapsed.contains(edge.target) {
            drawnEdges.append(try drawn(edge, records: records))
        }
        drawnEdges += collapsedEdges
        drawnEdges.sort { ($0.sourceKey, $0.sortType, $0.targetKey, $0.sortID) < ($1.sourceKey, $1.sortType, $1.targetKey, $1.sortID) }

        var out = "digraph \"kg\" {\n"
        var graphAttributes: [(String, String)] = [
            ("charset", "UTF-8"), ("rankdir", "LR"), ("fontname", DotStyle.fontName), ("fontsize", options.title == nil ? "12" : "16"),
            ("nodesep", "0.25"), ("ranksep", "0.6"), ("pad", "0.2"),
        ]
        if let title = options.title {
            graphAttributes += [("label", title), ("labelloc", "t")]
        }
        out += "  graph " + Self.attributeList(graphAttributes) + ";\n"
        out += "  node " + Self.attributeList([("fontname", DotStyle.fontName), ("fontsize", "10"), ("margin", "0.1,0.05")]) + ";\n"
        out += "  edge " + Self.attributeList([("fontname", DotStyle.fontName), ("fontsize", "8"), ("color", DotStyle.edgeColor),
                                               ("fontcolor", DotStyle.edgeFontColor), ("arrowsize", "0.7")]) + ";\n"

        let kinds = orderedKinds(Set(nodes.map(\.kind)))
        switch options.cluster {
        case .none:
            if !nodes.isEmpty { out += "\n" }
            for node in nodes { out += "  " + (try nodeStatement(node)) + "\n" }
        case .kind:
            for kind in kinds {
                out += "\n  subgraph " + DotEscaping.quoted("cluster_" + kind) + " {\n"
                out += "    graph " + Self.attributeList([("label", kind), ("style", "rounded,dashed"), ("color", "#9E9E9E"),
                                                          ("fontcolor", "#555555"), ("fontsize", "11")]) + ";\n"
                for node in nodes where node.kind == kind { out += "    " + (try nodeStatement(node)) + "\n" }
                out += "  }\n"
            }
        }

        if !drawnEdges.isEmpty { out += "\n" }
        for edge in drawnEdges {
            out += "  " + DotEscaping.quoted(edge.sourceID) + " -> " + DotEscaping.quoted(edge.targetID) + " "
                + Self.attributeList(edge.attributes) + ";\n"
        }

        if options.legend && !kinds.isEmpty {
            out += "\n  subgraph \"cluster_legend\" {\n"
            out += "    graph " + Self.attributeList([("label", "Legend"), ("style", "rounded"), ("color", "#BDBDBD"),
                                                      ("fontcolor", "#555555"), ("fontsize", "11")]) + ";\n"
            for (index, kind) in kinds.enumerated() {
                let style = DotStyle.nodeStyle(forKind: kind)
                out += "    " + DotEscaping.quoted("legend_\(index)") + " "
                    + Self.attributeList([("label", kind)] + style.attributes + [("tooltip", schema.kinds[kind]?.description ?? kind)]) + ";\n"
            }
            out += "  }\n"
        }
        out += "}\n"
        return out
    }

    // MARK: Nodes

    private func nodeStatement(_ node: NodeRecord) throws(KGError) -> String {
        let style = DotStyle.nodeStyle(forKind: node.kind)
        var label = DotStyle.wrap(node.name)
        if node.kind == Subgraph.agreementKind {
            let detail = [node.props["kind"]?.displayText.map(Self.words), node.props["date"]?.displayText].compactMap { $0 }
            if !detail.isEmpty { label += "\n" + detail.joined(separator: " · ") }
        }
        var tooltip = "\(node.key) (\(node.kind))"
        let aliases = try store.aliases(of: node.id)
        if !aliases.isEmpty { tooltip += "\nalso: " + aliases.joined(separator: ", ") }
        return DotEscaping.quoted("n\(node.id)") + " " + Self.attributeList([("label", label)] + style.attributes + [("tooltip", tooltip)]) + ";"
    }

    /// Kinds in the schema's order, then unknown kinds by name.
    private func orderedKinds(_ kinds: Set<String>) -> [String] {
        let order = store.schema.kindOrder
        return kinds.sorted { a, b in
            let ia = order.firstIndex(of: a) ?? order.count, ib = order.firstIndex(of: b) ?? order.count
            return (ia, a) < (ib, b)
        }
    }

    // MARK: Edges

    /// An edge as drawn: a stored edge, or one drawn for a collapsed agreement.
    struct DrawnEdge {
        var sourceID: String
        var targetID: String
        var sourceKey: String
        var targetKey: String
        var sortType: String
        var sortID: Int64
        var attributes: [(String, String)]
    }

    private func drawn(_ edge: EdgeRecord, records: SubgraphRecords) throws(KGError) -> DrawnEdge {
        let source = records.nodeByID[edge.source]!, target = records.nodeByID[edge.target]!
        let schema = store.schema
        // Edges leaving an agreement are its roles (licensor, party…) and read
        // best as the role's name; other edges read as the schema's phrase.
        let fromAgreement = source.kind == Subgraph.agreementKind
        var label = fromAgreement ? Self.words(edge.type) : schema.phrase(of: edge.type)
        if let period = Self.periodText(edge.period) { label += "\n" + period }
        var attributes: [(String, String)] = [("label", label)]
        if fromAgreement { attributes += [("color", DotStyle.roleEdgeColor)] }
        if schema.edgeTypes[edge.type]?.isSymmetric ?? schema.derivedTypes[edge.type]?.isSymmetric ?? false {
            attributes.append(("dir", "none"))
        }
        return DrawnEdge(sourceID: "n\(source.id)", targetID: "n\(target.id)", sourceKey: source.key, targetKey: target.key,
                         sortType: edge.type, sortID: edge.id, attributes: attributes)
    }

    /// The edges that stand for an agreement: from each party in a "from"
    /// role to each in the matching "to" role (both ways drawn as one edge
    /// with two arrowheads, as in a cross-licence), and without direction
    /// between the parties of a partnership. Empty when the agreement has no
    /// two parties in the subgraph; it is then drawn as a node.
    private func collapse(_ agreement: NodeRecord, records: SubgraphRecords) -> [DrawnEdge] {
        var byRole: [String: [NodeRecord]] = [:]
        for edge in records.edges where edge.source == agreement.id && Self.roleTypes.contains(edge.type) {
            byRole[edge.type, default: []].append(records.nodeByID[edge.target]!)
        }
        // Unordered pairs (keys in order) with the directions they are drawn in.
        var pairs: [Pair: (forward: Bool, backward: Bool, mutual: Bool)] = [:]
        for (fromRole, toRole) in Self.directedRolePairs {
            for x in byRole[fromRole] ?? [] {
                for y in byRole[toRole] ?? [] where x.id != y.id {
                    let pair = Pair(x, y)
                    var entry = pairs[pair] ?? (false, false, false)
                    if pair.first.id == x.id { entry.forward = true } else { entry.backward = true }
                    pairs[pair] = entry
                }
            }
        }
        let parties = byRole[Self.mutualRole] ?? []
        for (i, x) in parties.enumerated() {
            for y in parties[(i + 1)...] where x.id != y.id {
                let pair = Pair(x, y)
                var entry = pairs[pair] ?? (false, false, false)
                entry.mutual = true
                pairs[pair] = entry
            }
        }
        guard !pairs.isEmpty else { return [] }

        let kind = agreement.props["kind"]?.displayText
        var label = kind.map(Self.words) ?? Self.words(agreement.kind)
        if let date = agreement.props["date"]?.displayText { label += "\n" + date }
        let color = DotStyle.agreementColor(forKind: kind)
        return pairs.map { pair, directions in
            let dir: String
            if directions.forward && directions.backward { dir = "both" }
            else if directions.forward { dir = "forward" }
            else if directions.backward { dir = "back" }
            else { dir = "none" }
            return DrawnEdge(sourceID: "n\(pair.first.id)", targetID: "n\(pair.second.id)",
                             sourceKey: pair.first.key, targetKey: pair.second.key,
                             sortType: "agreement " + (kind ?? ""), sortID: agreement.id,
                             attributes: [("label", label), ("color", color), ("fontcolor", color), ("penwidth", "1.6"),
                                          ("dir", dir), ("tooltip", agreement.name)])
        }
    }

    /// Two nodes in key order.
    private struct Pair: Hashable {
        let first: NodeRecord
        let second: NodeRecord
        init(_ a: NodeRecord, _ b: NodeRecord) {
            if (a.key, a.id) <= (b.key, b.id) { first = a; second = b } else { first = b; second = a }
        }
    }

    // MARK: Text

    /// `patent_license` as `patent license`.
    static func words(_ identifier: String) -> String {
        identifier.replacingOccurrences(of: "_", with: " ")
    }

    /// "2017-07 – 2019", "since 2018-12", "until 2019", or nil.
    static func periodText(_ period: DatePeriod) -> String? {
        switch (period.from, period.to) {
        case let (from?, to?): return "\(from) – \(to)"
        case let (from?, nil): return "since \(from)"
        case let (nil, to?): return "until \(to)"
        case (nil, nil): return nil
        }
    }

    /// `[name="value", …]`; labels and tooltips are escaped as text.
    static func attributeList(_ attributes: [(String, String)]) -> String {
        "[" + attributes.map { name, value in
            name + "=" + (name == "label" || name == "tooltip" ? DotEscaping.text(value) : DotEscaping.quoted(value))
        }.joined(separator: ", ") + "]"
    }
}
