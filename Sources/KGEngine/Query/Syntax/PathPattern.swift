import KGModel

/// A path pattern: `[p =] [SHORTEST] (node) step (node) step (node) ...`.
public struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    /// The path variable of `p = ...`, if any.
    public var variable: Identifier?
    public var selector: PathSelector?
    /// The first node.
    public var start: NodePattern
    /// The steps after the first node, each with the node it arrives at.
    public var hops: [PatternHop]
    @IgnoredSpan public var span: SourceSpan

    public init(variable: Identifier? = nil, selector: PathSelector? = nil, start: NodePattern,
                hops: [PatternHop] = [], span: SourceSpan = .unknown) {
        self.variable = variable
        self.selector = selector
        self.start = start
        self.hops = hops
        self.span = span
    }

    /// All node patterns of the top level of the path, in order (not those
    /// inside groups).
    public var nodes: [NodePattern] { [start] + hops.map(\.node) }

    public var description: String { QueryPrinter.format(self) }
}

/// `SHORTEST`, `ANY SHORTEST` or `ALL SHORTEST` before a path pattern.
public struct PathSelector: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `SHORTEST`: one shortest path.
        case shortest
        /// `ANY SHORTEST`: any one shortest path (same as `SHORTEST`, GQL spelling).
        case anyShortest
        /// `ALL SHORTEST`: every path of the shortest length.
        case allShortest
    }

    public var kind: Kind
    @IgnoredSpan public var span: SourceSpan

    public init(_ kind: Kind, span: SourceSpan = .unknown) {
        self.kind = kind
        self.span = span
    }
}

/// One step of a path followed by the node it reaches.
public struct PatternHop: Sendable, Hashable {
    public var step: PatternStep
    public var node: NodePattern

    public init(step: PatternStep, node: NodePattern) {
        self.step = step
        self.node = node
    }

    public var span: SourceSpan { step.span.merged(with: node.span) }
}

/// What lies between two nodes: one edge, or a parenthesized group of
/// edges and nodes repeated by a quantifier.
public indirect enum PatternStep: Sendable, Hashable {
    case edge(EdgePattern)
    case group(GroupPattern)

    public var span: SourceSpan {
        switch self {
        case .edge(let edge): return edge.span
        case .group(let group): return group.span
        }
    }

    /// The quantifier of the edge or group, if any.
    public var quantifier: Quantifier? {
        switch self {
        case .edge(let edge): return edge.quantifier
        case .group(let group): return group.quantifier
        }
    }
}

/// `(var:Kind1|Kind2 {key: value} = name)` or `("name")` / `($param)`.
/// A bare `(Xiaomi)` is a node with the *variable* `Xiaomi`; the binder
/// decides whether an unbound variable names a node.
public struct NodePattern: Sendable, Hashable, CustomStringConvertible {
    public var variable: Identifier?
    /// Kinds written `:A|B`: the node has any one of them. Empty: any kind.
    public var kinds: [Identifier]
    public var properties: [PropertyConstraint]
    /// The node's name: `= "FAW Car"`, `= $company`, `= Xiaomi`, or the
    /// whole body of `("FAW Car")` / `($company)`.
    public var name: NameReference?
    @IgnoredSpan public var span: SourceSpan

    public init(variable: Identifier? = nil, kinds: [Identifier] = [], properties: [PropertyConstraint] = [],
                name: NameReference? = nil, span: SourceSpan = .unknown) {
        self.variable = variable
        self.kinds = kinds
        self.properties = properties
        self.name = name
        self.span = span
    }

    public var description: String { QueryPrinter.format(self) }
}

/// A reference to a node by name (key, name or alias; the binder resolves it).
public struct NameReference: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `"FAW Car"`
        case string(String)
        /// `$company`
        case parameter(String)
        /// `Xiaomi` after `=`
        case identifier(String)
    }

    public var kind: Kind
    @IgnoredSpan public var span: SourceSpan

    public init(_ kind: Kind, span: SourceSpan = .unknown) {
        self.kind = kind
        self.span = span
    }
}

/// `key: value` inside `{...}` of a node or edge pattern: the property must equal the value.
public struct PropertyConstraint: Sendable, Hashable {
    public var key: Identifier
    public var value: Expression
    @IgnoredSpan public var span: SourceSpan

    public init(key: Identifier, value: Expression, span: SourceSpan = .unknown) {
        self.key = key
        self.value = value
        self.span = span
    }
}

/// Which way an edge pattern points, read left to right.
public enum EdgeDirection: Sendable, Hashable {
    /// `-[...]->`, `-->`: from the left node to the right node.
    case outgoing
    /// `<-[...]-`, `<--`: from the right node to the left node.
    case incoming
    /// `-[...]-`, `--`: either way.
    case undirected
}

/// An edge type in an edge pattern; `^type` traverses the type against its
/// direction.
public struct EdgeTypeReference: Sendable, Hashable {
    public var name: Identifier
    /// Written with `^`.
    public var inverse: Bool
    @IgnoredSpan public var span: SourceSpan

    public init(_ name: Identifier, inverse: Bool = false, span: SourceSpan = .unknown) {
        self.name = name
        self.inverse = inverse
        self.span = span
    }
}

/// `-[e:type1|^type2 *1..3 {key: value}]->` and the untyped `-->`, `<--`, `--`.
public struct EdgePattern: Sendable, Hashable, CustomStringConvertible {
    public var variable: Identifier?
    /// Types written `:a|^b`: the edge has any one of them. Empty: any type.
    public var types: [EdgeTypeReference]
    public var direction: EdgeDirection
    /// Repetition, written inside the brackets (`*1..3`) or after the edge (`-+`, `->{1,3}`).
    public var quantifier: Quantifier?
    public var properties: [PropertyConstraint]
    @IgnoredSpan public var span: SourceSpan

    public init(variable: Identifier? = nil, types: [EdgeTypeReference] = [], direction: EdgeDirection,
                quantifier: Quantifier? = nil, properties: [PropertyConstraint] = [], span: SourceSpan = .unknown) {
        self.variable = variable
        self.types = types
        self.direction = direction
        self.quantifier = quantifier
        self.properties = properties
        self.span = span
    }

    public var description: String { QueryPrinter.format(self) }
}

/// `( step (node) step ... )quantifier`: a composite segment repeated, as
/// in `(c) (<-[:party]-(:Agreement)-[:party]->){1,3} (d)`.
///
/// `steps[0]`, `nodes[0]`, `steps[1]`, ..., `steps[n]`: there is always one
/// node fewer than steps (`nodes.count == steps.count - 1`).
public struct GroupPattern: Sendable, Hashable {
    public var steps: [PatternStep]
    public var nodes: [NodePattern]
    public var quantifier: Quantifier
    @IgnoredSpan public var span: SourceSpan

    public init(steps: [PatternStep], nodes: [NodePattern] = [], quantifier: Quantifier, span: SourceSpan = .unknown) {
        self.steps = steps
        self.nodes = nodes
        self.quantifier = quantifier
        self.span = span
    }
}

/// How many times an edge or group repeats: from `min` to `max` (nil: no limit).
///
/// Written forms: `+` (1..), `?` (0..1), `{n}`, `{n,}`, `{n,m}`, `{,m}`
/// (0..m), and the Cypher star forms `*`, `*n` (exactly n), `*n..m`,
/// `*n..`, `*..m`. A star with no lower bound starts at 1 inside edge
/// brackets (Cypher: `-[:t*]->` is 1..) and at 0 after an edge or group
/// (GQL: `->*` is 0..).
public struct Quantifier: Sendable, Hashable, CustomStringConvertible {
    public var min: Int
    public var max: Int?
    @IgnoredSpan public var span: SourceSpan

    public init(min: Int, max: Int?, span: SourceSpan = .unknown) {
        self.min = min
        self.max = max
        self.span = span
    }

    public var description: String { QueryPrinter.format(self) }
}
