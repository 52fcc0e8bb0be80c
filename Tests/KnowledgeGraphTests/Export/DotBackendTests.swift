import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// `kg dot` runs on the storage protocol: the in-memory backend
/// (Tests/KnowledgeGraphTests/Support/MemoryGraph.swift, no SQL) walks the
/// same neighbourhoods and draws the same DOT bytes as the SQLite file, and
/// the byte-level escaping writes exactly what the rules of ``DotEscaping``
/// say for every kind of character.
@Suite struct DotBackendTests {
    let dir = TemporaryDirectory()

    /// Every seed picture the DOT tests draw, plus hop counts and types.
    static let pictures: [(around: String?, hops: Int, oneHop: Bool, types: [String]?, options: DotOptions)] = [
        ("Xiaomi", 0, true, nil, DotOptions()),
        ("Xiaomi", 1, true, nil, DotOptions()),
        ("Xiaomi", 2, true, nil, DotOptions(legend: true)),
        ("Xiaomi", 1, false, nil, DotOptions(cluster: .kind)),
        ("Xiaomi", 3, true, ["party", "licensor", "licensee"], DotOptions()),
        ("Xiaomi", 1, true, nil, DotOptions(collapseAgreements: true)),
        ("nokia-xiaomi-partnership-2017", 2, true, nil, DotOptions(legend: true, collapseAgreements: true)),
        ("Nokia", 4, false, nil, DotOptions(legend: true, cluster: .kind, collapseAgreements: true, title: "Nokia \"& co\"")),
        (nil, 0, true, nil, DotOptions(legend: true, cluster: .kind, collapseAgreements: true, title: "kg seed graph")),
    ]

    @Test func theSeedGraphDrawsTheSameFromBothBackends() throws {
        let sqlite = try Fixtures.seedStore(in: dir)
        let memory = try MemoryGraph(copying: sqlite)
        for picture in Self.pictures {
            let onFile: Subgraph, inMemory: Subgraph
            if let name = picture.around {
                let center = try sqlite.resolve(name).id
                onFile = try sqlite.neighbourhood(of: center, hops: picture.hops, types: picture.types, agreementsAsOneHop: picture.oneHop)
                inMemory = try memory.neighbourhood(of: center, hops: picture.hops, types: picture.types, agreementsAsOneHop: picture.oneHop)
            } else {
                onFile = try sqlite.wholeGraph()
                inMemory = try memory.wholeGraph()
            }
            let label = "\(picture.around ?? "whole graph"), \(picture.hops) hops"
            #expect(inMemory == onFile, "\(label)")
            #expect(onFile.edges.count > 0 || picture.hops == 0, "\(label)")
            let expected = try DotExporter(store: sqlite, options: picture.options).render(onFile)
            let actual = try DotExporter(store: memory, options: picture.options).render(inMemory)
            #expect(actual == expected, "\(label)")
            #expect(try GraphMLExporter(store: memory).render(inMemory) == GraphMLExporter(store: sqlite).render(onFile), "\(label)")
        }
    }

    @Test func errorsAreTheSameOnBothBackends() throws {
        let sqlite = try Fixtures.seedStore(in: dir)
        let memory = try MemoryGraph(copying: sqlite)
        let xiaomi = try sqlite.resolve("Xiaomi").id
        for store in [sqlite as any GraphReading, memory] {
            #expect(expectKGError { _ = try store.neighbourhood(of: xiaomi, hops: 1, types: ["partie"]) }?.suggestion?.contains("'party'") == true)
            #expect(expectKGError { _ = try store.neighbourhood(of: xiaomi, hops: 1, types: ["partner_of"]) }?.code == .unknownEdgeType)
            #expect(expectKGError { _ = try store.neighbourhood(of: xiaomi, hops: -1) }?.code == .usage)
            #expect(expectKGError { _ = try store.neighbourhood(of: 999_999, hops: 1) }?.code == .unknownNode)
            let tooLarge = expectKGError { _ = try store.neighbourhood(of: xiaomi, hops: 2, maxNodes: 5) }
            #expect(tooLarge?.code == .tooLarge)
            #expect(tooLarge?.message.contains("more than the limit of 5 nodes") == true)
        }
    }

    /// A random graph with agreements, self-loops, parallel edges, aliases
    /// and hostile names: both backends walk and draw the same, and the walk
    /// agrees with a reference search, with and without the in-memory
    /// adjacency loaded.
    @Test func aRandomGraphDrawsTheSameFromBothBackends() throws {
        var random = SeededRandom(seed: 2613)
        var nodes = "id,kind,name,props\n", edges = "src,type,dst,props\n"
        var kinds: [String] = []
        let names = ["Acme", "Ünïcödé 小米", "quote \"\"q\"\"", "back\\slash", "a & b", "<b>x</b>", "semi; -> {}"]
        for i in 0..<150 {
            kinds.append(random.chance(0.3) ? "Agreement" : random.pick(["Company", "Person", "Product"]))
            let props = kinds[i] == "Agreement" ? "\"{\"\"kind\"\":\"\"\(random.pick(["partnership", "patent_license", "supply"]))\"\",\"\"date\"\":\"\"20\(10 + i % 10)\"\"}\"" : ""
            nodes += "k\(i),\(kinds[i]),\"\(random.pick(names)) \(i)\",\(props)\n"
        }
        var list: [(Int, Int, String)] = []
        for _ in 0..<400 {
            let a = random.int(0..<150), b = random.chance(0.04) ? a : random.int(0..<150)
            let type = kinds[a] == "Agreement" ? random.pick(["party", "licensor", "licensee"]) : random.pick(["supplies", "develops", "partner_of"])
            list.append((a, b, type))
            edges += "k\(a),\(type),k\(b),\(random.chance(0.2) ? "\"{\"\"since\"\":2019}\"" : "")\n"
        }
        try nodes.write(toFile: dir.file("n.csv"), atomically: true, encoding: .utf8)
        try edges.write(toFile: dir.file("e.csv"), atomically: true, encoding: .utf8)
        try CSVImporter.importFiles(nodes: dir.file("n.csv"), edges: dir.file("e.csv"), database: dir.file("g.sqlite"))
        let sqlite = try GraphStore.open(at: dir.file("g.sqlite"), mode: .readOnly)
        let memory = try MemoryGraph(copying: sqlite)
        let ids = try (0..<150).map { i throws in try sqlite.resolve("k\(i)").id }
        for loaded in [false, true] {
            if loaded { for type in sqlite.schema.edgeTypeOrder { _ = try memory.adjacencyList(type) } }
            for center in [0, 3, 17, 64, 149] {
                for hops in 0...3 {
                    for oneHop in [true, false] {
                        let label = "centre \(center), \(hops) hops, one hop \(oneHop), adjacency in memory \(loaded)"
                        let onFile = try sqlite.neighbourhood(of: ids[center], hops: hops, agreementsAsOneHop: oneHop)
                        let inMemory = try memory.neighbourhood(of: ids[center], hops: hops, agreementsAsOneHop: oneHop)
                        #expect(inMemory == onFile, "\(label)")
                        #expect(onFile.nodes == Self.reference(center, hops, oneHop, kinds, list).map { ids[$0] }.reduce(into: Set()) { $0.insert($1) }, "\(label)")
                        let options = DotOptions(legend: true, collapseAgreements: center % 2 == 1, maxNodes: 1000)
                        #expect(try DotExporter(store: memory, options: options).render(inMemory)
                                == DotExporter(store: sqlite, options: options).render(onFile), "\(label)")
                    }
                }
            }
        }
    }

    /// The nodes within `hops` of `center`: every edge relaxed until nothing
    /// changes (Bellman-Ford on 0/1 costs).
    static func reference(_ center: Int, _ hops: Int, _ oneHop: Bool, _ kinds: [String], _ list: [(Int, Int, String)]) -> Set<Int> {
        var distance: [Int: Int] = [center: 0]
        var changed = true
        while changed {
            changed = false
            for (a, b, _) in list {
                for (from, to) in [(a, b), (b, a)] where from != to {
                    guard let d = distance[from] else { continue }
                    let free = oneHop && kinds[from] == "Agreement" && from != center && kinds[to] != "Agreement"
                    let reach = d + (free ? 0 : 1)
                    if reach <= hops, distance[to].map({ $0 > reach }) ?? true { distance[to] = reach; changed = true }
                }
            }
        }
        return Set(distance.keys)
    }

    // MARK: Escaping on bytes

    /// The rules of ``DotEscaping``, one Unicode scalar at a time (how kg
    /// escaped before it wrote bytes): the byte escaper must agree on every text.
    static func referenceEscape(_ value: String, entities: Bool) -> String {
        var out = "\""
        var previousWasCR = false
        for scalar in value.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "&" where entities: out += "&amp;"
            case "\n": if !previousWasCR { out += "\\n" }
            case "\r", "\u{85}", "\u{2028}", "\u{2029}": out += "\\n"
            case "\t": out += " "
            default:
                let v = scalar.value
                if v < 0x20 || (v >= 0x7F && v <= 0x9F) || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    @Test func byteEscapingFollowsTheRulesForEveryKindOfCharacter() {
        let pieces: [String] = ["\\", "\"", "&", "\n", "\r", "\r\n", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}",
                                "\u{A0}", "\u{2028}", "\u{2029}", "\u{2027}", "\u{202A}", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "\u{FEFF}",
                                "a", "Z", " ", "ü", "小米", "😀", "👩‍👩‍👧", "e\u{301}", "\u{202E}", "->", ";", "{", "}", "<b>", "&amp;", "\\N"]
        var random = SeededRandom(seed: 77)
        var texts = DotFixtures.hostileTexts + pieces + [""]
        for _ in 0..<3000 {
            texts.append((0..<random.int(1..<12)).map { _ in random.pick(pieces) }.joined())
        }
        for text in texts {
            #expect(DotEscaping.quoted(text) == Self.referenceEscape(text, entities: false), "\(text.debugDescription)")
            #expect(DotEscaping.text(text) == Self.referenceEscape(text, entities: true), "\(text.debugDescription)")
        }
        // Nothing inside the quotes can end them or start a line.
        for text in texts {
            let body = DotEscaping.text(text).dropFirst().dropLast()
            #expect(!body.contains("\n") && !body.contains("\r"))
            var escaped = false
            for scalar in body.unicodeScalars {
                if !escaped && scalar == "\"" { Issue.record("an unescaped quote in \(text.debugDescription)") }
                escaped = !escaped && scalar == "\\"
            }
        }
    }
}
