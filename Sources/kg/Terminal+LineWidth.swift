import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Terminal {
    /// How wide a line may be: `explicit` (an option), else `$COLUMNS`,
    /// else the terminal's width when stdout is one; nil in a pipe (lines
    /// are not wrapped).
    static func lineWidth(_ explicit: Int?) -> Int? {
        if let explicit { return explicit }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 { return columns }
        guard stdoutIsTerminal else { return nil }
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
