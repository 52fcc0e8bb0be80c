import CSQLite

/// An error reported by SQLite, with its extended result code, its message and
/// the statement that failed.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// SQLite's extended result code (for example 2067 for SQLITE_CONSTRAINT_UNIQUE).
    public let code: Int32
    /// SQLite's message for the failure.
    public let message: String
    /// The SQL text of the statement that failed, if any.
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (the low byte of the extended code).
    public var primaryCode: Int32 { code & 0xff }

    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    public var isInterrupt: Bool { primaryCode == SQLITE_INTERRUPT }
    public var isConstraint: Bool { primaryCode == SQLITE_CONSTRAINT }
    public var isReadOnly: Bool { primaryCode == SQLITE_READONLY }
    public var isNotADatabase: Bool { primaryCode == SQLITE_NOTADB }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " (in: \(sql.prefix(200)))" }
        return text
    }
}
