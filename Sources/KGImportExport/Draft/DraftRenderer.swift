import KGModel
import KGStorage
import KGSQLite
import KGEngine
import KGAsk

/// Writes an ``ArticleDraft`` as graph text (docs/graph-text-format.md) for
/// a reviewer: the source line, proposed new entities, one block per
/// proposed fact with the sentence it rests on under every edge, each
/// preceded by a comment naming the lexicon line and the words it read;
/// facts the graph already has and sentences left out as speculation as
/// comments. `kg import` reads it as it stands.
struct DraftRenderer {
    let draft: ArticleDraft

    func render() -> String {
        let o = draft.options
        var out = "# Draft by kg draft from \(quoted(o.file)) (\(draft.language)): proposals to review, then `kg import` this file.\n"
        out += "# Each fact names the lexicon line and the words of the sentence it rests on; delete what is wrong.\n\n"
        if draft.sourceIsNew {
            out += "source \(o.sourceKey) file=\(quoted(o.file))"
            if let p = o.published { out += " published=\(p)" }
            out += " lang=\(draft.language)\n\n"
        } else {
            out += "# source \(o.sourceKey): already in the graph\n\n"
        }
        for e in draft.newEntities {
            out += "# proposed new entity (review its kind and name): named after \(quoted(e.designator))\n"
            out += "node \(e.entity.kind) \(e.entity.key) \(quoted(e.entity.name))\n"
            out += "  evidence \(o.sourceKey) \(quoted(e.quote))\n\n"
        }
        var usedKeys = draft.takenKeys
        for p in draft.proposals {
            out += "# proposed \(p.type)\(p.bothWays ? " (both ways)" : ""): lexicon \(oneLine(p.lexicon)); words \(p.words.map { quoted($0) }.joined(separator: ", "))"
            out += p.readings.map { "; \(oneLine($0))" }.joined() + "\n"
            out += block(p, usedKeys: &usedKeys) + "\n"
        }
        for k in draft.known {
            let p = k.proposal
            out += "# already known: \(p.source.key) \(p.type) \(p.target.key)\(p.bothWays ? " (both ways)" : "")" + (k.factNode.map { " in \($0)" } ?? "")
            out += (k.write.map { " (added by write \($0), kg log)" } ?? "") + ": \(quoted(p.quotes[0]))\n"
        }
        if !draft.known.isEmpty { out += "\n" }
        for s in draft.skipped {
            out += "# not proposed, speculation, rumour or denial (\(s.markers.map { quoted($0) }.joined(separator: ", "))): \(quoted(s.sentence))\n"
        }
        return out
    }

    private func block(_ p: FactProposal, usedKeys: inout Set<String>) -> String {
        let key = draft.options.sourceKey
        let evidence = p.quotes.map { "evidence \(key) \(quoted($0))" }
        guard let shape = draft.shapes[p.type], let kind = shape.factKind, let sr = shape.sourceRole, let tr = shape.targetRole else {
            var out = "edge \(p.source.key) \(p.type) \(p.target.key)\n" + evidence.map { "  \($0)\n" }.joined()
            if p.bothWays { out += "edge \(p.target.key) \(p.type) \(p.source.key)\n" + evidence.map { "  \($0)\n" }.joined() }
            return out
        }
        let schema = draft.schema
        let name = "\(p.source.name) \(schema.phrase(of: p.type)) \(p.target.name)" + (p.bothWays ? " (both ways)" : "")
        // The source key in the fact's key: drafts of several articles import side by side.
        let factKey = ArticleDrafter.uniqueKey(ArticleDrafter.slug("\(p.source.name) \(p.target.name) \(p.type) \(key)"), taken: &usedKeys)
        var line = "node \(kind) \(factKey) \(quoted(name))"
        for (k, v) in shape.properties { line += " \(k)=\(value(v, kind: kind, property: k))" }
        if let dateProp = schema.kinds[kind]?.propertyOrder.first(where: { schema.kinds[kind]?.properties[$0]?.type == .date }),
           !shape.properties.contains(where: { $0.0 == dateProp }), let date = p.date {
            line += " \(dateProp)=\(date)"
        }
        var roles: [(FactShape.Role, DraftEntity)] = [(sr, p.source), (tr, p.target)]
        if p.bothWays { roles += [(sr, p.target), (tr, p.source)] }
        var seen = Set<String>()
        roles = roles.filter { seen.insert("\($0.0.type) \($0.1.key)").inserted }
        var out = line + "\n"
        var separate = ""
        for (role, end) in roles {
            if role.fromFact {
                out += "  \(role.type) \(end.key)\n" + evidence.map { "    \($0)\n" }.joined()
            } else {
                separate += "edge \(end.key) \(role.type) \(factKey)\n" + evidence.map { "  \($0)\n" }.joined()
            }
        }
        out += evidence.map { "  \($0)\n" }.joined()
        return out + separate
    }

    /// A property value as graph text: bare for numbers and booleans the schema declares so, quoted otherwise.
    private func value(_ v: String, kind: String, property: String) -> String {
        switch draft.schema.kinds[kind]?.properties[property]?.type {
        case .int?, .float?, .bool?, .date?: return v
        default: return quoted(v)
        }
    }

    private func quoted(_ s: String) -> String { LineTokenizer.quoted(s) }

    /// Text for a comment: no line breaks.
    private func oneLine(_ s: String) -> String {
        String(s.map { $0.isNewline ? " " : $0 })
    }
}
