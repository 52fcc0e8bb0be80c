/// A byte-level check that a props field is already a JSON object exactly
/// as kg writes it (``JSONValue/serialized``: compact, object keys sorted,
/// integers only, strings without escapes), so that the bulk loader can store
/// the bytes as they are instead of parsing and writing them again.
/// Anything else (floats, escapes, white space, unsorted keys, invalid JSON)
/// takes the full parser.
package enum CanonicalJSON {
    package enum Result: Equatable {
        /// A canonical object; whether it has a top-level key `valid_from` or `valid_to`.
        case canonical(hasPeriodKey: Bool)
        /// Valid or not: read it with ``JSONParser``.
        case other
    }

    package static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        guard let base = bytes.baseAddress, bytes.count >= 2, base[0] == UInt8(ascii: "{") else { return .other }
        var scanner = Scanner(p: base, end: bytes.count)
        var hasPeriodKey = false
        guard scanner.object(depth: 0, topLevel: &hasPeriodKey), scanner.i == bytes.count else { return .other }
        return .canonical(hasPeriodKey: hasPeriodKey)
    }

    private struct Scanner {
        let p: UnsafePointer<UInt8>
        let end: Int
        var i = 0

        init(p: UnsafePointer<UInt8>, end: Int) {
            self.p = p
            self.end = end
        }

        /// At `{`. Keys must be ASCII and strictly increasing (so, unique).
        mutating func object(depth: Int, topLevel: inout Bool) -> Bool {
            guard depth < 100 else { return false }
            i += 1
            guard i < end else { return false }
            if p[i] == UInt8(ascii: "}") { i += 1; return true }
            var previous: (start: Int, count: Int)?
            while true {
                guard i < end, p[i] == UInt8(ascii: "\"") else { return false }
                let keyStart = i + 1
                guard string(asciiOnly: true) else { return false }
                let key = (start: keyStart, count: i - 1 - keyStart)
                if let previous, !less(previous, key) { return false }
                if depth == 0, isPeriodKey(key) { topLevel = true }
                previous = key
                guard i < end, p[i] == UInt8(ascii: ":") else { return false }
                i += 1
                guard value(depth: depth) else { return false }
                guard i < end else { return false }
                if p[i] == UInt8(ascii: ",") { i += 1; continue }
                if p[i] == UInt8(ascii: "}") { i += 1; return true }
                return false
            }
        }

        mutating func array(depth: Int) -> Bool {
            guard depth < 100 else { return false }
            i += 1
            guard i < end else { return false }
            if p[i] == UInt8(ascii: "]") { i += 1; return true }
            while true {
                guard value(depth: depth) else { return false }
                guard i < end else { return false }
                if p[i] == UInt8(ascii: ",") { i += 1; continue }
                if p[i] == UInt8(ascii: "]") { i += 1; return true }
                return false
            }
        }

        mutating func value(depth: Int) -> Bool {
            guard i < end else { return false }
            switch p[i] {
            case UInt8(ascii: "\""): return string(asciiOnly: false)
            case UInt8(ascii: "{"):
                var ignored = false
                return object(depth: depth + 1, topLevel: &ignored)
            case UInt8(ascii: "["): return array(depth: depth + 1)
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return integer()
            default: return false
            }
        }

        /// At `"`. No escapes, no control characters, no DEL, no U+2028/U+2029
        /// (kg writes those escaped); with `asciiOnly`, no byte above 0x7F.
        mutating func string(asciiOnly: Bool) -> Bool {
            i += 1
            while i < end {
                let b = p[i]
                if b == UInt8(ascii: "\"") { i += 1; return true }
                if b < 0x20 || b == UInt8(ascii: "\\") || b == 0x7F { return false }
                if b >= 0x80 {
                    if asciiOnly { return false }
                    if b == 0xE2, i + 2 < end, p[i + 1] == 0x80, p[i + 2] == 0xA8 || p[i + 2] == 0xA9 { return false }
                }
                i += 1
            }
            return false
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard i + n <= end else { return false }
            for k in 0..<n where p[i + k] != word.utf8Start[k] { return false }
            i += n
            return true
        }

        /// `-?(0|[1-9][0-9]*)` with at most 18 digits (always an Int64), not `-0`;
        /// no fraction or exponent (floats are written back differently).
        mutating func integer() -> Bool {
            let negative = p[i] == UInt8(ascii: "-")
            if negative { i += 1 }
            let start = i
            while i < end, p[i] >= UInt8(ascii: "0"), p[i] <= UInt8(ascii: "9") { i += 1 }
            let digits = i - start
            guard digits >= 1, digits <= 18 else { return false }
            if p[start] == UInt8(ascii: "0"), digits > 1 || negative { return false }
            if i < end, p[i] == UInt8(ascii: ".") || p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") { return false }
            return true
        }

        func less(_ a: (start: Int, count: Int), _ b: (start: Int, count: Int)) -> Bool {
            let n = min(a.count, b.count)
            for k in 0..<n where p[a.start + k] != p[b.start + k] { return p[a.start + k] < p[b.start + k] }
            return a.count < b.count
        }

        func isPeriodKey(_ key: (start: Int, count: Int)) -> Bool {
            func equals(_ word: StaticString) -> Bool {
                guard key.count == word.utf8CodeUnitCount else { return false }
                for k in 0..<key.count where p[key.start + k] != word.utf8Start[k] { return false }
                return true
            }
            return equals("valid_from") || equals("valid_to")
        }
    }
}
