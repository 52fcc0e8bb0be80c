/// Folds the ASCII upper-case letters of a CSV key field to lower case, as
/// keys are stored (``GraphStore/foldKey(_:)``). A key without upper-case
/// letters is returned as it is (no copy); otherwise the folded copy lives
/// in this folder's buffer until the next call.
final class CSVKeyFolder: @unchecked Sendable {
    private var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64)
    /// Whether the last call returned a folded copy.
    private(set) var folded = false

    deinit { buffer.deallocate() }

    @inline(__always)
    func fold(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else {
            folded = false
            return bytes
        }
        if buffer.count < bytes.count {
            buffer.deallocate()
            buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count * 2)
        }
        for i in 0..<bytes.count {
            let b = bytes[i]
            buffer[i] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
        }
        folded = true
        return UnsafeBufferPointer(start: buffer.baseAddress, count: bytes.count)
    }
}
