import Foundation
import KGModel

/// The budget of one query: how long it may run, how many rows its answer
/// may have, and about how much memory its intermediate state may take.
/// Every loop of the executor observes it (see ``QueryBudget``).
///
///     let limits = try QueryLimits(timeout: "2.5", maxRows: "1000", maxMemory: "512M")
public struct QueryLimits: Sendable, Equatable {
    /// Seconds a query may run (KGE001 after that): finite, more than 0, at most ``maximumTimeLimit``.
    public var timeLimit: Double
    /// Rows the answer may have (KGE002 beyond). Intermediate rows are bounded by memory, not by this.
    public var rowLimit: Int
    /// Bytes the query's intermediate state (rows, frontiers, visited sets,
    /// path parents, sort and grouping buffers) may take, approximately (KGE005 beyond).
    public var memoryLimit: Int

    public static let defaultTimeLimit = 60.0
    public static let defaultRowLimit = 5_000_000
    /// 1 GiB.
    public static let defaultMemoryLimit = 1 << 30
    /// One week.
    public static let maximumTimeLimit = 604_800.0
    public static let maximumRowLimit = 1_000_000_000_000
    /// 1 MiB to 1 TiB.
    public static let memoryRange = (1 << 20)...(1 << 40)

    /// Limits as given; out-of-range values are clamped into range (use
    /// ``init(timeout:maxRows:maxMemory:)`` to refuse them instead).
    public init(timeLimit: Double = QueryLimits.defaultTimeLimit, rowLimit: Int = QueryLimits.defaultRowLimit,
                memoryLimit: Int = QueryLimits.defaultMemoryLimit) {
        self.timeLimit = timeLimit.isNaN ? Self.defaultTimeLimit : Swift.min(Swift.max(timeLimit, 0), Self.maximumTimeLimit)
        self.rowLimit = Swift.min(Swift.max(rowLimit, 0), Self.maximumRowLimit)
        self.memoryLimit = Swift.min(Swift.max(memoryLimit, 0), Self.memoryRange.upperBound)
    }

    /// Limits from command-line text (nil: the default). Each value must be
    /// finite, positive and in range; otherwise a usage error (KGU001) says
    /// which option is wrong and what it takes.
    public init(timeout: String?, maxRows: String?, maxMemory: String?) throws(KGError) {
        self.init(timeLimit: try timeout.map { t throws(KGError) in try Self.seconds(t, option: "--timeout") } ?? Self.defaultTimeLimit,
                  rowLimit: try maxRows.map { r throws(KGError) in try Self.count(r, option: "--max-rows") } ?? Self.defaultRowLimit,
                  memoryLimit: try maxMemory.map { m throws(KGError) in try Self.bytes(m, option: "--max-memory") } ?? Self.defaultMemoryLimit)
    }

    /// Seconds: a finite decimal number more than 0 and at most one week.
    public static func seconds(_ text: String, option: String) throws(KGError) -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed), trimmed.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E" }) else {
            throw KGError(.usage, "\(option) takes a number of seconds, not '\(text)'", suggestion: "for example \(option) 2.5")
        }
        guard value.isFinite, value > 0 else {
            throw KGError(.usage, "\(option) must be more than 0 seconds, not \(text)", suggestion: "for example \(option) 2.5")
        }
        guard value <= maximumTimeLimit else {
            throw KGError(.usage, "\(option) must be at most \(Int(maximumTimeLimit)) seconds (one week), not \(text)")
        }
        return value
    }

    /// A row count: a whole number from 1 to 10^12.
    public static func count(_ text: String, option: String) throws(KGError) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Int(trimmed) else {
            if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber) {
                throw KGError(.usage, "\(option) must be at most \(maximumRowLimit), not \(text)")
            }
            if trimmed.hasPrefix("-") || Double(trimmed) != nil {
                throw KGError(.usage, "\(option) must be a whole number of at least 1, not \(text)", suggestion: "for example \(option) 1000")
            }
            throw KGError(.usage, "\(option) takes a whole number, not '\(text)'", suggestion: "for example \(option) 1000")
        }
        guard value >= 1 else { throw KGError(.usage, "\(option) must be at least 1, not \(text)", suggestion: "for example \(option) 1000") }
        guard value <= maximumRowLimit else { throw KGError(.usage, "\(option) must be at most \(maximumRowLimit), not \(text)") }
        return value
    }

    /// A size in bytes: a whole number with an optional unit K, M, G or T
    /// (powers of 1024; `KB`, `KiB`, `MB`, … mean the same), from 1M to 1T.
    public static func bytes(_ text: String, option: String) throws(KGError) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var digits = Substring(trimmed)
        var unit = ""
        while let last = digits.last, last.isLetter { unit = String(last) + unit; digits = digits.dropLast() }
        let shifts: [String: Int] = ["": 0, "B": 0, "K": 10, "KB": 10, "KIB": 10, "M": 20, "MB": 20, "MIB": 20,
                                     "G": 30, "GB": 30, "GIB": 30, "T": 40, "TB": 40, "TIB": 40]
        guard let shift = shifts[unit.uppercased()], let number = Int(digits.trimmingCharacters(in: .whitespaces)), !digits.hasPrefix("+") else {
            throw KGError(.usage, "\(option) takes a size such as 512M or 2G, not '\(text)'", suggestion: "units: K, M, G, T (powers of 1024)")
        }
        let (value, overflow) = number.multipliedReportingOverflow(by: 1 << shift)
        guard !overflow, memoryRange.contains(value) else {
            throw KGError(.usage, "\(option) must be between 1M and 1T, not \(text)", suggestion: "for example \(option) 512M")
        }
        return value
    }

    /// A byte count as people read it: 1 GiB, 512 MiB, 1.5 KiB.
    public static func formatBytes(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes), index = 0
        while value >= 1024, index < units.count - 1 { value /= 1024; index += 1 }
        return index == 0 ? "\(bytes) bytes" : (value == value.rounded() ? "\(Int(value)) \(units[index])" : String(format: "%.1f", value) + " " + units[index])
    }
}
