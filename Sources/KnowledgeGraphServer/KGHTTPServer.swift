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
/// socket closes, requests in flight are answered, then the threads end.
public final class KGHTTPServer: Sendable {
    public let configuration: ServerConfiguration
    let readers: EnginePool
    let writer: EnginePool?
    private let group = ServiceGroupBox()

    /// Opens the reader connections (and the writer's, when writes are allowed).
    public init(configuration: ServerConfiguration) throws(KGError) {
        guard configuration.readers >= 1 && configuration.readers <= 64 else {
            throw KGError(.usage, "--readers must be between 1 and 64, not \(configuration.readers)")
        }
        self.configuration = configuration
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
        router.add(middleware: ErrorMiddleware())
        addPageRoutes(to: router)
        addQueryRoutes(to: router)
        addGraphRoutes(to: router)
        addExplorerRoutes(to: router)
        addWriteRoute(to: router)
        return router
    }

    /// Reader sessions answering a request at this moment.
    public var busyReaders: Int { readers.busySessions }

    /// Every route as "METHOD /path" (OpenAPI style: `{name}` for a parameter).
    public var routes: [String] {
        makeRouter().routes.map { route in
            let path = route.path.description.split(separator: "/", omittingEmptySubsequences: false).map { part in
                part.hasPrefix(":") ? "{" + part.dropFirst() + "}" : String(part)
            }.joined(separator: "/")
            return "\(route.method.rawValue) \(path.isEmpty ? "/" : path)"
        }.sorted()
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
        let serviceGroup = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: signals ? [.sigterm, .sigint] : [],
                                                             logger: logger))
        await group.set(serviceGroup)
        defer {
            readers.shutdown()
            writer?.shutdown()
        }
        try await serviceGroup.run()
    }

    /// Starts a graceful shutdown: no new connections; requests in flight finish.
    public func shutdown() async {
        await group.shutdown()
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

/// Turns every failure into a JSON error answer: a ``KGError`` with its
/// status, Hummingbird's own errors (no route, body too large) as kg codes,
/// anything else as a storage error (500), never a bare status.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
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
