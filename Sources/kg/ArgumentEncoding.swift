import ArgumentParser
import Foundation
import KnowledgeGraph

/// Arguments arrive as C strings of bytes; Swift's `CommandLine.arguments`
/// quietly replaces bytes that are not UTF-8 with U+FFFD, so a query, a
/// `--param` value, a name or a question would be answered for text nobody
/// typed. kg reads the bytes and refuses such an argument with the code
/// `--file` gives for the same text (KGI009).
extension KG {
    static func refuseArgumentsThatAreNotUTF8() {
        guard let error = ArgumentEncoding.firstInvalidArgument(CommandLine.unsafeArgv, count: Int(CommandLine.argc)) else { return }
        Foundation.exit(Terminal.report(error).rawValue)
    }
}

/// Checks the raw bytes of command-line arguments.
enum ArgumentEncoding {
    /// The error for the first argument (after the program's name) that is
    /// not valid UTF-8, if one is.
    static func firstInvalidArgument(_ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, count: Int) -> KGError? {
        var previous: String?
        for index in 1..<max(count, 1) {
            guard let pointer = argv[index] else { continue }
            let bytes = UnsafeRawBufferPointer(start: pointer, count: strlen(pointer))
            if let offset = invalidOffset(bytes) {
                return KGError(.invalidEncoding,
                               "argument \(index) (\(role(after: previous))) is not valid UTF-8 (first bad byte at offset \(offset)): \(escaped(bytes))",
                               suggestion: "write the text in UTF-8 (check the terminal's or the script's encoding), or put it in a UTF-8 file and pass --file")
            }
            previous = String(decoding: bytes, as: UTF8.self)
        }
        return nil
    }

    /// The offset of the first byte that does not decode as UTF-8, if any.
    static func invalidOffset(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// What the argument is, from the option before it.
    private static func role(after option: String?) -> String {
        switch option {
        case "--param": return "a --param value"
        case let option? where option.hasPrefix("-") && !option.contains("="): return "after \(option)"
        default: return "the query, a name, a question or a key=value"
        }
    }

    /// The argument with its ASCII shown and every other byte as `\xNN`.
    private static func escaped(_ bytes: UnsafeRawBufferPointer) -> String {
        var out = "'"
        for byte in bytes.prefix(120) {
            if byte >= 0x20 && byte < 0x7F { out.unicodeScalars.append(Unicode.Scalar(byte)) } else { out += String(format: "\\x%02X", byte) }
        }
        return out + (bytes.count > 120 ? "…'" : "'")
    }
}
