import Foundation

/// Set from any thread (a Ctrl-C handler) to stop a running query: every
/// loop of the executor looks at it through ``QueryBudget`` (KGE003).
public final class CancellationFlag: @unchecked Sendable {
    private var flag = false
    private let lock = NSLockShim()

    public init() {}

    public func cancel() { lock.withLock { flag = true } }
    public var isCancelled: Bool { lock.withLock { flag } }
}

/// A small lock (Foundation's NSLock), named to keep Foundation out of the API.
final class NSLockShim: @unchecked Sendable {
    private let lock = NSLock()
    func withLock<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
