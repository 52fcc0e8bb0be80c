import Foundation
import KGModel
import KGSQLite

/// A batch of rows on its way from the reading thread to the writing one.
enum CSVBatch {
    /// Node rows, with the key field of each row (to name the row when its key is refused).
    case nodes(BulkRows, [CSVField])
    case edges(BulkRows)
    /// Every node row has been sent.
    case nodesDone
    /// Everything has been sent.
    case finished
    /// Reading stopped at an error.
    case failed(KGError)
}

/// A small bounded queue between the thread that reads and checks the CSV
/// and the thread that writes to SQLite (which owns the connection). Batches
/// travel under the lock; emptied row buffers come back for reuse.
final class CSVBatchQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [CSVBatch] = []
    private var spare: [BulkRows] = []
    private var cancelled = false
    private var producerDone = false
    private let limit: Int

    init(limit: Int = 8) {
        self.limit = limit
    }

    /// Queues a batch, waiting while the queue is full. False when the
    /// writer has given up (the reader should stop).
    func push(_ batch: CSVBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= limit && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(batch)
        condition.broadcast()
        return true
    }

    /// The next batch, waiting for one.
    func pop() -> CSVBatch {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty { condition.wait() }
        let batch = items.removeFirst()
        condition.broadcast()
        return batch
    }

    /// An emptied row buffer to fill again, if one has come back.
    func takeSpare() -> BulkRows? {
        condition.lock()
        defer { condition.unlock() }
        return spare.popLast()
    }

    func giveBack(_ rows: BulkRows) {
        condition.lock()
        defer { condition.unlock() }
        spare.append(rows)
    }

    /// The writer stops: a waiting or later push returns false.
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        items.removeAll()
        condition.broadcast()
    }

    /// The reading thread has finished (whatever the outcome).
    func markProducerDone() {
        condition.lock()
        defer { condition.unlock() }
        producerDone = true
        condition.broadcast()
    }

    /// Waits until the reading thread has finished: it reads the mapped
    /// input, which must outlive it.
    func waitForProducer() {
        condition.lock()
        defer { condition.unlock() }
        while !producerDone { condition.wait() }
    }
}
