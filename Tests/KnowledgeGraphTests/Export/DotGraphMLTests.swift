import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Reads GraphML back: keys, and per node or edge its data by attribute name.
final class GraphMLReader: NSObject, XMLParserDelegate {
    struct Element {
        var id: String
        var attributes: [String: String]
        var data: [String: String] = [:]
    }

    var keys: [String: (domain: String, name: String, type: String)] = [:]
    var nodes: [Element] = []
    var edges: [Element] = []
    private var current: Element?
    private var isEdge = false
    private var dataKey: String?
    private var text = ""
    var failure: String?

    static func read(_ xml: String) -> GraphMLReader {
        let reader = GraphMLReader()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = reader
        if !parser.parse() {
            reader.failure = parser.parserError.map { "\($0)" } ?? "parse failed"
        }
        return reader
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "key": keys[attributes["id"] ?? ""] = (attributes["for"] ?? "", attributes["attr.name"] ?? "", attributes["attr.type"] ?? "")
        case "node", "edge":
            current = Element(id: attributes["id"] ?? "", attributes: attributes)
            isEdge = name == "edge"
        case "data":
            dataKey = attributes["key"]
            text = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if dataKey != nil { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "data":
            if let key = dataKey, let declared = keys[key] { current?.data[declared.name] = text }
            dataKey = nil
        case "node", "edge":
            if let element = current { if isEdge { edges.append(element) } else { nodes.append(element) } }
            current = nil
        default: break
        }
    }
}

@Suite struct DotGraphMLTests {
    let dir = TemporaryDirectory()

    @Test func goldenSmallGraphML() throws {
        let store = try DotFixtures.smallStore(in: dir)
        let xml = try GraphMLExporter(store: store).render(try store.wholeGraph())
        #expect(xml == (try DotFixtures.golden("small.graphml", actual: xml)))
    }

    @Test func keysDeclareKindsNamesPropertiesAndTheirTypes() throws {
        let store = try Fixtures.seedStore(in: dir)
        let reader = GraphMLReader.read(try GraphMLExporter(store: store).render(try store.wholeGraph()))
        #expect(reader.failure == nil)
        let declared = Dictionary(reader.keys.values.map { ("\($0.domain).\($0.name)", $0.type) }, uniquingKeysWith: { a, _ in a })
        #expect(declared["node.kind"] == "string" && declared["node.key"] == "string" && declared["node.name"] == "string")
        #expect(declared["node.founded"] == "int")
        #expect(declared["node.valuation_usd"] == "long")      // 45 000 000 000 does not fit 32 bits
        #expect(declared["node.prop_kind"] == "string")        // the Agreement property 'kind'
        #expect(declared["edge.type"] == "string" && declared["edge.valid_from"] == "string" && declared["edge.valid_to"] == "string")
        #expect(declared["edge.scope"] == "string")
        let stats = try store.statistics()
        #expect(reader.nodes.count == stats.nodeCount && reader.edges.count == stats.edgeCount)
        let xiaomi = reader.nodes.first { $0.data["key"] == "xiaomi" }
        #expect(xiaomi?.data["name"] == "Xiaomi" && xiaomi?.data["kind"] == "Company")
        #expect(xiaomi?.data["aliases"]?.contains("小米") == true)
        // No per-edge directed="false" (networkx refuses a graph that mixes both): symmetric types say so as data.
        #expect(reader.edges.allSatisfy { $0.attributes["directed"] == nil })
        #expect(declared["edge.symmetric"] == "boolean")
        #expect(reader.edges.contains { $0.data["type"] == "competitor_of" && $0.data["symmetric"] == "true" })
        #expect(reader.edges.allSatisfy { $0.data["symmetric"] == nil || $0.data["type"] == "competitor_of" })
        // Evidence as data: a JSON array per fact, one object per piece.
        #expect(declared["node.evidence"] == "string" && declared["edge.evidence"] == "string")
        func pieces(_ element: GraphMLReader.Element) -> Int {
            guard let text = element.data["evidence"], case .array(let items)? = try? JSONParser.parse(text) else { return 0 }
            return items.count
        }
        #expect((reader.nodes + reader.edges).map(pieces).reduce(0, +) == stats.evidence)
        let nokia = reader.edges.first { $0.data["type"] == "licensor" }.flatMap { $0.data["evidence"] }
        #expect(nokia?.contains("\"quote\":") == true && nokia?.contains("\"source\":") == true)
        #expect(reader.edges.contains { $0.data["type"] == "integrates" && $0.data["valid_from"] == "2018-12" })
    }

    @Test func hostileNamesRoundTripThroughXMLParser() throws {
        let store = try DotFixtures.hostileStore(in: dir)
        let whole = try store.wholeGraph()
        let xml = try GraphMLExporter(store: store).render(whole)
        let reader = GraphMLReader.read(xml)
        #expect(reader.failure == nil, "\(reader.failure ?? "")")
        #expect(reader.nodes.count == whole.nodes.count && reader.edges.count == whole.edges.count)

        // What XML 1.0 can carry: everything but U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, U+FFFE, U+FFFF.
        func xmlSafe(_ text: String) -> String {
            var out = String.UnicodeScalarView()
            for s in text.unicodeScalars where !((s.value < 0x20 && s != "\t" && s != "\n" && s != "\r") || s.value == 0xFFFE || s.value == 0xFFFF) {
                out.append(s)
            }
            return String(out)
        }
        for node in try whole.nodes.map({ id throws in try store.node(id: id)! }) {
            let read = reader.nodes.first { $0.id == "n\(node.id)" }
            #expect(read?.data["name"] == xmlSafe(node.name), "name of \(node.key)")
            #expect(read?.data["key"] == xmlSafe(node.key))
            for (prop, value) in node.props {
                let expected = value.displayText.map(xmlSafe)
                #expect(read?.data[prop == "kind" ? "prop_kind" : prop] == expected, "\(prop) of \(node.key)")
            }
            let aliases = try store.aliases(of: node.id)
            if !aliases.isEmpty {
                #expect(read?.data["aliases"] == xmlSafe(JSONValue.array(aliases.map { .string($0) }).serialized))
            }
        }
        let worksFor = reader.edges.first { $0.data["type"] == "works_for" }
        #expect(worksFor?.data["role"] == DotFixtures.hostileTexts[0])
        // No raw control characters reach the file.
        #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
    }
}
