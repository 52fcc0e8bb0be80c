#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KGModel

/// The nodes a CSV import knows, by key: an open-addressing hash table over
/// the key bytes (no string per row), with each node's row id and kind.
struct NodeKeyTable {
    /// Per slot: the entry index + 1, or 0 when the slot is empty.
    private var slots: [Int32]
    private var slotHashes: [UInt32]
    private var mask: Int
    /// Per entry: where its key is in `arena`, its length, id and kind.
    private var keyStart: [Int] = []
    private var keyLength: [Int32] = []
    private(set) var ids: [Int64] = []
    private(set) var kinds: [Int32] = []
    private var arena: [UInt8] = []

    init(expected: Int) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        slots = [Int32](repeating: 0, count: capacity)
        slotHashes = [UInt32](repeating: 0, count: capacity)
        mask = capacity - 1
        keyStart.reserveCapacity(expected)
        keyLength.reserveCapacity(expected)
        ids.reserveCapacity(expected)
        kinds.reserveCapacity(expected)
        arena.reserveCapacity(expected * 8)
    }

    var count: Int { ids.count }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        guard let base = key.baseAddress else { return h }
        var i = 0
        let n = key.count
        while i + 8 <= n {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        if i < n {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                word |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
        }
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        return h
    }

    /// The entry index of `key`, or nil. Keys are compared in NFC, as the store keeps them.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        if let composed = UnicodeNormalization.nfcIfDifferent(key) { return composed.withUnsafeBufferPointer { find(composed: $0) } }
        return find(composed: key)
    }

    @inline(__always)
    private func find(composed key: UnsafeBufferPointer<UInt8>) -> Int? {
        let h = Self.hash(key)
        let tag = UInt32(truncatingIfNeeded: h >> 32)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if slotHashes[slot] == tag, equal(Int(entry - 1), key) { return Int(entry - 1) }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func equal(_ entry: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let length = Int(keyLength[entry])
        guard length == key.count else { return false }
        if length == 0 { return true }
        return arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + keyStart[entry], key.baseAddress!, length) == 0 }
    }

    /// Adds a key; returns the index of an existing entry instead when the key is there.
    @inline(__always)
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, id: Int64, kind: Int32) -> (inserted: Bool, entry: Int) {
        if let composed = UnicodeNormalization.nfcIfDifferent(key) {
            return composed.withUnsafeBufferPointer { insert(composed: $0, id: id, kind: kind) }
        }
        return insert(composed: key, id: id, kind: kind)
    }

    @inline(__always)
    private mutating func insert(composed key: UnsafeBufferPointer<UInt8>, id: Int64, kind: Int32) -> (inserted: Bool, entry: Int) {
        if (count + 1) * 2 > slots.count { grow() }
        let h = Self.hash(key)
        let tag = UInt32(truncatingIfNeeded: h >> 32)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if slotHashes[slot] == tag, equal(Int(entry - 1), key) { return (false, Int(entry - 1)) }
            slot = (slot + 1) & mask
        }
        let index = ids.count
        keyStart.append(arena.count)
        keyLength.append(Int32(key.count))
        arena.append(contentsOf: key)
        ids.append(id)
        kinds.append(kind)
        slots[slot] = Int32(index + 1)
        slotHashes[slot] = tag
        return (true, index)
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        var newSlots = [Int32](repeating: 0, count: capacity)
        var newHashes = [UInt32](repeating: 0, count: capacity)
        let newMask = capacity - 1
        arena.withUnsafeBufferPointer { arena in
            for entry in 0..<ids.count {
                let key = UnsafeBufferPointer(start: arena.baseAddress! + keyStart[entry], count: Int(keyLength[entry]))
                let h = Self.hash(key)
                var slot = Int(truncatingIfNeeded: h) & newMask
                while newSlots[slot] != 0 { slot = (slot + 1) & newMask }
                newSlots[slot] = Int32(entry + 1)
                newHashes[slot] = UInt32(truncatingIfNeeded: h >> 32)
            }
        }
        slots = newSlots
        slotHashes = newHashes
        mask = newMask
    }

    /// The key of an entry.
    func key(_ entry: Int) -> String {
        arena.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(start: $0.baseAddress! + keyStart[entry], count: Int(keyLength[entry])), as: UTF8.self)
        }
    }

    /// Up to `limit` keys that start with `byte` (for "did you mean").
    func keys(startingWith byte: UInt8?, limit: Int) -> [String] {
        var out: [String] = []
        for entry in 0..<count where out.count < limit {
            if keyLength[entry] > 0, arena[keyStart[entry]] == byte { out.append(key(entry)) }
        }
        return out
    }
}
