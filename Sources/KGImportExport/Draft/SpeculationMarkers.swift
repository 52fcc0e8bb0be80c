import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// The words that mark a sentence as rumour, fiction, speculation or a
/// mere possibility: `kg draft` proposes no fact from such a sentence (nor
/// from what a colon in it introduces). A marker in a dependent clause
/// (", was … dürfte", ``ClauseBoundary``) hedges only that clause and what
/// follows it; one that opens the clause (", falls …") hedges the sentence. One table, as data: a marker is a
/// sequence of words that must follow each other ("man stelle sich" matches
/// "Man stelle sich diese fiktive Meldung vor"); a word ending in `*` is a
/// beginning ("spekul*": spekuliere, Spekulationen).
public enum SpeculationMarkers {
    /// Markers by language; each is a list of lower-case words.
    public static let table: [String: [[String]]] = [
        "de": [
            ["fiktiv*"], ["man", "stelle", "sich"], ["stellen", "sie", "sich"], ["spekul*"], ["gerücht*"], ["angeblich*"],
            ["würde"], ["würden"], ["könnte"], ["könnten"], ["dürfte"], ["dürften"], ["hätte"], ["hätten"], ["wäre"], ["wären"],
            ["möglicherweise"], ["vielleicht"], ["vermutlich"], ["mutmaßlich*"], ["hypothetisch*"], ["eventuell"], ["womöglich"],
            ["unbestätigt*"], ["falls"],
        ],
        "en": [
            ["rumour*"], ["rumor*"], ["reportedly"], ["speculat*"], ["imagine*"], ["hypothetical*"], ["allegedly"], ["alleged"],
            ["would"], ["could"], ["might"], ["may", "be"], ["possibly"], ["perhaps"], ["fictional"], ["fictitious"],
            ["unconfirmed"], ["if"], ["suppose*"],
        ],
    ]

    /// The markers found in a sentence's tokens, each with the index of its
    /// first token, checked for both languages: an English quote in a German
    /// article is hedged in English.
    static func markers(in tokens: [SentenceToken]) -> [(marker: String, at: Int)] {
        let wordIndices = tokens.indices.filter { tokens[$0].isWord }
        let words = wordIndices.map { tokens[$0].lower }
        var found: [(String, Int)] = []
        for markers in table.values {
            for marker in markers {
                guard words.count >= marker.count else { continue }
                for start in 0...(words.count - marker.count) {
                    var all = true
                    for (k, part) in marker.enumerated() {
                        // "spekul*" begins a word; "if" is the whole word.
                        let w = words[start + k]
                        let ok = part.hasSuffix("*") ? w.hasPrefix(part.dropLast()) : w == part
                        if !ok { all = false; break }
                    }
                    if all { found.append((words[start..<(start + marker.count)].joined(separator: " "), wordIndices[start])) }
                }
            }
        }
        return found.sorted { $0.1 < $1.1 }
    }

    /// The token ranges inside quotation marks („…“, "…", “…”, «…»).
    static func quotedRanges(_ tokens: [SentenceToken]) -> [ClosedRange<Int>] {
        var out: [ClosedRange<Int>] = []
        var open: Int?
        for (i, t) in tokens.enumerated() where !t.isWord {
            if let o = open, ["“", "”", "\"", "»", "«"].contains(t.text) {
                out.append(o...i)
                open = nil
            } else if open == nil, ["„", "“", "\"", "«", "»"].contains(t.text) {
                open = i
            }
        }
        return out
    }
}
