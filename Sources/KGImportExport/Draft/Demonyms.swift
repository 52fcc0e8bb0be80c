import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// The words that say which country a company is from: the people's noun
/// ("die Chinesen", "den Finnen", "the Finns"), the adjective ("der
/// chinesische Konzern", "the Finnish company") and a prefix of a
/// compound ("der US-Konzern"). One table, as data; a country is matched
/// against a node's `country=` by any of its names.
enum Demonyms {
    struct Country: Sendable {
        /// Ways a graph writes the country (`country="China"`), lower case.
        var names: Set<String>
        /// Plural nouns for its people, lower case (German and English).
        var nouns: Set<String>
        /// Adjective stems, lower case; a German one ending in -sch takes its endings ("chinesisch": "chinesischen", "deutsch": "deutsche").
        var adjectives: [String]
        /// Prefixes of a hyphen compound ("us-" of "US-Konzern").
        var prefixes: [String] = []
    }

    static let table: [Country] = [
        Country(names: ["china", "cn", "volksrepublik china", "people's republic of china"],
                nouns: ["chinesen"], adjectives: ["chinesisch", "chinese"], prefixes: ["china-"]),
        Country(names: ["finland", "finnland", "fi"], nouns: ["finnen", "finns"], adjectives: ["finnisch", "finnish"]),
        Country(names: ["united states", "usa", "us", "u.s.", "united states of america", "vereinigte staaten"],
                nouns: ["amerikaner", "us-amerikaner", "americans"], adjectives: ["amerikanisch", "us-amerikanisch", "american"], prefixes: ["us-"]),
        Country(names: ["japan", "jp"], nouns: ["japaner"], adjectives: ["japanisch", "japanese"]),
        Country(names: ["south korea", "korea", "südkorea", "kr", "republic of korea"],
                nouns: ["südkoreaner", "koreaner", "koreans"], adjectives: ["südkoreanisch", "koreanisch", "south korean", "korean"]),
        Country(names: ["taiwan", "tw"], nouns: ["taiwaner"], adjectives: ["taiwanisch", "taiwanese"]),
        Country(names: ["sweden", "schweden", "se"], nouns: ["schweden", "swedes"], adjectives: ["schwedisch", "swedish"]),
        Country(names: ["france", "frankreich", "fr"], nouns: ["franzosen"], adjectives: ["französisch", "french"]),
        Country(names: ["united kingdom", "uk", "großbritannien", "great britain", "gb"], nouns: ["briten", "britons"],
                adjectives: ["britisch", "british"]),
        Country(names: ["netherlands", "niederlande", "nl"], nouns: ["niederländer"], adjectives: ["niederländisch", "dutch"]),
        Country(names: ["switzerland", "schweiz", "ch"], nouns: ["schweizer"], adjectives: ["schweizerisch", "swiss"]),
        Country(names: ["india", "indien", "in"], nouns: ["inder"], adjectives: ["indisch", "indian"]),
        Country(names: ["germany", "deutschland", "de"], nouns: [], adjectives: ["deutsch", "german"]),
    ]

    /// The country a people's noun names ("Chinesen", "Finns").
    static func country(ofNoun word: String) -> Country? {
        let w = word.lowercased()
        return table.first { $0.nouns.contains(w) }
    }

    /// The country an adjective ("chinesischen", "Finnish") or a compound's
    /// prefix ("US-Konzern") names.
    static func country(ofModifier word: String) -> Country? {
        let w = word.lowercased()
        return table.first { c in
            c.adjectives.contains { a in w == a || (w.hasPrefix(a) && w.count - a.count <= 2 && a.hasSuffix("sch")) }
                || c.prefixes.contains { w.hasPrefix($0) && w.count > $0.count }
        }
    }

    /// Whether the graph's `country=` value is this country.
    static func matches(_ entity: DraftEntity, _ country: Country) -> Bool {
        guard let c = entity.country?.lowercased() else { return false }
        return country.names.contains(c)
    }

    /// The one entity of `candidates` (distinct by key) from that country; nil when none or several are.
    static func only(_ country: Country, among candidates: [DraftEntity]) -> DraftEntity? {
        var seen: [String: DraftEntity] = [:]
        for e in candidates where matches(e, country) { seen[e.key] = e }
        return seen.count == 1 ? seen.values.first : nil
    }
}
