import KGModel
import KGStorage
import KGSQLite
/// What `kg import --check` collects: every error of a file (up to a limit),
/// instead of stopping at the first, and the warnings and quote positions
/// the check found on the way. The parser and the importer take one to
/// continue after an error where they safely can (the bad statement, line
/// or row is skipped).
public final class ImportDiagnostics {
    /// How many errors are kept; past it they are only counted (``omitted``).
    public let limit: Int
    /// The errors kept, in the order found (``sortedErrors`` by position).
    public private(set) var errors: [KGError] = []
    /// Errors found beyond ``limit``.
    public private(set) var omitted = 0
    /// Problems that do not stop an import (a source file that cannot be read).
    public var warnings: [String] = []
    /// For verbose output: where each checked quote was found ("line 7: in data/articles/x.txt at 3:12").
    public var quotePositions: [String] = []

    public init(limit: Int = 100) {
        self.limit = max(1, limit)
    }

    /// Whether any error was recorded.
    public var hasErrors: Bool { !errors.isEmpty || omitted > 0 }

    /// All errors found, kept or not.
    public var errorCount: Int { errors.count + omitted }

    /// Records an error (the same error twice is kept once).
    public func record(_ error: KGError) {
        if errors.contains(error) { return }
        if errors.count < limit { errors.append(error) } else { omitted += 1 }
    }

    /// Takes over what `other` collected (errors by position, each passed
    /// through `transform`), its warnings and quote positions.
    public func absorb(_ other: ImportDiagnostics, transform: (KGError) -> KGError = { $0 }) {
        for error in other.sortedErrors { record(transform(error)) }
        omitted += other.omitted
        warnings += other.warnings
        quotePositions += other.quotePositions
    }

    /// The kept errors by file (in the order the files first appear), then
    /// line and column (errors without a position last in their file).
    public var sortedErrors: [KGError] {
        var fileOrder: [String: Int] = [:]
        for error in errors where fileOrder[error.file ?? ""] == nil { fileOrder[error.file ?? ""] = fileOrder.count }
        func key(_ item: (offset: Int, element: KGError)) -> [Int] {
            let span = item.element.span
            return [fileOrder[item.element.file ?? ""] ?? 0, span == nil ? 1 : 0, span?.start.line ?? 0, span?.start.column ?? 0, item.offset]
        }
        return errors.enumerated().sorted { key($0).lexicographicallyPrecedes(key($1)) }.map(\.element)
    }
}
