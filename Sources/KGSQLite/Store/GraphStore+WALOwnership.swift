import Foundation
import KGModel

extension GraphStore {
    /// Refuses (KGD010) a write-ahead log that belongs to another file.
    ///
    /// SQLite finds a graph's log by name (`g.sqlite-wal`) and checks it only
    /// against itself, not against the file beside it. When `g.sqlite` is
    /// replaced (`mv new.sqlite g.sqlite`) while a process still has the old
    /// file open, or after one ended without closing it, the old graph's log
    /// and index stay beside the new file, and SQLite lays them over it: a
    /// reader answers from the old graph, and the next checkpoint writes the
    /// old graph's pages into the new file.
    ///
    /// A log only adds to the file it belongs to. What the main file holds
    /// on its own (read as an immutable file, without the log) must read the
    /// same through the log: the graph's random identity (`graph_id`, made
    /// by `kg init`), and, as a graph's history (`writes`) only grows, its
    /// first and last write. A difference means the log is another graph's.
    /// (A log laid over an older copy of the same graph, such as a backup
    /// restored by `mv`, passes this test.)
    static func requireLogBelongsToFile(_ db: SQLiteDatabase, path: String, busyTimeout: Int32) throws(KGError) {
        var info = stat()
        // A log of only its 32-byte header holds no pages.
        guard stat(path + "-wal", &info) == 0, info.st_size > 32 else { return }
        // A checkpoint running in another process may be writing the main
        // file: a difference is checked twice before it counts.
        for attempt in 0..<2 {
            guard let own = try? identityOfMainFile(path: path, busyTimeout: busyTimeout), own.graphID != nil || !own.writes.isEmpty,
                  let throughLog = try? identity(in: db, writeIDs: own.writes.map(\.id)) else { return }
            if throughLog == own || (own.graphID == nil && throughLog.writes == own.writes) { return }
            if attempt == 0 { usleep(20_000) }
        }
        let name = (path as NSString).lastPathComponent
        throw KGError(.fileReplaced,
                      "the write-ahead log '\(name)-wal' beside '\(path)' belongs to another graph file: '\(path)' was replaced "
                      + "(moved or copied over) while a process had the old file open, or after one ended without closing it; "
                      + "reading on would answer from the old graph",
                      suggestion: "stop the kg process that still holds the old file (kg serve, kg shell) and run this again; "
                      + "if none is running, the log is a leftover of the old file: move '\(name)-wal' and '\(name)-shm' away")
    }

    /// One row of the history, as compared.
    private struct WriteRow: Equatable {
        var id: Int64
        var at: String
        var action: String
        var command: String
    }

    /// What is compared: the graph's identity and some of its history.
    private struct Identity: Equatable {
        var graphID: String?
        var writes: [WriteRow]
    }

    /// The identity and the first and last write the main file holds without its log.
    private static func identityOfMainFile(path: String, busyTimeout: Int32) throws -> Identity {
        let file = try SQLiteDatabase(path: path, mode: .immutable, busyTimeout: busyTimeout)
        var ids: [Int64] = []
        if let (first, last) = try file.queryOne("SELECT min(id), max(id) FROM writes", [], { ($0.int64(0), $0.int64(1)) }), first > 0 {
            ids = first == last ? [first] : [first, last]
        }
        return try identity(in: file, writeIDs: ids)
    }

    private static func identity(in db: SQLiteDatabase, writeIDs: [Int64]) throws -> Identity {
        Identity(graphID: try db.queryOne("SELECT value FROM kg_meta WHERE key = 'graph_id'", [], { $0.string(0) }),
                 writes: try writes(in: db, ids: writeIDs))
    }

    private static func writes(in db: SQLiteDatabase, ids: [Int64]) throws -> [WriteRow] {
        try ids.compactMap { id in
            try db.queryOne("SELECT id, at, action, command FROM writes WHERE id = ?", [.integer(id)]) {
                WriteRow(id: $0.int64(0), at: $0.string(1), action: $0.string(2), command: $0.string(3))
            }
        }
    }
}
