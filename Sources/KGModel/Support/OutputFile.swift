import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file that is replaced whole or not at all: every file kg writes
/// for the user (`kg export -o`, `kg dot -o`, the shell's history) goes
/// through it.
///
///     try OutputFile.replace("deals.jsonl") { file in
///         try file.write("{\"type\":\"node\"}\n")
///     }
///     try OutputFile.write(Data(svg.utf8), to: "picture.svg")
///
/// What is written goes into a temporary file beside the target
/// (`TARGET.kg-new-PID`, created with `O_EXCL`, with the permissions of the
/// file it replaces), is flushed to the disk (`fsync`) and only then renamed
/// onto the target. Any error (a full disk, a file size limit, an error
/// thrown by the body) removes the temporary file and leaves the earlier file
/// byte for byte as it was. A temporary file that a killed kg left behind is
/// removed by the next write to the same target.
///
/// A set of files (`kg export --format csv`: nodes, edges and sources) is
/// replaced together with ``replace(_:_:)-([String],_)``: every file is
/// written and flushed first; then each earlier file is kept under a backup
/// name (a hard link, `TARGET.kg-old-PID`), the new files are renamed in, and
/// the backups removed. When a rename fails, the files already renamed are
/// put back, so the set is all new or all old. Files are swapped one by one,
/// not their folder, because the folder may hold other files or be `.`.
///
/// A path that names a device, FIFO or socket (`/dev/null`, `/dev/stdout`,
/// a pipe) is written into as a stream, never replaced; a folder is refused
/// (KGD008). A symbolic link stays a link: the file it points to is replaced.
/// An existing file that the user may not write is refused, as opening it
/// would be. Failures are ``ErrorCode/storage`` errors (exit 74) naming the
/// path and the system's reason ("no space left on device").
public final class OutputFile {
    /// The path as the caller gave it (for messages).
    public let path: String
    /// The file that is replaced (the path, or what its symbolic link points to).
    let target: String
    /// The temporary file written; nil when streaming into a device or FIFO.
    let temporary: String?
    /// Whether a file was at the target when writing began.
    let targetExisted: Bool
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private static let bufferLimit = 1 << 16

    /// The marker in the name of a temporary file (shared with new graph files).
    static let temporaryMarker = NewGraphFile.marker
    static let backupMarker = ".kg-old-"

    /// How many files are replaced together (for messages).
    let setSize: Int

    private init(path: String, setSize: Int, newFileMode: mode_t = 0o666) throws(KGError) {
        self.path = path
        self.setSize = setSize
        var target = path
        var info = stat()
        var linkInfo = stat()
        if lstat(path, &linkInfo) == 0, linkInfo.st_mode & S_IFMT == S_IFLNK, stat(path, &info) == 0,
           let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
        self.target = target
        switch InputFile.kind(of: target) {
        case .directory:
            throw KGError(.notARegularFile, "'\(path)' is a folder, not a file to write", suggestion: "give a file path inside it")
        case .special:
            let fd = open(target, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw Self.failure(path, errno, state: nil) }
            descriptor = fd
            temporary = nil
            targetExisted = true
            return
        case .missing:
            targetExisted = false
        case .regular:
            targetExisted = true
            guard stat(target, &info) == 0 else { throw Self.failure(path, errno, existed: true, setSize: setSize) }
            guard access(target, W_OK) == 0 else { throw Self.failure(path, errno, existed: true, setSize: setSize) }
        }
        NewGraphFile.removeStale(for: target)
        let temporary = target + Self.temporaryMarker + String(getpid())
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, newFileMode)
        guard fd >= 0 else { throw Self.failure(path, errno, existed: targetExisted, setSize: setSize) }
        if targetExisted {
            // The new file keeps the permissions (and, for root, the owner) of the one it replaces.
            _ = fchmod(fd, info.st_mode & 0o777)
            if getuid() == 0 { _ = fchown(fd, info.st_uid, info.st_gid) }
        }
        self.temporary = temporary
        descriptor = fd
    }

    // MARK: Writing

    /// Appends text (UTF-8).
    public func write(_ text: String) throws(KGError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.bufferLimit { try flush() }
    }

    /// Appends bytes.
    public func write(_ data: Data) throws(KGError) {
        buffer.append(contentsOf: data)
        if buffer.count >= Self.bufferLimit { try flush() }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws(KGError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferLimit { try flush() }
    }

    private func flush() throws(KGError) {
        var failed: Int32 = 0
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = systemWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = errno
                    return
                }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
        if failed != 0 { throw failure(failed) }
    }

    /// Flushes the buffer and the file to the disk and closes it.
    private func finish() throws(KGError) {
        try flush()
        let fd = descriptor
        descriptor = -1
        if temporary != nil, fsync(fd) != 0 {
            let code = errno
            close(fd)
            throw failure(code)
        }
        if close(fd) != 0 && errno != EINTR { throw failure(errno) }
    }

    /// Closes and removes the temporary file (after an error).
    private func discard() {
        if descriptor >= 0 { close(descriptor); descriptor = -1 }
        if let temporary { _ = unlink(temporary) }
    }

    // MARK: Replacing

    /// Replaces the file at `path` with what `body` writes, whole or not at
    /// all. When `body` throws, or a write, the flush or the rename fails,
    /// the earlier file is left as it was and the error is rethrown (as a
    /// ``KGError``: ``KGError/wrap(_:)``).
    public static func replace(_ path: String, _ body: (OutputFile) throws -> Void) throws(KGError) {
        try replace([path]) { (files: [OutputFile]) throws in try body(files[0]) }
    }

    /// Replaces the file at `path` as ``replace(_:_:)-(String,_)`` does; a
    /// file that is new gets `newFileMode` (less the umask), for example
    /// `0o600` for a file only its owner may read (the shell's history).
    public static func replace(_ path: String, newFileMode: mode_t, _ body: (OutputFile) throws -> Void) throws(KGError) {
        try replace([path], newFileMode: newFileMode) { (files: [OutputFile]) throws in try body(files[0]) }
    }

    /// Replaces the files at `paths` together: `body` gets one
    /// ``OutputFile`` per path, in order; either every file is replaced or
    /// none is (see the type's documentation for how).
    public static func replace(_ paths: [String], newFileMode: mode_t = 0o666, _ body: ([OutputFile]) throws -> Void) throws(KGError) {
        var seen = Set<String>()
        for path in paths where InputFile.kind(of: path) == .regular || InputFile.kind(of: path) == .missing {
            guard seen.insert(URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path).inserted else {
                throw KGError(.usage, "'\(path)' is named twice as an output file", suggestion: "give each output its own file")
            }
        }
        var files: [OutputFile] = []
        do {
            for path in paths { files.append(try OutputFile(path: path, setSize: paths.count, newFileMode: newFileMode)) }
            try body(files)
            for file in files { try file.finish() }
            try commit(files)
        } catch {
            for file in files { file.discard() }
            throw KGError.wrap(error)
        }
    }

    /// Replaces the file at `path` with `data`, whole or not at all.
    public static func write(_ data: Data, to path: String) throws(KGError) {
        try replace(path) { file throws(KGError) in try file.write(data) }
    }

    /// Renames the finished temporary files onto their targets; with more
    /// than one file, earlier files are kept as backups until all are in, so
    /// a failed rename can put the old set back.
    private static func commit(_ files: [OutputFile]) throws(KGError) {
        let replaced = files.filter { $0.temporary != nil }
        var backups: [String?] = []
        func removeBackups() { for case let backup? in backups { _ = unlink(backup) } }
        if replaced.count > 1 {
            for file in replaced {
                guard file.targetExisted else { backups.append(nil); continue }
                let backup = file.target + backupMarker + String(getpid())
                _ = unlink(backup)
                guard link(file.target, backup) == 0 else {
                    let code = errno
                    removeBackups()
                    throw KGError(.storage, "cannot keep a backup of '\(file.path)' while replacing it: \(reason(code))",
                                  suggestion: "nothing was changed; the earlier files are as they were")
                }
                backups.append(backup)
            }
        }
        for (i, file) in replaced.enumerated() {
            guard rename(file.temporary!, file.target) == 0 else {
                let code = errno
                // Put back the files already replaced: the set stays the earlier one.
                for j in 0..<i {
                    if let backup = backups[j] { _ = rename(backup, replaced[j].target) } else { _ = unlink(replaced[j].target) }
                    backups[j] = nil
                }
                removeBackups()
                throw failure(file.path, code, existed: file.targetExisted, setSize: file.setSize)
            }
        }
        removeBackups()
        var synced = Set<String>()
        for file in replaced {
            let folder = (file.target as NSString).deletingLastPathComponent
            guard synced.insert(folder).inserted else { continue }
            let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd >= 0 { _ = fsync(fd); close(fd) }
        }
    }

    // MARK: Errors

    /// The system's reason for `code`, in lower case ("no space left on device").
    package static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    static func failure(_ path: String, _ code: Int32, existed: Bool, setSize: Int = 1) -> KGError {
        failure(path, code, state: setSize > 1 ? "none of the \(setSize) files was replaced; each is as it was before"
                : existed ? "'\(path)' is as it was before" : "no file was left at '\(path)'")
    }

    /// A write error of this file: what became of the target is said unless
    /// kg was writing straight into a device or FIFO.
    private func failure(_ code: Int32) -> KGError {
        temporary == nil ? Self.failure(path, code, state: nil) : Self.failure(path, code, existed: targetExisted, setSize: setSize)
    }

    static func failure(_ path: String, _ code: Int32, state: String?) -> KGError {
        var suggestion = state ?? ""
        switch code {
        case ENOSPC, EDQUOT: suggestion += "; free some space on its disk, or write elsewhere"
        case EFBIG: suggestion += "; the file would be larger than this system or process allows (ulimit -f)"
        case EACCES, EPERM, EROFS: suggestion += "; write to a folder you may write to"
        default: break
        }
        if suggestion.hasPrefix("; ") { suggestion.removeFirst(2) }
        return KGError(.storage, "cannot write '\(path)': \(reason(code))", suggestion: suggestion.isEmpty ? nil : suggestion)
    }
}

/// write(2), under a name the methods called `write` do not hide.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}
