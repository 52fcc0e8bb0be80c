import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Issue 20: an output file is replaced whole or not at all.
@Suite struct OutputFileTests {
    let dir = TemporaryDirectory()

    func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// Nothing but the files a test expects: no temporary or backup file left behind.
    func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
            $0.contains(OutputFile.temporaryMarker) || $0.contains(OutputFile.backupMarker)
        }
    }

    @Test func aNewFileIsWrittenWhole() throws {
        let path = dir.file("out.txt")
        let big = String(repeating: "0123456789abcdef", count: 20_000)   // several buffers
        try OutputFile.replace(path) { file in
            try file.write("first line\n")
            try file.write(Data(big.utf8))
            try file.write(Array("last\n".utf8))
        }
        #expect(bytes(path) == Data(("first line\n" + big + "last\n").utf8))
        #expect(try leftovers().isEmpty)
    }

    @Test func aFailedWriteLeavesTheEarlierFileByteForByte() throws {
        let path = dir.file("export.jsonl")
        let earlier = Data("{\"type\":\"node\",\"key\":\"only-backup\"}\n".utf8)
        try earlier.write(to: URL(fileURLWithPath: path))
        let error = expectKGError {
            try OutputFile.replace(path) { file throws(KGError) in
                try file.write(String(repeating: "x", count: 200_000))   // flushed into the temporary file
                throw KGError(.storage, "cannot write '\(path)': no space left on device")
            }
        }
        #expect(error?.code == .storage)
        #expect(bytes(path) == earlier)
        #expect(try leftovers().isEmpty, "the temporary file is removed")
    }

    @Test func theReplacementKeepsTheModeOfTheFileItReplaces() throws {
        let path = dir.file("private.kg")
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
        try OutputFile.write(Data("new".utf8), to: path)
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        #expect(bytes(path) == Data("new".utf8))
    }

    @Test func aSymbolicLinkStaysALinkAndItsFileIsReplaced() throws {
        let real = dir.file("real.csv"), link = dir.file("link.csv")
        try Data("old".utf8).write(to: URL(fileURLWithPath: real))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        try OutputFile.write(Data("new".utf8), to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == real)
        #expect(bytes(real) == Data("new".utf8))
    }

    @Test func aFolderIsRefusedAndADeviceIsWrittenIntoNotReplaced() throws {
        let error = expectKGError { try OutputFile.write(Data("x".utf8), to: dir.path) }
        #expect(error?.code == .notARegularFile)
        try OutputFile.write(Data("into the void".utf8), to: "/dev/null")
        #expect(InputFile.kind(of: "/dev/null") == .special("a character device"))
        // A device that is full: the reason, and no claim about an earlier file.
        if FileManager.default.fileExists(atPath: "/dev/full") {
            let full = expectKGError { try OutputFile.write(Data("x".utf8), to: "/dev/full") }
            #expect(full?.code == .storage && full?.message == "cannot write '/dev/full': no space left on device")
            #expect(full?.suggestion == "free some space on its disk, or write elsewhere")
        }
    }

    @Test func aMissingFolderIsAnIOErrorNamingThePathAndTheReason() throws {
        let path = dir.file("no-such-folder/out.kg")
        let error = expectKGError { try OutputFile.write(Data("x".utf8), to: path) }
        #expect(error?.code == .storage && error?.code.exitStatus == 74)
        #expect(error?.message == "cannot write '\(path)': no such file or directory")
    }

    @Test func theReasonIsTheSystemsInLowerCase() {
        #expect(OutputFile.reason(ENOSPC) == "no space left on device")
        let error = OutputFile.failure("deals.jsonl", ENOSPC, existed: true)
        #expect(error.message == "cannot write 'deals.jsonl': no space left on device")
        #expect(error.suggestion?.contains("'deals.jsonl' is as it was before") == true)
    }

    @Test func aSetOfFilesIsReplacedTogether() throws {
        let paths = ["nodes.csv", "edges.csv", "sources.csv"].map(dir.file)
        for path in paths { try Data("old \(path)".utf8).write(to: URL(fileURLWithPath: path)) }
        try OutputFile.replace(paths) { (files: [OutputFile]) throws(KGError) in
            for (file, path) in zip(files, paths) { try file.write("new \(path)") }
        }
        for path in paths { #expect(bytes(path) == Data("new \(path)".utf8)) }
        #expect(try leftovers().isEmpty)
    }

    @Test func aSetOfFilesIsNotReplacedWhenOneFails() throws {
        let paths = ["nodes.csv", "edges.csv", "sources.csv"].map(dir.file)
        for path in paths { try Data("old \(path)".utf8).write(to: URL(fileURLWithPath: path)) }
        _ = expectKGError {
            try OutputFile.replace(paths) { (files: [OutputFile]) throws(KGError) in
                try files[0].write("new nodes")
                try files[1].write("half the edges")
                throw KGError(.storage, "cannot write '\(paths[1])': no space left on device")
            }
        }
        for path in paths { #expect(bytes(path) == Data("old \(path)".utf8)) }
        #expect(try leftovers().isEmpty)
    }

    /// A rename that fails after others succeeded puts the earlier files back.
    @Test func aFailedRenameRollsBackTheFilesAlreadyReplaced() throws {
        let folder = TemporaryDirectory()
        let paths = ["a.csv", "b.csv", "c.csv"].map(folder.file)
        try Data("old a".utf8).write(to: URL(fileURLWithPath: paths[0]))
        try Data("old b".utf8).write(to: URL(fileURLWithPath: paths[1]))
        let error = expectKGError {
            try OutputFile.replace(paths) { (files: [OutputFile]) throws(KGError) in
                for file in files { try file.write("new") }
                // Something takes the third name while kg writes: a folder that is not empty.
                try? FileManager.default.createDirectory(atPath: paths[2] + "/inside", withIntermediateDirectories: true)
            }
        }
        #expect(error?.code == .storage && error?.message.hasPrefix("cannot write '\(paths[2])'") == true)
        #expect(bytes(paths[0]) == Data("old a".utf8) && bytes(paths[1]) == Data("old b".utf8))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["a.csv", "b.csv", "c.csv"], "no temporary or backup file is left: \(names)")
    }

    @Test func oneFileNamedTwiceIsAUsageError() throws {
        let path = dir.file("same.csv")
        let error = expectKGError { try OutputFile.replace([path, path]) { (_: [OutputFile]) throws(KGError) in } }
        #expect(error?.code == .usage)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aTemporaryFileOfADeadProcessIsRemoved() throws {
        let path = dir.file("deals.kg")
        // A pid that no process has: above the kernel's limit.
        let stale = path + OutputFile.temporaryMarker + "4194399"
        try Data("half an export".utf8).write(to: URL(fileURLWithPath: stale))
        try OutputFile.write(Data("whole".utf8), to: path)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(bytes(path) == Data("whole".utf8))
    }

    /// Graph creation follows the same rule: the seed graph is built beside
    /// its target and renamed over it; what a killed build left is removed.
    @Test func rebuildingTheSeedGraphReplacesItWholeAndRemovesAStaleBuild() throws {
        let path = dir.file("seed.sqlite")
        try SeedGraph.build(at: path)
        let stale = NewGraphFile.temporaryPath(for: path).replacingOccurrences(of: String(getpid()), with: "4194399")
        try Data("half a graph".utf8).write(to: URL(fileURLWithPath: stale))
        try SeedGraph.build(at: path, replacing: true)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(try GraphStore.open(at: path).statistics().nodeCount > 50)
        #expect(try leftovers().isEmpty)
    }
}
