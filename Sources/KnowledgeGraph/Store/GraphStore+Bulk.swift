import CSQLite

/// Bulk loading: what the CSV importer needs from the store, kept apart from
/// the one-row-at-a-time writes. Everything here runs inside ``bulkWrite(cacheMiB:_:)``.
extension GraphStore {
    /// Runs `body` in one write transaction tuned for a bulk load: foreign-key
    /// enforcement off (the caller checks every reference itself; the pragma
    /// cannot change inside a transaction, so it is set before `BEGIN` and
    /// restored after) and a larger page cache. All of it or nothing.
    func bulkWrite<T>(cacheMiB: Int = 256, _ body: () throws -> T) throws(KGError) -> T {
        guard !isReadOnly else { throw KGError(.readOnly, "the graph '\(path)' is open read-only") }
        let foreignKeys: Int
        let cacheSize: Int
        do {
            foreignKeys = try db.queryOne("PRAGMA foreign_keys") { $0.int(0) } ?? 1
            cacheSize = try db.queryOne("PRAGMA cache_size") { $0.int(0) } ?? -2000
            try db.execute("PRAGMA foreign_keys = OFF; PRAGMA cache_size = \(-1024 * cacheMiB)")
        } catch { throw KGError.wrap(error) }
        defer { try? db.execute("PRAGMA foreign_keys = \(foreignKeys); PRAGMA cache_size = \(cacheSize)") }
        return try write(body)
    }

    /// Sets the journal mode (outside a transaction) and returns the mode in
    /// force afterwards. A graph that this process has just created and that
    /// no one else has open may load with a rollback journal, which writes
    /// each page once instead of twice (log, then checkpoint); it goes back to
    /// WAL afterwards.
    @discardableResult
    func setJournalMode(_ mode: String) throws(KGError) -> String {
        do { return try db.queryOne("PRAGMA journal_mode = \(mode)") { $0.string(0) } ?? "" }
        catch { throw KGError.wrap(error) }
    }

    /// A secondary index as created (name and DDL), to drop before a bulk
    /// load and build again after it.
    struct IndexDefinition: Sendable, Equatable {
        var name: String
        var sql: String
    }

    /// The secondary indexes of `table` (not the ones SQLite makes for
    /// PRIMARY KEY and UNIQUE, which cannot be dropped).
    func secondaryIndexes(on table: String) throws -> [IndexDefinition] {
        try db.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
                     [.text(table)]) { IndexDefinition(name: $0.string(0), sql: $0.string(1)) }
    }

    /// Drops the indexes (inside the bulk transaction, so a rollback restores them).
    func dropIndexes(_ indexes: [IndexDefinition]) throws {
        for index in indexes { try db.execute("DROP INDEX \"\(index.name.replacingOccurrences(of: "\"", with: "\"\""))\"") }
    }

    /// Builds the indexes again from their DDL.
    func createIndexes(_ indexes: [IndexDefinition]) throws {
        for index in indexes { try db.execute(index.sql) }
    }

    /// The number of rows of a table.
    func rowCount(_ table: String) throws -> Int {
        try db.queryOne("SELECT count(*) FROM \(table)") { $0.int(0) } ?? 0
    }

    /// The cached statement that inserts a node: id, key, kind, name, name_folded, props.
    func bulkNodeInsert() throws -> SQLiteStatement {
        try db.prepare("INSERT INTO nodes(id, key, kind, name, name_folded, props) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
    }

    /// The largest node id in use (0 for none): new nodes are numbered after it,
    /// as SQLite itself would number them.
    func maxNodeID() throws -> Int64 {
        try db.queryOne("SELECT coalesce(max(id), 0) FROM nodes") { $0.int64(0) } ?? 0
    }

    /// The cached statement that inserts an edge: type, src, dst, props, valid_from, valid_to.
    func bulkEdgeInsert() throws -> SQLiteStatement {
        try db.prepare("INSERT INTO edges(type, src, dst, props, valid_from, valid_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
    }

    /// The id and kind of the node with this key already in the graph.
    func nodeIDAndKind(forKey key: String) throws -> (id: Int64, kind: String)? {
        try db.queryOne("SELECT id, kind FROM nodes WHERE key = ?", [.text(key)]) { ($0.int64(0), $0.string(1)) }
    }

    /// The rowid of the row the last insert made.
    var lastInsertedRowID: Int64 { db.lastInsertRowID }

    /// Stores a new schema for the graph (inside a write transaction).
    func storeSchema(_ schema: GraphSchema) throws {
        try replaceSchema(schema)
    }
}

extension SQLiteStatement {
    /// Binds UTF-8 bytes as text (copied by SQLite).
    @inline(__always)
    func bindText(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int32) {
        if let base = bytes.baseAddress, bytes.count > 0 {
            base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                _ = sqlite3_bind_text(handle, index, $0, Int32(bytes.count), csqlite_transient())
            }
        } else {
            sqlite3_bind_text(handle, index, "", 0, csqlite_transient())
        }
    }

    /// Binds UTF-8 bytes as text without copying: the bytes must stay valid
    /// and unchanged until the statement has run and been bound again or
    /// cleared (``reset()`` clears).
    @inline(__always)
    func bindTextNoCopy(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int32) {
        if let base = bytes.baseAddress, bytes.count > 0 {
            base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                _ = sqlite3_bind_text(handle, index, $0, Int32(bytes.count), nil)
            }
        } else {
            sqlite3_bind_text(handle, index, "", 0, csqlite_transient())
        }
    }

    /// Binds SQL NULL.
    @inline(__always)
    func bindNull(at index: Int32) {
        sqlite3_bind_null(handle, index)
    }

    /// Runs an insert or update once and resets the statement, keeping its
    /// bindings (the caller binds every parameter again).
    @inline(__always)
    func executeOnce() throws {
        let rc = sqlite3_step(handle)
        if rc != SQLITE_DONE && rc != SQLITE_ROW {
            let err = database.error(code: rc, sql: sql)
            sqlite3_reset(handle)
            throw err
        }
        sqlite3_reset(handle)
    }
}
