import ArgumentParser
import Dispatch
import Foundation
import KnowledgeGraph
import KnowledgeGraphServer

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer queries over HTTP (--http, with a web page) or query and write requests as JSON lines on stdin (--stdio).",
        discussion: """
            --http [ADDRESS:]PORT serves the JSON API (GET /api/openapi.json describes it) and the \
            web page at / on 127.0.0.1 (this machine only) unless an address is given. It is \
            read-only unless started with --allow-writes --token-file FILE (a file only its owner \
            may read). It answers only requests whose Host header names its address (or a name \
            given with --allow-host; 421 otherwise), and JSON routes only with Content-Type: \
            application/json (415). Request bodies and their parsing count against --max-memory. \
            SIGTERM or Ctrl-C cancels the running queries and stops it once the requests in flight \
            are answered (after 10 s, open connections are dropped); a second signal stops it at once.

              kg serve --http 8080                      then open http://127.0.0.1:8080/
              kg serve --http 0.0.0.0:8080 --readers 8  reachable from other machines
              kg serve --http 8080 --allow-writes --token-file token.txt --db deals.sqlite

            --stdio speaks JSON lines on standard input and output.
            Each request is one line: {"id": 1, "query": "MATCH …", "params": {"company": "c0"}}
            or a question in plain words: {"id": 2, "ask": "who licenses patents to Xiaomi"}
            (the answer adds "question", "query_text" and "understood", as POST /api/ask does).
            Each answer is one line: {"id": 1, "columns": [...], "rows": [[...]], "elapsed_s": 0.0012}
            or, on failure, {"id": 1, "error": {"code": "KGB006", "message": "…", "line": 1, "column": 8}}.
            A malformed line gets an error answer (with the request's id when it can be read; \
            an id is sent back exactly as written, so 12345678901234567890 stays that number) \
            and the server goes on. A line longer than 16 MiB (or a quarter of --max-memory) gets \
            a KGI012 error answer without being held in memory; a request whose parsing would \
            need more than --max-memory gets KGE005 before it is parsed. It stops when stdin closes.

            Writes: {"id": 2, "write": "GRAPH TEXT", "update": false, "reason": "…"} applies graph text
            (node, edge, source, set, retract statements) under the rules of kg import, as one
            recorded write; readers in other processes see all of it or none. The answer:
            {"id": 2, "write": 5, "summary": "1 node added; …", "counts": {"nodes_added": 1, …}}
            ("write": null when nothing changed). {"id": 3, "revert": 5} undoes write 5.
            A graph opened --read-only answers writes with error KGD004.

            Example:
              echo '{"id":1,"query":"MATCH (c:Company) RETURN count(*)"}' | kg serve --stdio
            """
    )

    @OptionGroup var graph: GraphOptions

    @Flag(help: "Speak the JSON-lines protocol on standard input and output.")
    var stdio = false

    @Option(help: ArgumentHelp("Serve HTTP on this port (127.0.0.1 unless an address is given; port 0: any free port).",
                               valueName: "[address:]port"))
    var http: String?

    @Option(parsing: .unconditional, help: "HTTP: reader connections, each answering one request at a time (1 to 64).")
    var readers: Int = 4

    @Flag(name: .customLong("allow-writes"), help: "HTTP: accept POST /api/write (graph text) from holders of the --token-file token.")
    var allowWrites = false

    @Option(name: .customLong("token-file"), help: ArgumentHelp("HTTP: the file holding the token writes must send (Authorization: Bearer …).", valueName: "file"))
    var tokenFile: String?

    @Option(name: .customLong("max-body"), parsing: .unconditional, help: ArgumentHelp("HTTP: the largest request body accepted, in bytes.", valueName: "bytes"))
    var maxBody: Int = 1 << 20

    @Option(name: .customLong("allow-host"),
            help: ArgumentHelp("HTTP: a host name requests may give in their Host header besides the listening address (repeatable); others get 421.",
                               valueName: "name"))
    var allowHost: [String] = []

    @OptionGroup var budget: BudgetOptions

    func run() throws {
        if let http {
            guard !stdio else { throw Terminal.report(KGError(.usage, "--http and --stdio exclude each other")) }
            return try serveHTTP(http)
        }
        guard stdio else {
            throw Terminal.report(KGError(.usage, "say how to serve: --http [ADDRESS:]PORT or --stdio",
                                          suggestion: "for example: kg serve --http 8080, then open http://127.0.0.1:8080/"))
        }
        try Terminal.run {
            let store = try graph.open(mode: .automatic)
            Self.keepFreedMemory()
            let server = QueryServer(engine: QueryEngine(store: store), limits: try budget.limits())
            let input = BoundedLineReader(fd: 0, maxLineBytes: server.maxLineBytes)
            // One buffer for every answer: written into, sent, emptied.
            var out = JSONWriter(capacity: 1 << 16)
            while let next = input.next() {
                out.removeAll()
                switch next {
                case .line(let line):
                    if QueryServer.isBlank(line) { continue }
                    server.answer(line, into: &out)
                case .tooLong(let bytes, let prefix):
                    out.appendJSONText(server.answerTooLong(bytes: bytes, prefix: prefix))
                }
                out.append(byte: 0x0A)
                Terminal.output(bytes: out.bytes)
            }
        }
    }

    /// A warm server allocates and frees about the same memory for every
    /// request. By default glibc hands freed memory at the top of the heap
    /// back to the system (above 128 KiB) and serves blocks above 128 KiB with
    /// mmap, so each request faulted the same pages in again (a tenth of a
    /// warm name lookup's time). Up to 64 MiB of freed memory is kept instead.
    private static func keepFreedMemory() {
        #if os(Linux) && canImport(Glibc)
        _ = glibcMallopt(-3, 32 << 20)   // M_MMAP_THRESHOLD
        _ = glibcMallopt(-1, 64 << 20)   // M_TRIM_THRESHOLD
        #endif
    }

    /// `--http`: runs the server until SIGTERM or SIGINT, then waits for the
    /// requests in flight.
    private func serveHTTP(_ addressText: String) throws {
        var server: KGHTTPServer?
        try Terminal.run {
            let address = try ListenAddress.parse(addressText)
            let budget = try self.budget.limits()
            guard maxBody >= 1 else { throw KGError(.usage, "--max-body must be at least 1 byte, not \(maxBody)") }
            if allowWrites != (tokenFile != nil) {
                throw KGError(.usage, allowWrites ? "--allow-writes needs --token-file FILE: writes are never open to anyone"
                                                  : "--token-file goes with --allow-writes",
                              suggestion: "make a token with: head -c 32 /dev/urandom | base64 > token.txt")
            }
            let token = try tokenFile.map { path throws(KGError) in try AccessToken.read(from: path) }
            // Builds the seed graph on first use, and checks the file is a graph.
            let store = try graph.open(mode: allowWrites ? .readWrite : .readOnly)
            let path = store.path
            let limits = ServerLimits(timeLimit: budget.timeLimit, rowLimit: budget.rowLimit, memoryLimit: budget.memoryLimit,
                                      maxBodyBytes: maxBody)
            server = try KGHTTPServer(configuration: ServerConfiguration(graphPath: path, address: address, readers: readers, limits: limits,
                                                                         writeToken: token, busyTimeout: graph.busyTimeout,
                                                                         allowedHosts: allowHost))
            if !address.isLoopback {
                Terminal.note("kg: listening on \(address.host), which other machines may reach")
            }
        }
        guard let server else { return }
        let stopAtOnce = Self.exitOnSecondSignal(first: { server.cancelRunningQueries() })
        defer { stopAtOnce.forEach { $0.cancel() } }
        let outcome = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await server.run { bound in
                    Terminal.note("kg: serving \(URLText.http(bound)) (read-\(server.configuration.allowsWrites ? "write" : "only"); Ctrl-C or SIGTERM stops)")
                }
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error {
            throw Terminal.report(error as? KGError ?? KGError(.storage, "the HTTP server stopped: \(error)"))
        }
        Terminal.note("kg: stopped")
    }
}

#if os(Linux) && canImport(Glibc)
/// glibc's `int mallopt(int param, int value)` (malloc.h, which the Glibc
/// module does not export).
@_silgen_name("mallopt")
private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
#endif

extension ServeCommand {
    /// The first SIGTERM or SIGINT stops the server gracefully (its service
    /// group handles that, and `first` cancels the running queries at once);
    /// a second one ends the process at once, with 128 + the signal.
    fileprivate static func exitOnSecondSignal(first: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        let count = SignalCount()
        return [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if count.increment() >= 2 {
                    Terminal.note("kg: stopped at once (second signal)")
                    _exit(128 + number)
                }
                first()
            }
            source.resume()
            return source
        }
    }
}

/// Signals received so far.
private final class SignalCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() -> Int { lock.withLock { count += 1; return count } }
}

/// What the server's task ended with, read once it has signalled.
private final class ServeOutcome: @unchecked Sendable {
    var error: (any Error)?
}

enum URLText {
    static func http(_ address: ListenAddress) -> String { "http://\(address)/" }
}
