import Foundation
import KnowledgeGraph

/// One pooled connection to the graph with its query engine. It lives on
/// one worker thread and never leaves it: the engine types are not Sendable.
public final class EngineSession {
    public let store: GraphStore
    public let engine: QueryEngine

    init(store: GraphStore) {
        self.store = store
        self.engine = QueryEngine(store: store)
    }
}

/// Threads that each own one ``EngineSession`` and take jobs from one queue.
/// A request's engine work runs here, never on the server's event loops;
/// a slow query keeps its own thread busy and the others go on answering.
///
///     let readers = try EnginePool(name: "reader", count: 4) { try GraphStore.open(at: path, mode: .readOnly) }
///     let count = try await readers.run { session in try session.engine.execute("MATCH (n) RETURN count(*)").rows.count }
final class EnginePool: @unchecked Sendable {
    typealias Job = (EngineSession) -> Void

    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var busy = 0
    private var stopping = false
    private var running = 0
    private let maxQueued: Int
    let count: Int

    /// Starts `count` threads; each opens its own store with `open`. Throws
    /// the first opening error (and stops the threads that did open).
    init(name: String, count: Int, maxQueued: Int = 256, open: @escaping @Sendable () throws(KGError) -> GraphStore) throws(KGError) {
        self.count = count
        self.maxQueued = maxQueued
        let opened = OpenResults(count: count)
        for index in 0..<count {
            let thread = Thread { [self] in
                let session: EngineSession
                do throws(KGError) {
                    session = EngineSession(store: try open())
                    opened.report(nil)
                } catch {
                    opened.report(error)
                    return
                }
                self.work(with: session)
            }
            thread.name = "kg-\(name)-\(index)"
            thread.stackSize = 8 << 20   // deep query plans recurse
            condition.withLock { running += 1 }
            thread.start()
        }
        if let error = opened.wait() {
            shutdown()
            throw error
        }
    }

    /// Runs `body` on a free session and returns what it returns. Fails with
    /// KGH006 when every session is busy and `maxQueued` jobs already wait,
    /// and with KGH007 once the pool is shutting down.
    func run<T: Sendable>(_ body: @escaping @Sendable (EngineSession) throws(KGError) -> T) async throws(KGError) -> T {
        let result: Result<T, KGError> = await withCheckedContinuation { continuation in
            let accepted: KGError? = condition.withLock {
                if stopping { return KGError(.shuttingDown, "the server is shutting down") }
                if jobs.count >= maxQueued {
                    return KGError(.serverBusy, "all \(count) readers are busy and \(jobs.count) requests wait",
                                   suggestion: "try again in a moment")
                }
                jobs.append { session in
                    continuation.resume(returning: Result { () throws(KGError) -> T in try body(session) })
                }
                condition.signal()
                return nil
            }
            if let accepted { continuation.resume(returning: .failure(accepted)) }
        }
        return try result.get()
    }

    /// Jobs waiting for a free session.
    var queuedJobs: Int { condition.withLock { jobs.count } }

    /// Sessions answering a job now.
    var busySessions: Int { condition.withLock { busy } }

    /// Lets queued jobs finish, then ends the threads (they close their stores).
    func shutdown() {
        condition.withLock {
            stopping = true
            condition.broadcast()
        }
    }

    private func work(with session: EngineSession) {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty {
                running -= 1
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            busy += 1
            condition.unlock()
            job(session)
            condition.withLock { busy -= 1 }
        }
    }
}

/// The outcome of each thread's opening, awaited by the pool's initialiser.
private final class OpenResults: @unchecked Sendable {
    private let condition = NSCondition()
    private var remaining: Int
    private var firstError: KGError?

    init(count: Int) { remaining = count }

    func report(_ error: KGError?) {
        condition.withLock {
            remaining -= 1
            if firstError == nil { firstError = error }
            condition.broadcast()
        }
    }

    func wait() -> KGError? {
        condition.withLock {
            while remaining > 0 { condition.wait() }
            return firstError
        }
    }
}
