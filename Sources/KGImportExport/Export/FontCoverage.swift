import Foundation

/// Whether the fonts fontconfig knows cover the characters of a picture's
/// labels: Graphviz's PNG and PDF renderers draw a character no font has as
/// a box. Asks `fc-list` for fonts with every such character.
public enum FontCoverage {
    /// The characters of `text` outside Latin, Greek and Cyrillic (CJK and
    /// other scripts a plain font set may lack), at most 40 distinct ones.
    public static func uncommonCharacters(in text: String) -> [Character] {
        var seen = Set<Character>(), out: [Character] = []
        for character in text where !seen.contains(character) {
            guard let scalar = character.unicodeScalars.first, scalar.value >= 0x0530,
                  !(0x2000...0x2BFF).contains(scalar.value), !(0xFE00...0xFE0F).contains(scalar.value) else { continue }
            guard character.isLetter || character.isNumber else { continue }
            seen.insert(character)
            out.append(character)
            if out.count == 40 { break }
        }
        return out
    }

    /// A warning when some label character is covered by no installed font
    /// (nil when all are, or when fontconfig's fc-list is not there to ask).
    public static func warning(forLabels text: String) -> String? {
        let characters = uncommonCharacters(in: text)
        guard !characters.isEmpty else { return nil }
        var missing: [Character] = []
        for character in characters {
            let hex = character.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ")
            guard let fonts = run("fc-list", [":charset=\(hex)", "family"]) else { return nil }
            if fonts.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { missing.append(character) }
        }
        guard !missing.isEmpty else { return nil }
        return "kg: warning: no installed font has " + String(missing.prefix(8)) + (missing.count > 8 ? "…" : "")
            + "; those labels will show as boxes in the picture (for Chinese: apt-get install fonts-wqy-microhei)"
    }

    private static func run(_ tool: String, _ arguments: [String]) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
