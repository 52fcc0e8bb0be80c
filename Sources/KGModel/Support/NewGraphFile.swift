import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creating a graph file atomically: it is built in a temporary file beside
/// the target (`TARGET.kg-new-PID`) and renamed into place only when
/// complete, so a creation that is interrupted (Ctrl-C, SIGKILL, power loss)
/// never leaves a half-made graph or a journal at the target. The next
/// creation for the same target removes what a dead process left behind.
package enum NewGraphFile {
    static let marker = ".kg-new-"
    static let companions = ["", "-journal", "-wal", "-shm"]

    /// The temporary file this process builds the graph for `target` in.
    package static func temporaryPath(for target: String) -> String {
        target + marker + String(getpid())
    }

    /// Removes temporary files (and their journals) for `target` left by
    /// processes that no longer run.
    package static func removeStale(for target: String) {
        let url = URL(fileURLWithPath: target)
        let directory = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + marker
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(prefix) {
            let digits = name.dropFirst(prefix.count).prefix { $0.isNumber }
            guard let pid = Int32(digits), "\(prefix)\(digits)" == name || companions.contains(String(name.dropFirst(prefix.count + digits.count))) else { continue }
            if pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH { continue }
            try? FileManager.default.removeItem(atPath: directory + "/" + name)
        }
    }

    /// Removes a temporary graph and its journals.
    package static func remove(_ temporary: String) {
        for suffix in companions { try? FileManager.default.removeItem(atPath: temporary + suffix) }
    }

    /// Renames the finished graph onto `target` (missing or an empty regular
    /// file). Stale journals of the target are removed first: SQLite would
    /// otherwise apply them to the new file.
    package static func moveIntoPlace(_ temporary: String, _ target: String) throws(KGError) {
        try InputFile.requireRegularOrMissing(target, role: "graph file")
        if let size = try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int, size > 0 {
            throw KGError(.storage, "'\(target)' was created by another program while kg built the graph; nothing was changed",
                          suggestion: "import into it again (it is now an existing graph), or choose another --db")
        }
        for suffix in ["-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
        guard rename(temporary, target) == 0 else {
            throw KGError(.storage, "cannot move the new graph into place at '\(target)': \(String(cString: strerror(errno)))")
        }
    }
}
