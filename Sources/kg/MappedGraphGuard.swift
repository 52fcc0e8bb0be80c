import Foundation
import KnowledgeGraph

/// The message the SIGBUS handler writes, rendered before the handler is
/// installed (a handler may not allocate); read only by the handler.
nonisolated(unsafe) private var truncatedGraphMessage: UnsafeMutablePointer<CChar>?
nonisolated(unsafe) private var truncatedGraphMessageLength = 0
nonisolated(unsafe) private var truncatedGraphExitStatus: Int32 = 74

/// A graph read through a memory map, with a file truncated under it turned
/// into a clean error exit (KGD006, status 74) instead of a death by SIGBUS.
///
/// SQLite maps the graph file (`mmap_size`) when it is opened with
/// `memoryMapped: true`, which the one-shot reading commands (`kg query`,
/// `kg run`, `kg ask`, ...) do because a new process then starts faster (see
/// docs/performance.md, "Cold start"). When another program truncates the
/// file while kg reads it, the next read of a page past the new end raises
/// SIGBUS (code BUS_ADRERR). The handler does only async-signal-safe things:
/// it writes the message rendered beforehand to standard error and ends kg
/// with `_exit(74)`; any other bus error keeps the default action.
/// Nothing is written to the graph through the map (SQLite writes with
/// `write(2)`), and a write transaction cut short this way is rolled back by
/// SQLite's journal like any other interrupted one. Long-lived commands
/// (`kg serve`, `kg shell`) do not map the file: there a truncated graph is an
/// error for the one request that meets it.
enum MappedGraphGuard {
    /// Installs the handler for reading `path` (idempotent; the last path wins).
    static func install(graph path: String) {
        let error = KGError(.storage, "the graph file '\(path)' was cut short by another program while kg read it",
                            suggestion: "nothing was written; check what truncated the file, then restore it from a copy")
        let text = DiagnosticRenderer(useColor: Terminal.colorAllowed(forStderr: true)).render(error, source: nil, sourceName: "query")
        let previous = truncatedGraphMessage
        truncatedGraphMessage = strdup(text)
        truncatedGraphMessageLength = text.utf8.count
        free(previous)
        truncatedGraphExitStatus = error.code.exitStatus
        var action = sigaction()
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_SIGINFO
        action.__sigaction_handler.sa_sigaction = { _, info, _ in
            // Only a read past the end of a mapped file (BUS_ADRERR); any
            // other bus error ends kg with the signal, as it would have.
            guard let info, info.pointee.si_code == Int32(BUS_ADRERR) else {
                signal(SIGBUS, SIG_DFL)
                return   // the faulting instruction runs again, now with the default action
            }
            if let message = truncatedGraphMessage {
                var written = 0
                while written < truncatedGraphMessageLength {
                    let n = write(2, message + written, truncatedGraphMessageLength - written)
                    if n <= 0 { break }
                    written += n
                }
            }
            _exit(truncatedGraphExitStatus)
        }
        sigaction(SIGBUS, &action, nil)
    }
}
