import KGModel

/// Enumerated property values written in a variant spelling (`kind=cross_licence`)
/// are read as the schema's own (`cross_license`), each with a note.
extension GraphTextDocument {
    /// The document with variant spellings of allowed values replaced, and a
    /// note for each ("line 4: read 'cross_licence' as 'cross_license'").
    func canonicalSpellings(schema: GraphSchema) -> (GraphTextDocument, notes: [String]) {
        var document = self
        var notes: [String] = []
        func fix(_ props: inout [String: JSONValue], spans: [String: SourceSpan], declared: [String: PropertyDefinition]?) {
            for (name, value) in props {
                guard case .string(let text) = value, let canonical = declared?[name]?.allowedSpelling(of: text) else { continue }
                props[name] = .string(canonical)
                let line = spans[name].map { "line \($0.start.line): " } ?? ""
                notes.append("\(line)read \(name)='\(text)' as '\(canonical)'")
            }
        }
        for n in document.nodes.indices {
            fix(&document.nodes[n].props, spans: document.nodes[n].propSpans, declared: schema.kinds[document.nodes[n].kind]?.properties)
            for e in document.nodes[n].edges.indices {
                let edge = document.nodes[n].edges[e]
                fix(&document.nodes[n].edges[e].props, spans: edge.propSpans, declared: schema.edgeTypes[edge.type]?.properties)
            }
        }
        for e in document.edges.indices {
            fix(&document.edges[e].props, spans: document.edges[e].propSpans, declared: schema.edgeTypes[document.edges[e].type]?.properties)
        }
        return (document, notes)
    }
}
