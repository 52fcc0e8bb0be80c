/// Spelling variants of an enumerated value: `cross_licence`, `Cross-License`
/// and `cross license` all mean the allowed value `cross_license`.
extension PropertyDefinition {
    /// The allowed value `value` is a variant spelling of, when exactly one
    /// allowed value matches it after folding case, `-` and spaces to `_`,
    /// and British to American spellings (licence → license); nil when
    /// `value` is allowed as written or matches none.
    public func allowedSpelling(of value: String) -> String? {
        guard let allowed = allowedValues, !allowed.contains(value) else { return nil }
        let folded = Self.foldSpelling(value)
        let matches = allowed.filter { Self.foldSpelling($0) == folded }
        return matches.count == 1 ? matches[0] : nil
    }

    /// Case, separators and the licence/license variants folded away.
    static func foldSpelling(_ value: String) -> String {
        var text = value.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        for (british, american) in [("licence", "license"), ("licencing", "licensing")] {
            text = text.replacingOccurrences(of: british, with: american)
        }
        return text
    }
}
