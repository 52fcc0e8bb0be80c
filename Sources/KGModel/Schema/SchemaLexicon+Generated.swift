extension GraphSchema {
    /// The `say en` lines kg makes for an edge type whose schema declares no
    /// phrase (``EdgeType/phraseIsGenerated``), after its main phrases: for
    /// `partner_of`, "partners with"; for `investor_in`, "invests in" / "is
    /// invested in by". Empty for a type with a declared phrase, and for one
    /// whose author wrote `say en` lines of their own.
    public func generatedSynonyms(of type: String) -> [LexiconPhrase] {
        guard let edge = edgeTypes[type], edge.phraseIsGenerated,
              !(lexicon.synonyms[type] ?? []).contains(where: { $0.language == "en" }) else { return [] }
        return EnglishPhrasing.phrases(forType: type).dropFirst().map { pair in
            LexiconPhrase(language: "en", phrases: edge.isSymmetric ? PhrasePair(phrase: pair.phrase, inverse: pair.phrase) : pair)
        }
    }
}
