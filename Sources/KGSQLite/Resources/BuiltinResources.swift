import KGModel

/// The files kg carries inside its binary: the default graph schema, the SQL
/// migrations, the seed graph and the named queries (embedded by
/// `Scripts/embed-resources.py`).
public enum BuiltinResources {
    /// The default schema: the company domain (`Schema/company.kgs`).
    public static var defaultSchema: String { EmbeddedResources.files["Schema/company.kgs"] ?? "" }

    /// The seed graph in graph text format (`data/seed.kg`).
    public static var seedGraph: String { EmbeddedResources.files["data/seed.kg"] ?? "" }

    /// The SQL migrations in order: version N moves a file from N-1 to N.
    static var migrations: [(version: Int, sql: String)] {
        EmbeddedResources.files
            .filter { $0.key.hasPrefix("Schema/sql/") }
            .compactMap { path, sql -> (Int, String)? in
                let file = path.dropFirst("Schema/sql/".count)
                guard let version = Int(file.prefix { $0.isNumber }) else { return nil }
                return (version, sql)
            }
            .sorted { $0.0 < $1.0 }
    }

    /// The named queries (`Queries/NAME.kgq`) by name.
    public static var namedQueries: [String: String] {
        var result: [String: String] = [:]
        for (path, text) in EmbeddedResources.files where path.hasPrefix("Queries/") && path.hasSuffix(".kgq") {
            result[String(path.dropFirst("Queries/".count).dropLast(".kgq".count))] = text
        }
        return result
    }

    /// A digest of the seed graph text and the schema it is built with,
    /// recorded in graphs built from them: a kg that carries a newer seed or
    /// a newer default schema (a lexicon `kg ask` reads) rebuilds the seed graph.
    public static var seedDigest: String { StableHash.hex(seedGraph + "\u{0}" + defaultSchema) }
}
