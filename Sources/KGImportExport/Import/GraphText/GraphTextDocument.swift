import KGModel
import KGStorage

/// A parsed graph text file (`.kg`, see `docs/graph-text-format.md`): the
/// statements in file order, each with where it stands.
public struct GraphTextDocument: Sendable {
    public struct Source: Sendable {
        public var record: SourceRecord
        public var span: SourceSpan
    }

    public struct Evidence: Sendable {
        public var sourceKey: String
        public var quote: String
        /// Where the source key stands.
        public var span: SourceSpan
        /// Where the quote stands (graph text), for errors about the quote itself.
        public var quoteSpan: SourceSpan? = nil
    }

    public struct Edge: Sendable {
        public var sourceKey: String
        public var type: String
        public var targetKey: String
        public var props: [String: JSONValue]
        public var propSpans: [String: SourceSpan]
        public var period: DatePeriod
        /// Spans of the source key, the type and the target key.
        public var sourceSpan: SourceSpan
        public var typeSpan: SourceSpan
        public var targetSpan: SourceSpan
        public var evidence: [Evidence]
        /// Written with `evidence none`: the fact deliberately carries no evidence.
        public var unsourced = false
    }

    public struct Node: Sendable {
        public var kind: String
        public var key: String
        public var name: String
        public var props: [String: JSONValue]
        public var propSpans: [String: SourceSpan]
        public var aliases: [String]
        public var evidence: [Evidence]
        public var kindSpan: SourceSpan
        public var keySpan: SourceSpan
        /// The block's edges, each with the evidence lines indented under it
        /// (the block's own evidence lines are the node's; edges inherit none).
        public var edges: [Edge]
        /// Written with `evidence none`: the fact deliberately carries no evidence.
        public var unsourced = false
        /// The block has no evidence lines: its evidence is the quote of a
        /// fact of the file that names the node (see ``GraphTextDocument/lendQuotesToNodes()``).
        public var evidenceFromQuote = false
    }

    /// `retract node KEY [cascade=true] reason="…"` or
    /// `retract edge SRC TYPE DST [prop=value …] [from=] [to=] reason="…"`.
    public struct Retraction: Sendable {
        public enum Target: Sendable {
            case node(key: String, cascade: Bool)
            /// The edge of the type between the ends that has these properties
            /// (nil: any) and exactly this period (nil: any); it must be the only one.
            case edge(sourceKey: String, type: String, targetKey: String, props: [String: JSONValue]?, period: DatePeriod?)
        }
        public var target: Target
        public var reason: String
        public var evidence: [Evidence]
        public var span: SourceSpan
    }

    /// `set KEY prop=value … [name="New name"] reason="…"`: new values for an
    /// existing node's properties (a value `null` removes the property).
    public struct Update: Sendable {
        public var key: String
        public var props: [String: JSONValue]
        public var propSpans: [String: SourceSpan]
        public var name: String?
        public var reason: String
        public var evidence: [Evidence]
        public var keySpan: SourceSpan
    }

    public var sources: [Source] = []
    public var nodes: [Node] = []
    /// Stand-alone `edge` statements.
    public var edges: [Edge] = []
    public var updates: [Update] = []
    public var retractions: [Retraction] = []
    /// Keys of node statements that did not parse (collecting every error,
    /// `kg import --check`): facts that name them are not reported again.
    public var skippedKeys = Set<String>()

    /// Every edge, from node blocks and stand-alone statements, in file order
    /// within each group.
    public var allEdges: [Edge] { nodes.flatMap(\.edges) + edges }
}
