/// Writes a ``GraphSchema`` as `.kgs` text that ``SchemaParser`` reads back to
/// the same kinds, edge types and derived types (used for inferred schemas,
/// which are stored in the graph as text like any other).
public enum SchemaWriter {
    /// The schema as `.kgs` text; `comment` lines go first, each prefixed with `# `.
    public static func text(of schema: GraphSchema, comment: [String] = []) -> String {
        var out = ""
        for line in comment { out += "# \(line)\n" }
        if !comment.isEmpty { out += "\n" }
        out += "schema \(schema.name)\n"
        for name in schema.kindOrder {
            guard let kind = schema.kinds[name] else { continue }
            out += "\nkind \(kind.name)"
            if let description = kind.description { out += " " + quoted(description) }
            if kind.isOpen { out += " open" }
            if kind.isFact { out += " fact" }
            out += "\n"
            for (language, forms) in kind.nouns.sorted(by: { $0.key < $1.key }) {
                out += "  noun \(language) \(quoted(forms.singular)) / \(quoted(forms.plural))\n"
            }
            for property in kind.propertyOrder.compactMap({ kind.properties[$0] }) {
                out += propertyLine(property) + frameLines(schema, owner: kind.name, property: property.name)
            }
        }
        if !schema.edgeTypeOrder.isEmpty { out += "\n" }
        for name in schema.edgeTypeOrder {
            guard let edge = schema.edgeTypes[name] else { continue }
            out += "edge \(edge.name): \(edge.sources) \(edge.isSymmetric ? "--" : "->") \(edge.targets)"
            // Phrases made by rule from the name (none declared) are made again when the text is read.
            if !edge.phraseIsGenerated {
                out += " \(quoted(edge.phrase)) / \(quoted(edge.inversePhrase))"
            }
            if edge.isOpen { out += " open" }
            out += "\n"
            out += phraseLines(edge.translations) + sayLines(schema, type: edge.name) + cueLines(schema, type: edge.name)
            for implied in schema.lexicon.implies[edge.name] ?? [] { out += "  implies \(implied)\n" }
            for property in edge.propertyOrder.compactMap({ edge.properties[$0] }) {
                out += propertyLine(property) + frameLines(schema, owner: edge.name, property: property.name)
            }
        }
        for name in schema.derivedTypeOrder {
            guard let derived = schema.derivedTypes[name] else { continue }
            out += "\nderived \(derived.name): \(derived.sources) \(derived.isSymmetric ? "--" : "->") \(derived.targets)"
            out += " \(quoted(derived.phrase)) / \(quoted(derived.inversePhrase))\n"
            out += phraseLines(derived.translations) + sayLines(schema, type: derived.name) + cueLines(schema, type: derived.name)
            if let what = schema.lexicon.whatProperties[derived.name] { out += "  what " + what.joined(separator: " ") + "\n" }
            out += "  as \(derived.definition.split(whereSeparator: \.isNewline).joined(separator: " "))\n"
        }
        if !schema.lexicon.spellings.isEmpty { out += "\n" }
        for (variant, canonical) in schema.lexicon.spellings.sorted(by: { $0.key < $1.key }) {
            out += "spelling en \(quoted(variant)) / \(quoted(canonical))\n"
        }
        return out
    }

    private static func cueLines(_ schema: GraphSchema, type: String) -> String {
        (schema.lexicon.cues[type] ?? []).map { "  cue \($0.language) \(quoted($0.noun))\n" }.joined()
    }

    private static func sayLines(_ schema: GraphSchema, type: String) -> String {
        (schema.lexicon.synonyms[type] ?? []).map { s in
            "  say \(s.language) \(quoted(s.phrases.phrase))" + (s.phrases.inverse == s.phrases.phrase ? "" : " / \(quoted(s.phrases.inverse))") + "\n"
        }.joined()
    }

    private static func frameLines(_ schema: GraphSchema, owner: String, property: String) -> String {
        schema.lexicon.frames.filter { $0.owner == owner && $0.property == property }.map { "    ask \($0.language) \(quoted($0.frame))\n" }.joined()
    }

    private static func phraseLines(_ translations: [String: PhrasePair]) -> String {
        translations.sorted(by: { $0.key < $1.key }).map { language, pair in
            "  phrase \(language) \(quoted(pair.phrase)) / \(quoted(pair.inverse))\n"
        }.joined()
    }

    private static func propertyLine(_ property: PropertyDefinition) -> String {
        var line = "  prop \(property.name): \(property.type.rawValue)"
        if property.isRequired { line += " required" }
        if let allowed = property.allowedValues {
            line += " one of " + allowed.map { isBareWord($0) ? $0 : quoted($0) }.joined(separator: " ")
        }
        return line + "\n"
    }

    /// A value the tokenizer reads back as the same word.
    private static func isBareWord(_ s: String) -> Bool {
        guard let first = s.first, first != "#" else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || "_-.:/+".contains($0) }
    }

    /// A double-quoted string with the escapes the tokenizer reads.
    static func quoted(_ s: String) -> String { LineTokenizer.quoted(s) }
}
