/// A calendar date known to a year, a month or a day: `2017`, `2017-07` or
/// `2017-07-14`. The precision is kept: `2017-07` is July 2017, not 1 July.
public struct PartialDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Precision: Int, Sendable, Comparable {
        case year, month, day
        public static func < (a: Precision, b: Precision) -> Bool { a.rawValue < b.rawValue }
    }

    public let year: Int
    public let month: Int?
    public let day: Int?

    public var precision: Precision { day != nil ? .day : (month != nil ? .month : .year) }

    /// Creates a date; returns nil when the parts do not name a real date.
    public init?(year: Int, month: Int? = nil, day: Int? = nil) {
        guard (1...9999).contains(year) else { return nil }
        if let month { guard (1...12).contains(month) else { return nil } }
        if let day {
            guard let month, (1...PartialDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count),
              parts[0].count == 4, let y = Int(parts[0]) else { return nil }
        var m: Int?
        var d: Int?
        if parts.count >= 2 {
            guard parts[1].count == 2, let v = Int(parts[1]) else { return nil }
            m = v
        }
        if parts.count == 3 {
            guard parts[2].count == 2, let v = Int(parts[2]) else { return nil }
            d = v
        }
        self.init(year: y, month: m, day: d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The first day the date covers, as a sortable day number.
    public var firstDay: Int { PartialDate.ordinal(year, month ?? 1, day ?? 1) }

    /// The last day the date covers, as a sortable day number.
    public var lastDay: Int {
        let m = month ?? 12
        return PartialDate.ordinal(year, m, day ?? PartialDate.daysIn(month: m, year: year))
    }

    static func ordinal(_ y: Int, _ m: Int, _ d: Int) -> Int { (y * 12 + (m - 1)) * 31 + (d - 1) }

    public var description: String {
        var text = String(year)
        while text.count < 4 { text = "0" + text }
        if let month { text += month < 10 ? "-0\(month)" : "-\(month)" }
        if let day { text += day < 10 ? "-0\(day)" : "-\(day)" }
        return text
    }

    /// Orders by the first day covered, then coarser before finer.
    public static func < (a: PartialDate, b: PartialDate) -> Bool {
        if a.firstDay != b.firstDay { return a.firstDay < b.firstDay }
        return a.precision < b.precision
    }
}

/// A period of validity, open at either end: `[from, to]` in whole days.
public struct DatePeriod: Sendable, Hashable {
    public var from: PartialDate?
    public var to: PartialDate?

    public init(from: PartialDate? = nil, to: PartialDate? = nil) {
        self.from = from
        self.to = to
    }

    /// Whether the period overlaps the days from `start` to `end` (inclusive).
    public func overlaps(firstDay start: Int, lastDay end: Int) -> Bool {
        if let from, from.firstDay > end { return false }
        if let to, to.lastDay < start { return false }
        return true
    }
}
