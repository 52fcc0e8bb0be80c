// libFuzzer target: the query parser (lexer + parser + printer).
//
// Fuzz build (Scripts/fuzz.sh): `swift build --sanitize=fuzzer` compiles this
// file with -parse-as-library and libFuzzer supplies `main`, which calls
// LLVMFuzzerTestOneInput for every generated input.
// Plain build (`swift build`, `swift test`): a one-file executable target is
// compiled as a script, so the top-level `let` at the end runs and replays the
// files named on the command line through the same function (no libFuzzer
// needed): `.build/debug/FuzzQueryParser Fuzz/Corpus/FuzzQueryParser`.
import Foundation
import FuzzSupport
import KnowledgeGraph

/// One input: any bytes, decoded as UTF-8 with repair (the CLI refuses
/// invalid UTF-8 before parsing, so the parser only ever sees valid text).
/// A parse may fail with a KGError; it must not crash. A query that parses
/// must print to text that parses to the same tree and prints the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let query = try? Parser.parse(text) else { return 0 }
    let printed = QueryPrinter.format(query)
    let reparsed: Query
    do { reparsed = try Parser.parse(printed) } catch {
        fatalError("printed query does not parse: \(error)\ninput: \(text.debugDescription)\nprinted: \(printed.debugDescription)")
    }
    guard reparsed == query, QueryPrinter.format(reparsed) == printed else {
        fatalError("printing changed the query\ninput: \(text.debugDescription)\nprinted: \(printed.debugDescription)")
    }
    return 0
}

let replayed = replayFuzzInputs(Array(CommandLine.arguments.dropFirst()), through: fuzz)
