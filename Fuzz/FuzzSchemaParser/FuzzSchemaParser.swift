// libFuzzer target: the schema parser (`.kgs` files, with derived edge definitions in the query language).
//
// Fuzz build (Scripts/fuzz.sh): `swift build --sanitize=fuzzer` compiles this
// file with -parse-as-library and libFuzzer supplies `main`, which calls
// LLVMFuzzerTestOneInput for every generated input.
// Plain build (`swift build`, `swift test`): a one-file executable target is
// compiled as a script, so the top-level `let` at the end runs and replays the
// files named on the command line through the same function (no libFuzzer
// needed): `.build/debug/FuzzSchemaParser Fuzz/Corpus/FuzzSchemaParser`.
import Foundation
import FuzzSupport
import KnowledgeGraph

/// One input: any bytes, decoded as UTF-8 with repair. A parse may fail with
/// a KGError; it must not crash. A schema that parses must parse again from
/// its stored source text (a graph re-reads it on every open).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let schema = try? SchemaParser.parse(text) else { return 0 }
    do { _ = try SchemaParser.parse(schema.source) } catch {
        fatalError("a parsed schema's source does not parse again: \(error)\ninput: \(text.debugDescription)")
    }
    return 0
}

let replayed = replayFuzzInputs(Array(CommandLine.arguments.dropFirst()), through: fuzz)
