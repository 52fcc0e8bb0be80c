import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

enum DotFixtures {
    /// The folder of the golden files, beside this source file.
    static let goldenDirectory: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path
    }()

    /// A small hand-built graph: two companies, a person, a product and a
    /// patent licence between the companies.
    static func smallStore(in dir: TemporaryDirectory, name: String = "small.sqlite") throws -> GraphStore {
        let store = try GraphStore.create(at: dir.file(name))
        try store.write {
            let acme = try store.addNode(key: "acme", kind: "Company", name: "Acme Corporation",
                                         props: ["country": .string("Germany"), "founded": .int(1999)])
            try store.addAlias(node: acme, alias: "ACME")
            let globex = try store.addNode(key: "globex", kind: "Company", name: "Globex")
            let jane = try store.addNode(key: "jane-doe", kind: "Person", name: "Jane Doe", props: ["title": .string("CEO")])
            let widget = try store.addNode(key: "widget", kind: "Product", name: "Widget 3000", props: ["category": .string("gadget")])
            let licence = try store.addNode(key: "acme-globex-licence", kind: "Agreement", name: "Acme–Globex patent licence",
                                            props: ["kind": .string("patent_license"), "date": .string("2020-03"), "patents": .int(12)])
            let n = { (id: Int64) in try store.node(id: id)! }
            try store.addEdge(type: "licensor", from: n(licence), to: n(acme))
            try store.addEdge(type: "licensee", from: n(licence), to: n(globex))
            try store.addEdge(type: "ceo_of", from: n(jane), to: n(acme))
            try store.addEdge(type: "develops", from: n(acme), to: n(widget), period: DatePeriod(from: PartialDate("2019"), to: PartialDate("2021-06")))
            try store.addEdge(type: "competitor_of", from: n(acme), to: n(globex))
        }
        return store
    }

    /// Names, aliases and properties made to break a DOT or XML writer.
    static let hostileTexts: [String] = [
        "Quote \" and back\\slash \\N \\G \\l and a trailing backslash\\",
        "line one\nline two\r\nline three\rline four",
        "}; digraph { a -> b } node edge graph subgraph strict",
        "<b>html</b> &amp; &foo; &#60; <<x>> <",
        // (U+0000 last: the store keeps text only up to a NUL)
        "ctrl\u{1}\u{7}\u{8}\u{B}\u{C}\u{1B}[31m\u{7F}\u{85}\u{9B}\u{FFFE}\u{FFFF}end\u{0}gone",
        "\u{202E}evil\u{202C} 😀🇩🇪👩‍👩‍👧 小米 Grüße עברית",
        "-> \"n1\" [label=x]; \"n2\" -- ",
        "\t tabbed \t and 'single' quotes ",
    ]

    /// A graph whose every name, key, alias and property is hostile.
    static func hostileStore(in dir: TemporaryDirectory) throws -> GraphStore {
        let store = try GraphStore.create(at: dir.file("hostile.sqlite"))
        try store.write {
            var companies: [NodeRecord] = []
            for (index, text) in hostileTexts.enumerated() {
                let id = try store.addNode(key: index == 0 ? "k\"ey\\\n<\(index)>" : "company-\(index)", kind: "Company", name: text,
                                           props: ["industry": .string(hostileTexts[(index + 1) % hostileTexts.count]), "founded": .int(Int64(index))])
                try store.addAlias(node: id, alias: "alias " + hostileTexts[(index + 2) % hostileTexts.count])
                companies.append(try store.node(id: id)!)
            }
            let person = try store.node(id: try store.addNode(key: "person", kind: "Person", name: "digraph {", props: ["title": .string("\"}")]))!
            let product = try store.node(id: try store.addNode(key: "product", kind: "Product", name: "subgraph strict",
                                                               props: ["category": .string("\u{0}<&>\"'")]))!
            let deal = try store.node(id: try store.addNode(key: "deal", kind: "Agreement", name: "Licence \"<x>\"\n{}",
                                                            props: ["kind": .string("cross_license"), "date": .string("2017-07"),
                                                                    "summary": .string(hostileTexts[3])]))!
            let partnership = try store.node(id: try store.addNode(key: "partnership", kind: "Agreement", name: "node -> edge",
                                                                   props: ["kind": .string("partnership")]))!
            try store.addEdge(type: "licensor", from: deal, to: companies[0])
            try store.addEdge(type: "licensor", from: deal, to: companies[1])
            try store.addEdge(type: "licensee", from: deal, to: companies[0])
            try store.addEdge(type: "licensee", from: deal, to: companies[1])
            for company in companies[2...4] { try store.addEdge(type: "party", from: partnership, to: company) }
            try store.addEdge(type: "concerns", from: deal, to: product)
            try store.addEdge(type: "works_for", from: person, to: companies[5], props: ["role": .string(hostileTexts[0])])
            try store.addEdge(type: "competitor_of", from: companies[6], to: companies[7])
            try store.addEdge(type: "develops", from: companies[5], to: product, period: DatePeriod(from: PartialDate("2018-12")))
        }
        return store
    }

    /// The golden file's text; with KG_UPDATE_GOLDEN=1 in the environment,
    /// writes `actual` as the new golden file first.
    static func golden(_ name: String, actual: String) throws -> String {
        let path = goldenDirectory + "/" + name
        if ProcessInfo.processInfo.environment["KG_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: goldenDirectory, withIntermediateDirectories: true)
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// The Graphviz runner; a test that needs it fails when dot is missing.
    static func graphviz(sourceLocation: SourceLocation = #_sourceLocation) throws -> GraphvizRunner {
        guard let path = GraphvizRunner.find() else {
            Issue.record("Graphviz is not installed (apt-get install graphviz); .ci/run installs it", sourceLocation: sourceLocation)
            throw KGError(.toolMissing, GraphvizRunner.missingMessage)
        }
        return GraphvizRunner(executable: path)
    }

    /// Runs `dot -Tsvg`, expecting exit 0 and nothing at all on stderr, and returns the SVG.
    static func svg(_ dot: String, _ runner: GraphvizRunner, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try runner.run(["-Tsvg"], input: dot)
        #expect(result.status == 0, "dot exited with \(result.status)", sourceLocation: sourceLocation)
        #expect(result.stderr == "", "dot wrote to stderr: \(result.stderr)", sourceLocation: sourceLocation)
        return String(decoding: result.stdout, as: UTF8.self)
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// Lines of DOT text that are not inside a quoted string must be structure only:
    /// returns the text with every quoted string replaced by `Q`.
    static func structure(of dot: String) -> String {
        var out = ""
        var inString = false
        var escaped = false
        for ch in dot.unicodeScalars {
            if inString {
                if escaped { escaped = false }
                else if ch == "\\" { escaped = true }
                else if ch == "\"" { inString = false; out += "Q" }
            } else if ch == "\"" {
                inString = true
            } else {
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
