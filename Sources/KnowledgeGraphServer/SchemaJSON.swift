import KnowledgeGraph

/// The graph's schema as the API gives it (GET /api/schema): kinds with
/// their properties, edge types with their end kinds and phrases, derived
/// types with their definitions, and the schema text itself.
enum SchemaJSON {
    static func json(_ schema: GraphSchema) -> JSONValue {
        func properties(_ order: [String], _ definitions: [String: PropertyDefinition]) -> JSONValue {
            .array(order.compactMap { definitions[$0] }.map { p in
                var object: [String: JSONValue] = ["name": .string(p.name), "type": .string(p.type.rawValue), "required": .bool(p.isRequired)]
                if let allowed = p.allowedValues { object["allowed"] = .array(allowed.map(JSONValue.string)) }
                return .object(object)
            })
        }
        let kinds = schema.kindOrder.compactMap { schema.kinds[$0] }.map { kind -> JSONValue in
            var object: [String: JSONValue] = ["name": .string(kind.name), "properties": properties(kind.propertyOrder, kind.properties),
                                               "open": .bool(kind.isOpen)]
            if let description = kind.description { object["description"] = .string(description) }
            return .object(object)
        }
        let edgeTypes = schema.edgeTypeOrder.compactMap { schema.edgeTypes[$0] }.map { type -> JSONValue in
            .object(["name": .string(type.name), "from": .string(type.sources.description), "to": .string(type.targets.description),
                     "phrase": .string(type.phrase), "inverse_phrase": .string(type.inversePhrase), "symmetric": .bool(type.isSymmetric),
                     "properties": properties(type.propertyOrder, type.properties)])
        }
        let derived = schema.derivedTypeOrder.compactMap { schema.derivedTypes[$0] }.map { type -> JSONValue in
            .object(["name": .string(type.name), "from": .string(type.sources.description), "to": .string(type.targets.description),
                     "phrase": .string(type.phrase), "symmetric": .bool(type.isSymmetric), "definition": .string(type.definition)])
        }
        return .object(["name": .string(schema.name), "kinds": .array(kinds), "edge_types": .array(edgeTypes),
                        "derived_types": .array(derived), "text": .string(schema.source)])
    }
}
