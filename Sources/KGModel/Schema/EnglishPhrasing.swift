/// English phrases for an edge type whose schema declares none (an inferred
/// schema, from a CSV import), made by rule from the type's name. The rules
/// and the small tables of irregular words live here and nowhere else.
///
///     supplies      "supplies" / "is supplied by"
///     works_for     "works for" / "is worked for by"
///     partner_of    "is a partner of" / "has as a partner", also "partners with" (both ways)
///     located_in    "is located in" / "is home to"
///     acquired      "acquired" / "was acquired by"
///     owned_by      "is owned by" / "owns"
///     has_ceo       "has CEO" / "is CEO of"
///     investor_in   "is an investor in" / "has as an investor", also "invests in" / "is invested in by"
///
/// Every pair is what a schema author could have written: the first as the
/// edge's phrases (`edge supplies: … "supplies" / "is supplied by"`), the
/// others as `say en` lines. A phrase the schema states is never replaced.
public enum EnglishPhrasing {
    /// The generated phrases of a type: the main pair first, then synonyms.
    public static func phrases(forType name: String) -> [PhrasePair] {
        var words = words(ofIdentifier: name)
        guard !words.isEmpty else { return [PhrasePair(phrase: name, inverse: name)] }
        // A leading "is" adds nothing: is_part_of reads as part_of.
        if words.count > 1, ["is", "are", "was", "be"].contains(words[0]) { words.removeFirst() }
        // has_ceo, has_subsidiary: "has CEO" / "is CEO of".
        if words.count > 1, ["has", "have"].contains(words[0]) {
            let noun = words.dropFirst().map(display).joined(separator: " ")
            return [PhrasePair(phrase: "has \(noun)", inverse: "is \(article(words[1]))\(noun) of")]
        }
        if words.count > 1, let prep = words.last, prepositions.contains(prep) {
            return withPreposition(Array(words.dropLast()), prep)
        }
        return withoutPreposition(words)
    }

    // MARK: The rules

    private static func withPreposition(_ head: [String], _ prep: String) -> [PhrasePair] {
        let first = head[0]
        let rest = head.dropFirst().map(display)
        let tail = (rest.isEmpty ? "" : " " + rest.joined(separator: " ")) + " " + prep
        // A noun: partner_of, member_of, instance_of, investor_in, ceo_of, board_member_of.
        let nounHead = head.count == 1 ? isNoun(first) || (prep == "of" && !isVerbLike(first)) : !isVerbLike(first)
        if nounHead {
            let noun = head.map(display).joined(separator: " ")
            var out = [PhrasePair(phrase: "is \(article(head[0]))\(noun) \(prep)", inverse: "has as \(article(head[0]))\(noun)")]
            if head.count == 1, let verb = agentVerbs[first] {
                let forms = verbForms(verb.base)
                if let reciprocal = verb.preposition, reciprocal == "with" {
                    out.append(PhrasePair(phrase: "\(forms.third) with", inverse: "\(forms.third) with"))
                } else if let p = verb.preposition {
                    out.append(PhrasePair(phrase: "\(forms.third) \(p)", inverse: "is \(forms.participle) \(p) by"))
                } else {
                    out.append(PhrasePair(phrase: forms.third, inverse: "is \(forms.participle) by"))
                }
            }
            return out
        }
        // A participle: located_in, owned_by, acquired_by, educated_at; or a past: acted_in.
        if let verb = participleBase(first) {
            let forms = verbForms(verb)
            let be = eventVerbs.contains(verb) ? "was" : "is"
            let active = eventVerbs.contains(verb) ? forms.past : forms.third
            if prep == "by", head.count == 1 {
                return [PhrasePair(phrase: "\(be) \(forms.participle) by", inverse: active)]
            }
            if head.count == 1, locationParticiples.contains(forms.participle), ["in", "at"].contains(prep) {
                return [PhrasePair(phrase: "is \(forms.participle) \(prep)", inverse: "is home to")]
            }
            if statives.contains(forms.participle) {
                // A state: "was educated at" / "educated", "was born in" / "is the birthplace of".
                return [PhrasePair(phrase: "\(be) \(forms.participle)\(tail)", inverse: specialInverses[forms.participle] ?? active)]
            }
            // An act: "acted in" / "was acted in by".
            return [PhrasePair(phrase: "\(forms.past)\(tail)", inverse: "was \(forms.participle)\(tail) by")]
        }
        // A verb: works_for, invests_in, licenses_patents_to.
        let verb = verbBase(first)
        let forms = verbForms(verb)
        return [PhrasePair(phrase: forms.third + tail, inverse: "is \(forms.participle)\(tail) by")]
    }

    private static func withoutPreposition(_ words: [String]) -> [PhrasePair] {
        let first = words[0]
        // A role: an agreement's licensor, a film's genre: "has licensor" / "is a licensor in".
        if words.count == 1, isNoun(first) || !isVerbLike(first) {
            let prep = rolePrepositions[first] ?? "of"
            return [PhrasePair(phrase: "has \(display(first))", inverse: "is \(article(first))\(display(first)) \(prep)")]
        }
        // A relation noun with its object's kind: member_of_sports_team: "is a member of sports team" / "has as a member".
        if words.count > 2, words[1] == "of", isNoun(words[0]) {
            return [PhrasePair(phrase: "is \(article(first))" + words.map(display).joined(separator: " "), inverse: "has as \(article(first))\(display(first))")]
        }
        // A property named by a noun phrase: place_of_birth, parent_organization: "has place of birth" / "is the place of birth of".
        if !isVerbLike(first) {
            let noun = words.map(display).joined(separator: " ")
            return [PhrasePair(phrase: "has \(noun)", inverse: "is the \(noun) of")]
        }
        let rest = words.dropFirst().map(display)
        let object = rest.isEmpty ? "" : " " + rest.joined(separator: " ")
        let verb = verbBase(first)
        let forms = verbForms(verb)
        if isPast(first) {
            return [PhrasePair(phrase: forms.past + object, inverse: "was \(forms.participle)\(object) by")]
        }
        return [PhrasePair(phrase: forms.third + object, inverse: "is \(forms.participle)\(object) by")]
    }

    /// Whether a word of a type name is a verb: a past (acquired, sold), a
    /// third person (supplies, owns; not a plural noun such as members), or a
    /// common verb in its base form (own, use, supply).
    static func isVerbLike(_ word: String) -> Bool {
        if isPast(word) || baseVerbs.contains(word) { return true }
        if word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is"), !pluralNouns.contains(word) {
            return !isNoun(verbBase(word)) && !isNoun(String(word.dropLast()))
        }
        return false
    }

    /// Whether a phrase says where its subject is: "is located in", "is based at".
    public static func isLocationPhrase(_ phrase: String) -> Bool {
        let words = phrase.split(separator: " ").map(String.init)
        return words.count == 3 && words[0] == "is" && locationParticiples.contains(words[1]) && ["in", "at"].contains(words[2])
    }

    // MARK: Words

    /// `CompanyGroup` → company, group; `works_for` → works, for; `part-of` → part, of.
    public static func words(ofIdentifier name: String) -> [String] {
        var words: [String] = []
        var current = ""
        for c in name {
            if c == "_" || c == "-" || c == " " || c == "." {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if c.isUppercase, let last = current.last, last.isLowercase || last.isNumber {
                words.append(current)
                current = String(c)
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }
    }

    /// The English plural of a noun (its last word): company → companies,
    /// person → people, business → businesses.
    public static func plural(_ noun: String) -> String {
        let parts = noun.split(separator: " ").map(String.init)
        guard let last = parts.last else { return noun }
        let head = parts.dropLast().map { $0 + " " }.joined()
        if let irregular = irregularPlurals[last] { return head + irregular }
        let vowels = Set("aeiou")
        if last.hasSuffix("y"), last.count > 1, !vowels.contains(last[last.index(last.endIndex, offsetBy: -2)]) {
            return head + String(last.dropLast()) + "ies"
        }
        if last.hasSuffix("s") || last.hasSuffix("x") || last.hasSuffix("z") || last.hasSuffix("ch") || last.hasSuffix("sh") { return head + last + "es" }
        return head + last + "s"
    }

    static let irregularPlurals: [String: String] = ["person": "people", "child": "children", "man": "men", "woman": "women", "index": "indices"]

    /// The forms of an English verb.
    public struct VerbForms: Sendable, Hashable {
        public var base: String
        public var third: String
        public var past: String
        public var participle: String
        public var gerund: String
    }

    /// Irregular verbs: base, past, participle.
    public static let irregularVerbs: [String: (past: String, participle: String)] = [
        "make": ("made", "made"), "buy": ("bought", "bought"), "sell": ("sold", "sold"), "build": ("built", "built"),
        "lead": ("led", "led"), "hold": ("held", "held"), "run": ("ran", "run"), "win": ("won", "won"), "pay": ("paid", "paid"),
        "take": ("took", "taken"), "give": ("gave", "given"), "get": ("got", "got"), "write": ("wrote", "written"), "know": ("knew", "known"), "teach": ("taught", "taught"),
        "lend": ("lent", "lent"), "send": ("sent", "sent"), "spend": ("spent", "spent"), "find": ("found", "found"),
        "have": ("had", "had"), "do": ("did", "done"), "see": ("saw", "seen"), "begin": ("began", "begun"), "bring": ("brought", "brought"),
        "leave": ("left", "left"), "meet": ("met", "met"), "feed": ("fed", "fed"), "grow": ("grew", "grown"), "draw": ("drew", "drawn"), "bear": ("bore", "born"),
    ]

    /// Every irregular form (past or participle) → its base: sold → sell.
    public static let irregularBases: [String: String] = {
        var out: [String: String] = [:]
        for (base, forms) in irregularVerbs where base != "have" && base != "do" {
            if forms.past != base { out[forms.past] = base }
            if forms.participle != base { out[forms.participle] = base }
        }
        out["found"] = nil   // "found" is a verb of its own (founded)
        return out
    }()

    /// The forms of a verb given by its base: supply → supplies, supplied, supplying.
    public static func verbForms(_ base: String) -> VerbForms {
        let vowels = Set("aeiou")
        let third: String
        if base == "have" { third = "has" }
        else if base == "do" || base == "go" { third = base + "es" }
        else if base.hasSuffix("y"), base.count > 1, !vowels.contains(base[base.index(base.endIndex, offsetBy: -2)]) {
            third = String(base.dropLast()) + "ies"
        } else if base.hasSuffix("s") || base.hasSuffix("x") || base.hasSuffix("z") || base.hasSuffix("ch") || base.hasSuffix("sh") {
            third = base + "es"
        } else { third = base + "s" }
        let regularPast: String
        if base.hasSuffix("e") { regularPast = base + "d" }
        else if base.hasSuffix("y"), base.count > 1, !vowels.contains(base[base.index(base.endIndex, offsetBy: -2)]) {
            regularPast = String(base.dropLast()) + "ied"
        } else if doublesFinalConsonant(base) { regularPast = base + String(base.last!) + "ed" }
        else { regularPast = base + "ed" }
        let gerund: String
        if base.hasSuffix("ie") { gerund = String(base.dropLast(2)) + "ying" }
        else if base.hasSuffix("e"), !base.hasSuffix("ee"), base.count > 2 { gerund = String(base.dropLast()) + "ing" }
        else if doublesFinalConsonant(base) { gerund = base + String(base.last!) + "ing" }
        else { gerund = base + "ing" }
        let irregular = irregularVerbs[base]
        return VerbForms(base: base, third: third, past: irregular?.past ?? regularPast, participle: irregular?.participle ?? regularPast, gerund: gerund)
    }

    /// A short verb ending consonant–vowel–consonant doubles it: stop → stopped.
    private static func doublesFinalConsonant(_ base: String) -> Bool {
        let letters = Array(base)
        guard letters.count >= 3, letters.count <= 4 else { return false }
        let vowels = Set("aeiou")
        let a = letters[letters.count - 3], b = letters[letters.count - 2], c = letters[letters.count - 1]
        return !vowels.contains(a) && vowels.contains(b) && !vowels.contains(c) && !"wxy".contains(c)
    }

    /// The base of a verb written in any form: supplies → supply, acquired → acquire, sold → sell, owns → own.
    public static func verbBase(_ word: String) -> String {
        if let base = irregularBases[word] { return base }
        if irregularVerbs[word] != nil { return word }
        if word.hasSuffix("ies"), word.count > 4 { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("ied"), word.count > 4 { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("ed"), word.count > 4 { return undoPast(String(word.dropLast(2))) }
        if word.hasSuffix("sses") || word.hasSuffix("ches") || word.hasSuffix("shes") || word.hasSuffix("xes") || word.hasSuffix("zes") {
            return String(word.dropLast(2))
        }
        if word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), word.count > 3 { return String(word.dropLast()) }
        return word
    }

    /// acquir → acquire, own → own, stopp → stop, locat → locate.
    private static func undoPast(_ stem: String) -> String {
        let letters = Array(stem)
        if letters.count >= 2, letters[letters.count - 1] == letters[letters.count - 2], !"ls".contains(letters.last!) { return String(stem.dropLast()) }
        if stem.hasSuffix("at") || stem.hasSuffix("ir") || stem.hasSuffix("uc") || stem.hasSuffix("ag") || stem.hasSuffix("iz")
            || stem.hasSuffix("ur") || stem.hasSuffix("us") || stem.hasSuffix("ov") || stem.hasSuffix("ut") || stem.hasSuffix("id") || stem.hasSuffix("ac")
            || stem.hasSuffix("as") || stem.hasSuffix("os") || stem.hasSuffix("ib") || stem.hasSuffix("rg") || stem.hasSuffix("ns")
            || stem.hasSuffix("rv") || stem.hasSuffix("lv") || stem.hasSuffix("iv") || stem.hasSuffix("ok") || stem.hasSuffix("at")
            || stem.hasSuffix("nc") || stem.hasSuffix("rc") || stem.hasSuffix("dg") || stem.hasSuffix("ang") || stem.hasSuffix("eng")
            || stem.hasSuffix("rs") || stem.hasSuffix("ps") || stem.hasSuffix("ev") || stem.hasSuffix("bl") || stem.hasSuffix("pl")
            || stem.hasSuffix("tl") || stem.hasSuffix("kl") || stem.hasSuffix("gl") || stem.hasSuffix("dl") || stem.hasSuffix("fl") {
            return stem + "e"
        }
        return stem
    }

    /// Whether a word of a type name is a past form: acquired, sold, founded.
    static func isPast(_ word: String) -> Bool {
        if irregularBases[word] != nil { return true }
        return word.hasSuffix("ed") && word.count > 4 && !word.hasSuffix("eed")
    }

    /// The base of a participle (located → locate, owned → own, sold → sell), or nil.
    static func participleBase(_ word: String) -> String? {
        if let base = irregularBases[word] { return base }
        if word.hasSuffix("ed"), word.count > 4, !word.hasSuffix("eed") { return verbBase(word) }
        return nil
    }

    /// Whether a word of a type name is a noun: an agent (partner, investor,
    /// supplier), a relation (member, part, subsidiary, parent) or a title (ceo).
    static func isNoun(_ word: String) -> Bool {
        if nouns.contains(word) || titles[word] != nil || agentVerbs[word] != nil { return true }
        if irregularBases[word] != nil || verbsLikeNouns.contains(word) { return false }
        for suffix in ["er", "or", "ist", "ant", "ent", "ary", "ee", "ian", "ship", "ment", "ness", "ity"] where word.hasSuffix(suffix) && word.count > 4 {
            return true
        }
        return false
    }

    /// A noun as it is written in a phrase: ceo → CEO.
    static func display(_ word: String) -> String { titles[word] ?? word }

    /// "a " or "an " before a countable noun; nothing before a title or a mass noun.
    static func article(_ word: String) -> String {
        if titles[word] != nil || uncountable.contains(word) { return "" }
        return "aeiou".contains(word.first ?? "x") ? "an " : "a "
    }

    static let prepositions: Set<String> = ["of", "in", "at", "for", "to", "with", "by", "from", "on", "into", "onto", "under", "within",
                                            "about", "against", "over", "through", "near", "inside", "via", "as", "after", "before"]
    static let nouns: Set<String> = ["member", "part", "parent", "child", "subsidiary", "affiliate", "rival", "friend", "spouse", "sibling",
                                     "client", "customer", "head", "chief", "director", "president", "chair", "division", "unit", "branch",
                                     "brand", "sponsor", "host", "alumnus", "citizen", "resident", "employee", "shareholder", "stakeholder",
                                     "colleague", "mentor", "student", "author", "owner", "holder", "successor", "predecessor", "ally", "peer",
                                     "party", "licensee", "licensor", "buyer", "seller", "signatory", "guarantor", "beneficiary", "ceo"]
    /// Verbs that end like agent nouns.
    static let verbsLikeNouns: Set<String> = ["deliver", "offer", "order", "transfer", "register", "consider", "answer", "enter", "cover", "power",
                                              "represent", "invent", "prevent", "rent", "consent", "monitor"]
    /// Verbs in their base form, as type names use them (own, supply_to).
    static let baseVerbs: Set<String> = ["own", "use", "know", "like", "love", "hate", "follow", "manage", "contain", "employ", "supply", "develop",
                                         "fund", "acquire", "buy", "sell", "make", "build", "lead", "cite", "mention", "support", "produce", "write",
                                         "direct", "create", "influence", "visit", "play", "sign", "join", "hire", "found", "invest", "license",
                                         "distribute", "manufacture", "provide", "publish", "operate", "serve", "control", "govern", "regulate",
                                         "advise", "represent", "compete", "integrate", "import", "export", "ship", "deliver", "offer", "sue", "rate",
                                         "rank", "outperform", "replace", "succeed", "precede", "cause", "treat", "target", "inhibit", "bind",
                                         "encode", "express", "interact", "depend", "belong", "report", "work", "live", "study", "teach", "marry",
                                         "design", "launch", "merge", "purchase", "hold", "run", "win", "pay", "lend", "send", "see", "meet",
                                         "link", "connect", "relate", "refer", "cover", "order", "transfer", "register", "enter", "power", "host"]
    /// Nouns that end in s but are no third person of a verb.
    static let pluralNouns: Set<String> = ["headquarters", "news", "series", "species", "means", "sales", "alumni", "parents", "children"]
    /// States named by a participle: "was educated at", "is married to".
    static let statives: Set<String> = ["located", "based", "headquartered", "situated", "registered", "incorporated", "educated", "married",
                                        "involved", "interested", "listed", "related", "connected", "associated", "employed", "engaged", "named",
                                        "known", "born", "buried", "interred", "stationed", "affiliated", "specialized", "specialised", "rooted",
                                        "centred", "centered", "focused", "dedicated", "devoted", "licensed", "trained", "raised", "elected"]
    /// Inverses of states that read better than the active verb.
    static let specialInverses: [String: String] = ["born": "is the birthplace of", "buried": "is the burial place of", "interred": "is the burial place of",
                                                    "married": "is married to", "related": "is related to", "connected": "is connected to",
                                                    "associated": "is associated with", "involved": "involves"]
    /// The preposition after a role of an agreement or event: "is a party to", "is a licensor in".
    static let rolePrepositions: [String: String] = ["party": "to", "signatory": "to", "licensor": "in", "licensee": "in", "buyer": "in",
                                                     "seller": "in", "guarantor": "in", "participant": "in"]
    static let uncountable: Set<String> = ["part", "head", "chief"]
    static let titles: [String: String] = ["ceo": "CEO", "cto": "CTO", "cfo": "CFO", "coo": "COO", "cio": "CIO", "vp": "VP", "svp": "SVP", "evp": "EVP"]
    /// Agent nouns that are also verbs: investor_in → "invests in", partner_of → "partners with".
    static let agentVerbs: [String: (base: String, preposition: String?)] = [
        "partner": ("partner", "with"), "competitor": ("compete", "with"), "collaborator": ("collaborate", "with"), "rival": ("rival", nil),
        "supplier": ("supply", nil), "investor": ("invest", "in"), "owner": ("own", nil), "buyer": ("buy", nil), "seller": ("sell", nil),
        "founder": ("found", nil), "manufacturer": ("manufacture", nil), "maker": ("make", nil), "producer": ("produce", nil),
        "provider": ("provide", nil), "distributor": ("distribute", nil), "developer": ("develop", nil), "employer": ("employ", nil),
        "acquirer": ("acquire", nil), "licensor": ("license", nil), "funder": ("fund", nil), "sponsor": ("sponsor", nil),
        "lender": ("lend", nil), "customer": ("buy", "from"),
    ]
    /// Verbs whose edge reads as a past event: acquired → "was acquired by".
    static let eventVerbs: Set<String> = ["acquire", "buy", "found", "create", "establish", "build", "make", "sell", "invent", "launch", "start",
                                          "merge", "purchase", "take", "write", "design", "fund", "sign", "hire", "fire", "spin", "educate", "bear", "bury",
                                          "elect", "train", "raise"]
    /// Participles that say where something is: located_in → "is located in" / "is home to".
    static let locationParticiples: Set<String> = ["located", "based", "headquartered", "situated", "registered", "incorporated", "domiciled", "hosted", "sited"]
}
