import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// A node of the graph that an article may name: its key, kind, name and aliases.
public struct DraftEntity: Sendable, Hashable {
    /// The node's key.
    public var key: String
    /// Its kind (Company, Person…).
    public var kind: String
    /// Its display name.
    public var name: String
    /// The name and the aliases, each a way the article may name it.
    public var names: [String]
    /// The country the graph stores for it (`country=`), if any: "die
    /// Chinesen" may refer to the one entity of the article from China.
    public var country: String?

    /// An entity with its aliases and country.
    public init(key: String, kind: String, name: String, aliases: [String] = [], country: String? = nil) {
        self.key = key
        self.kind = kind
        self.name = name
        self.names = [name] + aliases
        self.country = country
    }
}

/// Where a sentence names an entity: tokens `start...end`.
struct EntityMention: Sendable, Hashable {
    var entity: DraftEntity
    var start: Int
    var end: Int
    /// The words of the sentence that name it ("Xiaomi-Produkten").
    var text: String
    /// How an end not named in the sentence was found: "der Möbelbauer" read
    /// as IKEA (``Coreference``), or the article's subject; nil when named.
    var via: String? = nil
    /// Whether the mention is one of the two parties a plural names
    /// ("beide Firmen": one mention each, on adjacent tokens, read as a list).
    var plural: Bool = false
}

/// Finds the graph's entities in a sentence by name and alias, and by their
/// inflected forms: the genitive or possessive (`Xiaomis`, `Nokias`,
/// `IKEA's`, `OpenAI’s`), the first part of a hyphen compound
/// (`Xiaomi-Produkten`, `Baidu-Chef`), a name glued to a word before it in
/// scraped text (`dpaMicrosoft`). Never inside another word: `Nokian` is
/// not Nokia. A name all in lower case, or capitalised only at its start
/// ("Apple", "Office"), must keep its case; a name with capitals inside or
/// digits (IKEA, DuerOS, XringO1) matches in any case.
struct EntityMentionFinder: Sendable {
    private struct NameForm: Sendable {
        var entity: DraftEntity
        var words: [String]
        var caseInsensitive: Bool
    }

    private var byFirstWord: [String: [NameForm]] = [:]
    private var byLastWord: [String: [NameForm]] = [:]

    init(entities: [DraftEntity]) {
        for entity in entities {
            for name in Set(entity.names) {
                let words = SentenceTokens.words(name)
                guard !words.isEmpty, name.count >= 2 else { continue }
                let insensitive = words.allSatisfy { w in w.dropFirst().contains(where: \.isUppercase) || w.contains(where: \.isNumber) }
                let form = NameForm(entity: entity, words: words, caseInsensitive: insensitive)
                byFirstWord[words[0].lowercased(), default: []].append(form)
                if words.count == 1 { byLastWord[words[0].lowercased(), default: []].append(form) }
            }
        }
    }

    /// The entities named in `tokens`, longest first where names overlap
    /// ("Xiaomi Mi Mix" rather than "Xiaomi"), in sentence order.
    func mentions(in tokens: [SentenceToken]) -> [EntityMention] {
        var found: [EntityMention] = []
        for (i, token) in tokens.enumerated() where token.isWord {
            for (base, _) in bases(of: token.text) {
                for form in byFirstWord[base.lowercased()] ?? [] {
                    if let end = match(form, tokens, at: i) {
                        found.append(EntityMention(entity: form.entity, start: i, end: end,
                                                   text: tokens[i...end].map(\.text).joined(separator: " ")))
                    }
                }
            }
            // A name glued to the word before it: "dpaMicrosoft".
            let chars = Array(token.text)
            if chars.count > 4 {
                for cut in 2..<(chars.count - 2) where chars[cut - 1].isLowercase && chars[cut].isUppercase {
                    let rest = String(chars[cut...])
                    for form in byLastWord[rest.lowercased()] ?? [] where form.words[0] == rest && form.words[0].count >= 4 {
                        found.append(EntityMention(entity: form.entity, start: i, end: i, text: token.text))
                    }
                }
            }
        }
        found.sort { ($0.end - $0.start, $0.text.count) > ($1.end - $1.start, $1.text.count) }
        var taken = Set<Int>()
        var kept: [EntityMention] = []
        for m in found where !(m.start...m.end).contains(where: taken.contains) {
            kept.append(m)
            taken.formUnion(m.start...m.end)
        }
        return kept.sorted { $0.start < $1.start }
    }

    /// The forms a word may name an entity by: itself, without a genitive
    /// or possessive ending, its first part before a hyphen.
    private func bases(of word: String) -> [(String, Bool)] {
        var out: [(String, Bool)] = [(word, false)]
        for suffix in ["’s", "'s", "s", "’", "'"] where word.hasSuffix(suffix) && word.count > suffix.count + 1 {
            out.append((String(word.dropLast(suffix.count)), true))
        }
        if let dash = word.firstIndex(of: "-"), dash != word.startIndex {
            out.append((String(word[..<dash]), true))
        }
        return out
    }

    private func equal(_ a: String, _ b: String, _ insensitive: Bool) -> Bool {
        insensitive ? a.lowercased() == b.lowercased() : a == b
    }

    /// The last token of `form` matched from token `i`, if it matches.
    private func match(_ form: NameForm, _ tokens: [SentenceToken], at i: Int) -> Int? {
        var k = i
        for (n, word) in form.words.enumerated() {
            guard k < tokens.count, tokens[k].isWord else { return nil }
            let text = tokens[k].text
            let isLast = n == form.words.count - 1
            if equal(text, word, form.caseInsensitive) {
                // whole word
            } else if isLast {
                // The last word may carry a genitive, possessive or compound tail.
                guard bases(of: text).dropFirst().contains(where: { equal($0.0, word, form.caseInsensitive) }) else { return nil }
                // Not "Xiaomis" for a name that is itself a plural-looking word of lower case.
                if text.hasSuffix("s"), !text.contains("-"), !text.hasSuffix("’s"), !text.hasSuffix("'s"), word.first?.isUppercase != true { return nil }
            } else {
                return nil
            }
            k += 1
        }
        return k - 1
    }
}
