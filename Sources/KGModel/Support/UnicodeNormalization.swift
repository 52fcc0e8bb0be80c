import Foundation

/// kg compares and stores text in one Unicode normal form, NFC (composed):
/// "Düsseldorf" typed on macOS arrives decomposed (`u` + U+0308), and a byte
/// comparison in SQLite would not find the composed name in the graph.
///
/// Names, keys and aliases go through ``nfc(_:)`` where they are written
/// (graph text, CSV, curation) and where they are looked up (a name in a
/// query, a `--param`, a question's words, a `{name: …}` seek), so both
/// sides of the byte comparison in SQLite's indexes are composed. Other
/// text (property JSON, evidence, revert snapshots) keeps its bytes; Swift's
/// own `==` and hashing already treat canonically equivalent strings as
/// equal, so comparisons in memory agree. A graph written before stored
/// names as they came: a name that is not found composed is looked for once
/// more among the stored names that are not ASCII, compared as Swift
/// compares them (see ``GraphStore/candidates(forName:)``).
public enum UnicodeNormalization {
    /// `text` in NFC; ASCII text (most of it) is returned as it is, unchecked.
    @inline(__always)
    public static func nfc(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// The NFC form of UTF-8 bytes when it differs from them; nil for ASCII
    /// or text already in NFC.
    package static func nfcIfDifferent(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard bytes.contains(where: { $0 >= 0x80 }) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let composed = text.precomposedStringWithCanonicalMapping
        guard !composed.utf8.elementsEqual(bytes) else { return nil }
        return Array(composed.utf8)
    }
}
