import Foundation
import Testing
@testable import KnowledgeGraph

/// Less typing in graph text (issue 24, part 4): node evidence from a fact's
/// quote, the cross-licence shorthand, variant spellings in CSV, kg new.
@Suite struct LessTypingTests {
    @Test func aNodeNamedInAFactsQuoteRestsOnIt() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        let summary = try GraphTextImporter(store: store).importText("""
            source art file="art.txt"
            node Company acme "Acme Rockets"
              alias "Acme"
            node Company globex "Globex"
            node Company initech "Initech"
              evidence art "Initech is a software company."
            node Agreement deal "Initech supply deal" kind=supply
              supplier initech
                evidence art "Initech supplies Globex's plants and ACME's test site."
              customer globex
                evidence art "Initech supplies Globex's plants and ACME's test site."
              evidence art "Initech supplies Globex's plants and ACME's test site."

            """)
        #expect(summary.notes.contains("2 nodes without evidence lines rest on the quote of a fact that names them"), "\(summary.notes)")
        for key in ["acme", "globex"] {
            let node = try #require(try store.node(key: key))
            #expect(try store.evidence(forNode: node.id).map(\.quote) == ["Initech supplies Globex's plants and ACME's test site."])
            #expect(try NodeReport(store: store).render(node).contains("evidence (art.txt): „Initech supplies Globex's plants"))
        }
        #expect(try store.evidence(forNode: store.node(key: "initech")!.id).map(\.quote) == ["Initech is a software company."])
    }

    @Test func aNameInsideAnotherWordIsNotANaming() throws {
        #expect(GraphTextDocument.quote("Acmes Gründer", names: "acme"))
        #expect(GraphTextDocument.quote("the deal (Acme’s first)", names: "acme"))
        #expect(!GraphTextDocument.quote("Acmeville grows", names: "acme"))
        #expect(!GraphTextDocument.quote("MegaAcme grows", names: "acme"))
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        let error = expectKGError {
            try GraphTextImporter(store: store).importText("""
                source art file="art.txt"
                node Company acme "Acme"
                node Company globex "Globex"
                  competitor_of acme
                    evidence art "Globex competes with Acmeville."

                """)
        }
        #expect(error?.code == .missingEvidence && error?.span?.start.line == 2, "\(String(describing: error))")
        #expect(try store.statistics().nodeCount == 0)
    }

    @Test func crossNamesTheParties() throws {
        let dir = TemporaryDirectory()
        let store = try GraphStore.create(at: dir.file("g.sqlite"))
        try GraphTextImporter(store: store).importText("""
            source art file="art.txt"
            node Company nokia "Nokia"
            node Company xiaomi "Xiaomi"
            node Agreement nx "Nokia–Xiaomi cross-licence" kind=cross_licence
              cross nokia xiaomi
                evidence art "Nokia and Xiaomi license each other's patents."
              evidence art "Nokia and Xiaomi license each other's patents."

            """)
        let answer = try CurationFixtures.answer(store, "MATCH (a:Agreement)-[r]->(c) RETURN type(r), c.key")
        #expect(answer == ["licensee|nokia", "licensee|xiaomi", "licensor|nokia", "licensor|xiaomi"], "\(answer)")
        #expect(try store.node(key: "nx")?.props["kind"] == .string("cross_license"))
        let bad = expectKGError { _ = try GraphTextParser.parse("node Agreement nx \"X\" kind=cross_license\n  cross nokia\n    evidence a \"b\"\n  evidence a \"b\"\n") }
        #expect(bad?.code == .importSyntax && bad?.span?.start.line == 2)
        let noEvidence = expectKGError { _ = try GraphTextParser.parse("node Agreement nx \"X\" kind=cross_license\n  cross a b\n  evidence a \"b\"\n") }
        #expect(noEvidence?.code == .missingEvidence && noEvidence?.message.contains("'cross' line") == true, "\(String(describing: noEvidence))")
    }

    @Test func csvReadsVariantSpellingsWithANote() throws {
        let home = TemporaryDirectory()
        try "id,kind,name,props\nnx,Agreement,Deal,\"{\"\"kind\"\":\"\"Cross-Licence\"\"}\"\nnokia,Company,Nokia,{}\n"
            .write(toFile: home.file("n.csv"), atomically: true, encoding: .utf8)
        // Into an empty graph (the bulk path) and into one with nodes (the merging path).
        for (db, setup) in [("bulk.sqlite", ["init", "--empty"]), ("merge.sqlite", ["init"])] {
            #expect(try runKG(setup + ["--db", home.file(db)], home: home.path).status == 0)
            let result = try runKG(["import", "--nodes", home.file("n.csv"), "--db", home.file(db)], home: home.path)
            #expect(result.status == 0 && result.stderr.contains("line 2: read kind='Cross-Licence' as 'cross_license'"), "\(db): \(result.stderr)")
            #expect(try GraphStore.open(at: home.file(db)).node(key: "nx")?.props["kind"] == .string("cross_license"))
        }
    }

    @Test func kgNewPrintsABlockFromTheGraphsSchema() throws {
        let home = TemporaryDirectory()
        let block = try runKG(["new", "agreement"], home: home.path)
        #expect(block.status == 0, "\(block.stderr)")
        let schema = try GraphStore.defaultSchema()
        let allowed = try #require(schema.kinds["Agreement"]?.properties["kind"]?.allowedValues)
        #expect(block.stdout.contains("node Agreement KEY \"NAME\" kind=CHOOSE") && block.stdout.contains("one of " + allowed.joined(separator: " ")))
        #expect(block.stdout.contains("# licensor") && block.stdout.contains("# cross PARTY_KEY PARTY_KEY"))
        // Another schema, another block.
        let supply = home.file("supply.sqlite")
        #expect(try runKG(["init", "--empty", "--db", supply, "--schema", Fixtures.repositoryRoot + "/docs/examples/supply.kgs"], home: home.path).status == 0)
        let supplySchema = try GraphStore.open(at: supply).schema
        let kind = try #require(supplySchema.kindOrder.first)
        let other = try runKG(["new", "node", kind.lowercased(), "--db", supply], home: home.path)
        #expect(other.status == 0 && other.stdout.contains("node \(kind) KEY \"NAME\""), "\(other.stderr)")
        #expect(!other.stdout.contains("cross_license"))
        // A block not filled in does not import.
        try block.stdout.write(toFile: home.file("deal.kg"), atomically: true, encoding: .utf8)
        let db = home.file("g.sqlite")
        #expect(try runKG(["init", "--empty", "--db", db], home: home.path).status == 0)
        let check = try runKG(["import", "--check", home.file("deal.kg"), "--db", db], home: home.path)
        #expect(check.status == 65 && check.stderr.contains("CHOOSE"), "\(check.stderr)")
        let unknown = try runKG(["new", "agreemnt", "--db", db], home: home.path)
        #expect(unknown.status == 64 && unknown.stderr.contains("did you mean 'Agreement'?"))
    }
}
