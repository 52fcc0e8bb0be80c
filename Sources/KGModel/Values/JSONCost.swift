/// About how many bytes of memory parsing a JSON request takes, found by one
/// pass over its bytes that allocates nothing, before the parser runs.
///
/// A request's text is small next to what it becomes: every value is a
/// ``JSONValue`` in an array or dictionary, then a query ``Value``; every
/// array and object is a heap object of its own with spare capacity. A
/// line of `[[1]],[[1]],…` costs about 50 times its size that way. The
/// servers (`kg serve --stdio`, `kg serve --http`) weigh a request with
/// this estimate against their memory budget and refuse it before parsing
/// when it does not fit. Measured with the real binary (peak RSS of one
/// request of 1 MB): nested one-item lists 60 MB (estimate 83 MB), a list
/// of 500,000 numbers 44 MB (estimate 49 MB), one string 5.3 MB (estimate 5 MB).
///
///     let cost = JSONCost.estimate(Array(#"{"query":"RETURN 1"}"#.utf8))   // a few hundred bytes
public enum JSONCost {
    /// Bytes per value (number, string, true, false, null, member): its
    /// JSONValue, its copy as a query value, and its slot in a container.
    /// Measured: see docs/reliability.md ("The request budget").
    public static let bytesPerValue = 88
    /// Bytes per array or object on top of its values: two heap objects
    /// (the parsed container and its query-value copy) and their spare capacity.
    public static let bytesPerContainer = 96
    /// Bytes per byte of text: the request's text, its UTF-8 copy for the
    /// parser, and the strings made from it (as JSON values, then query values).
    public static let bytesPerByte = 5

    /// The estimated peak bytes of parsing `bytes` as JSON and turning it into
    /// query values. Malformed text is estimated all the same (the parser
    /// stops at its first error, so it costs no more).
    @inlinable
    public static func estimate(_ bytes: some Collection<UInt8>) -> Int {
        var values = 0, containers = 0, inString = false, escaped = false, inScalar = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                continue
            }
            switch byte {
            case 0x22:   // "
                inString = true
                inScalar = false
                values += 1
            case 0x5B, 0x7B:   // [ {
                containers += 1
                values += 1
                inScalar = false
            case 0x20, 0x09, 0x0A, 0x0D, 0x2C, 0x3A, 0x5D, 0x7D:   // space , : ] }
                inScalar = false
            default:
                if !inScalar { values += 1; inScalar = true }
            }
        }
        let (text, o1) = bytes.count.multipliedReportingOverflow(by: bytesPerByte)
        let (perValue, o2) = values.multipliedReportingOverflow(by: bytesPerValue)
        let (perContainer, o3) = containers.multipliedReportingOverflow(by: bytesPerContainer)
        if o1 || o2 || o3 { return Int.max }
        return text + perValue + perContainer
    }
}
