import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// The language gaps of issue 10, each before (a parse error or a wrong
/// answer) and after.
@Suite struct LanguageGapTests {
    // MARK: Label predicates

    /// Before: KGP001 "expected an operator …, found ':'".
    @Test func labelPredicatesInWhereAndReturn() throws {
        let q = try SeedQueries()
        #expect(try q.column("MATCH (x)<-[:party]-(a) WHERE a:Agreement RETURN count(*)") == ["12"])
        #expect(try q.column("MATCH (x)<-[:party]-(a) WHERE NOT a:Agreement RETURN count(*)") == ["0"])
        #expect(try q.column("MATCH (x)<-[:party]-(a:Agreement) WHERE NOT x:Company|Organisation RETURN count(*)") == ["0"])
        #expect(try q.table("MATCH (Xiaomi)-[:develops]->(p) RETURN DISTINCT p:Product, p:Company") == [["true", "false"]])
        #expect(q.error("MATCH (a) WHERE a:Agreemnt RETURN a")?.suggestion == "did you mean 'Agreement'?")
        #expect(q.error("MATCH (a)-[e]->(b) WHERE e:Agreement RETURN a")?.code == .invalidArgument)
    }

    // MARK: EXISTS

    /// Before: KGP001 (no EXISTS, and a query had to start with MATCH).
    @Test func existsAsksAYesNoQuestionInOneRow() throws {
        let q = try SeedQueries()
        #expect(try q.table("RETURN EXISTS { MATCH (\"IKEA\")-[:partner_of]-(\"Xiaomi\") }") == [["true"]])
        #expect(try q.table("RETURN EXISTS { (IKEA)-[:partner_of]-(Baidu) } AS partners") == [["false"]])
        #expect(try q.table("RETURN NOT EXISTS { (IKEA)-[:partner_of]-(Baidu) }") == [["true"]])
        // A name missing from the graph stays an error, which says so.
        let missing = q.error("RETURN EXISTS { (IKEA)-[:partner_of]-(Google) }")
        #expect(missing?.code == .unknownNode)
        #expect(missing?.message.contains("'Google'") == true)
    }

    @Test func existsInWhereJoinsTheOuterVariables() throws {
        let q = try SeedQueries()
        let partners = try q.column("MATCH (c:Company) WHERE EXISTS { (c)-[:partner_of]-(Xiaomi) } RETURN c")
        #expect(partners == ["Baidu", "Nokia", "Microsoft", "IKEA", "FAW Car"])
        let notPartners = try q.column("MATCH (c:Company) WHERE NOT EXISTS { MATCH (c)<-[:party]-(a:Agreement) WHERE a.kind = 'partnership' } RETURN c")
        #expect(notPartners.isDisjoint(with: partners))
        #expect(!notPartners.isEmpty)
        #expect(try q.table("MATCH (c:Company) WHERE c.name = 'Sonos' RETURN EXISTS { (c)-[:partner_of]-(d) WHERE d.name = 'IKEA' }") == [["true"]])
        // "Is this path one of the shortest?"
        let shortest = "MATCH p = (IKEA)-[:partner_of]-(Xiaomi)-[:partner_of]-(Baidu) RETURN EXISTS { MATCH q = SHORTEST (IKEA)-[:partner_of]-+(Baidu) WHERE length(q) = length(p) }"
        #expect(try q.table(shortest) == [["true"]])
    }

    // MARK: Lists and JSON

    @Test func listIndexesSlicesSizeAndQuantifiers() throws {
        let q = try SeedQueries()
        #expect(try q.table("RETURN [1, 2, 3][0], [1, 2, 3][-1], [1, 2, 3][5], [1, 2, 3, 4][1..3], [1, 2, 3][..-1], [1, 2, 3][-2..], size([1, 2]), size('abc')")
                == [["1", "3", "", "[2, 3]", "[1, 2]", "[2, 3]", "2", "3"]])
        #expect(try q.table("RETURN ANY(v IN [1, 2, 3] WHERE v > 2), ALL(v IN [1, 2, 3] WHERE v > 2), NONE(v IN [1, 2] WHERE v > 2), SINGLE(v IN [1, 2, 3] WHERE v >= 2)")
                == [["true", "false", "true", "false"]])
        #expect(q.error("RETURN [1, 2]['x']")?.code == .runtimeType)
    }

    @Test func accessIntoJSONHeldInProperties() throws {
        let dir = TemporaryDirectory()
        let nodes = CSVFixtures.write(CSVFixtures.nodes(
            #"w1,word,Haus,"{""tags"":[""noun"",""house""],""meta"":{""x"":1,""lang"":""de""}}""#,
            "w2,word,Heim,{}"), "n.csv", in: dir)
        let edges = CSVFixtures.write(CSVFixtures.edges(
            #"w1,synonym,w2,"{""occurrences"":[{""alt_group"":""g1""},{""alt_group"":""g2""}]}""#), "e.csv", in: dir)
        try CSVImporter.importFiles(nodes: nodes, edges: edges, database: dir.file("w.sqlite"))
        let engine = QueryEngine(store: try GraphStore.open(at: dir.file("w.sqlite")))
        let result = try engine.execute("""
            MATCH (w)-[e:synonym]->(v) RETURN e.occurrences[0].alt_group, e.occurrences[-1].alt_group, w.meta["lang"], w.meta.x,
              'house' IN w.tags, size(w.tags), ANY(t IN w.tags WHERE t STARTS WITH 'no'), w.tags[1..]
            """)
        #expect(result.rows == [[.string("g1"), .string("g2"), .string("de"), .int(1), .bool(true), .int(2), .bool(true), .list([.string("house")])]])
    }

    // MARK: Type checks

    /// Before: `c.founded > '2000'` returned 0 rows with status 0.
    @Test func aComparisonThatCanNeverHoldIsRefused() throws {
        let q = try SeedQueries()
        let error = q.error("MATCH (c:Company) WHERE c.founded > '2000' RETURN c")
        #expect(error?.code == .typeMismatch)
        #expect(error?.suggestion == "write the number without quotes: 2000")
        #expect(q.error("MATCH (c:Company) WHERE c.name = 5 RETURN c")?.code == .typeMismatch)
        #expect(try q.column("MATCH (c:Company) WHERE c.founded > 2000 RETURN c").contains("Xiaomi"))
        #expect(try q.run("MATCH (a:Agreement) WHERE a.date >= '2018' RETURN a").rows.count > 0)
    }

    @Test func aPropertyNoKindOfThePatternDeclaresIsRefused() throws {
        let q = try SeedQueries()
        let error = q.error("MATCH (c:Company) RETURN c.dat")
        #expect(error?.code == .unknownProperty)
        #expect(q.error("MATCH (c:Company) WHERE c.foundd > 2000 RETURN c")?.suggestion == "did you mean 'founded'?")
        #expect(q.error("MATCH (Xiaomi)-[:develops]->(p) RETURN Xiaomi.date")?.code == .unknownProperty)
    }

    /// Before: `{priorty: "required"}` on an open kind silently returned nothing.
    @Test func anOpenKindWarnsAboutAPropertyNoNodeCarries() throws {
        let dir = TemporaryDirectory()
        let nodes = CSVFixtures.write(CSVFixtures.nodes(#"d1,dep,D1,"{""priority"":""required""}""#, "d2,dep,D2,{}"), "n.csv", in: dir)
        try CSVImporter.importFiles(nodes: nodes, edges: nil, database: dir.file("d.sqlite"))
        let engine = QueryEngine(store: try GraphStore.open(at: dir.file("d.sqlite")))
        let typo = try engine.execute("MATCH (d:dep {priorty: 'required'}) RETURN d")
        #expect(typo.rows.isEmpty)
        #expect(typo.warnings.count == 1)
        #expect(typo.warnings.first?.message == "no dep node has a property 'priorty'")
        #expect(typo.warnings.first?.suggestion == "did you mean 'priority'?")
        let right = try engine.execute("MATCH (d:dep) WHERE d.priority = 'required' RETURN d")
        #expect(right.rows.count == 1)
        #expect(right.warnings.isEmpty)
        // kg serve returns the warning with the answer; kg query prints it on stderr.
        let answer = QueryServer(engine: engine).answer(#"{"id": 1, "query": "MATCH (d:dep) WHERE d.priorty = 'x' RETURN d"}"#)
        #expect(answer.contains(#""warnings":["no dep node has a property 'priorty'; did you mean 'priority'?"]"#))
        let cli = try runKG(["query", "--db", dir.file("d.sqlite"), "MATCH (d:dep {priorty: 'required'}) RETURN d"], home: dir.path)
        #expect(cli.status == 0)
        #expect(cli.stderr.contains("warning: no dep node has a property 'priorty'"))
        #expect(cli.stdout.contains("(0 rows)"))
    }

    // MARK: Inverse names and symmetric types

    /// Before: KGB002 "did you mean 'licenses_patents_to'?", the opposite question.
    @Test func anInversePhraseIsTheTypeWalkedBackwards() throws {
        let q = try SeedQueries()
        let inverse = try q.table("MATCH (x)-[:licenses_patents_from]->(y) RETURN x, y ORDER BY x, y")
        #expect(inverse == (try q.table("MATCH (x)<-[:licenses_patents_to]-(y) RETURN x, y ORDER BY x, y")))
        #expect(try q.column("MATCH (Xiaomi)-[:licenses_patents_from]->(y) RETURN y") == ["Nokia", "Microsoft"])
        let near = q.error("MATCH (x)-[:licenses_patents_frm]->(y) RETURN x")
        #expect(near?.suggestion?.hasPrefix("did you mean <-[:licenses_patents_to]-") == true)
    }

    /// Before: `Xiaomi -[partner_of]-> IKEA`, as if partnership had a direction.
    @Test func symmetricTypesPrintWithoutDirection() throws {
        let q = try SeedQueries()
        #expect(try q.table("MATCH p = (Xiaomi)-[:partner_of]-(IKEA) RETURN p") == [["Xiaomi -[partner_of]- IKEA"]])
        #expect(try q.table("MATCH p = SHORTEST (IKEA)-[:partner_of]-+(Baidu) RETURN p") == [["IKEA -[partner_of]- Xiaomi -[partner_of]- Baidu"]])
        #expect(try q.table("MATCH p = ALL SHORTEST (IKEA)-[:partner_of]-+(Baidu) RETURN p") == [["IKEA -[partner_of]- Xiaomi -[partner_of]- Baidu"]])
        // A directed type keeps its arrow.
        let developed = try q.table("MATCH p = (Xiaomi)-[:develops]->(x) RETURN p")
        #expect(!developed.isEmpty)
        #expect(developed.allSatisfy { $0[0].hasPrefix("Xiaomi -[develops]-> ") })
    }

    // MARK: Comments and scripts

    /// Before: after a line ending with `)`, `-- a comment` was read as an edge (KGP001).
    @Test func commentsAtTheStartOfALine() throws {
        let q = try SeedQueries()
        #expect(try q.column("MATCH (c:Company)\n-- only companies\nRETURN count(*)") == ["21"])
        #expect(try q.column("MATCH (c:Company)\n   -- indented\nRETURN count(*) -- and at the end") == ["21"])
        // An undirected edge at the start of a line touches its node.
        let edge = try Parser.parse("MATCH (a)\n--(b) RETURN b")
        #expect(edge.patterns[0].hops.count == 1)
        #expect(try Parser.parse("MATCH (a) -- (b) RETURN b").patterns[0].hops.count == 1)
        #expect(try Parser.parse("MATCH (a) -- (b) -- a comment\nRETURN b").patterns[0].hops.count == 1)
        #expect(try Parser.parse("MATCH (a)--(b)--(c) RETURN b").patterns[0].hops.count == 2)
    }

    @Test func scriptsOfSeveralQueries() throws {
        #expect(try Parser.parseScript("RETURN 1; RETURN 2;\n-- done\n;").count == 2)
        #expect(try Parser.parse("MATCH (a) RETURN a;").patterns.count == 1)
        let error = expectKGError { _ = try Parser.parse("RETURN 1; RETURN 2") }
        #expect(error?.suggestion?.contains("--file") == true)
        let bad = expectKGError { _ = try Parser.parseScript("RETURN 1;\nRETURN (") }
        #expect(bad?.span?.start.line == 2)
    }

    @Test func theCommandLineRunsScriptsFromFilesStandardInputFIFOsAndProcessSubstitution() throws {
        let dir = TemporaryDirectory()
        _ = try Fixtures.seedStore(in: dir)
        let db = dir.file("seed.sqlite")
        let script = "MATCH (c:Company) RETURN count(*) AS companies;\n-- people\nMATCH (p:Person) RETURN count(*) AS people;\n"
        let file = CSVFixtures.write(script, "s.kgq", in: dir)
        var fromFile = try runKG(["query", "--db", db, "--format", "csv", "--file", file], home: dir.path)
        fromFile.stdout = fromFile.stdout.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout.contains("companies\n21\n"))
        #expect(fromFile.stdout.contains("people\n"))
        let fromStdin = try runKG(["query", "--db", db, "--format", "csv", "--file", "-"], home: dir.path, input: script)
        #expect(fromStdin.stdout.replacingOccurrences(of: "\r\n", with: "\n") == fromFile.stdout)
        // <(…) is /dev/fd/N, a pipe; so is a FIFO.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")
        let fifo = dir.file("q.fifo")
        shell.arguments = ["-c", """
            "$KG" query --db "$DB" --format csv --file <(printf 'RETURN 1 AS one') && \
            mkfifo "$FIFO" && (printf 'RETURN 2 AS two' > "$FIFO" &) && "$KG" query --db "$DB" --format csv --file "$FIFO"
            """]
        shell.environment = ["KG": Fixtures.kgExecutable, "DB": db, "FIFO": fifo, "HOME": dir.path, "PATH": "/usr/bin:/bin", "NO_COLOR": "1"]
        let out = Pipe()
        shell.standardOutput = out
        try shell.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        #expect(text == "one\n1\ntwo\n2\n")
    }
}
