import KnowledgeGraph

/// How `kg serve --http` runs: which graph, where it listens, how many
/// readers, what a request may cost, and whether writes are allowed.
public struct ServerConfiguration: Sendable {
    /// The graph file (opened once per reader, read-only, and once read-write
    /// for the writer when writes are allowed).
    public var graphPath: String
    public var address: ListenAddress
    /// Reader connections, each on its own thread: queries answered at once.
    public var readers: Int
    public var limits: ServerLimits
    /// The token writes need; nil: the server is read-only (POST /api/write answers 403).
    public var writeToken: AccessToken?
    /// How long a write waits for another process's write lock, in milliseconds.
    public var busyTimeout: Int32
    /// Host names (`--allow-host`) requests may name in their Host header
    /// besides the address the server listens on (see ``AllowedHosts``).
    public var allowedHosts: [String]
    /// Seconds a graceful shutdown waits for the requests in flight (their
    /// queries are cancelled at its start); then the connections are dropped.
    public var shutdownDeadline: Double

    public init(graphPath: String, address: ListenAddress = ListenAddress(port: 8080), readers: Int = 4,
                limits: ServerLimits = ServerLimits(), writeToken: AccessToken? = nil, busyTimeout: Int32 = 5000,
                allowedHosts: [String] = [], shutdownDeadline: Double = 10) {
        self.graphPath = graphPath
        self.address = address
        self.readers = readers
        self.limits = limits
        self.writeToken = writeToken
        self.busyTimeout = busyTimeout
        self.allowedHosts = allowedHosts
        self.shutdownDeadline = shutdownDeadline
    }

    /// Whether POST /api/write is open (to holders of the token).
    public var allowsWrites: Bool { writeToken != nil }
}
