/// The rule by which a bare word in node position is read, from the query
/// text alone (never from the data):
///
/// * a word whose first character is a lower-case letter or `_` is a
///   **variable**: `(c)`, `(who)`, `(a)`, `(_x)`;
/// * a word whose first character is an upper-case letter or a letter
///   outside ASCII is a **node name**: `(Xiaomi)`, `(IKEA)`, `(小米)`;
///   so are a quoted string `("xiaomi")` and a parameter `($company)`.
///
/// A capitalised word elsewhere in the query (WHERE, RETURN) that is not a
/// variable of the query also stands for the node it names
/// (`WHERE c <> Xiaomi`). A name that names no node is an error (KGB006),
/// one that names several is an error (KGB007) unless the pattern's kind
/// narrows it to one.
public enum NamingRule {
    /// Whether a bare word in node position names a node (rather than being a variable).
    public static func isNodeName(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first else { return false }
        if first.isASCII { return first.properties.isUppercase }
        return first.properties.isAlphabetic
    }

    /// The variable a user probably meant by a capitalised word: its first letter lower-cased.
    public static func variableSpelling(of word: String) -> String {
        guard let first = word.first else { return word }
        return first.lowercased() + word.dropFirst()
    }
}
