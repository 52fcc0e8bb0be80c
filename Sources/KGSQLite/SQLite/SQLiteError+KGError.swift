import KGModel

/// SQLite's errors as kg's: busy, read-only, interrupted, not a database,
/// damaged, else a storage error with SQLite's code and message
/// (what ``KGError/wrap(_:)`` returns for a ``SQLiteError``).
extension SQLiteError: KGErrorConvertible {
    package var kgError: KGError {
        if isBusy {
            return KGError(.busy, "the graph is locked by another writer and the busy timeout ran out",
                           suggestion: "try again when the other import or write has finished")
        }
        if isReadOnly {
            return KGError(.readOnly, "the graph is open read-only: \(message)")
        }
        if isInterrupt {
            return KGError(.cancelled, "the query was interrupted")
        }
        if isNotADatabase {
            return KGError(.notAGraph, "the file is not a SQLite database: \(message)")
        }
        if primaryCode == 11 /* SQLITE_CORRUPT */ {
            return KGError(.storage, "the graph file is damaged (SQLite: \(message))",
                           suggestion: "restore it from a copy; sqlite3's .recover command may save what is left")
        }
        return KGError(.storage, "SQLite error \(code): \(message)")
    }
}
