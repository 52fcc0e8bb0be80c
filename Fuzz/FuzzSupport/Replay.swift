import Foundation

/// Plain builds only (no libFuzzer): replays the files named on the command
/// line, or every file in the directories named, through a fuzz target's
/// `LLVMFuzzerTestOneInput` function, so `swift build` gives every target a
/// corpus replayer: `.build/debug/FuzzJSONParser Fuzz/Corpus/FuzzJSONParser`.
public func replayFuzzInputs(_ paths: [String], through fuzz: (UnsafePointer<UInt8>, Int) -> CInt) -> Int32 {
    var files: [String] = []
    for path in paths {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files += names.sorted().map { path + "/" + $0 }
        } else {
            files.append(path)
        }
    }
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else { continue }
        let bytes = [UInt8](data)
        _ = bytes.withUnsafeBufferPointer { fuzz($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
    }
    print("replayed \(files.count) inputs without a crash (plain build: no libFuzzer; see Scripts/fuzz.sh)")
    return 0
}
