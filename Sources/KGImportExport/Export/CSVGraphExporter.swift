import KGModel
import KGSQLite

/// Writes a whole graph as the CSV files `kg import --nodes --edges
/// --sources` reads back, one row per node and one per edge (so that
/// `pandas.read_csv` and `networkx.from_pandas_edgelist` count them right):
///
/// - nodes: `id,kind,name,props,aliases,evidence`;
/// - edges: `src,type,dst,props,evidence` (the period as the props
///   `valid_from` and `valid_to`);
/// - sources: `key,file,title,published,language,author`.
///
/// `aliases` is a JSON array of strings; `evidence` a JSON array with one
/// object per piece of evidence, `[{"quote":"…","source":"spiegel"}]`
/// (`source` a key of sources.csv), empty for a fact without evidence.
///
/// With ``Headers/gephi`` the nodes and edges files take the column names
/// Gephi's spreadsheet import knows: `Id,Label,kind,props,aliases,evidence`
/// and `Source,Target,Type,Label,props,evidence`, where `Type` is `Directed`
/// or `Undirected` (a symmetric edge type) and `Label` is the edge type.
/// That layout is for Gephi; `kg import` reads the kg layout.
public struct CSVGraphExporter {
    /// The column names of the nodes and edges files.
    public enum Headers: String, Sendable, CaseIterable {
        /// kg's own: what `kg import --nodes --edges` reads.
        case kg
        /// Gephi's: `Id`, `Label`, `Source`, `Target`, `Type`.
        case gephi
    }

    public let store: GraphStore
    public var headers: Headers

    public init(store: GraphStore, headers: Headers = .kg) {
        self.store = store
        self.headers = headers
    }

    public static let nodeHeader = ["id", "kind", "name", "props", "aliases", "evidence"]
    public static let edgeHeader = ["src", "type", "dst", "props", "evidence"]
    public static let gephiNodeHeader = ["Id", "Label", "kind", "props", "aliases", "evidence"]
    public static let gephiEdgeHeader = ["Source", "Target", "Type", "Label", "props", "evidence"]
    public static let sourceHeader = ["key", "file", "title", "published", "language", "author"]

    public func export(nodes: (String) throws(KGError) -> Void, edges: (String) throws(KGError) -> Void,
                       sources: (String) throws(KGError) -> Void) throws(KGError) {
        let gephi = headers == .gephi
        try sources(Self.row(Self.sourceHeader))
        for s in try store.sourcesInOrder() {
            try sources(Self.row([s.key, s.file, s.title ?? "", s.published?.description ?? "", s.language ?? "", s.author ?? ""]))
        }
        let aliases = try store.allAliases()
        let evidence = try store.allEvidence()
        try nodes(Self.row(gephi ? Self.gephiNodeHeader : Self.nodeHeader))
        var failure: KGError?
        try store.forEachNode { node in
            let names = aliases[node.id].map { JSONValue.array($0.map(JSONValue.string)).serialized } ?? ""
            let props = node.propsJSON == "{}" ? "" : node.propsJSON
            let items = Self.evidenceText(evidence.nodes[node.id])
            do {
                try nodes(Self.row(gephi ? [node.key, node.name, node.kind, props, names, items] : [node.key, node.kind, node.name, props, names, items]))
            } catch { failure = KGError.wrap(error); throw error }
        }
        if let failure { throw failure }
        let keys = try store.nodeKeys()
        try edges(Self.row(gephi ? Self.gephiEdgeHeader : Self.edgeHeader))
        try store.forEachEdge { edge in
            var props = edge.props
            if let from = edge.period.from { props["valid_from"] = .string(from.description) }
            if let to = edge.period.to { props["valid_to"] = .string(to.description) }
            let propsText = props.isEmpty ? "" : JSONValue.object(props).serialized
            let items = Self.evidenceText(evidence.edges[edge.id])
            let source = keys[edge.source] ?? "", target = keys[edge.target] ?? ""
            let fields: [String]
            if gephi {
                let symmetric = store.schema.edgeTypes[edge.type]?.isSymmetric ?? false
                fields = [source, target, symmetric ? "Undirected" : "Directed", edge.type, propsText, items]
            } else {
                fields = [source, edge.type, target, propsText, items]
            }
            do { try edges(Self.row(fields)) } catch { failure = KGError.wrap(error); throw error }
        }
        if let failure { throw failure }
    }

    /// Evidence as the JSON array of the evidence column; empty for none.
    static func evidenceText(_ items: [(source: String, quote: String)]?) -> String {
        guard let items, !items.isEmpty else { return "" }
        return JSONValue.array(items.map { .object(["source": .string($0.source), "quote": .string($0.quote)]) }).serialized
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
