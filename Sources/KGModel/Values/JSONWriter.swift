/// Writes compact JSON text as UTF-8 bytes into one growing buffer, byte for
/// byte what ``JSONValue/serialized`` writes (object keys sorted, the same
/// escapes, the same number forms), without building a `JSONValue` tree or
/// a `String` first. `kg serve` keeps one writer for its whole run, so a
/// warm answer costs no allocation but the buffer's growth.
///
///     var out = JSONWriter()
///     out.append("{\"key\":")
///     out.writeString("c0")
///     out.append("}")
///     // out.bytes is {"key":"c0"}
public struct JSONWriter {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The number of bytes written so far.
    public var count: Int { bytes.count }

    /// Forgets what was written, keeping the buffer's memory up to 16 MiB
    /// (a huge answer does not stay resident for the rest of a server's run).
    public mutating func removeAll() {
        if bytes.capacity > 16 << 20 { bytes = [] } else { bytes.removeAll(keepingCapacity: true) }
    }

    /// Drops everything written after the first `count` bytes.
    public mutating func truncate(to count: Int) {
        if count < bytes.count { bytes.removeSubrange(count...) }
    }

    /// Appends JSON text that is already valid (punctuation, a key literal).
    public mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends text that is already JSON (an id exactly as the client sent it).
    public mutating func appendJSONText(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends one raw byte.
    public mutating func append(byte: UInt8) { bytes.append(byte) }

    /// Inserts bytes that are already JSON at `offset`.
    public mutating func insert(_ other: JSONWriter, at offset: Int) { bytes.insert(contentsOf: other.bytes, at: offset) }

    // MARK: Values

    /// Writes `value` as ``JSONValue/write(to:)`` does.
    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let b): b ? append("true") : append("false")
        case .int(let i): writeInt(i)
        case .double(let d): writeDouble(d)
        case .string(let s): writeString(s)
        case .array(let items):
            append(byte: 0x5B)   // [
            for (i, item) in items.enumerated() {
                if i > 0 { append(byte: 0x2C) }
                write(item)
            }
            append(byte: 0x5D)   // ]
        case .object(let members):
            append(byte: 0x7B)   // {
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { append(byte: 0x2C) }
                writeString(key)
                append(byte: 0x3A)
                if let member = members[key] { write(member) }
            }
            append(byte: 0x7D)   // }
        }
    }

    /// An integer in decimal digits.
    public mutating func writeInt(_ value: Int64) {
        if value >= 0, value < 10 {
            bytes.append(0x30 + UInt8(value))
            return
        }
        // Up to 20 digits and a sign, written backwards into a fixed buffer.
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var i = 20
            repeat {
                i -= 1
                digits[i] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { bytes.append(0x2D) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i..<20]))
        }
    }

    /// A double as ``JSONValue`` writes it: `3.0` for a whole number below
    /// 10^15, Swift's shortest exact form otherwise, `null` when not finite.
    public mutating func writeDouble(_ d: Double) {
        guard d.isFinite else { append("null"); return }
        if d == d.rounded(), abs(d) < 1e15 {
            writeInt(Int64(d))
            append(".0")
        } else {
            appendJSONText(String(d))
        }
    }

    /// A string literal with the escapes of ``JSONValue/writeString(_:to:)``.
    public mutating func writeString(_ s: String) {
        bytes.append(0x22)
        var s = s
        let plain = s.withUTF8 { utf8 -> Bool in
            // Most strings need no escaping: append them whole.
            for b in utf8 where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xE2 { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !plain {
            var escaped = ""
            JSONValue.writeString(s, to: &escaped)
            // Without the quotes writeString puts around it.
            escaped.withUTF8 { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0.dropFirst().dropLast())) }
        }
        bytes.append(0x22)
    }
}
