import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Loading CSV: what ends up in the graph, inferred schemas, --schema, existing graphs.
@Suite struct CSVImportTests {
    @Test func importsNodesEdgesPropsAndPeriods() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("g.sqlite")
        let summary = try CSVImporter.importFiles(
            nodes: CSVFixtures.write(CSVFixtures.nodes(
                #"c1,company,"Acme, Inc","{""founded"": 1999, ""country"":""DE""}""#,
                "c2,company,Globex,",
                #"p1,person,"Ada ""the first"" L.","{""tags"":[""a"",""b""]}""#,
                "x1,company,小米 Xiaomi,{}"), "nodes.csv", in: dir),
            edges: CSVFixtures.write(CSVFixtures.edges(
                #"p1,works_for,c1,"{""since"":2019,""valid_from"":""2019-03"",""valid_to"":2021}""#,
                #"c1,partner_of,c2,"{""valid_from"":null}""#,
                "c2,partner_of,x1,"), "edges.csv", in: dir),
            database: db)
        #expect(summary.nodes == 4)
        #expect(summary.edges == 3)
        #expect(summary.createdGraph)
        let store = try GraphStore.open(at: db)
        let acme = try #require(try store.node(key: "c1"))
        #expect(acme.name == "Acme, Inc")
        #expect(acme.props == ["founded": .int(1999), "country": .string("DE")])
        #expect(try store.node(key: "p1")?.name == "Ada \"the first\" L.")
        #expect(try store.resolve("小米 xiaomi").key == "x1", "names are folded for lookup")
        #expect(try store.resolve("acme, inc").key == "c1")
        let worksFor = try #require(try store.edges(of: acme.id, outgoing: false).first { $0.type == "works_for" })
        #expect(worksFor.props == ["since": .int(2019)], "valid_from and valid_to leave the props")
        #expect(worksFor.period == DatePeriod(from: PartialDate("2019-03"), to: PartialDate("2021")))
        let db2 = try SQLiteDatabase(path: db, mode: .readOnly)
        let props = try db2.query("SELECT props FROM nodes ORDER BY id") { $0.string(0) }
        #expect(props == [#"{"country":"DE","founded":1999}"#, "{}", #"{"tags":["a","b"]}"#, "{}"], "stored canonically; no props is '{}'")
        let edgeProps = try db2.query("SELECT props, valid_from, valid_to FROM edges ORDER BY id") { "\($0.string(0)) \($0.optionalString(1) ?? "-") \($0.optionalString(2) ?? "-")" }
        #expect(edgeProps == [#"{"since":2019} 2019-03 2021"#, "{} - -", "{} - -"])
    }

    @Test func aNewGraphWithoutSchemaGetsAnInferredOpenSchema() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("g.sqlite")
        let summary = try CSVImporter.importFiles(
            nodes: CSVFixtures.write(CSVFixtures.nodes("a,Agreement,Deal,{}", "c,Company,C,{}", "o,Org,O,{}", "p,Person,P,{}"), "n.csv", in: dir),
            edges: CSVFixtures.write(CSVFixtures.edges("a,licensor,c,{}", "a,licensor,o,{}", "p,works_for,c,\"{\"\"any\"\":1}\"", "c,owns,c,{}"), "e.csv", in: dir),
            database: db)
        let inferred = try #require(summary.inferredSchema)
        #expect(inferred.kindOrder == ["Agreement", "Company", "Org", "Person"])
        #expect(inferred.kinds.values.allSatisfy { $0.isOpen })
        #expect(inferred.edgeTypeOrder == ["licensor", "works_for", "owns"])
        #expect(inferred.edgeTypes["licensor"]?.sources == .some(["Agreement"]))
        #expect(inferred.edgeTypes["licensor"]?.targets == .some(["Company", "Org"]))
        #expect(inferred.edgeTypes.values.allSatisfy { $0.isOpen })
        // Stored in the graph, as text that parses back to the same rules.
        let store = try GraphStore.open(at: db)
        #expect(store.schema.source == inferred.source)
        let reparsed = try SchemaParser.parse(store.schema.source)
        #expect(reparsed.kindOrder == inferred.kindOrder)
        #expect(reparsed.edgeTypeOrder == inferred.edgeTypeOrder)
        for name in inferred.edgeTypeOrder {
            #expect(reparsed.edgeTypes[name] == inferred.edgeTypes[name])
        }
        // A later import into this graph is checked against it.
        let more = expectKGError {
            try CSVImporter.importFiles(nodes: CSVFixtures.write(CSVFixtures.nodes("r,Robot,R,{}"), "n2.csv", in: dir), edges: nil, database: db)
        }
        #expect(more?.code == .undeclaredKind)
        #expect(more?.span?.start.line == 2)
        let wrongEnds = expectKGError {
            try CSVImporter.importFiles(nodes: nil, edges: CSVFixtures.write(CSVFixtures.edges("c,licensor,a,{}"), "e2.csv", in: dir), database: db)
        }
        #expect(wrongEnds?.code == .endpointViolation)
        // Open kinds and types take any props; existing nodes can be named.
        try CSVImporter.importFiles(nodes: CSVFixtures.write(CSVFixtures.nodes("c2,Company,C2,\"{\"\"new\"\":true}\""), "n3.csv", in: dir),
                                    edges: CSVFixtures.write(CSVFixtures.edges("p,works_for,c2,\"{\"\"x\"\":[1]}\""), "e3.csv", in: dir), database: db)
        #expect(try GraphStore.open(at: db).statistics().edgeCount == 5)
    }

    @Test func theSchemaWriterRoundTripsTheCompanySchema() throws {
        let company = try GraphStore.defaultSchema()
        let text = SchemaWriter.text(of: company, comment: ["written back"])
        let back = try SchemaParser.parse(text)
        #expect(back.name == company.name)
        #expect(back.kindOrder == company.kindOrder)
        #expect(back.edgeTypeOrder == company.edgeTypeOrder)
        #expect(back.derivedTypeOrder == company.derivedTypeOrder)
        for name in company.kindOrder { #expect(back.kinds[name] == company.kinds[name]) }
        for name in company.edgeTypeOrder { #expect(back.edgeTypes[name] == company.edgeTypes[name]) }
        for name in company.derivedTypeOrder {
            let a = try #require(back.derivedTypes[name]), b = try #require(company.derivedTypes[name])
            #expect(a.sources == b.sources && a.targets == b.targets && a.phrase == b.phrase && a.inversePhrase == b.inversePhrase)
            #expect(a.definition == b.definition)
        }
        // Awkward text survives too.
        var odd = GraphSchema(name: "odd")
        odd.kinds["K"] = NodeKind(name: "K", description: "says \"hi\"\\ and\ttabs", properties: [
            PropertyDefinition(name: "level", type: .string, isRequired: true, allowedValues: ["low", "very high", "a=b", "#1"]),
            PropertyDefinition(name: "when", type: .date),
        ], isOpen: true)
        odd.kindOrder = ["K"]
        odd.edgeTypes["e"] = EdgeType(name: "e", sources: .any, targets: .some(["K"]), isSymmetric: true, phrase: "is \"near\"", properties: [
            PropertyDefinition(name: "w", type: .float)])
        odd.edgeTypeOrder = ["e"]
        let oddBack = try SchemaParser.parse(SchemaWriter.text(of: odd))
        #expect(oddBack.kinds["K"] == odd.kinds["K"])
        #expect(oddBack.edgeTypes["e"] == odd.edgeTypes["e"])
    }

    @Test func withSchemaANewGraphStoresItAndRowsMustFollowIt() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("g.sqlite")
        let options = CSVImportOptions(schema: CSVFixtures.schema)
        try CSVImporter.importFiles(nodes: CSVFixtures.write(CSVFixtures.baseNodes, "n.csv", in: dir),
                                    edges: CSVFixtures.write(CSVFixtures.baseEdges, "e.csv", in: dir), database: db, options: options)
        #expect(try GraphStore.open(at: db).schema.source == CSVFixtures.schemaText)

        let violating = dir.file("violating.sqlite")
        let error = expectKGError {
            try CSVImporter.importFiles(nodes: CSVFixtures.write(CSVFixtures.nodes("c1,company,A,{}", "p1,person,P,{}"), "n2.csv", in: dir),
                                        edges: CSVFixtures.write(CSVFixtures.edges("p1,works_for,c1,{}", "c1,works_for,p1,{}"), "e2.csv", in: dir),
                                        database: violating, options: options)
        }
        #expect(error?.code == .endpointViolation)
        #expect(error?.span?.start.line == 3)
        #expect(error?.message.contains("works_for: person -> company") == true)
        #expect(!CSVFixtures.anyFileExists(violating))
    }

    @Test func anExistingGraphChecksRowsAgainstItsOwnSchemaAndAGivenOne() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("g.sqlite")
        // The seed-style company schema: kinds are capitalised, so lower-case kinds are refused.
        _ = try GraphStore.create(at: db)
        let before = try GraphStore.open(at: db).contentDigest()
        let lower = expectKGError {
            try CSVImporter.importFiles(nodes: CSVFixtures.write(CSVFixtures.nodes("x,Company,X,{}", "y,company,Y,{}"), "n.csv", in: dir), edges: nil, database: db)
        }
        #expect(lower?.code == .undeclaredKind)
        #expect(lower?.span?.start.line == 3)
        #expect(lower?.suggestion == "did you mean 'Company'?")
        #expect(try GraphStore.open(at: db).contentDigest() == before)
        // A given schema is checked as well: the company schema allows 'founded', this one does not.
        let strict = try SchemaParser.parse("schema strict\nkind Company\n")
        let extra = expectKGError {
            try CSVImporter.importFiles(nodes: CSVFixtures.write(CSVFixtures.nodes(#"x,Company,X,"{""founded"":1999}""#), "n2.csv", in: dir),
                                        edges: nil, database: db, options: CSVImportOptions(schema: strict))
        }
        #expect(extra?.code == .undeclaredProperty)
        #expect(try GraphStore.open(at: db).contentDigest() == before)
        #expect(FileManager.default.fileExists(atPath: db), "an existing graph is never removed")
        // And rows that follow both go in, into the graph's own schema.
        try CSVImporter.importFiles(nodes: CSVFixtures.write(CSVFixtures.nodes(#"x,Company,X,"{""founded"":1999}""#, "y,Person,Y,{}"), "n3.csv", in: dir),
                                    edges: CSVFixtures.write(CSVFixtures.edges("y,ceo_of,x,{}"), "e3.csv", in: dir), database: db)
        let store = try GraphStore.open(at: db)
        #expect(store.schema.name == "company")
        #expect(try store.statistics().edgeCount == 1)
    }

    @Test func edgesMayNameNodesAlreadyInTheGraph() throws {
        let dir = TemporaryDirectory()
        let store = try Fixtures.seedStore(in: dir)
        let before = try store.statistics()
        let summary = try CSVImporter(store: store).importCSV(
            nodes: CSVInput(text: CSVFixtures.nodes("newco,Company,NewCo,\"{\"\"founded\"\":2020}\""), name: "n.csv"),
            edges: CSVInput(text: CSVFixtures.edges("newco,rates,xiaomi,{}", "xiaomi,rates,newco,\"{\"\"valid_from\"\":2021}\""), name: "e.csv"))
        #expect(summary.nodes == 1 && summary.edges == 2)
        #expect(try store.statistics().edgeCount == before.edgeCount + 2)
        let xiaomi = try store.resolve("Xiaomi")
        #expect(try store.edges(of: xiaomi.id, outgoing: true).contains { $0.type == "rates" && $0.period.from == PartialDate("2021") })
        // A seed key with another name is a conflict (merging, not adding twice), and the store is usable afterwards.
        let digest = try store.contentDigest()
        let duplicate = expectKGError {
            try CSVImporter(store: store).importCSV(nodes: CSVInput(text: CSVFixtures.nodes("a,Company,A,{}", "xiaomi,Company,Again,{}"), name: "n.csv"), edges: nil)
        }
        #expect(duplicate?.code == .propertyConflict)
        #expect(duplicate?.span?.start.line == 3)
        #expect(try store.contentDigest() == digest)
        _ = try store.write { try store.addNode(key: "after", kind: "Company", name: "After") }
    }

    @Test func aKeyAlreadyInTheGraphIsFoundInsideALargeBatch() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("g.sqlite")
        try CSVImporter.importFiles(nodes: CSVFixtures.write(CSVFixtures.baseNodes, "base.csv", in: dir), edges: nil, database: db)
        let before = try GraphStore.open(at: db).contentDigest()
        let rows = (0..<700).map { "x\($0),company,X \($0),{}" } + ["c2,company,Globex again,{}"] + (700..<900).map { "x\($0),company,X,{}" }
        let text = CSVFixtures.nodeHeader + "\n" + rows.joined(separator: "\n") + "\n"
        let error = expectKGError { try CSVImporter.importFiles(nodes: CSVFixtures.write(text, "n.csv", in: dir), edges: nil, database: db) }
        #expect(error?.code == .propertyConflict)
        #expect(error?.message.contains("'c2'") == true)
        #expect(error?.span?.start.line == 702)
        #expect(try GraphStore.open(at: db).contentDigest() == before)
    }

    @Test func aGeneratedGraphLoadsWithItsIndexesRebuilt() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("g.sqlite")
        let data = CSVFixtures.generated(companies: 2000)
        let summary = try CSVImporter.importFiles(nodes: CSVFixtures.write(data.nodes, "n.csv", in: dir),
                                                  edges: CSVFixtures.write(data.edges, "e.csv", in: dir), database: db)
        #expect(summary.nodes == data.nodeCount)
        #expect(summary.edges == data.edgeCount)
        #expect(data.edgeCount >= 10_000, "enough rows to drop and rebuild the indexes")
        #expect(try CSVFixtures.indexNames(db).filter { !$0.hasPrefix("sqlite_") } ==
                ["aliases_by_node", "changes_by_target", "changes_by_write", "edges_in", "edges_out", "evidence_by_edge", "evidence_by_node", "evidence_by_source", "nodes_by_kind", "nodes_by_name"])
        let store = try GraphStore.open(at: db)
        #expect(try store.node(key: "r7")?.name == "Product \"7\"")
        #expect(try store.node(key: "r7")?.props == ["version": .int(2)])
        #expect(try store.resolve("company 12, ltd").key == "c12")
        let raw = try SQLiteDatabase(path: db, mode: .readOnly)
        #expect(try raw.queryOne("PRAGMA integrity_check") { $0.string(0) } == "ok")
        #expect(try raw.queryOne("PRAGMA foreign_key_check") { _ in "problem" } == nil)
        #expect(try raw.queryOne("PRAGMA journal_mode") { $0.string(0) } == "wal", "the graph is left in WAL mode")
        #expect(try raw.queryOne("SELECT count(*) FROM edges WHERE valid_from IS NOT NULL") { $0.int(0) } == 4000)
    }

    @Test func readingOnOneThreadOrTwoMakesTheSameGraph() throws {
        let dir = TemporaryDirectory()
        let data = CSVFixtures.generated(companies: 400)
        let nodes = CSVFixtures.write(data.nodes, "n.csv", in: dir), edges = CSVFixtures.write(data.edges, "e.csv", in: dir)
        var digests: [String] = []
        for workerThread in [true, false] {
            var options = CSVImportOptions(bulkIndexThreshold: 0)
            options.readOnWorkerThread = workerThread
            let db = dir.file("g-\(workerThread).sqlite")
            let summary = try CSVImporter.importFiles(nodes: nodes, edges: edges, database: db, options: options)
            #expect(summary.nodes == data.nodeCount && summary.edges == data.edgeCount)
            digests.append(try GraphStore.open(at: db).contentDigest())
        }
        #expect(digests[0] == digests[1])
    }

    @Test func crlfAndAByteOrderMarkImportLikePlainFiles() throws {
        let dir = TemporaryDirectory()
        let nodes = "\u{FEFF}" + CSVFixtures.baseNodes.replacingOccurrences(of: "\n", with: "\r\n")
        let edges = "\u{FEFF}" + CSVFixtures.baseEdges.replacingOccurrences(of: "\n", with: "\r\n")
        let a = dir.file("a.sqlite"), b = dir.file("b.sqlite")
        try CSVImporter.importFiles(nodes: CSVFixtures.write(nodes, "n.csv", in: dir), edges: CSVFixtures.write(edges, "e.csv", in: dir), database: a)
        try CSVImporter.importFiles(nodes: CSVFixtures.write(CSVFixtures.baseNodes, "n2.csv", in: dir),
                                    edges: CSVFixtures.write(CSVFixtures.baseEdges, "e2.csv", in: dir), database: b)
        #expect(try GraphStore.open(at: a).contentDigest() == GraphStore.open(at: b).contentDigest())
    }

    @Test func progressIsReported() throws {
        let dir = TemporaryDirectory()
        let data = CSVFixtures.generated(companies: 300)
        nonisolated(unsafe) var phases: [CSVImportProgress.Phase] = []
        let options = CSVImportOptions(bulkIndexThreshold: 0, progress: { phases.append($0.phase) })
        try CSVImporter.importFiles(nodes: CSVFixtures.write(data.nodes, "n.csv", in: dir), edges: CSVFixtures.write(data.edges, "e.csv", in: dir),
                                    database: dir.file("g.sqlite"), options: options)
        #expect(phases.contains(.nodes) && phases.contains(.edges) && phases.last == .indexes, "\(phases)")
    }

    /// The peer benchmark's generator, named by `KG_PEERBENCH_GEN` (CI points
    /// it at `../shared/peerbench/gen.py`); no test reads outside the
    /// repository unless told to.
    static let genScript = ProcessInfo.processInfo.environment["KG_PEERBENCH_GEN"] ?? ""

    /// The peerbench data set (small): counts per kind and type as its meta.json says.
    @Test(.enabled(if: !genScript.isEmpty && FileManager.default.fileExists(atPath: genScript),
                   "needs the peer benchmark's generator: KG_PEERBENCH_GEN=…/peerbench/gen.py"))
    func peerbenchSmallDataImportsWithTheCountsOfItsMeta() throws {
        let dir = TemporaryDirectory()
        let out = dir.file("data")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.genScript, "--scale", "small", "--out", out]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let db = dir.file("g.sqlite")
        let summary = try CSVImporter.importFiles(nodes: out + "/nodes.csv", edges: out + "/edges.csv", database: db)
        let meta = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/meta.json"))) as? [String: Any])
        #expect(summary.nodes == meta["nodes"] as? Int)
        #expect(summary.edges == meta["edges"] as? Int)
        let stats = try GraphStore.open(at: db).statistics()
        let kinds = try #require(meta["node_kinds"] as? [String: Int])
        let types = try #require(meta["edge_types"] as? [String: Int])
        #expect(Dictionary(uniqueKeysWithValues: stats.nodesByKind.map { ($0.kind, $0.count) }) == kinds)
        #expect(Dictionary(uniqueKeysWithValues: stats.edgesByType.map { ($0.type, $0.count) }) == types)
        #expect(summary.inferredSchema?.kindOrder.count == kinds.count)
        #expect(summary.inferredSchema?.edgeTypeOrder.count == types.count)
        let store = try GraphStore.open(at: db)
        #expect(try store.node(key: "c0")?.kind == "company")
        #expect(try store.node(key: "c0")?.props["founded"] != nil)
    }
}
