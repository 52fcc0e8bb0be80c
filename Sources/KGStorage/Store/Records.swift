import KGModel

/// A node as stored.
public struct NodeRecord: Sendable, Hashable {
    public var id: Int64
    /// The stable key (slug), unique in the graph.
    public var key: String
    public var kind: String
    public var name: String
    /// The properties as stored: a JSON object. Parsed on access (``props``),
    /// so that reading many nodes for their keys or names stays cheap.
    public var propsJSON: String

    /// The properties.
    public var props: [String: JSONValue] {
        get { propsJSON == "{}" || propsJSON.isEmpty ? [:] : ((try? JSONParser.parse(propsJSON))?.objectValue ?? [:]) }
        set { propsJSON = JSONValue.object(newValue).serialized }
    }

    public init(id: Int64, key: String, kind: String, name: String, props: [String: JSONValue] = [:]) {
        self.id = id
        self.key = key
        self.kind = kind
        self.name = name
        self.propsJSON = props.isEmpty ? "{}" : JSONValue.object(props).serialized
    }

    package init(id: Int64, key: String, kind: String, name: String, propsJSON: String) {
        self.id = id
        self.key = key
        self.kind = kind
        self.name = name
        self.propsJSON = propsJSON
    }
}

/// An edge as stored.
public struct EdgeRecord: Sendable, Hashable {
    public var id: Int64
    public var type: String
    public var source: Int64
    public var target: Int64
    public var props: [String: JSONValue]
    /// When the fact holds; either end may be open.
    public var period: DatePeriod

    public init(id: Int64, type: String, source: Int64, target: Int64, props: [String: JSONValue] = [:], period: DatePeriod = DatePeriod()) {
        self.id = id
        self.type = type
        self.source = source
        self.target = target
        self.props = props
        self.period = period
    }
}

/// A document facts rest on.
public struct SourceRecord: Sendable, Hashable {
    public var id: Int64
    public var key: String
    public var file: String
    public var title: String?
    public var published: PartialDate?
    public var language: String?
    public var author: String?

    public init(id: Int64 = 0, key: String, file: String, title: String? = nil, published: PartialDate? = nil,
                language: String? = nil, author: String? = nil) {
        self.id = id
        self.key = key
        self.file = file
        self.title = title
        self.published = published
        self.language = language
        self.author = author
    }
}

/// One piece of evidence: a quoted sentence from a source, for a node or an edge.
public struct EvidenceRecord: Sendable, Hashable {
    public var id: Int64
    public var source: SourceRecord
    public var quote: String
    public var node: Int64?
    public var edge: Int64?

    package init(id: Int64, source: SourceRecord, quote: String, node: Int64? = nil, edge: Int64? = nil) {
        self.id = id
        self.source = source
        self.quote = quote
        self.node = node
        self.edge = edge
    }
}

/// Counts by node kind and edge type.
public struct GraphStatistics: Sendable, Equatable {
    public var nodesByKind: [(kind: String, count: Int)]
    public var edgesByType: [(type: String, count: Int)]
    public var aliases: Int
    public var sources: Int
    public var evidence: Int

    package init(nodesByKind: [(kind: String, count: Int)], edgesByType: [(type: String, count: Int)], aliases: Int, sources: Int, evidence: Int) {
        self.nodesByKind = nodesByKind
        self.edgesByType = edgesByType
        self.aliases = aliases
        self.sources = sources
        self.evidence = evidence
    }

    public var nodeCount: Int { nodesByKind.reduce(0) { $0 + $1.count } }
    public var edgeCount: Int { edgesByType.reduce(0) { $0 + $1.count } }

    public static func == (a: GraphStatistics, b: GraphStatistics) -> Bool {
        a.nodesByKind.map { "\($0.kind)=\($0.count)" } == b.nodesByKind.map { "\($0.kind)=\($0.count)" }
            && a.edgesByType.map { "\($0.type)=\($0.count)" } == b.edgesByType.map { "\($0.type)=\($0.count)" }
            && a.aliases == b.aliases && a.sources == b.sources && a.evidence == b.evidence
    }
}
