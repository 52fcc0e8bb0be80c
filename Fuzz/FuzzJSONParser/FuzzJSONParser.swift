// libFuzzer target: the JSON parser (props fields, `kg serve` requests).
//
// Fuzz build (Scripts/fuzz.sh): `swift build --sanitize=fuzzer` compiles this
// file with -parse-as-library and libFuzzer supplies `main`, which calls
// LLVMFuzzerTestOneInput for every generated input.
// Plain build (`swift build`, `swift test`): a one-file executable target is
// compiled as a script, so the top-level `let` at the end runs and replays the
// files named on the command line through the same function (no libFuzzer
// needed): `.build/debug/FuzzJSONParser Fuzz/Corpus/FuzzJSONParser`.
import Foundation
import FuzzSupport
import KnowledgeGraph

/// One input: any bytes, decoded as UTF-8 with repair (requests reach the
/// parser as Swift strings). A parse may fail with a Failure whose offset
/// lies inside the input; it must not crash. A value that parses must
/// serialize to JSON that parses to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let value: JSONValue
    do { value = try JSONParser.parse(text) } catch {
        guard error.offset >= 0, error.offset <= text.utf8.count else {
            fatalError("failure offset \(error.offset) outside the input of \(text.utf8.count) bytes")
        }
        return 0
    }
    let serialized = value.serialized
    guard let again = try? JSONParser.parse(serialized), again == value else {
        fatalError("serialized JSON does not parse to the same value\ninput: \(text.debugDescription)\nserialized: \(serialized.debugDescription)")
    }
    return 0
}

let replayed = replayFuzzInputs(Array(CommandLine.arguments.dropFirst()), through: fuzz)
