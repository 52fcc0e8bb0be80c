import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// The date a sentence gives, if any: "November 28, 2018", "28. November
/// 2018", "im Juli 2017", or a year alone ("2016"), as a partial date of the
/// precision the sentence has.
enum DateInSentence {
    static let months: [String: Int] = [
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
        "september": 9, "october": 10, "november": 11, "december": 12,
        "januar": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
    ]

    static func find(in sentence: String) -> PartialDate? {
        let words = SentenceTokens.tokenize(sentence).filter(\.isWord).map(\.text)
        for (i, w) in words.enumerated() {
            guard let month = months[w.lowercased()] else { continue }
            // "November 28, 2018" / "28. November 2018" / "November 2018"
            let next = i + 1 < words.count ? Int(words[i + 1]) : nil
            let after = i + 2 < words.count ? Int(words[i + 2]) : nil
            let before = i > 0 ? Int(words[i - 1]) : nil
            if let d = next, (1...31).contains(d), let y = after, (1900...2100).contains(y) { return PartialDate(year: y, month: month, day: d) }
            if let y = next, (1900...2100).contains(y) {
                if let d = before, (1...31).contains(d) { return PartialDate(year: y, month: month, day: d) }
                return PartialDate(year: y, month: month)
            }
        }
        for w in words where w.count == 4 {
            if let y = Int(w), (1990...2100).contains(y) { return PartialDate(year: y) }
        }
        return nil
    }
}
