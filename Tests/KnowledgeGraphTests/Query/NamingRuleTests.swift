import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// A small package graph like the one the issue was found on: a virtual
/// package called `mate`, and `gimp` and `git` each naming a product and a
/// source package. Keys written with upper-case letters are stored folded.
final class PackageGraph {
    let dir = TemporaryDirectory()
    let store: GraphStore
    let engine: QueryEngine

    init() throws {
        let nodes = CSVFixtures.write(CSVFixtures.nodes(
            "pkg:mate,product,mate-desktop,{}",
            "virtual:mate,virtual,mate,{}",
            "pkg:gimp,product,gimp,{}",
            "src:gimp,source,gimp,{}",
            "pkg:git,product,git,{}",
            "src:git,source,git,{}",
            "pkg:libc,product,libc,{}",
            "pkg:Duesseldorf,product,Duesseldorf City,{}"), "n.csv", in: dir)
        let edges = CSVFixtures.write(CSVFixtures.edges(
            "pkg:mate,provides,virtual:mate,{}",
            "pkg:gimp,depends,pkg:libc,{}",
            "pkg:git,depends,pkg:libc,{}",
            "pkg:mate,depends,pkg:libc,{}",
            "PKG:DUESSELDORF,depends,pkg:libc,{}",
            "src:gimp,builds,pkg:gimp,{}",
            "src:git,builds,pkg:git,{}"), "e.csv", in: dir)
        let db = dir.file("pk.sqlite")
        try CSVImporter.importFiles(nodes: nodes, edges: edges, database: db)
        store = try GraphStore.open(at: db)
        engine = QueryEngine(store: store)
    }

    func run(_ text: String) throws -> QueryResult { try engine.execute(text) }

    func keys(_ text: String) throws -> [String] {
        var formatter = ResultFormatter(store: store)
        return try run(text).rows.map { formatter.text($0[0]) }
    }

    func error(_ text: String) -> KGError? { expectKGError { _ = try self.engine.execute(text) } }
}

@Suite struct NamingRuleTests {
    @Test func theRuleIsReadFromTheTextAlone() {
        #expect(NamingRule.isNodeName("Xiaomi"))
        #expect(NamingRule.isNodeName("IKEA"))
        #expect(NamingRule.isNodeName("小米"))
        #expect(NamingRule.isNodeName("Ölwerk"))
        #expect(!NamingRule.isNodeName("who"))
        #expect(!NamingRule.isNodeName("a"))
        #expect(!NamingRule.isNodeName("_x"))
        #expect(!NamingRule.isNodeName("xiaomi"))
    }

    /// Before: 12 rows (Google and Apple silently became variables because they were returned).
    @Test func aCapitalisedWordThatNamesNoNodeIsAnErrorEvenWhenReturned() throws {
        let q = try SeedQueries()
        let error = q.error("MATCH (Google)-[:partner_of]-(Apple) RETURN Google, Apple")
        #expect(error?.code == .unknownNode)
        #expect(error?.message.contains("'Google'") == true)
        #expect(error?.suggestion?.contains("to use a variable start it with a lower-case letter: (google)") == true)
        // Written with variables, the same question is all partner pairs.
        #expect(try q.run("MATCH (google)-[:partner_of]-(apple) RETURN google, apple").rows.count == 12)
    }

    /// Before: `WHERE x <> Google` was "not a variable"; the documented idiom
    /// `WHERE c <> Xiaomi` matched everything on a graph without Xiaomi.
    @Test func aCapitalisedWordInWhereStandsForTheNodeAndMustName() throws {
        let q = try SeedQueries()
        #expect(q.error("MATCH (Xiaomi)-[:partner_of]-(x) WHERE x <> Google RETURN x")?.code == .unknownNode)
        #expect(try q.column("MATCH (Xiaomi)-[:partner_of]-(c) WHERE c <> IKEA RETURN c") == ["Baidu", "Nokia", "Microsoft", "FAW Car"])
        let packages = try PackageGraph()
        let error = packages.error("MATCH (c)-[:depends]-(d) WHERE c <> Xiaomi RETURN c")
        #expect(error?.code == .unknownNode)
        #expect(error?.suggestion?.contains("a variable starts with a lower-case letter (xiaomi)") == true)
        #expect(packages.error("MATCH (Xiaomi)-[:depends]-(c) WHERE c <> Xiaomi RETURN c")?.code == .unknownNode)
    }

    /// Before: with an Organisation aliased "WHO", the README's first query returned 0 rows;
    /// nodes keyed a, b, p captured (a), (b), (p).
    @Test func nodesCalledLikeVariablesDoNotChangeAnswers() throws {
        let q = try SeedQueries()
        let readme = "MATCH (who)-[:licenses_patents_to]->(Xiaomi) RETURN DISTINCT who"
        let party = "MATCH (a)<-[:party]-(p:Agreement)-[:party]->(b) WHERE a.key = 'xiaomi' RETURN b.key ORDER BY b.key"
        let before = (try q.column(readme), try q.table(party))
        #expect(before.0 == ["Nokia", "Microsoft"])
        _ = try GraphTextImporter(store: q.store).importText("""
            source who-src file="who.txt" lang=en
            node Organisation who "World Health Organization"
              alias "WHO"
              evidence who-src "The World Health Organization (WHO) is an agency."
            node Company a "A Corp"
              evidence who-src "A Corp exists."
            node Company b "B Corp"
              evidence who-src "B Corp exists."
            node Company p "P Corp"
              evidence who-src "P Corp exists."
            """)
        #expect(try q.column(readme) == before.0)
        #expect(try q.table(party) == before.1)
    }

    /// Before: (mate) bound to the node virtual:mate (0 rows), (gimp) silently
    /// became a variable because it names two nodes; EXPLAIN said nothing.
    @Test func lowerCaseWordsAreVariablesOnAPackageGraph() throws {
        let g = try PackageGraph()
        #expect(try g.keys("MATCH (mate)-[:depends]->(l) RETURN mate.key ORDER BY mate.key") == ["pkg:duesseldorf", "pkg:gimp", "pkg:git", "pkg:mate"])
        #expect(try g.keys("MATCH (gimp)-[:depends]->(l) RETURN gimp.key ORDER BY gimp.key").count == 4)
        let ambiguous = g.error("MATCH (\"gimp\")-[:depends]->(l) RETURN l")
        #expect(ambiguous?.code == .ambiguousNode)
        #expect(ambiguous?.message.contains("gimp (product, key pkg:gimp)") == true)
        #expect(ambiguous?.message.contains("gimp (source, key src:gimp)") == true)
        let plan = try g.run("EXPLAIN MATCH (mate)-[:depends]->(\"libc\") RETURN mate").planText ?? ""
        #expect(plan.contains("read mate: variable"))
        #expect(plan.contains("read \"libc\": node pkg:libc (product \"libc\")"))
    }

    /// Before: "'git' names 2 nodes" although only one of them is a product.
    @Test func thePatternsKindNarrowsAnAmbiguousName() throws {
        let g = try PackageGraph()
        #expect(try g.keys("MATCH (g:product = \"git\") RETURN g.key") == ["pkg:git"])
        #expect(try g.keys("MATCH (s:source = \"git\")-[:builds]->(p) RETURN p.key") == ["pkg:git"])
        #expect(g.error("MATCH (g = \"git\") RETURN g")?.suggestion?.contains("narrow by kind") == true)
    }

    @Test func aLowerCaseWordIsNeverANameNotEvenAfterEquals() throws {
        let q = try SeedQueries()
        let error = q.error("MATCH (x = xiaomi)-[:develops]->(p) RETURN p")
        #expect(error?.code == .invalidPattern)
        #expect(error?.suggestion == "quote the name, or capitalise it: (x = \"xiaomi\")")
        #expect(try q.column("MATCH (x = \"xiaomi\")-[:develops]->(p) RETURN count(p)") == ["5"])
        #expect(try q.column("MATCH (x = Xiaomi)-[:develops]->(p) RETURN count(p)") == ["5"])
    }

    /// The suggestion reads a bounded window of the name index around the
    /// word (not every name sharing its first letter), and still finds a
    /// near name among many with the same prefix.
    @Test func didYouMeanFindsANearNameAmongManyWithTheSamePrefix() throws {
        let dir = TemporaryDirectory()
        let rows = (0..<2000).map { "c\($0),company,Linsolor \(String($0, radix: 36)) Works,{}" } + ["target,company,Linsolor Labs,{}"]
        let nodes = CSVFixtures.write(([CSVFixtures.nodeHeader] + rows).joined(separator: "\n") + "\n", "n.csv", in: dir)
        try CSVImporter.importFiles(nodes: nodes, edges: nil, database: dir.file("l.sqlite"))
        let engine = QueryEngine(store: try GraphStore.open(at: dir.file("l.sqlite")))
        let error = expectKGError { _ = try engine.execute("MATCH (c = \"Linsolor Laqs\") RETURN c") }
        #expect(error?.code == .unknownNode)
        #expect(error?.suggestion?.hasPrefix("did you mean 'Linsolor Labs'") == true)
    }

    @Test func lettersOutsideASCIINameNodes() throws {
        let q = try SeedQueries()
        #expect(try q.column("MATCH (小米)-[:develops]->(p) RETURN count(p)") == ["5"])
    }

    @Test func aLoneLowerCaseWordThatIsAlsoANameGetsAWarningNotAnotherAnswer() throws {
        let q = try SeedQueries()
        let result = try q.run("MATCH (xiaomi)-[:develops]->(p) RETURN DISTINCT p.key")
        #expect(result.rows.count > 7)   // every developed product: (xiaomi) is a variable
        #expect(result.warnings.contains { $0.message.contains("(xiaomi) is a variable") && $0.suggestion?.contains("(\"xiaomi\")") == true })
        #expect(try q.run("MATCH (who)-[:licenses_patents_to]->(Xiaomi) RETURN who").warnings.isEmpty)
    }
}

@Suite struct KeyCaseTests {
    /// Before: `node Company Acme-Inc` was stored as Acme-Inc and `kg show acme-inc` failed (KGB006).
    @Test func graphTextKeysAreStoredInLowerCase() throws {
        let q = try SeedQueries()
        _ = try GraphTextImporter(store: q.store).importText("""
            source acme-src file="acme.txt" lang=en
            node Company Acme-Inc "Acme Inc"
              evidence acme-src "Acme Inc exists."
            node Agreement Acme-Xiaomi "Acme and Xiaomi" kind=partnership
              party ACME-INC
                evidence acme-src "Acme and Xiaomi are partners."
              party Xiaomi
                evidence acme-src "Acme and Xiaomi are partners."
              evidence acme-src "Acme and Xiaomi are partners."
            """)
        #expect(try q.store.resolve("acme-inc").key == "acme-inc")
        #expect(try q.store.resolve("Acme-Inc").key == "acme-inc")
        #expect(try q.store.resolve("ACME-INC").key == "acme-inc")
        #expect(try q.column("MATCH (\"acme-inc\")-[:partner_of]-(c) RETURN c.key") == ["xiaomi"])
    }

    /// Before: `Duesseldorf` failed where `duesseldorf` worked.
    @Test func keysMatchWhateverTheirCase() throws {
        let q = try SeedQueries()
        #expect(try q.column("MATCH (c = \"Duesseldorf\") RETURN c.key") == ["duesseldorf"])
        #expect(try q.column("MATCH (c = \"DUESSELDORF\") RETURN c.key") == ["duesseldorf"])
    }

    @Test func csvKeysAreStoredInLowerCaseAndEdgesFindThem() throws {
        let g = try PackageGraph()
        #expect(try g.keys("MATCH (\"pkg:Duesseldorf\")-[:depends]->(l) RETURN l.key") == ["pkg:libc"])
        #expect(try g.keys("MATCH (n = \"pkg:duesseldorf\") RETURN n.key") == ["pkg:duesseldorf"])
        // Two ids that differ only in case are one key.
        let dir = TemporaryDirectory()
        let error = expectKGError {
            try CSVImporter.importFiles(nodes: CSVFixtures.write(CSVFixtures.nodes("Acme,company,A,{}", "acme,company,B,{}"), "n.csv", in: dir),
                                        edges: nil, database: dir.file("d.sqlite"))
        }
        #expect(error?.code == .duplicateKey)
    }
}
