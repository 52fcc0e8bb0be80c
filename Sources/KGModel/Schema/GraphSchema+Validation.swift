/// Enforcement of the schema on writes. Every method throws a ``KGError``
/// naming the rule that is broken; `span` is attached by the caller.
extension GraphSchema {
    /// Checks that a node of `kind` with `props` may be written.
    public func validateNode(kind: String, props: [String: JSONValue], span: SourceSpan? = nil) throws(KGError) {
        guard let declaration = kinds[kind] else {
            throw KGError(.undeclaredKind, "the schema '\(name)' declares no node kind '\(kind)'", span: span,
                          suggestion: EditDistance.suggestion(for: kind, among: kindOrder).map { "did you mean '\($0)'?" }
                            ?? "kinds are " + kindOrder.joined(separator: ", "))
        }
        try validate(props: props, declared: declaration.properties, order: declaration.propertyOrder,
                     isOpen: declaration.isOpen, owner: "kind \(kind)", span: span)
    }

    /// Checks that an edge of `type` from a `sourceKind` node to a `targetKind`
    /// node with `props` may be written.
    public func validateEdge(type: String, sourceKind: String, targetKind: String,
                             props: [String: JSONValue], span: SourceSpan? = nil) throws(KGError) {
        guard let declaration = edgeTypes[type] else {
            if let derived = derivedTypes[type] {
                throw KGError(.derivedNotWritable, "'\(type)' is a derived edge type: it is computed from other facts and cannot be written",
                              span: span, suggestion: "write the facts its definition reads instead: \(derived.definition)")
            }
            let fromHere = edgeTypeOrder.filter { edgeTypes[$0]!.sources.contains(sourceKind) || (edgeTypes[$0]!.isSymmetric && edgeTypes[$0]!.targets.contains(sourceKind)) }
            let close = EditDistance.suggestion(for: type, among: edgeTypeOrder).map { "did you mean '\($0)'? " } ?? ""
            let listed = fromHere.isEmpty ? "" : "edge types from \(Plural.article(for: sourceKind)) \(sourceKind): " + fromHere.joined(separator: ", ") + "; "
            throw KGError(.undeclaredEdgeType, "the schema '\(name)' declares no edge type '\(type)'", span: span,
                          suggestion: close + listed + "kg schema shows every type with its phrases; a new type is declared in a schema file (docs/schema-format.md) for kg init --schema")
        }
        let forward = declaration.sources.contains(sourceKind) && declaration.targets.contains(targetKind)
        let backward = declaration.isSymmetric && declaration.sources.contains(targetKind) && declaration.targets.contains(sourceKind)
        guard forward || backward else {
            let arrow = declaration.isSymmetric ? "--" : "->"
            throw KGError(.endpointViolation,
                          "a '\(type)' edge cannot go from \(Plural.article(for: sourceKind)) \(sourceKind) to \(Plural.article(for: targetKind)) \(targetKind): the schema allows '\(type): \(declaration.sources) \(arrow) \(declaration.targets)'",
                          span: span)
        }
        try validate(props: props, declared: declaration.properties, order: declaration.propertyOrder,
                     isOpen: declaration.isOpen, owner: "edge type \(type)", span: span)
    }

    private func validate(props: [String: JSONValue], declared: [String: PropertyDefinition], order: [String],
                          isOpen: Bool, owner: String, span: SourceSpan?) throws(KGError) {
        for key in props.keys.sorted() {
            let value = props[key]!
            guard let definition = declared[key] else {
                if isOpen { continue }
                throw KGError(.undeclaredProperty, "\(owner) has no property '\(key)'", span: span,
                              suggestion: EditDistance.suggestion(for: key, among: order).map { "did you mean '\($0)'?" }
                                ?? (order.isEmpty ? "it declares no properties" : "its properties are " + order.joined(separator: ", ")))
            }
            if case .null = value { continue }
            guard definition.type.accepts(value) else {
                throw KGError(.propertyType, "property '\(key)' of \(owner) is \(Plural.article(for: definition.type.rawValue)) \(definition.type.rawValue), not \(value.typeDescription)",
                              span: span, suggestion: definition.type == .date ? "dates are written 2017, 2017-07 or 2017-07-14" : nil)
            }
            if let allowed = definition.allowedValues, case .string(let s) = value, !allowed.contains(s) {
                throw KGError(.valueNotAllowed, "'\(s)' is not an allowed value of '\(key)' (\(owner))", span: span,
                              suggestion: (EditDistance.suggestion(for: s, among: allowed).map { "did you mean '\($0)'? " } ?? "")
                                + "allowed: " + allowed.joined(separator: ", "))
            }
        }
        for key in order where declared[key]!.isRequired {
            if props[key] == nil || props[key] == .null {
                throw KGError(.missingRequiredProperty, "\(owner) requires the property '\(key)'", span: span,
                              suggestion: declared[key]!.allowedValues.map { "add \(key)=VALUE, one of: " + $0.joined(separator: ", ") }
                                ?? "add \(key)=VALUE (\(Plural.article(for: declared[key]!.type.rawValue)) \(declared[key]!.type.rawValue))")
            }
        }
    }
}

extension JSONValue {
    /// "a string (\"x\")", "an int (3)", … for error messages.
    package var typeDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "a bool (\(b))"
        case .int(let i): return "an int (\(i))"
        case .double(let d): return "a float (\(d))"
        case .string(let s): return "a string (\"\(s.prefix(40))\")"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}
