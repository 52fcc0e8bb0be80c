import Dispatch
import Foundation
import KnowledgeGraph
@testable import KnowledgeGraphServer
import Testing

/// The reader pool on its own: a session busy with a long job leaves the
/// others free, and every job runs on the thread that owns its session.
@Suite("Engine pool")
struct EnginePoolTests {
    @Test("While one session is held by a long job, the others answer queries")
    func longJobDoesNotBlockOthers() async throws {
        let graph = try SeedGraphFile()
        let path = graph.path
        let pool = try EnginePool(name: "test", count: 2) { () throws(KGError) in try GraphStore.open(at: path, mode: .readOnly) }
        defer { pool.shutdown() }
        let release = DispatchSemaphore(value: 0)
        let longDone = Flag()
        let long = Task {
            defer { longDone.set() }
            return try await pool.run { session throws(KGError) -> Int in
                let rows = try session.engine.execute("MATCH (n:Company) RETURN n").rows.count
                release.wait()   // a query that goes on until the test lets it end
                return rows
            }
        }
        try await waitUntil { pool.busySessions > 0 }
        for _ in 0..<5 {
            let count = try await pool.run { session throws(KGError) -> Int in
                try session.engine.execute("MATCH (who)-[:licenses_patents_to]->(\"Xiaomi\") RETURN DISTINCT who").rows.count
            }
            #expect(count == 2)
        }
        #expect(!longDone.isSet)
        release.signal()
        #expect(try await long.value > 0)
    }

    @Test("A full queue is refused with KGH006, a pool shutting down with KGH007")
    func queueLimitAndShutdown() async throws {
        let graph = try SeedGraphFile()
        let path = graph.path
        let pool = try EnginePool(name: "test", count: 1, maxQueued: 1) { () throws(KGError) in try GraphStore.open(at: path, mode: .readOnly) }
        let release = DispatchSemaphore(value: 0)
        let holder = Task { try await pool.run { _ throws(KGError) in release.wait() } }
        try await waitUntil { pool.busySessions > 0 }
        let queued = Task { try await pool.run { _ throws(KGError) in 1 } }
        try await waitUntil { pool.queuedJobs > 0 }
        do {
            _ = try await pool.run { _ throws(KGError) in 2 }
            Issue.record("a job beyond the queue limit was taken")
        } catch {
            #expect(error.code == .serverBusy)
        }
        release.signal()
        try await holder.value
        #expect(try await queued.value == 1)
        pool.shutdown()
        do {
            _ = try await pool.run { _ throws(KGError) in 3 }
            Issue.record("a stopped pool ran a job")
        } catch {
            #expect(error.code == .shuttingDown)
        }
    }

    @Test("A graph that cannot be opened fails the pool's start with its error")
    func openingError() {
        #expect(throws: KGError.self) {
            _ = try EnginePool(name: "test", count: 2) { () throws(KGError) in try GraphStore.open(at: "/nonexistent/graph.sqlite") }
        }
    }
}
