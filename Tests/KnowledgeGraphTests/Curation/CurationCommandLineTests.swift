import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// The curation commands as a user runs them: the README's "Keeping a graph" tour.
@Suite struct CurationCommandLineTests {
    @Test func theKeepingAGraphTour() throws {
        let home = TemporaryDirectory()
        let db = home.file("deals.sqlite")
        func kg(_ args: String...) throws -> CommandResult { try runKG(args + ["--db", db], home: home.path) }
        #expect(try kg("init").status == 0)
        let seed = Fixtures.repositoryRoot + "/data/seed.kg"
        let same = try kg("import", seed)
        #expect(same.status == 0 && same.stderr.contains("0 added;") && same.stderr.contains("(nothing changed)"), "\(same.stderr)")

        let note = home.file("note.kg")
        try "source note file=\"analyst-note.txt\"\nnode Company xiaomi \"Xiaomi\" founded=2011\n  evidence note \"Xiaomi was founded in 2011.\"\n"
            .write(toFile: note, atomically: true, encoding: .utf8)
        let conflict = try kg("import", note)
        #expect(conflict.status == 65 && conflict.stderr.contains("KGC001") && conflict.stderr.contains("founded=2010"))
        let update = try kg("import", note, "--update", "--reason", "the analyst checked the register")
        #expect(update.status == 0 && update.stderr.contains("1 property updated"), "\(update.stderr)")
        let set = try kg("set", "Xiaomi", "founded", "2010", "--reason", "the article says 2010",
                         "--source", "microsoft-xiaomi", "--quote", "Der 2010 gegründete Smartphone-Hersteller wird mit 45 Milliarden Dollar bewertet und gehört zu den teuersten nicht börsennotierten Technologieunternehmen weltweit.")
        #expect(set.status == 0, "\(set.stderr)")
        let refused = try kg("retract", "node", "DuerOS", "--reason", "test")
        #expect(refused.status == 65 && refused.stderr.contains("KGC003") && refused.stderr.contains("--cascade"))
        let retract = try kg("retract", "edge", "Baidu", "develops", "DuerOS", "--reason", "test retraction")
        #expect(retract.status == 0 && retract.stderr.contains("1 edge and 1 piece of evidence retracted"), "\(retract.stderr)")
        let query = try kg("query", "MATCH (b = \"Baidu\")-[:develops]->(p) RETURN p.key")
        #expect(!query.stdout.contains("dueros"))

        let log = try kg("log")
        #expect(log.stdout.contains("#1 ") && log.stdout.contains("retract") && log.stdout.contains("reason: test retraction"), "\(log.stdout)")
        let json = try kg("log", "--format", "json")
        let writes = json.stdout.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
        guard let last = writes.last?.objectValue, case .int(let n)? = last["id"] else { Issue.record("no log"); return }
        let revert = try kg("revert", String(n))
        #expect(revert.status == 0, "\(revert.stderr)")
        #expect(try kg("query", "MATCH (b = \"Baidu\")-[:develops]->(p) RETURN p.key").stdout.contains("dueros"))
        let changes = try kg("log", "--changes")
        #expect(changes.stdout.contains("removed edge baidu develops dueros") && changes.stdout.contains("set xiaomi.founded: 2010 → 2011"), "\(changes.stdout)")
        #expect(try kg("stats").status == 0)
        let dependent = try kg("revert", "2")
        #expect(dependent.status == 65 && dependent.stderr.contains("KGC012"), "\(dependent.stderr)")

        let exported = home.file("deals.kg")
        #expect(try kg("export", "--format", "kg", "-o", exported).status == 0)
        let copy = home.file("copy.sqlite")
        #expect(try runKG(["init", "--empty", "--db", copy], home: home.path).status == 0)
        #expect(try runKG(["import", exported, "--db", copy], home: home.path).status == 0)
        #expect(try GraphStore.open(at: copy).contentDigest() == GraphStore.open(at: db).contentDigest())
        let reimport = try runKG(["import", exported, "--db", copy], home: home.path)
        #expect(reimport.stderr.contains("(nothing changed)"))
        let csvDir = home.file("csv")
        #expect(try kg("export", "--format", "csv", "-o", csvDir).status == 0)
        let csvCopy = home.file("csv.sqlite")
        #expect(try runKG(["init", "--empty", "--db", csvCopy], home: home.path).status == 0)
        let csvImport = try runKG(["import", "--nodes", csvDir + "/nodes.csv", "--edges", csvDir + "/edges.csv", "--sources", csvDir + "/sources.csv",
                                   "--db", csvCopy], home: home.path)
        #expect(csvImport.status == 0, "\(csvImport.stderr)")
        #expect(try GraphStore.open(at: csvCopy).contentDigest() == GraphStore.open(at: db).contentDigest())
        let jsonl = try kg("export", "--format", "jsonl")
        #expect(jsonl.stdout.split(separator: "\n").count > 100)
    }
}
