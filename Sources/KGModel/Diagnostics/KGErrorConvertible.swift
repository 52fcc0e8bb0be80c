/// An error from a lower layer that knows which ``KGError`` it is, so that
/// ``KGError/wrap(_:)`` can translate it without this module knowing the
/// layer (the SQLite store's `SQLiteError` conforms).
package protocol KGErrorConvertible: Error {
    /// The error as kg reports it.
    var kgError: KGError { get }
}
