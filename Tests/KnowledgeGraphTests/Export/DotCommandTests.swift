import Foundation
import KGTestTools
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// `kg dot`, run as a user would.
@Suite struct DotCommandTests {
    let home = TemporaryDirectory()

    @Test(.requires(.graphviz)) func dotAroundXiaomiWritesDOTToStdout() throws {
        let result = try runKG(["dot", "--around", "Xiaomi"], home: home.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("digraph \"kg\" {\n"))
        #expect(result.stdout.hasSuffix("}\n"))
        #expect(result.stdout.contains("charset=\"UTF-8\""))
        #expect(result.stdout.contains("label=\"Xiaomi\""))
        #expect(result.stdout.contains("label=\"Nokia\""))               // another party of Xiaomi's agreements
        let again = try runKG(["dot", "--around", "小米", "--hops", "1"], home: home.path)
        #expect(again.stdout == result.stdout)
        _ = try DotFixtures.svg(result.stdout, try DotFixtures.graphviz())
    }

    @Test(.requires(.graphviz)) func renderSVGWritesAPictureFile() throws {
        let svg = home.file("xiaomi.svg")
        let result = try runKG(["dot", "--around", "Xiaomi", "--collapse-agreements", "--legend", "--render", "svg", "-o", svg], home: home.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.contains("<svg"))
        #expect(text.contains("cluster_legend"))
        #expect(text.contains(">Xiaomi</text>"))
    }

    @Test func optionsWriteFilesAndGraphML() throws {
        let file = home.file("seed.graphml")
        let result = try runKG(["dot", "--all", "--format", "graphml", "-o", file], home: home.path)
        #expect(result.status == 0, "\(result.stderr)")
        let reader = GraphMLReader.read(try String(contentsOfFile: file, encoding: .utf8))
        #expect(reader.failure == nil && reader.nodes.count > 40)
        let clustered = try runKG(["dot", "--all", "--cluster", "kind", "--types", "party"], home: home.path)
        #expect(clustered.status == 64)                                   // --types goes with --around
        let limited = try runKG(["dot", "--all", "--max-nodes", "5"], home: home.path)
        #expect(limited.status == 64)
        #expect(limited.stderr.contains("error[KGU004]"))
        #expect(limited.stderr.contains("--max-nodes"))
        let narrow = try runKG(["dot", "--around", "Xiaomi", "--types", "party,licensor", "--strict-hops", "--hops", "2",
                                "--cluster", "kind", "--title", "Partners"], home: home.path)
        #expect(narrow.status == 0, "\(narrow.stderr)")
        #expect(narrow.stdout.contains("subgraph \"cluster_Agreement\""))
        #expect(!narrow.stdout.contains("label=\"develops\""))
    }

    @Test func usageErrorsSayWhatIsWrong() throws {
        let neither = try runKG(["dot"], home: home.path)
        #expect(neither.status == 64)
        #expect(neither.stderr.contains("error[KGU001]"))
        #expect(neither.stderr.contains("--around NAME or --all"))
        let noFile = try runKG(["dot", "--around", "Xiaomi", "--render", "svg"], home: home.path)
        #expect(noFile.status == 64)
        #expect(noFile.stderr.contains("needs -o FILE"))
        let unknown = try runKG(["dot", "--around", "Xiaomy"], home: home.path)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean 'Xiaomi'?"))
        let help = try runKG(["dot", "--help"], home: home.path)
        #expect(help.status == 0)
        #expect(help.stdout.contains("--collapse-agreements") && help.stdout.contains("Examples:"))
    }

    @Test func renderWithoutGraphvizIsToolMissing() throws {
        let emptyBin = home.file("bin")
        try FileManager.default.createDirectory(atPath: emptyBin, withIntermediateDirectories: true)
        let picture = home.file("x.png")
        let result = try runKG(["dot", "--around", "Xiaomi", "--render", "png", "-o", picture], home: home.path,
                               environment: ["PATH": emptyBin])
        #expect(result.status == ErrorCode.toolMissing.exitStatus)
        #expect(result.stderr.contains("error[KGU005]"))
        #expect(result.stderr.contains("Graphviz is not installed: apt-get install graphviz (and fonts-wqy-microhei for CJK labels in PNG)"))
        #expect(!FileManager.default.fileExists(atPath: picture))
    }
}
