#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KGModel

/// One field of the current record: where its bytes are in the input.
struct CSVField {
    /// The first byte of the content (after the opening quote of a quoted field).
    var start: Int
    /// One past the last byte of the content (before the closing quote).
    var end: Int
    /// The first byte of the field in the input (the opening quote, if any).
    var rawStart: Int
    var quoted: Bool
    /// Whether the content holds doubled quotes (`""`) that stand for one.
    var escaped: Bool
    /// The physical line the field starts on, and that line's first byte.
    var line: Int
    var lineStart: Int

    var isEmpty: Bool { start == end }
}

/// A byte-level reader of RFC 4180 CSV over a ``CSVInput``: fields separated
/// by commas, records by LF or CRLF; a field in double quotes may hold commas,
/// line breaks and `""` for a quote. A UTF-8 byte order mark is skipped;
/// blank lines between records are skipped. Lines are physical lines of the
/// file (a record with a quoted line break spans two).
///
/// Call ``validate(_:maxLineBytes:)`` once first: the reader assumes valid
/// UTF-8. Field bytes are read without copying unless a field holds `""`.
final class CSVReader {
    let input: CSVInput
    let bytes: UnsafeBufferPointer<UInt8>
    /// The fields of the current record: `fieldCount` of them at `fieldStorage`.
    @exclusivity(unchecked) private(set) var fieldCount = 0
    @exclusivity(unchecked) private var fieldStorage = UnsafeMutablePointer<CSVField>.allocate(capacity: 8)
    @exclusivity(unchecked) private var fieldCapacity = 8
    /// Field `index` of the current record.
    @inline(__always)
    func field(_ index: Int) -> CSVField { fieldStorage[index] }
    /// The physical line the current record starts on.
    @exclusivity(unchecked) private(set) var recordLine = 0
    /// The byte where the current record starts, and the byte after its end.
    @exclusivity(unchecked) private(set) var recordStart = 0
    @exclusivity(unchecked) private(set) var position: Int
    @exclusivity(unchecked) private(set) var line = 1
    @exclusivity(unchecked) private(set) var lineStart: Int
    /// Per field index, a buffer for unescaped content.
    @exclusivity(unchecked) private var scratch: [UnsafeMutableBufferPointer<UInt8>] = []

    /// Whether the input starts with a UTF-8 byte order mark.
    static func hasBOM(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    init(_ input: CSVInput) {
        self.input = input
        self.bytes = input.bytes
        position = CSVReader.hasBOM(input.bytes) ? 3 : 0
        lineStart = position
    }

    deinit {
        for buffer in scratch { buffer.deallocate() }
        fieldStorage.deallocate()
    }

    // MARK: Validation of the whole input

    /// Checks the whole input once, before anything is read: not empty (a
    /// byte order mark and white space alone count as empty), every line at
    /// most `maxLineBytes` long, valid UTF-8. Returns the number of lines.
    @discardableResult
    static func validate(_ input: CSVInput, maxLineBytes: Int) throws(KGError) -> Int {
        let bytes = input.bytes
        let n = bytes.count
        guard let base = bytes.baseAddress else {
            throw KGError(.emptyInput, "'\(input.name)' is empty", span: .line(1), file: input.name,
                          suggestion: "a CSV file starts with its header line")
        }
        var lineStart = hasBOM(bytes) ? 3 : 0
        var i = lineStart
        while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        if i == n {
            throw KGError(.emptyInput, "'\(input.name)' has no content (only white space)", span: .line(1), file: input.name,
                          suggestion: "a CSV file starts with its header line")
        }
        var line = 1
        while lineStart <= n {
            let lineEnd: Int
            if lineStart < n, let hit = memchr(base + lineStart, 0x0A, n - lineStart) {
                lineEnd = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            } else {
                lineEnd = n
            }
            if lineEnd - lineStart > maxLineBytes {
                throw KGError(.lineTooLong, "line \(line) is \(lineEnd - lineStart) bytes long, over the limit of \(maxLineBytes) bytes",
                              span: .line(line), file: input.name,
                              suggestion: "a line this long is usually a file that is not CSV, or a quote that is never closed")
            }
            if let bad = firstInvalidUTF8(base, from: lineStart, to: lineEnd) {
                let column = characterColumn(bytes, offset: bad, lineStart: lineStart)
                throw KGError(.invalidEncoding,
                              "'\(input.name)' is not valid UTF-8: byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at byte offset \(bad) (line \(line))",
                              span: SourceSpan(at: SourcePosition(line: line, column: column, offset: bad)), file: input.name,
                              suggestion: "save the file as UTF-8 (for example: iconv -f LATIN1 -t UTF-8)")
            }
            lineStart = lineEnd + 1
            line += 1
        }
        // The loop also counted the empty "line" after a final line feed.
        return bytes[n - 1] == 0x0A ? line - 2 : line - 1
    }

    /// The offset of the first byte that does not belong to a well-formed
    /// UTF-8 sequence in `from..<to` (no overlong forms, no surrogates,
    /// nothing above U+10FFFF), or nil.
    static func firstInvalidUTF8(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        var i = from
        while i < to {
            // Eight ASCII bytes at a time.
            while i + 8 <= to {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < to else { return nil }
            let b = base[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + length <= to else { return i }
            let second = base[i + 1]
            guard second >= low, second <= high else { return i }
            for k in 2..<length where base[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// The 1-based column, in characters, of the byte at `offset` on the line
    /// starting at `lineStart`.
    static func characterColumn(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int, lineStart: Int) -> Int {
        var column = 1
        var i = lineStart
        while i < offset, i < bytes.count {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return column
    }

    // MARK: Records

    /// Reads the next record into ``fields``; false at the end of the input.
    /// Throws ``ErrorCode/importSyntax`` for a quote that is never closed or
    /// text after a closing quote.
    func next() throws(KGError) -> Bool {
        fieldCount = 0
        let n = bytes.count
        guard let base = bytes.baseAddress else { return false }
        // The hot loop works on locals, written back on the way out.
        var position = self.position, line = self.line, lineStart = self.lineStart
        defer {
            self.position = position
            self.line = line
            self.lineStart = lineStart
        }
        // Blank lines between records.
        while position < n {
            let b = base[position]
            if b == 0x0A {
                position += 1
                line += 1
                lineStart = position
            } else if b == 0x0D, position + 1 < n, base[position + 1] == 0x0A {
                position += 2
                line += 1
                lineStart = position
            } else {
                break
            }
        }
        guard position < n else { return false }
        recordLine = line
        recordStart = position
        while true {
            let rawStart = position
            let fieldLine = line, fieldLineStart = lineStart
            if base[position] == 0x22 {
                position += 1
                let start = position
                var escaped = false
                while true {
                    guard position < n else {
                        throw error(.importSyntax, "this quoted field is never closed (the file ends inside it)",
                                    line: fieldLine, lineStart: fieldLineStart, offset: rawStart,
                                    suggestion: "close the field with a double quote; write a quote inside it as \"\"")
                    }
                    let b = base[position]
                    if b == 0x22 {
                        if position + 1 < n, base[position + 1] == 0x22 {
                            escaped = true
                            position += 2
                            continue
                        }
                        break
                    }
                    position += 1
                    if b == 0x0A {
                        line += 1
                        lineStart = position
                    }
                }
                append(CSVField(start: start, end: position, rawStart: rawStart, quoted: true, escaped: escaped,
                                line: fieldLine, lineStart: fieldLineStart))
                position += 1   // the closing quote
                guard position < n else { return true }
                let b = base[position]
                if b == 0x2C { position += 1; continue }
                if b == 0x0A || (b == 0x0D && position + 1 < n && base[position + 1] == 0x0A) {
                    position += b == 0x0A ? 1 : 2
                    line += 1
                    lineStart = position
                    return true
                }
                throw error(.importSyntax, "unexpected text after the closing quote of a field",
                            line: line, lineStart: lineStart, offset: position,
                            suggestion: "a field that holds commas or quotes (such as JSON props) must be in double quotes as a whole, with \"\" for each quote inside")
            } else {
                let start = position
                while position < n {
                    let b = base[position]
                    if b == 0x2C || b == 0x0A { break }
                    if b == 0x0D, position + 1 < n, base[position + 1] == 0x0A { break }
                    position += 1
                }
                append(CSVField(start: start, end: position, rawStart: rawStart, quoted: false, escaped: false,
                                line: fieldLine, lineStart: fieldLineStart))
                guard position < n else { return true }
                let b = base[position]
                if b == 0x2C { position += 1; continue }
                position += b == 0x0A ? 1 : 2
                line += 1
                lineStart = position
                return true
            }
        }
    }

    @inline(__always)
    private func append(_ field: CSVField) {
        if fieldCount == fieldCapacity {
            let bigger = UnsafeMutablePointer<CSVField>.allocate(capacity: fieldCapacity * 2)
            bigger.moveInitialize(from: fieldStorage, count: fieldCount)
            fieldStorage.deallocate()
            fieldStorage = bigger
            fieldCapacity *= 2
        }
        (fieldStorage + fieldCount).initialize(to: field)
        fieldCount += 1
    }

    // MARK: Field content

    /// The content of field `index` of the current record (quotes removed,
    /// `""` read as `"`). Valid until the next call to ``next()``.
    @inline(__always)
    func content(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let field = fieldStorage[index]
        let base = bytes.baseAddress!
        if !field.escaped {
            return UnsafeBufferPointer(start: base + field.start, count: field.end - field.start)
        }
        while scratch.count <= index { scratch.append(UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64)) }
        if scratch[index].count < field.end - field.start {
            scratch[index].deallocate()
            scratch[index] = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(field.end - field.start, 2 * scratch[index].count))
        }
        let out = scratch[index]
        var i = field.start, o = 0
        while i < field.end {
            let b = base[i]
            out[o] = b
            o += 1
            i += b == 0x22 ? 2 : 1
        }
        return UnsafeBufferPointer(start: out.baseAddress, count: o)
    }

    /// The content of field `index` as a string.
    func string(_ index: Int) -> String {
        String(decoding: content(index), as: UTF8.self)
    }

    /// Whether field `index` is exactly `text` (ASCII).
    func field(_ index: Int, equals text: StaticString) -> Bool {
        let c = content(index)
        guard c.count == text.utf8CodeUnitCount else { return false }
        return c.count == 0 || memcmp(c.baseAddress!, text.utf8Start, c.count) == 0
    }

    // MARK: Positions

    /// The span of field `index`: its line, its column, as wide as the field
    /// (to the end of its first line).
    func span(ofField index: Int) -> SourceSpan {
        span(of: fieldStorage[index])
    }

    /// Whether the content of field `index` lies in the input as it is (no
    /// `""` to undo), so that it stays valid after the next record.
    @inline(__always)
    func isInPlace(_ index: Int) -> Bool { !fieldStorage[index].escaped }

    /// The span of a field (of this or an earlier record).
    func span(of field: CSVField) -> SourceSpan {
        let start = SourcePosition(line: field.line, column: CSVReader.characterColumn(bytes, offset: field.rawStart, lineStart: field.lineStart),
                                   offset: field.rawStart)
        var endOffset = field.end + (field.quoted ? 1 : 0)
        var i = field.rawStart
        while i < endOffset { if bytes[i] == 0x0A { endOffset = i; break }; i += 1 }
        if endOffset <= field.rawStart { return SourceSpan(at: start) }
        let end = SourcePosition(line: field.line, column: CSVReader.characterColumn(bytes, offset: endOffset, lineStart: field.lineStart),
                                 offset: endOffset)
        return SourceSpan(start: start, end: end)
    }

    /// The span just after the last field of the current record.
    func spanAfterLastField() -> SourceSpan {
        guard fieldCount > 0 else { return .line(recordLine) }
        let last = fieldStorage[fieldCount - 1]
        var offset = last.end + (last.quoted ? 1 : 0)
        var lineStart = last.lineStart, line = last.line
        var i = last.rawStart
        while i < offset { if bytes[i] == 0x0A { line += 1; lineStart = i + 1 }; i += 1 }
        offset = min(offset, bytes.count)
        return SourceSpan(at: SourcePosition(line: line, column: CSVReader.characterColumn(bytes, offset: offset, lineStart: lineStart), offset: offset))
    }

    /// An error at a byte of the input.
    func error(_ code: ErrorCode, _ message: String, line: Int, lineStart: Int, offset: Int, suggestion: String? = nil) -> KGError {
        let column = CSVReader.characterColumn(bytes, offset: offset, lineStart: lineStart)
        return KGError(code, message, span: SourceSpan(at: SourcePosition(line: line, column: column, offset: offset)),
                       file: input.name, suggestion: suggestion)
    }

    /// An error about field `index` of the current record.
    func error(_ code: ErrorCode, _ message: String, field index: Int, suggestion: String? = nil) -> KGError {
        KGError(code, message, span: span(ofField: index), file: input.name, suggestion: suggestion)
    }
}

extension CSVReader {
    /// Parses a whole CSV text into records of strings (for tests and small inputs).
    static func records(of input: CSVInput) throws(KGError) -> [[String]] {
        try validate(input, maxLineBytes: Int.max)
        let reader = CSVReader(input)
        var out: [[String]] = []
        while try reader.next() {
            out.append((0..<reader.fieldCount).map { reader.string($0) })
        }
        return out
    }
}
