import CSQLite
import Foundation
import KGModel

/// A connection to one SQLite database file: a small wrapper over the C API
/// with a statement cache, typed binding, transactions and errors that carry
/// SQLite's extended code and the failing statement.
///
/// A connection is used from one thread at a time. To cancel a running
/// statement from elsewhere, use ``interruptHandle``.
public final class SQLiteDatabase {
    /// How to open the file.
    public enum Mode: Sendable {
        /// Open for reading and writing; create the file when it does not exist.
        case readWriteCreate
        /// Open for reading and writing; the file must exist.
        case readWrite
        /// Open for reading only; the file must exist.
        case readOnly
        /// Open for reading only, assuming nothing changes the file while it
        /// is open (SQLite's `immutable`): no locks and no `-shm` file, so a
        /// WAL database in a folder kg cannot write can still be read.
        case immutable
    }

    let handle: OpaquePointer
    private var cache: [String: SQLiteStatement] = [:]
    /// The path the connection was opened with.
    public let path: String
    /// Whether the connection was opened read-only.
    public let isReadOnly: Bool

    /// Opens a connection.
    /// - Parameters:
    ///   - path: the database file (":memory:" for an in-memory database).
    ///   - mode: see ``Mode``.
    ///   - busyTimeout: how long a write waits for another writer, in milliseconds.
    public init(path: String, mode: Mode = .readWriteCreate, busyTimeout: Int32 = 5000) throws {
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .immutable: flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
        }
        let rc = sqlite3_open_v2(mode == .immutable ? SQLiteDatabase.immutableURI(path) : path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: message)
        }
        self.handle = db
        self.path = path
        self.isReadOnly = mode == .readOnly || mode == .immutable
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeout)
        let hardened = csqlite_harden(db)
        guard hardened == SQLITE_OK else {
            sqlite3_close_v2(db)
            throw SQLiteError(code: hardened, message: "cannot turn on SQLite's defensive mode")
        }
    }

    /// `file:PATH?immutable=1`, with the characters URIs reserve escaped.
    static func immutableURI(_ path: String) -> String {
        var escaped = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"), 0...0x20, 0x7F...0xFF:
                escaped += "%" + String(format: "%02X", byte)
            default:
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return "file:" + escaped + "?immutable=1"
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    func error(code: Int32, sql: String? = nil) -> SQLiteError {
        let extended = sqlite3_extended_errcode(handle)
        let message = String(cString: sqlite3_errmsg(handle))
        return SQLiteError(code: extended != 0 ? extended : code, message: message, sql: sql)
    }

    /// Sets the busy timeout in milliseconds.
    public func setBusyTimeout(_ milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    // MARK: Statements

    /// Returns a prepared statement for `sql` from the cache (preparing it on
    /// first use), reset and with its bindings cleared.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        if let statement = cache[sql] {
            statement.reset()
            return statement
        }
        let statement = try SQLiteStatement(database: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Prepares a statement that is not kept in the cache.
    public func prepareUncached(_ sql: String) throws -> SQLiteStatement {
        try SQLiteStatement(database: self, sql: sql)
    }

    /// Runs one or more statements that take no parameters and return no rows.
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// Runs one statement with bound values, ignoring any rows.
    public func run(_ sql: String, _ values: [SQLValue] = []) throws {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() {}
        statement.reset()
    }

    /// Runs a query and maps every row.
    public func query<T>(_ sql: String, _ values: [SQLValue] = [], _ row: (SQLiteStatement) throws -> T) throws -> [T] {
        let statement = try prepare(sql)
        try statement.bind(values)
        var result: [T] = []
        while try statement.step() { result.append(try row(statement)) }
        statement.reset()
        return result
    }

    /// Runs a query and maps its first row, if any.
    public func queryOne<T>(_ sql: String, _ values: [SQLValue] = [], _ row: (SQLiteStatement) throws -> T) throws -> T? {
        let statement = try prepare(sql)
        try statement.bind(values)
        defer { statement.reset() }
        return try statement.step() ? try row(statement) : nil
    }

    /// The rowid of the last inserted row.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The number of rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rows changed through this connection since it opened.
    public var totalChanges: Int { Int(sqlite3_total_changes(handle)) }

    /// Whether the connection is inside a transaction.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    // MARK: Transactions

    /// Runs `body` in a transaction started with `BEGIN IMMEDIATE` (so a second
    /// writer waits for the busy timeout up front rather than failing half-way),
    /// commits when it returns and rolls back when it throws.
    ///
    /// Before it begins and again before it commits, the file at ``path``
    /// must still be the file the connection opened (see ``requireSameFile()``):
    /// a write to a file replaced under it would land in an unlinked file and be lost.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try requireSameFile()
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try requireSameFile()
            try execute("COMMIT")
            return result
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Runs `body` in a deferred (read) transaction, so that every read in it
    /// sees one snapshot of the file.
    /// The file must still be the one the connection opened (``requireSameFile()``).
    public func readTransaction<T>(_ body: () throws -> T) throws -> T {
        if isInTransaction { return try body() }
        try requireSameFile(writing: false)
        try execute("BEGIN DEFERRED")
        defer { if isInTransaction { try? execute("COMMIT") } }
        return try body()
    }

    /// Whether the file at ``path`` is no longer the file this connection
    /// opened: it was renamed over (`mv new.sqlite g.sqlite`), moved away or
    /// deleted (SQLite's `SQLITE_FCNTL_HAS_MOVED`: the path's inode against
    /// the open file's). One `stat(2)`.
    public var fileHasMoved: Bool {
        guard path != ":memory:", !path.isEmpty else { return false }
        var moved: Int32 = 0
        let rc = sqlite3_file_control(handle, "main", SQLITE_FCNTL_HAS_MOVED, &moved)
        return rc == SQLITE_OK && moved != 0
    }

    /// Refuses (KGD010) to go on with a file that is no longer at ``path``.
    /// Replaced by another file: reads would answer from the old graph and
    /// writes would be lost with it (and the `-wal` beside the path would be
    /// laid over the new file), so both are refused. Deleted or moved away,
    /// with nothing at the path: writes would be lost and are refused;
    /// reads still answer from the graph as it was.
    public func requireSameFile(writing: Bool = true) throws(KGError) {
        guard fileHasMoved else { return }
        var info = stat()
        let replaced = stat(path, &info) == 0
        guard replaced || writing else { return }
        throw KGError(.fileReplaced, replaced
                      ? "the graph file '\(path)' was replaced by another file after kg opened it: kg still holds the old one, so it neither reads nor writes any more"
                      : "the graph file '\(path)' was deleted or moved away after kg opened it: a write would be lost with it",
                      suggestion: "restart kg (or open the graph again) to use the file now at '\(path)'")
    }

    // MARK: Cancellation

    /// A handle that may be used from any thread to interrupt the statement
    /// this connection is running.
    public var interruptHandle: SQLiteInterruptHandle { SQLiteInterruptHandle(handle: handle) }

    /// SQLite's library version, for example "3.40.1".
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}

/// Interrupts the statement running on a connection; safe to use from any
/// thread or a signal-driven dispatch source while the connection is open.
public struct SQLiteInterruptHandle: @unchecked Sendable {
    let handle: OpaquePointer
    public func interrupt() { sqlite3_interrupt(handle) }
}
