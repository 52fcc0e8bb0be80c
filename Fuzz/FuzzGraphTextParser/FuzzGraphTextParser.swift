// libFuzzer target: the graph text parser (`.kg` files).
//
// Fuzz build (Scripts/fuzz.sh): `swift build --sanitize=fuzzer` compiles this
// file with -parse-as-library and libFuzzer supplies `main`, which calls
// LLVMFuzzerTestOneInput for every generated input.
// Plain build (`swift build`, `swift test`): a one-file executable target is
// compiled as a script, so the top-level `let` at the end runs and replays the
// files named on the command line through the same function (no libFuzzer
// needed): `.build/debug/FuzzGraphTextParser Fuzz/Corpus/FuzzGraphTextParser`.
import Foundation
import FuzzSupport
import KnowledgeGraph

/// One input: any bytes, decoded as UTF-8 with repair (`kg import` refuses
/// invalid UTF-8 with KGI009 before parsing). A parse may fail with a
/// KGError, which must carry a position inside the text; it must not crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        _ = try GraphTextParser.parse(text)
    } catch {
        if let span = error.span, span.start.line < 1 || span.start.column < 1 {
            fatalError("error without a valid position: \(error)\ninput: \(text.debugDescription)")
        }
    }
    return 0
}

let replayed = replayFuzzInputs(Array(CommandLine.arguments.dropFirst()), through: fuzz)
