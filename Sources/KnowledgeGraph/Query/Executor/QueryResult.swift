/// The answer to a query: named columns and rows of values, plus what the
/// rows rest on (for evidence, `--why` and DOT of the answer).
public struct QueryResult: Sendable {
    public var columns: [String]
    public var rows: [[Value]]
    /// For each row, the facts (edges, agreement nodes) it rests on, when tracked.
    public var rowFacts: [[Fact]]
    /// Every node and stored edge the matched patterns touched.
    public var touchedNodes: Set<Int64>
    public var touchedEdges: Set<Int64>
    /// The plan as text (EXPLAIN, PROFILE), or nil.
    public var planText: String?
    /// What the writer of the query should know; never changes the rows.
    public var warnings: [QueryWarning] = []
}

/// Limits that stop a runaway query with a clear error.
public struct QueryLimits: Sendable {
    /// Seconds a query may run (KGE001 after that).
    public var timeLimit: Double
    /// Rows an intermediate or final table may hold (KGE002 beyond).
    public var rowLimit: Int

    public init(timeLimit: Double = 60, rowLimit: Int = 5_000_000) {
        self.timeLimit = timeLimit
        self.rowLimit = rowLimit
    }
}

/// Set from any thread (a Ctrl-C handler) to stop a running query.
public final class CancellationFlag: @unchecked Sendable {
    private var flag = false
    private let lock = NSLockShim()

    public init() {}

    public func cancel() { lock.withLock { flag = true } }
    public var isCancelled: Bool { lock.withLock { flag } }
}

import Foundation
/// A small lock (Foundation's NSLock), named to keep Foundation out of the API.
final class NSLockShim: @unchecked Sendable {
    private let lock = NSLock()
    func withLock<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
