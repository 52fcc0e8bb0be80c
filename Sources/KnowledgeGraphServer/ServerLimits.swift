import KnowledgeGraph

/// What one request may cost: the server's ceilings. A request may ask for
/// less (`timeout`, `max_rows` in its body), never for more.
public struct ServerLimits: Sendable, Equatable {
    /// Seconds one query may run (KGE001, HTTP 408, after that).
    public var timeLimit: Double
    /// Rows a query's answer may have (KGE002, HTTP 503, beyond).
    public var rowLimit: Int
    /// Bytes a query's intermediate state may take, about (KGE005, HTTP 503, beyond).
    public var memoryLimit: Int
    /// Bytes a request body may have (KGH002, HTTP 413, beyond).
    public var maxBodyBytes: Int
    /// Hops a neighbourhood picture may span.
    public var maxHops: Int
    /// Requests waiting for a reader beyond those being answered (KGH006, HTTP 503, beyond).
    public var maxQueued: Int

    public init(timeLimit: Double = 30, rowLimit: Int = 100_000, memoryLimit: Int = QueryLimits.defaultMemoryLimit,
                maxBodyBytes: Int = 1 << 20, maxHops: Int = 4, maxQueued: Int = 256) {
        self.timeLimit = timeLimit
        self.rowLimit = rowLimit
        self.memoryLimit = memoryLimit
        self.maxBodyBytes = maxBodyBytes
        self.maxHops = maxHops
        self.maxQueued = maxQueued
    }

    /// The limits of one query: the request's own where it asks for less.
    func queryLimits(timeout: Double?, maxRows: Int?) throws(KGError) -> QueryLimits {
        if let timeout, !(timeout > 0) || !timeout.isFinite {
            throw KGError(.invalidRequest, "\"timeout\" must be a number of seconds above 0, not \(timeout)")
        }
        if let maxRows, maxRows < 1 {
            throw KGError(.invalidRequest, "\"max_rows\" must be at least 1, not \(maxRows)")
        }
        return QueryLimits(timeLimit: min(timeout ?? timeLimit, timeLimit), rowLimit: min(maxRows ?? rowLimit, rowLimit),
                           memoryLimit: memoryLimit)
    }
}
