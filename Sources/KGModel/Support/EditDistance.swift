/// Edit distance with adjacent transpositions (optimal string alignment:
/// `nokai` is one edit from `nokia`), for "did you mean …?" suggestions.
public enum EditDistance {
    /// The edit distance between `a` and `b`, compared case-insensitively:
    /// insertions, deletions, substitutions and swaps of two adjacent
    /// characters each cost 1.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var beforePrevious = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    current[j] = Swift.min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[y.count]
    }

    /// The edit distance if it is at most `bound`, else nil. Computes only the
    /// diagonal band |i - j| <= bound: O(length × bound), so a very long word
    /// (a 300 000-character name in a hostile query) costs no more than a read.
    static func distance(_ x: [Character], _ y: [Character], atMost bound: Int) -> Int? {
        guard abs(x.count - y.count) <= bound else { return nil }
        if x.isEmpty || y.isEmpty { return Swift.max(x.count, y.count) }
        let outside = bound + 1
        var beforePrevious = [Int](repeating: outside, count: y.count + 1)
        var previous = (0...y.count).map { $0 <= bound ? $0 : outside }
        var current = [Int](repeating: outside, count: y.count + 1)
        for i in 1...x.count {
            let low = Swift.max(1, i - bound), high = Swift.min(y.count, i + bound)
            current[0] = i <= bound ? i : outside
            if low > 1 { current[low - 1] = outside }
            var best = current[0]
            for j in low...high {
                var value = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1), outside)
                // Row i - 2 holds its band i-2-bound…i-2+bound, which covers j - 2.
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    value = Swift.min(value, beforePrevious[j - 2] + 1)
                }
                current[j] = value
                best = Swift.min(best, value)
            }
            if high < y.count { current[high + 1] = outside }
            if best > bound { return nil }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[y.count] <= bound ? previous[y.count] : nil
    }

    /// The closest candidate within a distance that scales with the word's
    /// length (at most a third of it, at least 1, at most 3), or nil.
    public static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        closest(to: word, among: candidates, limit: 1).first
    }

    /// Up to `limit` close candidates, closest first (ties by name).
    public static func closest(to word: String, among candidates: some Sequence<String>, limit: Int) -> [String] {
        let length = word.count
        let threshold = Swift.max(1, Swift.min(3, length / 3))
        let x = Array(word.lowercased())
        var scored: [(Int, String)] = []
        var seen = Set<String>()
        for c in candidates where seen.insert(c.lowercased()).inserted {
            // The distance is at least the difference in length, so most
            // candidates need no comparison; the others only a band of it.
            guard abs(c.count - length) <= threshold,
                  let d = distance(x, Array(c.lowercased()), atMost: threshold) else { continue }
            if d < Swift.max(length, c.count) { scored.append((d, c)) }
        }
        scored.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return scored.prefix(limit).map(\.1)
    }
}
