/// Writes a whole graph as the CSV files `kg import --nodes --edges
/// --sources` reads back:
///
/// - nodes: `id,kind,name,props,aliases,source,quote` (aliases a JSON array);
/// - edges: `src,type,dst,props,source,quote` (the period as the props
///   `valid_from` and `valid_to`);
/// - sources: `key,file,title,published,language,author`.
///
/// A fact with several pieces of evidence takes one row per piece (the rows
/// after the first repeat the fact, which the importer merges); a fact
/// without evidence has empty source and quote fields.
public struct CSVGraphExporter {
    public let store: GraphStore

    public init(store: GraphStore) { self.store = store }

    public static let nodeHeader = ["id", "kind", "name", "props", "aliases", "source", "quote"]
    public static let edgeHeader = ["src", "type", "dst", "props", "source", "quote"]
    public static let sourceHeader = ["key", "file", "title", "published", "language", "author"]

    public func export(nodes: (String) throws(KGError) -> Void, edges: (String) throws(KGError) -> Void,
                       sources: (String) throws(KGError) -> Void) throws(KGError) {
        try sources(Self.row(Self.sourceHeader))
        for s in try store.sourcesInOrder() {
            try sources(Self.row([s.key, s.file, s.title ?? "", s.published?.description ?? "", s.language ?? "", s.author ?? ""]))
        }
        let aliases = try store.allAliases()
        let evidence = try store.allEvidence()
        try nodes(Self.row(Self.nodeHeader))
        var failure: KGError?
        try store.forEachNode { node in
            let names = aliases[node.id].map { JSONValue.array($0.map(JSONValue.string)).serialized } ?? ""
            let items = evidence.nodes[node.id] ?? []
            for (i, item) in (items.isEmpty ? [nil] : items.map { Optional($0) }).enumerated() {
                do {
                    try nodes(Self.row([node.key, node.kind, node.name, node.propsJSON == "{}" ? "" : node.propsJSON, i == 0 ? names : "",
                                        item?.source ?? "", item?.quote ?? ""]))
                } catch { failure = KGError.wrap(error); throw error }
            }
        }
        if let failure { throw failure }
        let keys = try store.nodeKeys()
        try edges(Self.row(Self.edgeHeader))
        try store.forEachEdge { edge in
            var props = edge.props
            if let from = edge.period.from { props["valid_from"] = .string(from.description) }
            if let to = edge.period.to { props["valid_to"] = .string(to.description) }
            let propsText = props.isEmpty ? "" : JSONValue.object(props).serialized
            let items = evidence.edges[edge.id] ?? []
            for item in items.isEmpty ? [nil] : items.map({ Optional($0) }) {
                do {
                    try edges(Self.row([keys[edge.source] ?? "", edge.type, keys[edge.target] ?? "", propsText, item?.source ?? "", item?.quote ?? ""]))
                } catch { failure = KGError.wrap(error); throw error }
            }
        }
        if let failure { throw failure }
    }

    /// One RFC 4180 record: fields with commas, quotes or line breaks quoted,
    /// quotes doubled. Works on Unicode scalars: a quote followed by a
    /// combining mark is one Character to Swift but still a quote to CSV.
    static func row(_ fields: [String]) -> String {
        fields.map { field -> String in
            let special = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" } || field.unicodeScalars.first == " "
            guard special else { return field }
            var out = String.UnicodeScalarView()
            out.append("\"")
            for scalar in field.unicodeScalars {
                out.append(scalar)
                if scalar == "\"" { out.append("\"") }
            }
            out.append("\"")
            return String(out)
        }.joined(separator: ",") + "\n"
    }
}
