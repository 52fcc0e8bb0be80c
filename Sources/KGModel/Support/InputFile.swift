import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What kind of file a path names, for the rules kg applies to inputs, graph
/// files and outputs: a graph or an input must be a regular file (a device
/// reports size 0 and would look like a new, empty file; a FIFO or
/// `/dev/zero` never ends); an output that is not a regular file is written
/// as a stream, never replaced.
public enum InputFile {
    /// What is at a path.
    public enum Kind: Sendable, Equatable {
        case missing
        case regular
        case directory
        /// A character or block device, FIFO or socket: with its name for messages.
        case special(String)
    }

    /// The kind of file at `path` (following symbolic links).
    public static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return kind(info)
    }

    static func kind(_ info: stat) -> Kind {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFCHR: return .special("a character device")
        case S_IFBLK: return .special("a block device")
        case S_IFIFO: return .special("a FIFO (named pipe)")
        case S_IFSOCK: return .special("a socket")
        default: return .special("not a regular file")
        }
    }

    /// Refuses anything but a regular file, with ``ErrorCode/notARegularFile``.
    package static func requireRegular(_ info: stat, path: String) throws(KGError) {
        switch kind(info) {
        case .regular, .missing: return
        case .directory:
            throw KGError(.notARegularFile, "'\(path)' is a folder, not a file", suggestion: "give a file inside it")
        case .special(let what):
            throw KGError(.notARegularFile, "'\(path)' is \(what), not a regular file: kg reads input only from regular files",
                          suggestion: "copy the data into a file first, or pipe a graph text file to 'kg import -'")
        }
    }

    /// Refuses a path that exists and is not a regular file.
    public static func requireRegularOrMissing(_ path: String, role: String) throws(KGError) {
        switch kind(of: path) {
        case .regular, .missing: return
        case .directory:
            throw KGError(.notARegularFile, "'\(path)' is a folder, not a \(role)", suggestion: "give a file path, e.g. \(path)/graph.sqlite")
        case .special(let what):
            throw KGError(.notARegularFile, "'\(path)' is \(what), not a \(role): kg keeps graphs only in regular files",
                          suggestion: "choose a file path for --db")
        }
    }
}
