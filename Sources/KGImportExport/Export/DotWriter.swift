/// The DOT text of a picture as it is written: one growing UTF-8 buffer that
/// ``DotExporter`` appends syntax and escaped values to, so a picture of many
/// thousand edges costs no string per attribute.
///
/// Only kg's own syntax is appended raw (``raw(_:)``); every value goes
/// through ``DotEscaping`` (``quoted(_:)``, ``text(_:)``, ``attributes(_:)``).
struct DotWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// kg's own DOT syntax (keywords, braces, `->`, indentation): a constant.
    mutating func raw(_ syntax: StaticString) {
        syntax.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Bytes made by this writer or by ``DotEscaping`` (cached pieces).
    mutating func raw(_ written: [UInt8]) { bytes.append(contentsOf: written) }

    /// A quoted id or plain value.
    mutating func quoted(_ value: String) { DotEscaping.append(value, entities: false, to: &bytes) }

    /// A quoted text value (label, tooltip).
    mutating func text(_ value: String) { DotEscaping.append(value, entities: true, to: &bytes) }

    /// The quoted node id `"n<id>"` (the same bytes as `DotEscaping.quoted("n\(id)")`:
    /// digits and `-` need no escaping).
    mutating func nodeID(_ id: Int64) {
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: "n"))
        decimal(id)
        bytes.append(UInt8(ascii: "\""))
    }

    /// An integer in decimal, as `"\(value)"` writes it (a small string: no allocation).
    mutating func decimal(_ value: Int64) { bytes.append(contentsOf: String(value).utf8) }

    /// One attribute `name=value` (labels and tooltips escaped as text),
    /// preceded by `, ` unless it is the first of its list.
    mutating func attribute(_ name: String, _ value: String, first: Bool = false) {
        if !first { raw(", ") }
        bytes.append(contentsOf: name.utf8)   // attribute names are kg's constants
        bytes.append(UInt8(ascii: "="))
        if name == "label" || name == "tooltip" { text(value) } else { quoted(value) }
    }

    /// `[name="value", …]`; labels and tooltips are escaped as text.
    mutating func attributes(_ list: [(String, String)]) {
        raw("[")
        for (index, (name, value)) in list.enumerated() { attribute(name, value, first: index == 0) }
        raw("]")
    }
}
