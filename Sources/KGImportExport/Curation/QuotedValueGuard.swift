import KGModel
import KGStorage
import KGSQLite
/// Corrections keep evidence straight: a new value for a property that the
/// node's evidence states otherwise is refused (KGC013), naming the quote,
/// unless the correction is forced (`kg set … --update`); then the quotes
/// are recorded in the history as superseded for that property
/// (`kg log --changes`: "set xiaomi.founded: 2004 → 2001 (supersedes …)").
///
/// A quote states a value when the value's text occurs in it as a whole word
/// (2004 in "gegründet 2004", "founded in 2004"). The new value is supported
/// when an article's quote states it: one of the node's quotes or the
/// correction's own evidence; a statement of a source that names no file
/// (`curator`) does not outweigh an article.
struct QuotedValueGuard {
    let store: GraphStore

    /// The node's quotes that state `old` when none states `new`; empty when
    /// the change contradicts no quote.
    func contradicted(node: NodeRecord, property: String, old: JSONValue, new: JSONValue,
                      given: [GraphTextDocument.Evidence]) throws -> [EvidenceRecord] {
        guard let oldText = Self.text(old), let newText = Self.text(new), oldText.lowercased() != newText.lowercased() else { return [] }
        let stored = try store.evidence(forNode: node.id)
        let stating = stored.filter { GraphTextDocument.quote($0.quote, names: oldText.lowercased()) }
        guard !stating.isEmpty else { return [] }
        let supported = stored.contains { ArticleQuotes.namesAFile($0.source.file) && GraphTextDocument.quote($0.quote, names: newText.lowercased()) }
        if supported { return [] }
        for item in given where GraphTextDocument.quote(item.quote, names: newText.lowercased()) {
            let source = try store.source(key: item.sourceKey)
            if source.map({ ArticleQuotes.namesAFile($0.file) }) ?? true { return [] }
        }
        return stating
    }

    /// The refusal: the quote that states the old value, and what to do.
    static func error(node: NodeRecord, property: String, old: JSONValue, new: JSONValue, quotes: [EvidenceRecord], span: SourceSpan?) -> KGError {
        let shown = quotes.prefix(2).map { "\($0.source.key) „\(ResultFormatter.singleLine($0.quote))“" }.joined(separator: "; ")
        let oldText = text(old) ?? old.serialized, newText = text(new) ?? new.serialized
        return KGError(.evidenceContradicted,
                       "the evidence of '\(node.key)' states \(property)=\(oldText): \(shown); no quote states \(newText)",
                       span: span,
                       suggestion: "give the sentence that states \(newText): --evidence SOURCE \"quote\" (graph text: an evidence line); "
                           + "or --update to set it anyway (the quote is recorded as superseded for \(property), kg log --changes)")
    }

    /// The superseded quotes as the history keeps them.
    static func json(_ quotes: [EvidenceRecord]) -> JSONValue {
        .array(quotes.map { .object(["source": .string($0.source.key), "quote": .string($0.quote)]) })
    }

    /// A value as it would be written in a sentence (strings of two characters or more, numbers).
    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s.count >= 2 ? s : nil
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        default: return nil
        }
    }
}
