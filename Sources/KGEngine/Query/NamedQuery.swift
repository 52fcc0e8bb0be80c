import KGModel
import KGSQLite

/// A named, parameterised query kept in `Queries/NAME.kgq`. Its header
/// comment says what it asks and declares its parameters:
///
///     // Who licenses patents to a company.
///     // @param company  the licensee (default: Xiaomi)
///     MATCH …
public struct NamedQuery: Sendable, Equatable {
    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var description: String
        public var defaultValue: String?
    }

    public var name: String
    public var summary: String
    public var parameters: [Parameter]
    public var text: String

    /// Reads the header of a query file.
    public init(name: String, text: String) {
        self.name = name
        self.text = text
        var summary = ""
        var parameters: [Parameter] = []
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: " \t")
            guard trimmed.hasPrefix("//") else { break }
            let body = trimmed.dropFirst(2).trimmingCharacters(in: " \t")
            if body.hasPrefix("@param") {
                let rest = body.dropFirst("@param".count).trimmingCharacters(in: " \t")
                let parts = rest.split(separator: " ", maxSplits: 1)
                guard let first = parts.first else { continue }
                var description = parts.count > 1 ? parts[1].trimmingCharacters(in: " \t") : ""
                var defaultValue: String?
                if let range = description.range(of: "(default: "), description.hasSuffix(")") {
                    defaultValue = String(description[range.upperBound...].dropLast())
                    description = description[..<range.lowerBound].trimmingCharacters(in: " \t")
                }
                parameters.append(Parameter(name: String(first), description: description, defaultValue: defaultValue))
            } else if summary.isEmpty {
                summary = body
            }
        }
        self.summary = summary
        self.parameters = parameters
    }

    /// The named queries kg carries, by name.
    public static var builtin: [String: NamedQuery] {
        Dictionary(uniqueKeysWithValues: BuiltinResources.namedQueries.map { ($0.key, NamedQuery(name: $0.key, text: $0.value)) })
    }

    /// The query called `name`, or an error suggesting the closest name.
    public static func named(_ name: String) throws(KGError) -> NamedQuery {
        let all = builtin
        guard let query = all[name] else {
            throw KGError(.unknownQueryName, "there is no named query '\(name)'",
                          suggestion: EditDistance.suggestion(for: name, among: all.keys.sorted()).map { "did you mean '\($0)'? (kg run --list shows them all)" }
                            ?? "kg run --list shows them all")
        }
        return query
    }

    /// The parameters to run with: defaults, overridden by `given`. Unknown names are errors.
    public func bind(_ given: [String: Value]) throws(KGError) -> [String: Value] {
        var values: [String: Value] = [:]
        for p in parameters { if let d = p.defaultValue { values[p.name] = Int64(d).map(Value.int) ?? .string(d) } }
        for (key, value) in given {
            guard parameters.contains(where: { $0.name == key }) else {
                throw KGError(.invalidParameter, "the query '\(name)' has no parameter '\(key)'",
                              suggestion: parameters.isEmpty ? "it takes no parameters" : "its parameters: " + parameters.map(\.name).joined(separator: ", "))
            }
            values[key] = value
        }
        for p in parameters where values[p.name] == nil {
            throw KGError(.missingParameter, "the query '\(name)' needs a value for '\(p.name)' (\(p.description))", suggestion: "kg run \(name) \(p.name)=VALUE")
        }
        return values
    }
}
