/// FNV-1a, 64 bit: a stable (across runs and machines) digest of a text, for
/// recording which seed a graph was built from and for content checksums.
public enum StableHash {
    public static func hash(_ text: String, seed: UInt64 = 0xcbf29ce484222325) -> UInt64 {
        var h = seed
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100000001b3
        }
        return h
    }

    public static func hex(_ text: String) -> String {
        let s = String(hash(text), radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
