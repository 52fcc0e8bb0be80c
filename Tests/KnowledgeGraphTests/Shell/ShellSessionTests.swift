import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// The statements and commands of `kg shell`, without a terminal.
@Suite struct ShellSessionTests {
    let seed: SeedQueries
    let session: ShellSession

    init() throws {
        seed = try SeedQueries()
        session = ShellSession(store: seed.store)
    }

    @Test func aQuerySpansLinesUntilItsSemicolon() {
        #expect(session.feed("MATCH (c:Company)").text.isEmpty)
        #expect(session.prompt == "...> ")
        #expect(session.feed("  WHERE c.name = \"Xiaomi\"").text.isEmpty)
        let out = session.feed("  RETURN c.name;")
        #expect(out.text.contains("Xiaomi"))
        #expect(out.text.contains("(1 row)"))
        #expect(session.prompt == "kg> ")
    }

    @Test func aPlainLineIsAQuestion() {
        let out = session.feed("who licenses patents to Xiaomi?")
        #expect(out.text.hasPrefix("query: MATCH (who)-[:licenses_patents_to]->(\"Xiaomi\")"))
        #expect(out.text.contains("Microsoft") && out.text.contains("Nokia"))
    }

    @Test func commandsChangeFormatWhyAndParameters() {
        #expect(session.feed(":format json").text == "format json\n")
        #expect(session.feed("MATCH (c) WHERE c.key = \"xiaomi\" RETURN c.name;").text == "{\"columns\":[\"c.name\"],\"rows\":[[\"Xiaomi\"]]}\n")
        _ = session.feed(":format table")
        #expect(session.feed(":param company=IKEA").text == "$company = IKEA\n")
        let partners = session.feed("MATCH (c)-[:partner_of]-($company) RETURN c ORDER BY c.name;")
        #expect(partners.text.contains("Sonos") && partners.text.contains("Xiaomi"))
        #expect(session.feed(":param").text.contains("$company = IKEA"))
        _ = session.feed(":why on")
        #expect(session.feed("is IKEA a partner of Xiaomi?").text.contains("because"))
        #expect(session.feed(":explain").text.contains("NodeSeek (\"IKEA\"): the named node"))
        #expect(session.feed(":explain who develops Skype?").text.contains("query: MATCH (who)-[:develops]->(\"Skype\")"))
        #expect(session.feed(":schema").text.contains("licenses_patents_to"))
        #expect(session.feed(":help").text.contains(":param name=value"))
        #expect(session.feed(":quit").quit)
    }

    @Test func errorsGoToTheErrorTextWithTheirStatus() {
        let unknown = session.feed(":formt json")
        #expect(unknown.status == 64)
        #expect(unknown.error.contains("did you mean ':format'?"))
        let bad = session.feed("MATCH (Xiaomy)-[:develops]->(p) RETURN p;")
        #expect(bad.error.contains("error[KGB006]"))
        #expect(bad.text.isEmpty)
        #expect(session.feed(":format yaml").status == 64)
        // A statement left without ';' runs at the end of input.
        _ = session.feed("MATCH (c) WHERE c.key = \"nokia\" RETURN c.name")
        #expect(session.finish().text.contains("Nokia"))
    }

    @Test func completionOfKeywordsKindsTypesNamesAndCommands() {
        #expect(session.completions(for: "MAT").contains("MATCH"))
        #expect(session.completions(for: "(c:Comp", in: "MATCH (c:Comp") == ["(c:Company"])
        #expect(session.completions(for: "-[:licenses_p", in: "MATCH (x)-[:licenses_p") == ["-[:licenses_patents_to"])
        #expect(session.completions(for: "(\"FAW", in: "MATCH (\"FAW").contains("(\"FAW Car\""))
        #expect(session.completions(for: "Xiao").contains("Xiaomi"))
        #expect(session.completions(for: ":fo", in: ":fo") == [":format"])
        #expect(session.completions(for: "js", in: ":format js") == ["json"])
        _ = session.feed(":param company=IKEA")
        #expect(session.completions(for: "$com") == ["$company"])
    }

    // MARK: The words and commands users know from other shells

    @Test func exitQuitAndBackslashQLeave() {
        for word in ["exit", "quit", ".quit", "\\q", ":quit", ":exit", "EXIT", "quit;", ".exit"] {
            let out = ShellSession(store: seed.store).feed(word)
            #expect(out.quit, "\(word) should leave")
            #expect(out.error.isEmpty, "\(word): \(out.error)")
        }
    }

    @Test func helpAndDotHelpPrintTheHelp() {
        for word in ["help", ".help", ":help", "\\?", "HELP"] {
            let out = session.feed(word)
            #expect(out.text.contains(":timer on|off") && out.text.contains(":output [file]"), "\(word)")
            #expect(out.error.isEmpty, "\(word): \(out.error)")
        }
    }

    @Test func dotCommandsAreCommandsAsInSqlite() {
        #expect(session.feed(".mode csv").text == "format csv\n")
        #expect(session.format == .csv)
        let unknown = session.feed(".headers on")
        #expect(unknown.status == 64)
        #expect(unknown.error.contains("unknown command ':headers'"))
    }

    @Test func aCommandInTheMiddleOfAStatementIsACommand() {
        _ = session.feed("MATCH (c:Company)")
        #expect(session.prompt == "...> ")
        #expect(session.feed(":clear").error.isEmpty)
        #expect(session.prompt == "kg> ")
        _ = session.feed("MATCH (c:Company)")
        #expect(session.feed("\\q").quit)
    }

    @Test func ctrlCAtThePromptDropsTheStatementBeingTyped() {
        _ = session.feed("MATCH (c:Company)")
        session.cancelPending()
        #expect(session.prompt == "kg> ")
        let out = session.feed("MATCH (c) WHERE c.key = \"nokia\" RETURN c.name;")
        #expect(out.error.isEmpty)
        #expect(out.text.contains("Nokia"))
    }

    @Test func timerPrintsTheTimeOfEachStatement() {
        #expect(session.feed(":timer on").text == "timer on\n")
        let out = session.feed("who is the CEO of Nokia?")
        #expect(out.text.contains("Rajeev Suri"))
        #expect(out.text.range(of: #"time: \d+\.\d ms\n$"#, options: .regularExpression) != nil)
        #expect(session.feed(".timer off").text == "timer off\n")
        #expect(!session.feed("who is the CEO of Nokia?").text.contains("time:"))
        #expect(session.feed(":timer maybe").status == 64)
    }

    @Test func outputSendsAnswersToAFileUntilOutputAlone() throws {
        let directory = TemporaryDirectory()
        let file = directory.file("answers.txt")
        #expect(session.feed(":output \(file)").text == "answers go to \(file)\n")
        let answer = session.feed("who is the CEO of Nokia?")
        #expect(answer.text.isEmpty)
        #expect(answer.error.isEmpty)
        #expect(session.feed(":output").text == "answers go to the terminal\n")
        #expect(session.feed("who is the CEO of Nokia?").text.contains("Rajeev Suri"))
        let written = try String(contentsOfFile: file, encoding: .utf8)
        #expect(written.contains("Rajeev Suri"))
        #expect(written.components(separatedBy: "Rajeev Suri").count == 2)
        let bad = session.feed(":output \(directory.path)/no/such/folder/x.txt")
        #expect(bad.status == 74)
        #expect(bad.error.contains("cannot write to"))
    }

    @Test func readRunsTheStatementsOfAFile() throws {
        let directory = TemporaryDirectory()
        let script = directory.file("s.kgsh")
        try "MATCH (c)\n  WHERE c.key = \"ikea\"\n  RETURN c.name;\n:format csv\nwho is the CEO of Nokia?\n".write(toFile: script, atomically: true, encoding: .utf8)
        let out = session.feed(":read \(script)")
        #expect(out.text.contains("IKEA"))
        #expect(out.text.contains("format csv"))
        #expect(out.text.contains("who\r\nRajeev Suri"))
        #expect(out.status == 0)
        #expect(session.prompt == "kg> ")
        let missing = session.feed(".read \(directory.file("none.kgsh"))")
        #expect(missing.status == 66)
        #expect(missing.error.contains("no such file"))
        // A file that reads itself stops instead of running forever.
        let loop = directory.file("loop.kgsh")
        try ":read \(loop)\n".write(toFile: loop, atomically: true, encoding: .utf8)
        let looped = session.feed(":read \(loop)")
        #expect(looped.status == 64)
        #expect(looped.error.contains("nest deeper than 16"))
    }

    @Test func modeLineShowsEachColumnOnALineOfItsOwn() {
        #expect(session.feed(":mode line").text == "format line\n")
        let out = session.feed("MATCH (c) WHERE c.key = \"xiaomi\" RETURN c.name AS name, c.country AS country;")
        #expect(out.text == "-[ RECORD 1 ]\nname    | Xiaomi\ncountry | China\n(1 row)\n")
        #expect(session.feed("\\x").text == "format table\n")
        #expect(session.feed("\\x").text == "format line\n")
        #expect(session.feed(":mode yaml").status == 64)
    }

    @Test func pagerTurnsOnAndOff() {
        #expect(session.pager)
        #expect(session.feed(":pager off").text == "pager off\n")
        #expect(!session.pager)
        #expect(session.feed(".pager on").text == "pager on\n")
        #expect(session.pager)
        #expect(session.feed(":pager sometimes").status == 64)
    }

    @Test func eachStatementIsReportedOnceAsItRuns() {
        var statements: [String] = []
        session.onStatement = { statements.append($0) }
        _ = session.feed("MATCH (c)")
        _ = session.feed("  WHERE c.key = \"ikea\"")
        #expect(statements.isEmpty)
        _ = session.feed("  RETURN c.name;")
        _ = session.feed("who is the CEO of Nokia?")
        _ = session.feed(":format csv")
        #expect(statements == ["MATCH (c)\n  WHERE c.key = \"ikea\"\n  RETURN c.name;", "who is the CEO of Nokia?", ":format csv"])
    }
}
