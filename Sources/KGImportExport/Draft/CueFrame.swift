import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// A cue that says where the two ends stand: `cue de "Y von X"` ("DuerOS von
/// Baidu"), `cue de "Xs Y"` ("Alibabas QwQ-32B"), `cue en "X's Y"`
/// ("OpenAI's o1-mini"), `cue de "X-Produkte wie Y"` ("Microsoft-Produkte wie
/// … Office"). X is the type's source, Y its target; `Xs` and `X's` are the
/// genitive and possessive of X, `X-word` a compound that begins with X.
/// Between a word of the frame and the end after it may stand up to three
/// words (articles, adjectives, descriptive nouns), never punctuation; a
/// list after Y ("Office und das Videotelefonie-Programm Skype") gives
/// several facts.
struct CueFrame: Sendable, Hashable {
    enum Item: Sendable, Hashable {
        /// An end: which one, and the form it takes.
        case end(isSource: Bool, form: Form)
        case word(String)
    }

    enum Form: Sendable, Hashable {
        /// The name as it is ("Baidu").
        case plain
        /// With a genitive -s ("Alibabas").
        case genitive
        /// With 's or ’s ("OpenAI’s").
        case possessive
        /// A hyphen compound that begins with the name, ending in this word ("Microsoft-Produkte").
        case compound(String)
    }

    var items: [Item]

    /// A frame from a cue's text, or nil when it names no X and no Y.
    init?(_ text: String) {
        var items: [Item] = []
        for raw in text.split(separator: " ").map(String.init) {
            let w = raw
            if w == "X" || w == "Y" { items.append(.end(isSource: w == "X", form: .plain)) }
            else if w == "Xs" || w == "Ys" { items.append(.end(isSource: w == "Xs", form: .genitive)) }
            else if w == "X's" || w == "Y's" || w == "X’s" || w == "Y’s" { items.append(.end(isSource: w.hasPrefix("X"), form: .possessive)) }
            else if (w.hasPrefix("X-") || w.hasPrefix("Y-")), w.count > 2 { items.append(.end(isSource: w.hasPrefix("X"), form: .compound(String(w.dropFirst(2))))) }
            else { items.append(.word(w)) }
        }
        let ends = items.filter { if case .end = $0 { return true } else { return false } }
        guard ends.count == 2 else { return nil }
        self.items = items
    }

    /// Every (source, target) the frame finds in the sentence, with the words it matched.
    func matches(_ tokens: [SentenceToken], _ mentions: [EntityMention], rules: Inflection,
                 sourceKinds: KindSet, targetKinds: KindSet) -> [(EntityMention, EntityMention, [Int])] {
        var out: [(EntityMention, EntityMention, [Int])] = []
        for start in tokens.indices {
            var i = start
            var source: EntityMention?, target: EntityMention?
            var words: [Int] = []
            var ok = true
            var afterWord = false
            for item in items {
                switch item {
                case .word(let w):
                    guard i < tokens.count, tokens[i].isWord, rules.matches(tokens[i].text, w) else { ok = false; break }
                    words.append(i)
                    i += 1
                    afterWord = true
                case .end(let isSource, let form):
                    // After a word of the frame: up to three words before the name.
                    var found: EntityMention?
                    for skip in 0...(afterWord ? 3 : 0) {
                        let at = i + skip
                        guard at < tokens.count, skip == 0 || !tokens[(i)..<at].contains(where: { !$0.isWord }) else { break }
                        if let m = mentions.first(where: { $0.start == at }), fits(m, form, tokens, rules),
                           (isSource ? sourceKinds : targetKinds).contains(m.entity.kind) {
                            found = m
                            break
                        }
                    }
                    guard let m = found else { ok = false; break }
                    if isSource { source = m } else { target = m }
                    if case .compound = form { words.append(m.start) }
                    i = m.end + 1
                    afterWord = false
                }
                if !ok { break }
            }
            if ok, let s = source, let t = target, s.entity.key != t.entity.key { out.append((s, t, words)) }
        }
        return out
    }

    private func fits(_ m: EntityMention, _ form: Form, _ tokens: [SentenceToken], _ rules: Inflection) -> Bool {
        let text = tokens[m.end].text
        let plain = m.entity.names.contains { SentenceTokens.words($0).last == text }
        switch form {
        case .plain: return plain || m.via != nil
        case .genitive: return !plain && text.hasSuffix("s") && !text.contains("-") && !text.hasSuffix("’s") && !text.hasSuffix("'s")
        case .possessive: return text.hasSuffix("’s") || text.hasSuffix("'s")
        case .compound(let word):
            guard m.start == m.end, let dash = text.firstIndex(of: "-") else { return false }
            return rules.matches(String(text[text.index(after: dash)...]), word)
        }
    }
}
