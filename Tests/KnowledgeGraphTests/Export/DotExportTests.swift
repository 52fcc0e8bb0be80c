import Foundation
import KGTestTools
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// The DOT exporter: golden output, determinism, escaping, size limit, and
/// every picture the suite makes passing the real Graphviz without a warning.
@Suite struct DotExportTests {
    let dir = TemporaryDirectory()

    // MARK: Golden files

    @Test(.requires(.graphviz)) func goldenSmallGraphWithLegendAndTitle() throws {
        let store = try DotFixtures.smallStore(in: dir)
        let dot = try DotExporter(store: store, options: DotOptions(legend: true, title: "Small \"golden\" graph")).render(try store.wholeGraph())
        #expect(dot == (try DotFixtures.golden("small-legend.dot", actual: dot)))
        _ = try DotFixtures.svg(dot, try DotFixtures.graphviz())
    }

    @Test(.requires(.graphviz)) func goldenSmallGraphCollapsedAndClustered() throws {
        let store = try DotFixtures.smallStore(in: dir)
        let dot = try DotExporter(store: store, options: DotOptions(cluster: .kind, collapseAgreements: true)).render(try store.wholeGraph())
        #expect(dot == (try DotFixtures.golden("small-collapsed-clustered.dot", actual: dot)))
        #expect(dot.contains("subgraph \"cluster_Company\""))
        #expect(!dot.contains("acme-globex-licence"))       // the agreement node is not drawn
        #expect(dot.contains("label=\"patent license\\n2020-03\""))
        _ = try DotFixtures.svg(dot, try DotFixtures.graphviz())
    }

    // MARK: Determinism

    @Test func seedNeighbourhoodIsByteStableAcrossRendersAndStores() throws {
        let other = TemporaryDirectory()
        let first = try Fixtures.seedStore(in: dir)
        let second = try Fixtures.seedStore(in: other)
        for options in [DotOptions(), DotOptions(legend: true, cluster: .kind, collapseAgreements: true, title: "Xiaomi")] {
            let a1 = try DotExporter(store: first, options: options).render(try first.neighbourhood(of: try first.resolve("Xiaomi").id, hops: 1))
            let a2 = try DotExporter(store: first, options: options).render(try first.neighbourhood(of: try first.resolve("xiaomi").id, hops: 1))
            let b = try DotExporter(store: second, options: options).render(try second.neighbourhood(of: try second.resolve("小米").id, hops: 1))
            #expect(a1 == a2)
            #expect(Array(a1.utf8) == Array(b.utf8))
        }
        let g1 = try GraphMLExporter(store: first).render(try first.wholeGraph())
        let g2 = try GraphMLExporter(store: second).render(try second.wholeGraph())
        #expect(g1 == g2)
    }

    @Test func nodesAreSortedByKeyAndIdsAreStable() throws {
        let store = try DotFixtures.smallStore(in: dir)
        let dot = try DotExporter(store: store).render(try store.wholeGraph())
        let keysInOrder = dot.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  \"n"), !line.contains("->"), let range = line.range(of: "tooltip=\"") else { return nil }
            return String(line[range.upperBound...].prefix { $0 != " " })
        }
        #expect(keysInOrder == ["acme", "acme-globex-licence", "globex", "jane-doe", "widget"])
        let acme = try store.resolve("acme")
        #expect(dot.contains("\"n\(acme.id)\" [label=\"Acme Corporation\""))
    }

    // MARK: Size limit

    @Test func moreNodesThanTheLimitIsTooLarge() throws {
        let store = try Fixtures.seedStore(in: dir)
        let whole = try store.wholeGraph()
        let error = expectKGError { _ = try DotExporter(store: store, options: DotOptions(maxNodes: 10)).render(whole) }
        #expect(error?.code == .tooLarge)
        #expect(error?.suggestion?.contains("--max-nodes") == true)
        #expect(error?.suggestion?.contains("--hops") == true)
        _ = try DotExporter(store: store, options: DotOptions(maxNodes: whole.nodes.count)).render(whole)
        // Edge ends count too: one edge alone brings its two ends.
        let oneEdge = Subgraph(nodes: [], edges: [whole.edges.min()!])
        #expect(expectKGError { _ = try DotExporter(store: store, options: DotOptions(maxNodes: 1)).render(oneEdge) }?.code == .tooLarge)
    }

    // MARK: Escaping

    @Test(arguments: DotFixtures.hostileTexts)
    func escapedTextIsOneQuotedStringWithoutRawLineBreaks(text: String) {
        for quoted in [DotEscaping.text(text), DotEscaping.quoted(text)] {
            #expect(quoted.hasPrefix("\"") && quoted.hasSuffix("\""))
            #expect(!quoted.contains("\n") && !quoted.contains("\r"))
            #expect(!quoted.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
            #expect(DotFixtures.structure(of: quoted) == "Q")
        }
        #expect(!DotEscaping.text(text).contains("&foo"))
    }

    @Test func escapingKeepsUnicodeAndEscapesTheRest() {
        #expect(DotEscaping.text("a\"b\\c") == #""a\"b\\c""#)
        #expect(DotEscaping.text("x\ny\r\nz") == #""x\ny\nz""#)
        #expect(DotEscaping.text("&amp; <b>") == "\"&amp;amp; <b>\"")
        #expect(DotEscaping.quoted("&") == "\"&\"")
        #expect(DotEscaping.text("\u{202E}小米 😀 Grüße") == "\"\u{202E}小米 😀 Grüße\"")
        #expect(DotEscaping.text("a\u{0}\u{1B}\u{7F}b\tc") == "\"ab c\"")
    }

    @Test(.requires(.graphviz)) func hostileNamesSurviveGraphviz() throws {
        let store = try DotFixtures.hostileStore(in: dir)
        let runner = try DotFixtures.graphviz()
        let whole = try store.wholeGraph()
        let dot = try DotExporter(store: store).render(whole)
        // Outside quoted strings there is nothing but the structure kg wrote.
        let structure = DotFixtures.structure(of: dot)
        #expect(!structure.contains("<"))
        #expect(DotFixtures.count("{", in: structure) == 1 && DotFixtures.count("}", in: structure) == 1)
        #expect(DotFixtures.count("->", in: structure) == whole.edges.count)
        #expect(dot.contains("charset=\"UTF-8\""))
        #expect(dot.contains("小米") && dot.contains("\u{202E}") && dot.contains("😀"))

        let svg = try DotFixtures.svg(dot, runner)
        #expect(DotFixtures.count("class=\"node\"", in: svg) == whole.nodes.count)
        #expect(DotFixtures.count("class=\"edge\"", in: svg) == whole.edges.count)
        #expect(svg.contains("&lt;b&gt;html&lt;/b&gt; &amp;amp;"))   // drawn literally, not as HTML or an entity
        #expect(svg.contains("小米"))
        #expect(GraphMLReader.read(svg).failure == nil)              // the SVG is well-formed XML

        for options in [DotOptions(legend: true, cluster: .kind), DotOptions(collapseAgreements: true, title: DotFixtures.hostileTexts[0])] {
            _ = try DotFixtures.svg(try DotExporter(store: store, options: options).render(whole), runner)
        }
    }

    // MARK: Every seed picture through Graphviz

    struct SeedPicture: Sendable, CustomTestStringConvertible {
        var name: String
        var around: String?
        var hops: Int = 1
        var oneHop = true
        var options = DotOptions()
        var testDescription: String { name }
    }

    static let seedPictures: [SeedPicture] = [
        SeedPicture(name: "Xiaomi, 1 hop", around: "Xiaomi"),
        SeedPicture(name: "Xiaomi, 2 hops", around: "Xiaomi", hops: 2),
        SeedPicture(name: "Xiaomi, 1 strict hop", around: "Xiaomi", oneHop: false),
        SeedPicture(name: "whole graph", around: nil),
        SeedPicture(name: "Xiaomi with legend", around: "Xiaomi", options: DotOptions(legend: true)),
        SeedPicture(name: "whole graph clustered by kind", around: nil, options: DotOptions(cluster: .kind)),
        SeedPicture(name: "Xiaomi collapsed", around: "Xiaomi", options: DotOptions(collapseAgreements: true)),
        SeedPicture(name: "whole graph, everything", around: nil,
                    options: DotOptions(legend: true, cluster: .kind, collapseAgreements: true, title: "kg seed graph")),
        SeedPicture(name: "an agreement, 2 hops, collapsed", around: "nokia-xiaomi-partnership-2017", hops: 2,
                    options: DotOptions(legend: true, collapseAgreements: true)),
    ]

    @Test(.requires(.graphviz), arguments: seedPictures)
    func seedPictureRendersWithoutWarnings(picture: SeedPicture) throws {
        let store = try Fixtures.seedStore(in: dir)
        let runner = try DotFixtures.graphviz()
        let subgraph: Subgraph
        if let name = picture.around {
            subgraph = try store.neighbourhood(of: try store.resolve(name).id, hops: picture.hops, agreementsAsOneHop: picture.oneHop)
        } else {
            subgraph = try store.wholeGraph()
        }
        let dot = try DotExporter(store: store, options: picture.options).render(subgraph)
        let svg = try DotFixtures.svg(dot, runner)
        if !picture.options.collapseAgreements {
            // The legend: a sample node per kind, and a sample edge (between two points) per edge colour.
            let legendLines = dot.split(separator: "\n").filter { $0.hasPrefix("    \"legend_") }
            let legendEdges = legendLines.filter { $0.contains(" -> ") }.count
            let legendNodes = legendLines.count - legendEdges
            #expect(DotFixtures.count("class=\"node\"", in: svg) == subgraph.nodes.count + legendNodes)
            #expect(DotFixtures.count("class=\"edge\"", in: svg) == subgraph.edges.count + legendEdges)
        }
        if picture.options.legend { #expect(svg.contains("cluster_legend")) }
        if picture.options.cluster == .kind { #expect(svg.contains("cluster_Company")) }
    }

    @Test func collapsedXiaomiDrawsPartiesJoinedByTheirAgreements() throws {
        let store = try Fixtures.seedStore(in: dir)
        let xiaomi = try store.resolve("Xiaomi"), nokia = try store.resolve("Nokia"), microsoft = try store.resolve("Microsoft")
        let subgraph = try store.neighbourhood(of: xiaomi.id, hops: 1)
        let dot = try DotExporter(store: store, options: DotOptions(collapseAgreements: true)).render(subgraph)
        #expect(!dot.contains("shape=\"hexagon\""))
        // Nokia sells patents to Xiaomi: seller -> buyer.
        #expect(dot.contains("\"n\(nokia.id)\" -> \"n\(xiaomi.id)\" [label=\"patent sale\\n2017-07\""))
        // A cross-licence licenses both ways: one edge with two arrowheads.
        #expect(dot.contains("\"n\(microsoft.id)\" -> \"n\(xiaomi.id)\" [label=\"cross license\""))
        let crossLine = dot.split(separator: "\n").first { $0.contains("\"n\(microsoft.id)\" -> \"n\(xiaomi.id)\" [label=\"cross license\"") }
        #expect(crossLine?.contains("dir=\"both\"") == true)
        // A partnership has no direction.
        let partnership = dot.split(separator: "\n").first { $0.contains("[label=\"partnership\\n2017-07\"") }
        #expect(partnership?.contains("dir=\"none\"") == true)
        #expect(partnership?.contains("tooltip=\"Nokia–Xiaomi business partnership\"") == true)
    }

    @Test(.requires(.graphviz)) func theLegendExplainsTheEdgeColoursUsed() throws {
        let store = try DotFixtures.smallStore(in: dir)
        let plain = try DotExporter(store: store, options: DotOptions(legend: true)).render(try store.wholeGraph())
        #expect(plain.contains("label=\"role in an agreement (licensor, party, …)\", color=\"#8C8C8C\""))
        #expect(plain.contains("label=\"relation (develops, is CEO of, …)\""))
        #expect(!plain.contains("label=\"partnership\""))   // not drawn, so not explained
        let collapsed = try DotExporter(store: store, options: DotOptions(legend: true, collapseAgreements: true)).render(try store.wholeGraph())
        #expect(collapsed.contains("label=\"patent licence, cross-licence\", color=\"#D55E00\""))
        _ = try DotFixtures.svg(collapsed, try DotFixtures.graphviz())
    }

    @Test func fontCoverageFindsCharactersOutsideLatin() {
        #expect(FontCoverage.uncommonCharacters(in: "Xiaomi (小米) Düsseldorf – Nokia") == ["小", "米"])
        #expect(FontCoverage.uncommonCharacters(in: "plain ASCII").isEmpty)
        // With fonts-wqy-microhei installed (docs/dot-export.md), Chinese is covered: no warning.
        if FileManager.default.fileExists(atPath: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc") {
            #expect(FontCoverage.warning(forLabels: "小米") == nil)
        }
    }

    @Test func plainDrawingLabelsRolesPhrasesAndDates() throws {
        let store = try DotFixtures.smallStore(in: dir)
        let dot = try DotExporter(store: store).render(try store.wholeGraph())
        #expect(dot.contains("[label=\"licensor\""))
        #expect(dot.contains("[label=\"is CEO of\"]"))
        #expect(dot.contains("[label=\"develops\\n2019 – 2021-06\"]"))
        #expect(dot.contains("[label=\"competes with\", dir=\"none\"]"))
        #expect(dot.contains("label=\"Acme–Globex patent licence\\npatent license · 2020-03\", shape=\"hexagon\""))
        #expect(dot.contains("tooltip=\"acme (Company)\\nalso: ACME\""))
    }

    @Test(.requires(.graphviz)) func kindsOfACustomSchemaGetDistinctStyles() throws {
        let schema = try SchemaParser.parse("schema parts\nkind Part\nkind Machine\nedge used_in: Part -> Machine \"is used in\" / \"uses\"\n", file: "parts.kgs")
        let store = try GraphStore.create(at: dir.file("parts.sqlite"), schema: schema)
        try store.write {
            let bolt = try store.node(id: try store.addNode(key: "bolt", kind: "Part", name: "Bolt"))!
            let press = try store.node(id: try store.addNode(key: "press", kind: "Machine", name: "Press"))!
            try store.addEdge(type: "used_in", from: bolt, to: press)
        }
        let dot = try DotExporter(store: store, options: DotOptions(legend: true, cluster: .kind)).render(try store.wholeGraph())
        // Part and Machine: two different styles, each on its node and its legend sample, not one grey box.
        let part = DotStyle.nodeStyle(forKind: "Part", in: schema), machine = DotStyle.nodeStyle(forKind: "Machine", in: schema)
        #expect(part != machine)
        #expect(part != DotStyle.defaultNodeStyle && machine != DotStyle.defaultNodeStyle)
        #expect(DotFixtures.count("shape=\"\(part.shape)\", style=\"\(part.style)\", fillcolor=\"\(part.fillColor)\"", in: dot) == 2)
        #expect(DotFixtures.count("shape=\"\(machine.shape)\", style=\"\(machine.style)\", fillcolor=\"\(machine.fillColor)\"", in: dot) == 2)
        #expect(!dot.contains("#EEEEEE"))
        #expect(dot.contains("[label=\"is used in\"]"))
        _ = try DotFixtures.svg(dot, try DotFixtures.graphviz())
    }
}
