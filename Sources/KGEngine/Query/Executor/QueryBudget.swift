import Foundation
import KGModel

/// What one request may still spend: ONE deadline, ONE cancellation flag,
/// ONE tick counter and ONE memory account, shared from its first byte to its
/// last: reading the query text, lexing and parsing it, the executor and
/// every nested evaluation it starts (derived edge types), and rendering the
/// answer, so nothing a request does gets a fresh allowance.
///
/// A front end makes one (``init(limits:cancellation:)``) when a request
/// arrives and hands it on: to ``QueryOptions/budget``, to
/// ``Parser/parse(_:budget:)`` and to ``ResultFormatter/budget``. One
/// request is served by one thread at a time; the budget is not shared
/// between threads that run at once.
///
/// Loops call ``tick()`` once per unit of work (a neighbour, a row, a
/// comparison); every 256th tick reads the clock and the cancellation flag.
/// Structures that grow with the data (row chunks, frontiers, visited sets,
/// path parents, sort, grouping and DISTINCT buffers) ``charge(_:)`` their
/// approximate size and ``release(_:)`` it when dropped; going over the
/// memory limit is KGE005.
public final class QueryBudget: @unchecked Sendable {
    public let limits: QueryLimits
    public let cancellation: CancellationFlag?
    private let deadline: UInt64
    private var ticks = 0
    /// Bytes charged now, and the most charged at once.
    public private(set) var bytes = 0
    public private(set) var peakBytes = 0

    /// A budget whose clock starts now.
    public init(limits: QueryLimits = QueryLimits(), cancellation: CancellationFlag? = nil) {
        self.limits = limits
        self.cancellation = cancellation
        // timeLimit is clamped to [0, one week] by QueryLimits: the product fits.
        let seconds = limits.timeLimit.isFinite ? Swift.min(Swift.max(limits.timeLimit, 0), QueryLimits.maximumTimeLimit) : QueryLimits.maximumTimeLimit
        self.deadline = DispatchTime.now().uptimeNanoseconds &+ UInt64(seconds * 1e9)
    }

    /// One unit of work: every 256th looks at the clock and the flag.
    @inline(__always)
    public func tick() throws(KGError) {
        ticks &+= 1
        if ticks & 255 == 0 { try check() }
    }

    /// Looks at the cancellation flag and the clock now.
    public func check() throws(KGError) {
        if cancellation?.isCancelled == true { throw KGError(.cancelled, "the query was cancelled") }
        if DispatchTime.now().uptimeNanoseconds > deadline {
            throw KGError(.timeLimit, "the query ran longer than its time limit of \(formatSeconds(limits.timeLimit))",
                          suggestion: "narrow the pattern (bound the repetition, name a start node) or raise --timeout")
        }
    }

    /// Counts `count` more bytes held; KGE005 past the memory limit.
    @inline(__always)
    public func charge(_ count: Int) throws(KGError) {
        bytes &+= count
        if bytes > peakBytes {
            peakBytes = bytes
            if bytes > limits.memoryLimit { throw memoryError() }
        }
    }

    /// Whether `count` more bytes would still fit (for caches that can be dropped instead).
    public func fits(_ count: Int) -> Bool { bytes &+ count <= limits.memoryLimit }

    /// Counts `count` bytes no longer held.
    public func release(_ count: Int) { bytes &-= count }

    /// Releases everything charged since ``bytes`` was `mark`: what one query
    /// of a script held (its answer, its rendering) once it is written out.
    public func release(downTo mark: Int) { if bytes > mark { bytes = mark } }

    /// KGE005 for this budget's limit.
    public func memoryError() -> KGError {
        KGError(.memoryLimit, "the query needs more than its memory limit of \(QueryLimits.formatBytes(limits.memoryLimit))",
                suggestion: "narrow the pattern (name a start node, bound the repetition), add LIMIT, or raise --max-memory")
    }
}

/// Approximate bytes of values held in rows, buffers and answers (the Swift
/// layout plus heap storage and allocator overhead, rounded up).
package enum MemoryEstimate {
    static let row = 96
    package static let value = 32
    static let fact = 16
    static let step = 64
    static let neighbor = 80
    /// A dictionary or set entry (key, value, hash table slack).
    static let entry = 48
    /// One token of query text and what it becomes until the query ends:
    /// the token (kind, text, span), its node of the syntax tree, the bound
    /// and compiled forms of that node and, for a literal, its value
    /// (measured: a list literal of 4 million tokens peaks at about 170
    /// bytes of RSS per token, the token array's growth included).
    static let token = 192

    static func of(_ value: Value) -> Int {
        switch value {
        case .string(let s): return Self.value + s.utf8.count
        case .path(let p): return Self.value + 32 + p.steps.count * step
        case .list(let items): return Self.value + 32 + items.reduce(0) { $0 + of($1) }
        case .map(let members): return Self.value + 48 + members.reduce(0) { $0 + entry + $1.key.utf8.count + of($1.value) }
        default: return Self.value
        }
    }

    static func of(_ values: [Value]) -> Int { values.reduce(32) { $0 + of($1) } }

    static func of(_ row: Row, paths: Bool) -> Int {
        var total = Self.row + row.values.count * value + row.facts.count * fact
        if paths {
            for value in row.values { if case .path(let p) = value { total += p.steps.count * step } }
            for (_, steps) in row.traces { total += entry + steps.count * step }
        }
        return total
    }

    static func of(_ neighbor: Neighbor) -> Int { Self.neighbor + neighbor.steps.count * step + neighbor.facts.count * fact }
}
