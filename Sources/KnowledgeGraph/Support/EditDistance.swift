/// Levenshtein distance, for "did you mean …?" suggestions.
public enum EditDistance {
    /// The edit distance between `a` and `b`, compared case-insensitively.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The closest candidate within a distance that scales with the word's
    /// length (at most a third of it, at least 1, at most 3), or nil.
    public static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        closest(to: word, among: candidates, limit: 1).first
    }

    /// Up to `limit` close candidates, closest first (ties by name).
    public static func closest(to word: String, among candidates: some Sequence<String>, limit: Int) -> [String] {
        let threshold = Swift.max(1, Swift.min(3, word.count / 3))
        var scored: [(Int, String)] = []
        var seen = Set<String>()
        for c in candidates where seen.insert(c.lowercased()).inserted {
            let d = distance(word, c)
            if d <= threshold, d < Swift.max(word.count, c.count) { scored.append((d, c)) }
        }
        scored.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return scored.prefix(limit).map(\.1)
    }
}
