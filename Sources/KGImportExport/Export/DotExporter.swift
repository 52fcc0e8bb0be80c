import Foundation
import KGModel
import KGStorage

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
    /// When set, each node links to this prefix followed by its percent-encoded
    /// key (Graphviz's `URL`; in SVG an `<a href>`), e.g. "/?node=" for kg's web page.
    public var nodeLinkPrefix: String?

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
        String(decoding: try renderBytes(subgraph), as: UTF8.self)
    }

    /// The DOT text of `subgraph` as UTF-8 bytes (what ``render(_:)`` returns
    /// as a string), to write to a file without another copy.
    public func renderBytes(_ subgraph: Subgraph) throws(KGError) -> [UInt8] {
        let records = try SubgraphRecords.load(subgraph, from: store, maxNodes: options.maxNodes)
        let schema = store.schema

        // Agreements drawn as edges between their parties.
        var collapsedEdges: [DrawnEdge] = []
        var collapsed = [Bool](repeating: false, count: records.nodes.count)   // by place in records.nodes
        if options.collapseAgreements {
            // Each agreement's role edges, by the agreement's place.
            var roles: [Int: [Int]] = [:]
            for (index, edge) in records.edges.enumerated() where Self.roleTypes.contains(edge.type) {
                let source = records.edgeEnds[index].source
                if records.nodes[source].kind == Subgraph.agreementKind { roles[source, default: []].append(index) }
            }
            for (place, node) in records.nodes.enumerated() where node.kind == Subgraph.agreementKind {
                let edges = collapse(node, roleEdges: roles[place] ?? [], records: records)
                if !edges.isEmpty {
                    collapsed[place] = true
                    collapsedEdges += edges
                }
            }
        }

        // The places of the nodes drawn as nodes.
        let nodes = collapsedEdges.isEmpty ? Array(records.nodes.indices) : records.nodes.indices.filter { !collapsed[$0] }
        var drawnEdges: [DrawnEdge] = []
        drawnEdges.reserveCapacity(records.edges.count + collapsedEdges.count)
        var labels = EdgeLabels(schema: schema)
        for (index, edge) in records.edges.enumerated() {
            let ends = records.edgeEnds[index]
            if collapsed[ends.source] || collapsed[ends.target] { continue }
            drawnEdges.append(drawn(edge, ends: ends, records: records, labels: &labels))
        }
        if !collapsedEdges.isEmpty {
            drawnEdges += collapsedEdges
            // Sort keys made once per edge (ranks, not strings); ranks compare as the keys and types do.
            let typeRank = SubgraphRecords.ranks(of: drawnEdges.map(\.sortType))
            let keys = drawnEdges.map { ($0.sourceRank, typeRank[$0.sortType] ?? 0, $0.targetRank, $0.sortID) }
            drawnEdges = drawnEdges.indices.sorted { keys[$0] < keys[$1] }.map { drawnEdges[$0] }
        }
        // Without collapsed agreements the stored edges are already in this order (SubgraphRecords).

        var out = DotWriter(capacity: 256 + nodes.count * 200 + drawnEdges.count * 64)
        out.raw("digraph \"kg\" {\n")
        var graphAttributes: [(String, String)] = [
            ("charset", "UTF-8"), ("rankdir", "LR"), ("fontname", DotStyle.fontName), ("fontsize", options.title == nil ? "12" : "16"),
            ("nodesep", "0.25"), ("ranksep", "0.6"), ("pad", "0.2"),
        ]
        if let title = options.title {
            graphAttributes += [("label", title), ("labelloc", "t")]
        }
        out.raw("  graph ")
        out.attributes(graphAttributes)
        out.raw(";\n  node ")
        out.attributes([("fontname", DotStyle.fontName), ("fontsize", "10"), ("margin", "0.1,0.05")])
        out.raw(";\n  edge ")
        out.attributes([("fontname", DotStyle.fontName), ("fontsize", "8"), ("color", DotStyle.edgeColor),
                        ("fontcolor", DotStyle.edgeFontColor), ("arrowsize", "0.7")])
        out.raw(";\n")

        var styles = NodeStyles(schema: schema)
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let kinds = orderedKinds(Set(nodes.map { records.nodes[$0].kind }))
        switch options.cluster {
        case .none:
            if !nodes.isEmpty { out.raw("\n") }
            for place in nodes {
                out.raw("  ")
                writeNode(records.nodes[place], aliases: records.aliases[place], styles: &styles, unreserved: unreserved, to: &out)
            }
        case .kind:
            let byKind = Dictionary(grouping: nodes) { records.nodes[$0].kind }
            for kind in kinds {
                out.raw("\n  subgraph ")
                out.quoted("cluster_" + kind)
                out.raw(" {\n    graph ")
                out.attributes([("label", kind), ("style", "rounded,dashed"), ("color", "#9E9E9E"), ("fontcolor", "#555555"), ("fontsize", "11")])
                out.raw(";\n")
                for place in byKind[kind] ?? [] {
                    out.raw("    ")
                    writeNode(records.nodes[place], aliases: records.aliases[place], styles: &styles, unreserved: unreserved, to: &out)
                }
                out.raw("  }\n")
            }
        }

        if !drawnEdges.isEmpty { out.raw("\n") }
        for edge in drawnEdges {
            out.raw("  ")
            out.nodeID(edge.source)
            out.raw(" -> ")
            out.nodeID(edge.target)
            out.raw(" [")
            out.attribute("label", edge.label, first: true)
            if let color = edge.color { out.attribute("color", color) }
            for (name, value) in edge.more { out.attribute(name, value) }
            out.raw("];\n")
        }

        if options.legend && !kinds.isEmpty {
            out.raw("\n  subgraph \"cluster_legend\" {\n    graph ")
            out.attributes([("label", "Legend"), ("style", "rounded"), ("color", "#BDBDBD"), ("fontcolor", "#555555"), ("fontsize", "11")])
            out.raw(";\n")
            for (index, kind) in kinds.enumerated() {
                let style = DotStyle.nodeStyle(forKind: kind, in: schema)
                out.raw("    ")
                out.quoted("legend_\(index)")
                out.raw(" ")
                out.attributes([("label", kind)] + style.attributes + [("tooltip", schema.kinds[kind]?.description ?? kind)])
                out.raw(";\n")
            }
            // The edge colours the picture uses, each on a sample edge with its meaning.
            let used = Set(drawnEdges.map { $0.color ?? DotStyle.edgeColor })
            for (index, entry) in DotStyle.edgeColorMeanings.enumerated() where used.contains(entry.color) {
                let point = [("label", ""), ("shape", "point"), ("width", "0.05"), ("color", entry.color)]
                out.raw("    ")
                out.quoted("legend_edge_\(index)_a")
                out.raw(" ")
                out.attributes(point)
                out.raw(";\n    ")
                out.quoted("legend_edge_\(index)_b")
                out.raw(" ")
                out.attributes(point)
                out.raw(";\n    ")
                out.quoted("legend_edge_\(index)_a")
                out.raw(" -> ")
                out.quoted("legend_edge_\(index)_b")
                out.raw(" ")
                out.attributes([("label", entry.meaning), ("color", entry.color), ("fontcolor", entry.color)])
                out.raw(";\n")
            }
            out.raw("  }\n")
        }
        out.raw("}\n")
        return out.bytes
    }

    // MARK: Nodes

    /// `"n<id>" [label=…, <the kind's style>, tooltip=…(, URL=…)];` and a line break.
    private func writeNode(_ node: NodeRecord, aliases: [String], styles: inout NodeStyles, unreserved: CharacterSet, to out: inout DotWriter) {
        var label = DotStyle.wrap(node.name)
        if node.kind == Subgraph.agreementKind {
            let props = node.props
            let detail = [props["kind"]?.displayText.map(Self.words), props["date"]?.displayText].compactMap { $0 }
            if !detail.isEmpty { label += "\n" + detail.joined(separator: " · ") }
        }
        var tooltip = node.key + " (" + node.kind + ")"
        if !aliases.isEmpty { tooltip += "\nalso: " + aliases.joined(separator: ", ") }
        out.nodeID(node.id)
        out.raw(" [")
        out.attribute("label", label, first: true)
        out.raw(styles.attributes(forKind: node.kind))
        out.attribute("tooltip", tooltip)
        if let prefix = options.nodeLinkPrefix {
            // Only unreserved characters stay as they are: no quote, backslash
            // or ampersand of a key reaches the DOT text or the SVG attribute.
            out.attribute("URL", prefix + (node.key.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""))
        }
        out.raw("];\n")
    }

    /// Each kind's style attributes as written (`, shape="box", …`), made once per kind.
    private struct NodeStyles {
        let schema: GraphSchema
        var written: [String: [UInt8]] = [:]

        init(schema: GraphSchema) { self.schema = schema }

        mutating func attributes(forKind kind: String) -> [UInt8] {
            if let bytes = written[kind] { return bytes }
            var out = DotWriter()
            for (name, value) in DotStyle.nodeStyle(forKind: kind, in: schema).attributes { out.attribute(name, value) }
            written[kind] = out.bytes
            return out.bytes
        }
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
        /// The node ids of its ends (drawn as `n<id>`).
        var source: Int64
        var target: Int64
        /// The places of the ends' keys in the key order (``SubgraphRecords/keyRank``).
        var sourceRank: Int
        var targetRank: Int
        var sortType: String
        var sortID: Int64
        var label: String
        /// The colour when it is not the default edge colour.
        var color: String?
        /// The attributes after label and colour.
        var more: [(String, String)]
    }

    /// The label of a stored edge without its period, made once per type and kind of source.
    private struct EdgeLabels {
        let schema: GraphSchema
        var fromAgreement: [String: String] = [:]
        var other: [String: String] = [:]

        init(schema: GraphSchema) { self.schema = schema }

        mutating func label(_ type: String, fromAgreement agreement: Bool) -> String {
            if let known = agreement ? fromAgreement[type] : other[type] { return known }
            // Edges leaving an agreement are its roles (licensor, party…) and read
            // best as the role's name; other edges read as the schema's phrase.
            let label = agreement ? DotExporter.words(type) : schema.phrase(of: type)
            if agreement { fromAgreement[type] = label } else { other[type] = label }
            return label
        }
    }

    private static let undirected: [(String, String)] = [("dir", "none")]

    private func drawn(_ edge: EdgeRecord, ends: (source: Int, target: Int), records: SubgraphRecords, labels: inout EdgeLabels) -> DrawnEdge {
        let source = records.nodes[ends.source]
        let schema = store.schema
        let fromAgreement = source.kind == Subgraph.agreementKind
        var label = labels.label(edge.type, fromAgreement: fromAgreement)
        if let period = Self.periodText(edge.period) { label += "\n" + period }
        let symmetric = schema.edgeTypes[edge.type]?.isSymmetric ?? schema.derivedTypes[edge.type]?.isSymmetric ?? false
        return DrawnEdge(source: source.id, target: records.nodes[ends.target].id,
                         sourceRank: records.keyRank[ends.source], targetRank: records.keyRank[ends.target],
                         sortType: edge.type, sortID: edge.id, label: label,
                         color: fromAgreement ? DotStyle.roleEdgeColor : nil, more: symmetric ? Self.undirected : [])
    }

    /// The edges that stand for an agreement: from each party in a "from"
    /// role to each in the matching "to" role (both ways drawn as one edge
    /// with two arrowheads, as in a cross-licence), and without direction
    /// between the parties of a partnership. Empty when the agreement has no
    /// two parties in the subgraph; it is then drawn as a node.
    private func collapse(_ agreement: NodeRecord, roleEdges: [Int], records: SubgraphRecords) -> [DrawnEdge] {
        // The parties by role, as places in records.nodes (the key order).
        var byRole: [String: [Int]] = [:]
        for index in roleEdges {
            byRole[records.edges[index].type, default: []].append(records.edgeEnds[index].target)
        }
        // Unordered pairs (keys in order) with the directions they are drawn in.
        var pairs: [Pair: (forward: Bool, backward: Bool, mutual: Bool)] = [:]
        for (fromRole, toRole) in Self.directedRolePairs {
            for x in byRole[fromRole] ?? [] {
                for y in byRole[toRole] ?? [] where x != y {
                    let pair = Pair(x, y)
                    var entry = pairs[pair] ?? (false, false, false)
                    if pair.first == x { entry.forward = true } else { entry.backward = true }
                    pairs[pair] = entry
                }
            }
        }
        let parties = byRole[Self.mutualRole] ?? []
        for (i, x) in parties.enumerated() {
            for y in parties[(i + 1)...] where x != y {
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
            return DrawnEdge(source: records.nodes[pair.first].id, target: records.nodes[pair.second].id,
                             sourceRank: records.keyRank[pair.first], targetRank: records.keyRank[pair.second],
                             sortType: "agreement " + (kind ?? ""), sortID: agreement.id, label: label, color: color,
                             more: [("fontcolor", color), ("penwidth", "1.6"), ("dir", dir), ("tooltip", agreement.name)])
        }
    }

    /// Two nodes in key order (then id): their places in the records, smaller first.
    private struct Pair: Hashable {
        let first: Int
        let second: Int
        init(_ a: Int, _ b: Int) {
            if a <= b { first = a; second = b } else { first = b; second = a }
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
}
