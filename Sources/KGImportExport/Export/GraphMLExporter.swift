import KGModel
import KGStorage

/// Writes a subgraph as GraphML (http://graphml.graphdrawing.org), for
/// Gephi, yEd, Cytoscape, networkx and the like.
///
/// Nodes carry `kind`, `key`, `name`, `aliases` (a JSON array of strings),
/// `evidence` and their properties; edges carry `type`, `valid_from`,
/// `valid_to`, `symmetric`, `evidence` and their properties. `evidence` is a
/// JSON array with one object per piece of evidence (`source`, `file`,
/// `published`, `quote`), left out for a fact without evidence. A property
/// whose name is one of those fixed names is written as `prop_<name>` (the
/// Agreement property `kind` becomes `prop_kind`). Each property gets a
/// `<key>` whose `attr.type` fits every value seen: boolean, int (or long
/// beyond 32 bits), double, else string (arrays and objects as JSON text).
///
/// The graph is directed (`edgedefault="directed"`) and every edge is
/// written in its stored direction, without a per-edge `directed`
/// attribute: networkx refuses a graph that mixes directed and undirected
/// edges (`read_graphml` raises). An edge of a symmetric type (`partner_of`,
/// `competitor_of`) carries the boolean `symmetric` = true instead (the
/// key's default is false), as data the spec allows on any edge.
///
/// Every text is XML-escaped (`&`, `<`, `>`, `"`, `'`; CR as `&#13;` so it
/// survives parsing) and characters XML 1.0 forbids (U+0000–U+0008, U+000B,
/// U+000C, U+000E–U+001F, U+FFFE, U+FFFF) are removed. The output is
/// deterministic, in the same order as the DOT export.
public struct GraphMLExporter {
    public let store: any GraphReading

    public init(store: any GraphReading) {
        self.store = store
    }

    static let fixedNodeNames = ["kind", "key", "name", "aliases", "evidence"]
    static let fixedEdgeNames = ["type", "valid_from", "valid_to", "symmetric", "evidence"]

    public func render(_ subgraph: Subgraph) throws(KGError) -> String {
        let records = try SubgraphRecords.load(subgraph, from: store)
        let (nodeEvidence, edgeEvidence) = try store.read { () throws -> ([String?], [String?]) in
            (try records.nodes.map { node throws in Self.evidenceText(try store.evidence(forNode: node.id)) },
             try records.edges.map { edge throws in Self.evidenceText(try store.evidence(forEdge: edge.id)) })
        }

        var keys: [(id: String, domain: String, name: String, type: String, defaultValue: String?)] = []
        func declare(_ domain: String, _ name: String, _ type: String, defaultValue: String? = nil) -> String {
            let id = "d\(keys.count)"
            keys.append((id, domain, name, type, defaultValue))
            return id
        }
        let kindKey = declare("node", "kind", "string")
        let keyKey = declare("node", "key", "string")
        let nameKey = declare("node", "name", "string")
        let aliasesKey = declare("node", "aliases", "string")
        let nodeEvidenceKey = declare("node", "evidence", "string")
        var nodePropKeys: [String: (id: String, type: String)] = [:]
        for (prop, type) in Self.propertyTypes(records.nodes.map(\.props)) {
            let name = Self.fixedNodeNames.contains(prop) ? "prop_" + prop : prop
            nodePropKeys[prop] = (declare("node", name, type), type)
        }
        let typeKey = declare("edge", "type", "string")
        let fromKey = declare("edge", "valid_from", "string")
        let toKey = declare("edge", "valid_to", "string")
        let symmetricKey = declare("edge", "symmetric", "boolean", defaultValue: "false")
        let edgeEvidenceKey = declare("edge", "evidence", "string")
        var edgePropKeys: [String: (id: String, type: String)] = [:]
        for (prop, type) in Self.propertyTypes(records.edges.map(\.props)) {
            let name = Self.fixedEdgeNames.contains(prop) ? "prop_" + prop : prop
            edgePropKeys[prop] = (declare("edge", name, type), type)
        }

        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">

            """
        for key in keys {
            out += "  <key id=\"\(key.id)\" for=\"\(key.domain)\" attr.name=\"\(Self.escape(key.name, inAttribute: true))\" attr.type=\"\(key.type)\""
            out += key.defaultValue.map { ">\n    <default>\($0)</default>\n  </key>\n" } ?? "/>\n"
        }
        out += "  <graph id=\"G\" edgedefault=\"directed\">\n"
        for (place, node) in records.nodes.enumerated() {
            out += "    <node id=\"n\(node.id)\">\n"
            out += Self.data(kindKey, node.kind)
            out += Self.data(keyKey, node.key)
            out += Self.data(nameKey, node.name)
            let aliases = records.aliases[place]
            if !aliases.isEmpty { out += Self.data(aliasesKey, JSONValue.array(aliases.map { .string($0) }).serialized) }
            if let evidence = nodeEvidence[place] { out += Self.data(nodeEvidenceKey, evidence) }
            for prop in node.props.keys.sorted() {
                if let key = nodePropKeys[prop], let text = Self.text(node.props[prop]!, as: key.type) { out += Self.data(key.id, text) }
            }
            out += "    </node>\n"
        }
        for (place, edge) in records.edges.enumerated() {
            let symmetric = store.schema.edgeTypes[edge.type]?.isSymmetric ?? false
            out += "    <edge id=\"e\(edge.id)\" source=\"n\(edge.source)\" target=\"n\(edge.target)\">\n"
            out += Self.data(typeKey, edge.type)
            if let from = edge.period.from { out += Self.data(fromKey, from.description) }
            if let to = edge.period.to { out += Self.data(toKey, to.description) }
            if symmetric { out += Self.data(symmetricKey, "true") }
            if let evidence = edgeEvidence[place] { out += Self.data(edgeEvidenceKey, evidence) }
            for prop in edge.props.keys.sorted() {
                if let key = edgePropKeys[prop], let text = Self.text(edge.props[prop]!, as: key.type) { out += Self.data(key.id, text) }
            }
            out += "    </edge>\n"
        }
        out += "  </graph>\n</graphml>\n"
        return out
    }

    /// Evidence as a JSON array of {source, file, published, quote}; nil when there is none.
    static func evidenceText(_ items: [EvidenceRecord]) -> String? {
        guard !items.isEmpty else { return nil }
        return JSONValue.array(items.map { item in
            var object: [String: JSONValue] = ["source": .string(item.source.key), "file": .string(item.source.file), "quote": .string(item.quote)]
            if let published = item.source.published { object["published"] = .string(published.description) }
            return .object(object)
        }).serialized
    }

    private static func data(_ key: String, _ value: String) -> String {
        "      <data key=\"\(key)\">\(escape(value))</data>\n"
    }

    /// Each property name seen, sorted, with the GraphML type that fits all its values.
    static func propertyTypes(_ propertySets: [[String: JSONValue]]) -> [(String, String)] {
        var seen: [String: [JSONValue]] = [:]
        for props in propertySets {
            for (name, value) in props where value != .null { seen[name, default: []].append(value) }
        }
        return seen.keys.sorted().map { name in
            let values = seen[name]!
            if values.allSatisfy({ if case .bool = $0 { return true }; return false }) { return (name, "boolean") }
            if values.allSatisfy({ if case .int = $0 { return true }; return false }) {
                let fits = values.allSatisfy { if case .int(let i) = $0 { return Int64(Int32.min) <= i && i <= Int64(Int32.max) }; return false }
                return (name, fits ? "int" : "long")
            }
            if values.allSatisfy({
                switch $0 { case .int, .double: return true; default: return false }
            }) { return (name, "double") }
            return (name, "string")
        }
    }

    /// A property value as the text of its key's type; nil for null.
    static func text(_ value: JSONValue, as type: String) -> String? {
        switch value {
        case .null: return nil
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return type == "string" ? value.serialized : String(d)
        case .array, .object: return value.serialized
        }
    }

    /// XML text safe in element content and attribute values. In attribute
    /// values (`inAttribute`) tab and LF are character references too, so that
    /// attribute-value normalisation keeps them.
    public static func escape(_ text: String, inAttribute: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            case "\t": out += inAttribute ? "&#9;" : "\t"
            case "\n": out += inAttribute ? "&#10;" : "\n"
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }   // not allowed in XML 1.0
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
