/// A set of node ids: a bitmap over dense ids when the largest id is known
/// (the in-memory adjacency is loaded), a hash set otherwise.
struct NodeSet {
    private var bits: [UInt64]
    private var hashed: Set<Int64>
    private let dense: Bool

    init(capacity: Int?) {
        if let capacity, capacity > 0 {
            bits = [UInt64](repeating: 0, count: capacity / 64 + 1)
            dense = true
        } else {
            bits = []
            dense = false
        }
        hashed = []
    }

    /// Inserts `node`; true when it was not there.
    @inline(__always)
    mutating func insert(_ node: Int64) -> Bool {
        if dense, node >= 0, Int(node) / 64 < bits.count {
            let word = Int(node) >> 6, mask = UInt64(1) << UInt64(node & 63)
            if bits[word] & mask != 0 { return false }
            bits[word] |= mask
            return true
        }
        return hashed.insert(node).inserted
    }

    /// Whether `node` is in the set.
    @inline(__always)
    func contains(_ node: Int64) -> Bool {
        if dense, node >= 0, Int(node) / 64 < bits.count {
            return bits[Int(node) >> 6] & (UInt64(1) << UInt64(node & 63)) != 0
        }
        return hashed.contains(node)
    }
}
