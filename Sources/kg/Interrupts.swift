import Foundation
import KnowledgeGraph

/// The write end of the self-pipe that the SIGINT handler writes to. Set once,
/// before the handler is installed; read only by the handler.
nonisolated(unsafe) private var interruptPipeWriteEnd: Int32 = -1

/// Ctrl-C during a query: cancel it cleanly (exit 130) instead of dying mid-read.
///
/// The SIGINT handler does the one async-signal-safe thing, writing a byte to
/// a pipe; a thread of its own reads the pipe, sets the query's cancellation
/// flag and interrupts the SQLite statement of the attached connection, if one
/// is attached at that moment. Unlike a dispatch signal source over an ignored
/// signal, this never loses a Ctrl-C that arrives while other threads run (a
/// signal ignored in one thread and blocked in another can be discarded by the
/// kernel before the source reads it), and a Ctrl-C that comes before the
/// query starts is kept in the flag, which the query reads at its first check.
final class Interrupts: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = CancellationFlag()
    /// The flag of the query now running: each ``install()`` starts a new one,
    /// so that a shell's next query is not cancelled by the last Ctrl-C.
    var cancellation: CancellationFlag { lock.withLock { flag } }
    private var handle: SQLiteInterruptHandle?
    private var removed = false

    private static let shared: Interrupts = {
        let interrupts = Interrupts()
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return interrupts }
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        interruptPipeWriteEnd = fds[1]
        let readEnd = fds[0]
        let reader = Thread {
            var byte: UInt8 = 0
            while true {
                let n = read(readEnd, &byte, 1)
                if n == 1 { interrupts.fire(); continue }
                if n < 0 && errno == EINTR { continue }
                return
            }
        }
        reader.name = "kg-sigint"
        reader.start()
        return interrupts
    }()

    /// Starts catching Ctrl-C (the handler stays for the rest of the process).
    static func install() -> Interrupts {
        let interrupts = shared
        interrupts.lock.withLock {
            interrupts.removed = false
            interrupts.flag = CancellationFlag()
        }
        signal(SIGINT) { _ in
            var byte: UInt8 = 1
            _ = write(interruptPipeWriteEnd, &byte, 1)
        }
        // A parent may start kg with SIGINT blocked (a thread pool's threads
        // block signals, and a child inherits the mask): unblock it here, on
        // the main thread, so the handler runs.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        return interrupts
    }

    /// The connection whose running statement Ctrl-C interrupts (nil: none).
    func attach(_ handle: SQLiteInterruptHandle?) {
        lock.withLock { self.handle = handle }
    }

    private func fire() {
        let (active, cancellation) = lock.withLock { (!removed, flag) }
        guard active else {
            // The query is over (kg is writing its answer or closing): Ctrl-C
            // ends kg with the status of an interrupted command.
            exit(130)
        }
        if cancellation.isCancelled {
            // A second Ctrl-C: the first one has not been seen yet (kg may be
            // blocked outside the query); stop now.
            exit(130)
        }
        cancellation.cancel()
        lock.withLock { handle?.interrupt() }
    }

    /// The query is over: drop the connection; a later Ctrl-C ends kg (status 130).
    func remove() {
        lock.withLock {
            removed = true
            handle = nil
        }
    }
}
