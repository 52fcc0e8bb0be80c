import Foundation
import KnowledgeGraph

/// The memory budget of the requests in flight, from their first byte.
///
/// A request reserves its body's size (Content-Length) before a byte of it is
/// read, then, once read, the cost of parsing it (``JSONCost``) before the
/// parser runs, and keeps both until its answer is made. All requests share
/// one budget (the server's `--max-memory`), and at most `maxReading` bodies
/// are read or parsed at once. A request that could never fit is refused
/// with KGH002 (413); one that does not fit now waits its turn (first come,
/// first served) while fewer than `maxWaiting` wait, and is refused with
/// KGH006 (503, the server is overloaded) beyond that.
final class RequestAdmission: @unchecked Sendable {
    let capacity: Int
    let maxReading: Int
    let maxWaiting: Int
    private let lock = NSLock()
    private var reserved = 0
    private var reading = 0
    private var closed = false
    private var waiters: [(bytes: Int, continuation: CheckedContinuation<KGError?, Never>)] = []

    init(capacity: Int, maxReading: Int, maxWaiting: Int) {
        self.capacity = capacity
        self.maxReading = max(1, maxReading)
        self.maxWaiting = maxWaiting
    }

    /// One request's share of the budget. ``release()`` gives it back (once).
    final class Reservation: @unchecked Sendable {
        private let admission: RequestAdmission
        fileprivate var bytes: Int
        fileprivate var isReading = true
        fileprivate var released = false

        fileprivate init(admission: RequestAdmission, bytes: Int) {
            self.admission = admission
            self.bytes = bytes
        }

        /// Bytes this request holds.
        var size: Int { admission.lock.withLock { bytes } }

        /// Grows the reservation to `total` bytes: at once when it fits, else
        /// by letting go and waiting in line again (never while holding some:
        /// two requests waiting for each other's bytes would wait forever).
        func grow(to total: Int, what: String) async throws(KGError) {
            guard total > 0 else { return }
            if total > admission.capacity { throw admission.tooLarge(total, what: what) }
            let grown: Bool = admission.lock.withLock {
                if total <= bytes { return true }
                guard admission.reserved - bytes + total <= admission.capacity else { return false }
                admission.reserved += total - bytes
                bytes = total
                return true
            }
            if grown { return }
            release()
            let again = try await admission.reserve(total, what: what)
            admission.lock.withLock {
                bytes = again.bytes
                released = false
                isReading = true
                again.released = true
            }
        }

        /// The body is read and parsed: another request may start reading.
        func doneReading() {
            admission.lock.withLock {
                guard isReading, !released else { return }
                isReading = false
                admission.reading -= 1
            }
            admission.grantWaiters()
        }

        /// Gives the bytes back.
        func release() {
            admission.lock.withLock {
                guard !released else { return }
                released = true
                admission.reserved -= bytes
                if isReading { admission.reading -= 1 }
            }
            admission.grantWaiters()
        }

        deinit { release() }
    }

    /// Reserves `bytes` for a request about to read its body.
    func reserve(_ bytes: Int, what: String) async throws(KGError) -> Reservation {
        let bytes = max(bytes, 0)
        if bytes > capacity { throw tooLarge(bytes, what: what) }
        enum Outcome { case granted, refused(KGError), wait }
        let outcome: Outcome = lock.withLock {
            if closed { return .refused(KGError(.shuttingDown, "the server is shutting down")) }
            if waiters.isEmpty && fits(bytes) {
                reserved += bytes
                reading += 1
                return .granted
            }
            if waiters.count >= maxWaiting {
                return .refused(KGError(.serverBusy, "the server is reading and answering as many requests as its memory budget allows, and \(waiters.count) more wait",
                                        suggestion: "try again in a moment"))
            }
            return .wait
        }
        switch outcome {
        case .granted: return Reservation(admission: self, bytes: bytes)
        case .refused(let error): throw error
        case .wait:
            let failure: KGError? = await withCheckedContinuation { continuation in
                let resumeNow: KGError?? = lock.withLock {
                    if closed { return .some(KGError(.shuttingDown, "the server is shutting down")) }
                    if waiters.isEmpty && fits(bytes) {
                        reserved += bytes
                        reading += 1
                        return .some(nil)
                    }
                    waiters.append((bytes, continuation))
                    return .none
                }
                if let resumeNow { continuation.resume(returning: resumeNow) }
            }
            if let failure { throw failure }
            return Reservation(admission: self, bytes: bytes)
        }
    }

    /// Refuses every waiting and later request (KGH007): the server is stopping.
    func close() {
        let waiting: [CheckedContinuation<KGError?, Never>] = lock.withLock {
            closed = true
            defer { waiters.removeAll() }
            return waiters.map(\.continuation)
        }
        for continuation in waiting { continuation.resume(returning: KGError(.shuttingDown, "the server is shutting down")) }
    }

    /// Bytes reserved by the requests in flight.
    var reservedBytes: Int { lock.withLock { reserved } }

    private func fits(_ bytes: Int) -> Bool {
        reading < maxReading && reserved + bytes <= capacity
    }

    private func grantWaiters() {
        var granted: [CheckedContinuation<KGError?, Never>] = []
        lock.withLock {
            while let first = waiters.first, fits(first.bytes) {
                waiters.removeFirst()
                reserved += first.bytes
                reading += 1
                granted.append(first.continuation)
            }
        }
        for continuation in granted { continuation.resume(returning: nil) }
    }

    fileprivate func tooLarge(_ bytes: Int, what: String) -> KGError {
        KGError(.requestTooLarge, "\(what) would need about \(QueryLimits.formatBytes(bytes)) of memory, more than the server's budget of "
                + QueryLimits.formatBytes(capacity) + " for the requests it reads at once",
                suggestion: "send a smaller request, or start the server with a larger --max-memory")
    }
}
