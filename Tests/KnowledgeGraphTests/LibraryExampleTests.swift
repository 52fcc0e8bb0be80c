import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// The README's "Using kg from Swift" example is `Examples/LibraryExample`,
/// built with the package: it is the text the README shows, and it answers.
@Suite struct LibraryExampleTests {
    static var exampleExecutable: String {
        URL(fileURLWithPath: Fixtures.kgExecutable).deletingLastPathComponent().appendingPathComponent("LibraryExample").path
    }

    @Test func theReadmeShowsTheExampleThatIsBuilt() throws {
        let readme = try String(contentsOfFile: Fixtures.repositoryRoot + "/README.md", encoding: .utf8)
        let source = try String(contentsOfFile: Fixtures.repositoryRoot + "/Examples/LibraryExample/main.swift", encoding: .utf8)
        let marker = "<!-- example: Examples/LibraryExample/main.swift -->\n```swift\n"
        let start = try #require(readme.range(of: marker))
        let end = try #require(readme.range(of: "```\n", range: start.upperBound..<readme.endIndex))
        #expect(String(readme[start.upperBound..<end.lowerBound]) == source)
    }

    @Test func theExampleAnswersWhoLicensesPatentsToXiaomi() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("seed.sqlite")
        try SeedGraph.build(at: path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.exampleExecutable)
        process.arguments = [path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: data, as: UTF8.self) == "Microsoft\nNokia\n")
    }
}
