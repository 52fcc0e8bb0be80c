import KGModel
import KGStorage
import KGSQLite
/// The block `kg new KIND` prints for an analyst to fill in, made from the
/// graph's schema: the kind's required properties on the node line (a
/// one-of property lists its values), the optional ones in a comment, an
/// evidence line, and the edges the kind may have, commented out, each with
/// the kinds at its other end. Placeholders are upper case (`KEY`, `CHOOSE`),
/// so an unfilled block fails `kg import --check` instead of importing.
///
///     kg new agreement    # node Agreement KEY "NAME" kind=CHOOSE, licensor/licensee/…, cross
public enum GraphTextTemplate {
    /// The kind of the schema `word` names: exactly, else ignoring case.
    public static func kind(named word: String, in schema: GraphSchema) throws(KGError) -> NodeKind {
        if let kind = schema.kinds[word] { return kind }
        if let name = schema.kindOrder.first(where: { $0.lowercased() == word.lowercased() }), let kind = schema.kinds[name] { return kind }
        throw KGError(.unknownKind, "the schema '\(schema.name)' has no kind '\(word)'",
                      suggestion: (EditDistance.suggestion(for: word, among: schema.kindOrder).map { "did you mean '\($0)'? " } ?? "")
                        + "kinds: " + schema.kindOrder.joined(separator: ", "))
    }

    /// The block for a new node of `kind`.
    public static func block(for kind: NodeKind, schema: GraphSchema) -> String {
        var out = "# A new \(kind.name)" + (kind.description.map { ": \($0)" } ?? "") + ".\n"
        out += "# Replace the upper-case words, delete the lines you do not need, then check it:\n"
        out += "#   kg import --check FILE --db GRAPH\n"
        out += "source SOURCE_KEY file=\"ARTICLE.txt\" title=\"TITLE\"\n\n"
        let required = kind.propertyOrder.compactMap { kind.properties[$0] }.filter(\.isRequired)
        let optional = kind.propertyOrder.compactMap { kind.properties[$0] }.filter { !$0.isRequired }
        out += "node \(kind.name) KEY \"NAME\"" + required.map { " \($0.name)=\(placeholder($0))" }.joined() + "\n"
        for property in required {
            out += "  # \(property.name) (required): \(describe(property))\n"
        }
        if !optional.isEmpty {
            out += "  # more properties, as name=value on the node line: "
                + optional.map { "\($0.name) (\(describe($0)))" }.joined(separator: ", ") + "\n"
        }
        out += "  evidence SOURCE_KEY \"the sentence that states it, copied from the article\"\n"
        let edges = schema.edgeTypeOrder.compactMap { schema.edgeTypes[$0] }.filter { $0.sources.contains(kind.name) }
        if !edges.isEmpty {
            out += "  # its edges: uncomment those it has; each needs an evidence line indented under it\n"
            let width = edges.map(\.name.count).max() ?? 0
            for edge in edges {
                out += "  # " + edge.name.padding(toLength: width, withPad: " ", startingAt: 0)
                    + " TARGET_KEY    \(edge.phrase) → \(edge.targets)\n"
            }
            out += "  #   evidence SOURCE_KEY \"the sentence that states the edge\"\n"
            if edges.contains(where: { $0.name == "licensor" }) && edges.contains(where: { $0.name == "licensee" }) {
                out += "  # a cross-licence names its parties once (each becomes licensor and licensee):\n"
                out += "  # cross PARTY_KEY PARTY_KEY\n"
                out += "  #   evidence SOURCE_KEY \"the sentence that states the cross-licence\"\n"
            }
        }
        return out
    }

    private static func placeholder(_ property: PropertyDefinition) -> String {
        if property.allowedValues != nil { return "CHOOSE" }
        switch property.type {
        case .date: return "DATE"
        case .int, .float: return "NUMBER"
        case .bool: return "BOOL"
        case .string: return "\"TEXT\""
        }
    }

    private static func describe(_ property: PropertyDefinition) -> String {
        if let values = property.allowedValues { return "one of " + values.joined(separator: " ") }
        switch property.type {
        case .date: return "date: 2017, 2017-07 or 2017-07-14"
        case .int: return "int"
        case .float: return "number"
        case .bool: return "true or false"
        case .string: return "text"
        }
    }
}
