import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// The fuzz targets' corpora and the inputs of every bug fuzzing or the
/// property tests found (Fuzz/Regressions), replayed by the plain build of
/// each target (no libFuzzer: `swift build` makes them replay tools), so a
/// regression fails `swift test` and not only a fuzzing run.
@Suite struct ReliabilityFuzzCorpusReplayTests {
    static let targets = ["FuzzQueryParser", "FuzzGraphTextParser", "FuzzSchemaParser", "FuzzJSONParser", "FuzzQueryEngine"]

    @Test(arguments: targets)
    func corpusAndRegressionsReplayWithoutACrash(_ target: String) throws {
        let binary = (Fixtures.kgExecutable as NSString).deletingLastPathComponent + "/" + target
        try #require(FileManager.default.isExecutableFile(atPath: binary), "\(binary) is missing: run swift build")
        let folders = ["Fuzz/Corpus/\(target)", "Fuzz/Regressions/\(target)"].map { Fixtures.repositoryRoot + "/" + $0 }
            .filter { FileManager.default.fileExists(atPath: $0) }
        let expected = try folders.reduce(0) { $0 + (try FileManager.default.contentsOfDirectory(atPath: $1).count) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = folders
        process.environment = ["SWIFT_BACKTRACE": "enable=no", "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(target) crashed:\n\(output.suffix(2000))")
        #expect(output.contains("replayed \(expected) inputs without a crash"), "\(output.suffix(500))")
    }
}
