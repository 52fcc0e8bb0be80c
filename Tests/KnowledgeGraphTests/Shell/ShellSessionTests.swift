import Foundation
import Testing
@testable import KnowledgeGraph

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
}
