import KGModel
import KGStorage

/// A piece of a question as kg read it: a node name, a relation phrase, a
/// kind noun, a function word, or a word it does not know.
enum QuestionItem: Sendable {
    /// Words naming one node of the graph.
    case name(NodeRecord, text: String, span: SourceSpan)
    /// A relation phrase: one or more edge types read the same way.
    case relation(RelationReading, span: SourceSpan)
    /// A kind as a noun ("companies").
    case kind(String, text: String, span: SourceSpan)
    /// A question word, auxiliary, article, … ("who", "does", "the").
    case word(FunctionWords.Role, QuestionToken)
    /// A word kg does not know.
    case unknown(QuestionToken)

    var span: SourceSpan {
        switch self {
        case .name(_, _, let span), .relation(_, let span), .kind(_, _, let span): return span
        case .word(_, let token), .unknown(let token): return token.span
        }
    }

    /// How the item was understood, for ``AskAnswer/understood`` and messages.
    var understanding: String? {
        switch self {
        case .name(let node, let text, _):
            return text == node.name ? "\(text) (\(node.kind))" : "\(text) = \(node.name) (\(node.kind))"
        case .relation(let reading, _):
            return "'\(reading.text)' = " + reading.types.joined(separator: "|") + (reading.subjectIsSource || reading.isSymmetric ? "" : " (inverse)")
        case .kind(let kind, let text, _): return "'\(text)' = kind \(kind)"
        case .word(let role, let token):
            switch role {
            case .article, .filler, .preposition, .and, .auxiliary, .have: return nil
            default: return token.text.lowercased()
            }
        case .unknown: return nil
        }
    }

    var role: FunctionWords.Role? { if case .word(let role, _) = self { return role } else { return nil } }
    var isName: Bool { if case .name = self { return true } else { return false } }
    var relation: RelationReading? { if case .relation(let r, _) = self { return r } else { return nil } }
}

/// A relation phrase as read: the edge types it names (several when more
/// than one type reads the same), and which end is its subject.
struct RelationReading: Sendable, Hashable {
    var types: [String]
    var subjectIsSource: Bool
    var isSymmetric: Bool
    var isNoun: Bool
    /// Read without its final "in" (only a where-question takes it).
    var isWhereForm = false
    var language: String
    /// The kind of the node at the phrase's object end, from a relative
    /// clause ("CEO of the company that sold patents to Xiaomi").
    var objectKind: String? = nil
    /// The words of the question it covers.
    var text: String
    /// Other readings of the same words, next best first: the grammar takes
    /// one of them when this one does not fit the kinds of the names around it
    /// ("does Nokia supply Xiaomi": supplies, not the role edge supplier).
    var alternatives: [RelationReading] = []
}
