import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// What kg prints fits its reader: nothing cut in a pipe, --max-width,
/// evidence kept in CSV, hints that name real options, suggestions for
/// misspelt commands, completion scripts.
@Suite struct OutputCommandTests {
    let home = TemporaryDirectory()

    @Test func cellsAreWholeInAPipeAndCutWithMaxWidth() throws {
        let whole = try runKG(["run", "connection", "from=Sonos", "to=Baidu"], home: home.path)
        #expect(whole.status == 0)
        #expect(!whole.stdout.contains("…"))
        #expect(whole.stdout.contains("Baidu"))
        let cut = try runKG(["run", "connection", "from=Sonos", "to=Baidu", "--max-width", "30"], home: home.path)
        #expect(cut.status == 0)
        #expect(cut.stdout.contains("…"))
        #expect(cut.stdout.split(separator: "\n").allSatisfy { DisplayWidth.of($0) <= 30 + 2 + 5 })
        #expect(try runKG(["query", "--max-width", "0", "MATCH (n) RETURN n"], home: home.path).status == 64)
    }

    @Test func csvWhyKeepsTheEvidenceAsAColumn() throws {
        let result = try runKG(["query", "--format", "csv", "--why", #"MATCH (x)-[:sold_patents_to]->("Xiaomi") RETURN x"#], home: home.path)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("x,evidence\r\n"))
        #expect(result.stdout.contains("„"))
        #expect(result.stdout.contains("Patente von Nokia erworben"))
    }

    @Test func pluralsAndArticles() throws {
        let one = try runKG(["query", #"MATCH (n) WHERE n.key = "xiaomi" RETURN n"#], home: home.path)
        #expect(one.stdout.contains("(1 row)"))
        let dir = TemporaryDirectory()
        let error = expectKGError {
            let store = try Fixtures.seedStore(in: dir)
            _ = try QueryEngine(store: store).execute(#"MATCH (a:Agreement = "xiaomi") RETURN a"#)
        }
        #expect(error?.message.contains("is a Company, not an Agreement") == true, "\(error?.message ?? "")")
    }

    @Test func hintsNameTheCommandsOwnSyntax() throws {
        let run = try runKG(["run", "licensors", "Xiaomi"], home: home.path)
        #expect(run.status == 64)
        #expect(run.stderr.contains("kg run licensors company="))
        #expect(!run.stderr.contains("--param"))
        let query = try runKG(["query", "--param", "Xiaomi", "MATCH (n) RETURN n"], home: home.path)
        #expect(query.stderr.contains("--param company=Xiaomi"))
    }

    @Test func aMisspeltCommandGetsASuggestion() throws {
        let result = try runKG(["querry", "MATCH (n) RETURN n"], home: home.path)
        #expect(result.status == 64)
        #expect(result.stderr.contains("did you mean 'kg query'?"))
        #expect(try runKG(["frobnicate"], home: home.path).stderr.contains("the commands: ask, query"))
    }

    @Test func completionScriptsCompleteFilesFormatsAndQueryNames() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try runKG(["completions", shell], home: home.path)
            #expect(result.status == 0, "\(shell)")
            #expect(result.stdout.contains("sqlite"), "\(shell)")
            #expect(result.stdout.contains("graphml"), "\(shell)")
        }
        // The custom completion of a named query's name and its parameters.
        let names = try runKG(["---completion", "run", "--", "positional@0", "2", "0", "kg", "run", ""], home: home.path)
        #expect(names.stdout.split(separator: "\n").contains("licensors"))
        let parameters = try runKG(["---completion", "run", "--", "positional@1", "3", "0", "kg", "run", "licensors", ""], home: home.path)
        #expect(parameters.stdout.split(separator: "\n").contains("company="))
    }

    @Test func helpExamplesFitEightyColumns() throws {
        for command in ["query", "run", "ask", "schema", "dot", "import", "shell", "serve", "show", "init", "completions", "stats", "--help"] {
            let help = try runKG(command == "--help" ? [command] : [command, "--help"], home: home.path, environment: ["COLUMNS": "80"])
            #expect(help.status == 0, "\(command)")
            var inExamples = false
            for line in help.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("Example") || line.hasPrefix("Forms:") || line.hasPrefix("Start with:") { inExamples = true; continue }
                if line.isEmpty || !line.hasPrefix(" ") { inExamples = false }
                // An example line never wraps: each is a whole command of at most 80 columns.
                if inExamples { #expect(line.count <= 80 && line.hasPrefix("  "), "\(command): \(line)") }
            }
        }
    }
}
