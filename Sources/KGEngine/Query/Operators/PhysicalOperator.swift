import Foundation
import KGModel

/// One node of a physical plan: an operator that takes chunks of partial
/// answer rows from its input and hands the rows it makes to its output.
///
/// The planner (``PhysicalPlanner``) builds the tree and makes every access
/// choice (an index probe or the in-memory adjacency, node kinds from records
/// or from columns) with its estimate; the operator does exactly that, so
/// EXPLAIN prints the tree that runs (``PlanDescription``) and PROFILE adds
/// what each operator did (``OperatorStatistics``).
///
/// Rows are pushed: the driver hands the start row to the leaf, and each
/// operator calls ``pass(_:_:)`` with at most ``QueryExecutor/chunkRows``
/// rows at a time. `pass` returns false once the answer needs no more rows
/// (LIMIT reached, EXISTS found a match); every operator then stops at once.
///
/// An operator keeps per-run state (a scan's candidates, memoised neighbours)
/// that ``reset()`` clears before each run, so a cached plan can run again.
class PhysicalOperator {
    /// The operators this one reads from (one for a pipeline step; several
    /// for ``CrossProductCount``; none for a leaf).
    let inputs: [PhysicalOperator]
    /// Where rows go: the operator that has this one as its input (nil: the
    /// executor's terminal, the projection or a nested collector).
    private(set) weak var output: PhysicalOperator?
    /// The planner's estimate of the rows this operator hands on.
    var estimatedRows: Int
    /// What PROFILE reports.
    var statistics = OperatorStatistics()

    init(inputs: [PhysicalOperator], estimatedRows: Int) {
        self.inputs = inputs
        self.estimatedRows = estimatedRows
        for input in inputs { input.output = self }
    }

    /// The operator's line in EXPLAIN (without its children).
    func describe(_ query: BoundQuery) -> String { String(describing: type(of: self)) }

    /// Takes `rows`; false when the answer needs no more rows.
    func process(_ rows: [Row], _ executor: QueryExecutor) throws(KGError) -> Bool { try pass(rows, executor) }

    /// Clears per-run state, here and in the inputs.
    func reset() {
        statistics = OperatorStatistics()
        for input in inputs { input.reset() }
    }

    /// The leaf of this operator's pipeline (first input, all the way down).
    var leaf: PhysicalOperator { inputs.first?.leaf ?? self }

    // MARK: Moving rows

    /// Called by the input (or the driver): counts and times `process`.
    final func receive(_ rows: [Row], _ executor: QueryExecutor) throws(KGError) -> Bool {
        statistics.rowsIn += rows.count
        let started = DispatchTime.now().uptimeNanoseconds
        defer {
            statistics.nanoseconds &+= DispatchTime.now().uptimeNanoseconds &- started
            statistics.peakBytes = max(statistics.peakBytes, executor.budget.bytes)
        }
        return try process(rows, executor)
    }

    /// Hands `rows` on to the output; false when no more are wanted.
    final func pass(_ rows: [Row], _ executor: QueryExecutor) throws(KGError) -> Bool {
        statistics.rowsOut += rows.count
        // The root's terminal (the projection) is the root's own work.
        guard let output else { return try executor.terminal?(rows) ?? true }
        let started = DispatchTime.now().uptimeNanoseconds
        defer { statistics.downstreamNanoseconds &+= DispatchTime.now().uptimeNanoseconds &- started }
        return try output.receive(rows, executor)
    }

    /// Adds `row` to `chunk`, handing the chunk on when full.
    @inline(__always)
    final func emit(_ row: Row, into chunk: inout RowChunk, _ executor: QueryExecutor) throws(KGError) -> Bool {
        let size = MemoryEstimate.of(row, paths: executor.tracksFacts)
        try executor.budget.charge(size)
        chunk.rows.append(row)
        chunk.bytes += size
        if chunk.rows.count >= QueryExecutor.chunkRows || chunk.bytes >= QueryExecutor.chunkBytes { return try flush(&chunk, executor) }
        return true
    }

    /// Hands the rows of `chunk` on and empties it.
    final func flush(_ chunk: inout RowChunk, _ executor: QueryExecutor) throws(KGError) -> Bool {
        guard !chunk.rows.isEmpty else { return true }
        let rows = chunk.rows, bytes = chunk.bytes
        chunk = RowChunk()
        defer { executor.budget.release(bytes) }
        return try pass(rows, executor)
    }
}

/// What one operator did in one run (PROFILE).
struct OperatorStatistics {
    var rowsIn = 0
    var rowsOut = 0
    /// Time inside the operator, including what its outputs did with its rows.
    var nanoseconds: UInt64 = 0
    /// The part of ``nanoseconds`` spent in the outputs.
    var downstreamNanoseconds: UInt64 = 0
    /// The query's memory account at its highest while this operator ran.
    var peakBytes = 0
    /// The operator's own time.
    var ownNanoseconds: UInt64 { nanoseconds &- min(nanoseconds, downstreamNanoseconds) }
}

/// Rows an operator has made and not yet handed on.
struct RowChunk {
    var rows: [Row] = []
    var bytes = 0
}
