// libFuzzer target: the whole query pipeline (parse, bind, plan, execute, format) on the seed graph.
//
// Fuzz build (Scripts/fuzz.sh): `swift build --sanitize=fuzzer` compiles this
// file with -parse-as-library and libFuzzer supplies `main`, which calls
// LLVMFuzzerTestOneInput for every generated input.
// Plain build (`swift build`, `swift test`): a one-file executable target is
// compiled as a script, so the top-level `let` at the end runs and replays the
// files named on the command line through the same function (no libFuzzer
// needed): `.build/debug/FuzzQueryEngine Fuzz/Corpus/FuzzQueryEngine`.
import Foundation
import FuzzSupport
import KnowledgeGraph

/// The seed graph, built once per process into a temporary file.
nonisolated(unsafe) let seedStore: GraphStore = {
    let path = NSTemporaryDirectory() + "kg-fuzz-engine-\(ProcessInfo.processInfo.processIdentifier).sqlite"
    try? SeedGraph.build(at: path, replacing: true)
    atexit {
        let path = NSTemporaryDirectory() + "kg-fuzz-engine-\(ProcessInfo.processInfo.processIdentifier).sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
    return try! GraphStore.open(at: path, mode: .readOnly)
}()
nonisolated(unsafe) let engine = QueryEngine(store: seedStore)

/// One input: a query, run with parameters and a tight budget (time, answer rows, memory). It may fail
/// with a KGError (with a position inside the text, when it has one); it
/// must not crash, and an answer must render in every output format.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let parameters: [String: Value] = ["company": .string("xiaomi"), "year": .int(2018), "n": .int(.min), "s": .string("")]
    do {
        // The whole budget, tight: 0.25 s, 10 000 answer rows, 32 MiB of intermediate state.
        let limits = QueryLimits(timeLimit: 0.25, rowLimit: 10_000, memoryLimit: 32 << 20)
        let result = try engine.execute(text, options: .init(parameters: parameters, limits: limits))
        var formatter = ResultFormatter(store: seedStore)
        for format in ResultFormatter.Format.allCases { _ = formatter.render(result, as: format, why: true) }
    } catch {
        if let span = error.span, span.start.line < 1 || span.start.column < 1 {
            fatalError("error without a valid position: \(error)\ninput: \(text.debugDescription)")
        }
    }
    return 0
}

let replayed = replayFuzzInputs(Array(CommandLine.arguments.dropFirst()), through: fuzz)
