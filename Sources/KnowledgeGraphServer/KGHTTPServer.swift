import Foundation
import Hummingbird
import KnowledgeGraph
import Logging
import NIOCore
import ServiceLifecycle

/// `kg serve --http`: the JSON API, its OpenAPI document and the web page,
/// over Hummingbird 2.
///
///     let server = try KGHTTPServer(configuration: ServerConfiguration(graphPath: "deals.sqlite",
///                                                                      address: ListenAddress(port: 8080)))
///     try await server.run { address in print("listening on \(address)") }   // until SIGTERM or shutdown()
///
/// Readers: `configuration.readers` connections, each with its own thread
/// and query engine, answer requests in parallel (the graph is in WAL mode,
/// so readers never wait for the writer). Writes, when allowed, go through
/// one read-write connection on a thread of its own, one at a time.
/// SIGTERM or SIGINT (or ``shutdown()``) stops it gracefully: the listening
/// socket closes, running queries are cancelled (they answer KGE003, 503),
/// requests in flight are answered, then the threads end. Connections still
/// open after `configuration.shutdownDeadline` seconds are dropped.
///
/// Hostile clients: a request is answered only when its Host header names
/// one of the server's addresses (``AllowedHosts``, else 421), a JSON route
/// takes only `Content-Type: application/json` (else 415: a web page cannot
/// send it without the browser asking first), and every body counts against
/// the memory budget from its first byte (``RequestAdmission``).
public final class KGHTTPServer: Sendable {
    public let configuration: ServerConfiguration
    let readers: EnginePool
    let writer: EnginePool?
    let admission: RequestAdmission
    let allowedHosts: AllowedHosts
    /// Set when shutdown starts: every running and later query stops with KGE003.
    let cancellation = CancellationFlag()
    private let group = ServiceGroupBox()

    /// Opens the reader connections (and the writer's, when writes are allowed).
    public init(configuration: ServerConfiguration) throws(KGError) {
        guard configuration.readers >= 1 && configuration.readers <= 64 else {
            throw KGError(.usage, "--readers must be between 1 and 64, not \(configuration.readers)")
        }
        self.configuration = configuration
        admission = RequestAdmission(capacity: configuration.limits.memoryLimit, maxReading: 2 * configuration.readers,
                                     maxWaiting: configuration.limits.maxQueued)
        allowedHosts = AllowedHosts(address: configuration.address, extra: configuration.allowedHosts)
        let path = configuration.graphPath, busyTimeout = configuration.busyTimeout
        readers = try EnginePool(name: "reader", count: configuration.readers, maxQueued: configuration.limits.maxQueued) { () throws(KGError) in
            try GraphStore.open(at: path, mode: .readOnly, busyTimeout: busyTimeout)
        }
        if configuration.allowsWrites {
            do {
                writer = try EnginePool(name: "writer", count: 1, maxQueued: configuration.limits.maxQueued) { () throws(KGError) in
                    try GraphStore.open(at: path, mode: .readWrite, busyTimeout: busyTimeout)
                }
            } catch {
                readers.shutdown()
                throw error
            }
        } else {
            writer = nil
        }
    }

    /// The router with every route of the API and the page.
    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ErrorMiddleware(allowedMethods: { [routes = Self.routePatterns(router: nil, server: self)] path in
            RoutePattern.methods(for: path, in: routes)
        }))
        router.add(middleware: HostGuard(allowed: allowedHosts))
        addRoutes(to: router)
        return router
    }

    /// Every route of the API and the page: the one list both the router
    /// and the 405 check (``routePatterns(router:server:)``) are made from.
    func addRoutes(to router: Router<BasicRequestContext>) {
        addPageRoutes(to: router)
        addQueryRoutes(to: router)
        addGraphRoutes(to: router)
        addExplorerRoutes(to: router)
        addWriteRoute(to: router)
    }

    /// Reader sessions answering a request at this moment.
    public var busyReaders: Int { readers.busySessions }

    /// Every route as "METHOD /path" (OpenAPI style: `{name}` for a parameter).
    public var routes: [String] {
        Self.routePatterns(router: makeRouter(), server: self).map { "\($0.method) \($0.path)" }.sorted()
    }

    /// The routes of a router (a new one when nil) as method and OpenAPI-style path.
    static func routePatterns(router: Router<BasicRequestContext>?, server: KGHTTPServer) -> [RoutePattern] {
        let router = router ?? {
            let router = Router()
            server.addRoutes(to: router)
            return router
        }()
        return router.routes.map { route in
            let path = route.path.description.split(separator: "/", omittingEmptySubsequences: false).map { part in
                part.hasPrefix(":") ? "{" + part.dropFirst() + "}" : String(part)
            }.joined(separator: "/")
            return RoutePattern(method: route.method.rawValue, path: path.isEmpty ? "/" : path)
        }
    }

    /// Serves until a graceful shutdown: SIGTERM or SIGINT when `signals` is
    /// true, or ``shutdown()``. `onListening` is told the bound address (with
    /// the port the system chose for port 0).
    public func run(handlingSignals signals: Bool = true, onListening: @escaping @Sendable (ListenAddress) -> Void = { _ in }) async throws {
        var logger = Logger(label: "kg-serve")
        logger.logLevel = .warning
        let host = configuration.address.host
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(host, port: configuration.address.port), serverName: "kg/\(KGVersion.current)"),
            onServerRunning: { channel in
                onListening(ListenAddress(host: host, port: channel.localAddress?.port ?? 0))
            },
            logger: logger
        )
        // Services shut down last first: the watcher cancels the running
        // queries, then the application answers what is in flight.
        let watcher = ShutdownWatcher { [self] in cancelRunningQueries() }
        var groupConfiguration = ServiceGroupConfiguration(
            services: [.init(service: app), .init(service: watcher, successTerminationBehavior: .ignore)],
            gracefulShutdownSignals: signals ? [.sigterm, .sigint] : [], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .milliseconds(Int64(max(configuration.shutdownDeadline, 0) * 1000))
        let serviceGroup = ServiceGroup(configuration: groupConfiguration)
        await group.set(serviceGroup)
        defer {
            readers.shutdown()
            writer?.shutdown()
        }
        do {
            try await serviceGroup.run()
        } catch {
            throw Self.listeningError(error, address: configuration.address)
        }
    }

    /// A failure to listen as a KGError that says what to do: the port is
    /// taken (KGD009), or the address is not this machine's or needs
    /// privileges (KGU015). Other errors are passed on.
    static func listeningError(_ error: any Error, address: ListenAddress) -> any Error {
        guard let io = error as? IOError else { return error }
        switch io.errnoCode {
        case EADDRINUSE:
            return KGError(.addressInUse, "another program already listens on \(address)",
                           suggestion: "stop it, or choose another port (--http 0 takes any free one and says which)")
        case EADDRNOTAVAIL:
            return KGError(.invalidAddress, "\(address.host) is not an address of this machine", suggestion: "leave the address out to serve on 127.0.0.1")
        case EACCES:
            return KGError(.invalidAddress, "listening on port \(address.port) needs privileges kg does not have", suggestion: "choose a port above 1023")
        default:
            return error
        }
    }

    /// Starts a graceful shutdown: running queries are cancelled (KGE003),
    /// no new connections; requests in flight are answered.
    public func shutdown() async {
        cancelRunningQueries()
        await group.shutdown()
    }

    /// Cancels every running query (it answers KGE003, 503) and refuses the
    /// requests still waiting for memory (KGH007): the first step of a
    /// shutdown, also taken on its own by `kg serve` when the first SIGTERM
    /// or SIGINT arrives.
    public func cancelRunningQueries() {
        cancellation.cancel()
        admission.close()
    }
}

/// The running service group, for ``KGHTTPServer/shutdown()``.
private actor ServiceGroupBox {
    private var group: ServiceGroup?
    private var shutdownRequested = false

    func set(_ group: ServiceGroup) async {
        self.group = group
        if shutdownRequested { await group.triggerGracefulShutdown() }
    }

    func shutdown() async {
        shutdownRequested = true
        await group?.triggerGracefulShutdown()
    }
}

/// Waits for the service group's graceful shutdown, then runs `onShutdown`.
private struct ShutdownWatcher: Service {
    let onShutdown: @Sendable () -> Void

    func run() async throws {
        try? await gracefulShutdown()
        onShutdown()
    }
}

/// Turns every failure into a JSON error answer: a ``KGError`` with its
/// status, Hummingbird's own errors (no route, body too large) as kg codes,
/// anything else as a storage error (500), never a bare status. A path that
/// has routes, but not for the request's method, is a 405 with `Allow`.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedMethods: @Sendable (String) -> [String]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as KGError {
            throw APIError(error)
        } catch let error as HTTPError {
            switch error.status {
            case .notFound:
                let methods = allowedMethods(request.uri.path)
                if !methods.isEmpty {
                    var answer = APIError(KGError(.methodNotAllowed, "\(request.uri.path) takes " + methods.joined(separator: ", ")
                                                  + ", not \(request.method.rawValue)",
                                                  suggestion: "GET /api/openapi.json lists the routes and their methods"))
                    answer.headers[.allow] = methods.joined(separator: ", ")
                    throw answer
                }
                throw APIError(KGError(.routeNotFound, "no route for \(request.method.rawValue) \(request.uri.path)",
                                       suggestion: "GET /api/openapi.json lists the routes; the page is at /"))
            case .contentTooLarge:
                throw APIError(KGError(.requestTooLarge, "the request body is larger than the server's limit"))
            default:
                throw APIError(KGError(.invalidRequest, error.body ?? "the request is not valid (\(error.status.code))"),
                               status: error.status.code >= 400 && error.status.code < 500 ? error.status : .badRequest)
            }
        } catch {
            throw APIError(KGError.wrap(error))
        }
    }
}
