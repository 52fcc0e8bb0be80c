import CSQLite
import KGModel

/// Bulk loading: what the CSV importer needs from the store, kept apart from
/// the one-row-at-a-time writes. Everything here runs inside ``bulkWrite(cacheMiB:_:)``.
extension GraphStore {
    /// Runs `body` in one write transaction tuned for a bulk load: foreign-key
    /// enforcement off (the caller checks every reference itself; the pragma
    /// cannot change inside a transaction, so it is set before `BEGIN` and
    /// restored after) and a larger page cache. All of it or nothing.
    package func bulkWrite<T>(cacheMiB: Int = 256, _ body: () throws -> T) throws(KGError) -> T {
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
    /// The journal modes a bulk load switches between (never text from outside).
    package enum JournalMode: String { case delete = "DELETE", wal = "WAL" }

    @discardableResult
    package func setJournalMode(_ mode: JournalMode) throws(KGError) -> String {
        do { return try db.queryOne("PRAGMA journal_mode = \(mode.rawValue)") { $0.string(0) } ?? "" }
        catch { throw KGError.wrap(error) }
    }

    /// A secondary index as created (name and DDL), to drop before a bulk
    /// load and build again after it.
    package struct IndexDefinition: Sendable, Equatable {
        var name: String
        var sql: String
    }

    /// The secondary indexes kg creates on `table` (not the ones SQLite makes
    /// for PRIMARY KEY and UNIQUE, which cannot be dropped), with their DDL
    /// from kg's own migration constants: never SQL text read from the file.
    package func secondaryIndexes(on table: Table) throws -> [IndexDefinition] {
        try SchemaCatalogue.forVersion(Self.currentVersion).secondaryIndexes(on: table)
    }

    /// Drops the indexes (inside the bulk transaction, so a rollback restores them).
    package func dropIndexes(_ indexes: [IndexDefinition]) throws {
        for index in indexes { try db.execute("DROP INDEX \"\(index.name.replacingOccurrences(of: "\"", with: "\"\""))\"") }
    }

    /// Builds the indexes again from their DDL (kg's constants, see ``secondaryIndexes(on:)``).
    package func createIndexes(_ indexes: [IndexDefinition]) throws {
        for index in indexes { try db.execute(index.sql) }
    }

    /// The number of rows of a table.
    /// The tables a bulk load counts (never a name from outside).
    package enum Table: String { case nodes, edges }

    package func rowCount(_ table: Table) throws -> Int {
        try db.queryOne("SELECT count(*) FROM \(table.rawValue)") { $0.int(0) } ?? 0
    }

    /// Inserts rows into nodes: id, key, kind, name, name_folded, props.
    package func bulkNodeInserter() -> BulkInserter {
        BulkInserter(store: self, prefix: "INSERT INTO nodes(id, key, kind, name, name_folded, props) VALUES ", width: 6)
    }

    /// Inserts rows into edges: type, src, dst, props, valid_from, valid_to.
    package func bulkEdgeInserter() -> BulkInserter {
        BulkInserter(store: self, prefix: "INSERT INTO edges(type, src, dst, props, valid_from, valid_to) VALUES ", width: 6)
    }

    /// The largest node id in use (0 for none): new nodes are numbered after it,
    /// as SQLite itself would number them.
    package func maxNodeID() throws -> Int64 {
        try db.queryOne("SELECT coalesce(max(id), 0) FROM nodes") { $0.int64(0) } ?? 0
    }


    /// The id and kind of the node with this key already in the graph.
    package func nodeIDAndKind(forKey key: String) throws -> (id: Int64, kind: String)? {
        try db.queryOne("SELECT id, kind FROM nodes WHERE key = ?", [.text(key)]) { ($0.int64(0), $0.string(1)) }
    }

    /// The rowid of the row the last insert made.
    var lastInsertedRowID: Int64 { db.lastInsertRowID }

    /// Stores a new schema for the graph (inside a write transaction).
    package func storeSchema(_ schema: GraphSchema) throws {
        try replaceSchema(schema)
    }
}

extension SQLiteStatement {
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

/// Rows waiting to be inserted: their values, with the bytes they point to
/// kept alive until the rows are written. Text is either bytes that outlive
/// the batch (the mapped input, interned names) or a copy in the batch's arena.
package final class BulkRows {
    enum Value {
        case int(Int64)
        case null
        case text(UnsafeRawPointer, Int)
    }

    let width: Int
    let capacity: Int
    @exclusivity(unchecked) private(set) var values: [Value] = []
    @exclusivity(unchecked) package private(set) var count = 0
    private let arena: UnsafeMutableRawPointer
    private let arenaCapacity: Int
    @exclusivity(unchecked) private var arenaUsed = 0
    /// Copies too large for what is left of the arena, freed with the batch.
    @exclusivity(unchecked) private var overflow: [UnsafeMutableRawPointer] = []
    private static let emptyText: StaticString = ""

    package init(width: Int, capacity: Int, arenaBytes: Int = 1 << 20) {
        self.width = width
        self.capacity = capacity
        values.reserveCapacity(width * capacity)
        arenaCapacity = arenaBytes
        arena = UnsafeMutableRawPointer.allocate(byteCount: arenaBytes, alignment: 8)
    }

    deinit {
        arena.deallocate()
        for block in overflow { block.deallocate() }
    }

    /// Full: time to write (the row count is reached, or half the arena is used).
    package var isFull: Bool { count >= capacity || arenaUsed > arenaCapacity / 2 }

    @inline(__always) package func add(_ value: Int64) { values.append(.int(value)) }
    @inline(__always) package func addNull() { values.append(.null) }

    /// Text that stays valid until the batch is written.
    @inline(__always)
    package func add(stable bytes: UnsafeBufferPointer<UInt8>) {
        if let base = bytes.baseAddress, bytes.count > 0 {
            values.append(.text(UnsafeRawPointer(base), bytes.count))
        } else {
            values.append(.text(UnsafeRawPointer(Self.emptyText.utf8Start), 0))
        }
    }

    /// Text copied into the batch.
    @inline(__always)
    package func add(copying bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return add(stable: bytes) }
        let target: UnsafeMutableRawPointer
        if arenaUsed + bytes.count <= arenaCapacity {
            target = arena + arenaUsed
            arenaUsed += (bytes.count + 7) & ~7
        } else {
            target = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 1)
            overflow.append(target)
        }
        target.copyMemory(from: base, byteCount: bytes.count)
        values.append(.text(UnsafeRawPointer(target), bytes.count))
    }

    /// A string, copied into the batch.
    package func add(copying text: String) {
        var text = text
        text.withUTF8 { add(copying: $0) }
    }

    /// Ends a row (after exactly `width` values).
    @inline(__always) package func endRow() { count += 1 }

    /// Text value `column` of row `row`, as a string (for error messages).
    package func string(row: Int, column: Int) -> String? {
        guard case .text(let pointer, let length) = values[row * width + column] else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    func removeAll() {
        values.removeAll(keepingCapacity: true)
        count = 0
        arenaUsed = 0
        for block in overflow { block.deallocate() }
        overflow.removeAll()
    }
}

/// Writes ``BulkRows`` with multi-row `INSERT … VALUES (…), (…), …`
/// statements (cached per row count): one statement run per 64 rows instead
/// of one per row, which is much of an insert's cost.
package final class BulkInserter {
    unowned let store: GraphStore
    let prefix: String
    let width: Int
    private var sqlByRows: [Int: String] = [:]

    init(store: GraphStore, prefix: String, width: Int) {
        self.store = store
        self.prefix = prefix
        self.width = width
    }

    /// Rows per statement.
    static let rowsPerStatement = 64

    /// Inserts the rows, up to ``rowsPerStatement`` per statement, and
    /// empties the batch. When a statement fails, none of its rows is written
    /// (rows of earlier statements are; the caller's transaction undoes them).
    package func insert(_ rows: BulkRows) throws {
        var first = 0
        while first < rows.count {
            let count = min(Self.rowsPerStatement, rows.count - first)
            let statement = try store.db.prepare(sql(rows: count))
            defer { statement.reset() }   // also drops the bindings, which point into the batch
            var index: Int32 = 1
            for value in rows.values[(first * width)..<((first + count) * width)] {
                switch value {
                case .int(let v): sqlite3_bind_int64(statement.handle, index, v)
                case .null: sqlite3_bind_null(statement.handle, index)
                case .text(let pointer, let length):
                    _ = sqlite3_bind_text(statement.handle, index, pointer.assumingMemoryBound(to: CChar.self), Int32(length), nil)
                }
                index += 1
            }
            try statement.executeOnce()
            first += count
        }
        rows.removeAll()
    }

    private func sql(rows: Int) -> String {
        if let cached = sqlByRows[rows] { return cached }
        let row = "(" + (0..<width).map { _ in "?" }.joined(separator: ",") + ")"
        let sql = prefix + Array(repeating: row, count: rows).joined(separator: ",")
        sqlByRows[rows] = sql
        return sql
    }
}
