import Foundation
import KGModel

/// Which graph file a command uses, and the seed graph built on first use.
///
/// The order is: an explicit path (`--db`), else the `KG_DB` environment
/// variable, else the default graph at `$XDG_DATA_HOME/kg/seed.sqlite`
/// (`~/.local/share/kg/seed.sqlite`), which is built from the seed graph the
/// first time it is needed and rebuilt when this kg carries a newer seed.
/// With neither `XDG_DATA_HOME` (an absolute path) nor `HOME` set there is no
/// default graph: kg never falls back to a shared folder such as /tmp, where
/// another local user could plant a graph first.
public struct GraphLocation: Sendable, Equatable {
    public var path: String
    /// Whether this is the default graph (built from the seed on demand).
    public var isDefault: Bool
    /// Why there is no default graph (no HOME and no XDG_DATA_HOME); nil when `path` is usable.
    public var unavailable: String?

    public init(path: String, isDefault: Bool, unavailable: String? = nil) {
        self.path = path
        self.isDefault = isDefault
        self.unavailable = unavailable
    }

    /// The path, or the error that says why there is none. A database URL
    /// (`postgresql://…`, any `scheme://`) is refused, never taken for a
    /// path: a graph is a SQLite file.
    public func requirePath() throws(KGError) -> String {
        if let unavailable {
            throw KGError(.usage, unavailable, suggestion: "set HOME or XDG_DATA_HOME, or name the graph with --db FILE (or KG_DB)")
        }
        try Self.refuseURL(path)
        return path
    }

    /// Throws when `path` is a URL (`scheme://…`) rather than a file name.
    public static func refuseURL(_ path: String) throws(KGError) {
        guard let scheme = path.range(of: #"^[A-Za-z][A-Za-z0-9+.-]*://"#, options: .regularExpression) else { return }
        let name = String(path[scheme].dropLast(3))
        throw KGError(.usage, "'\(name)://…' is a database URL, not a graph file: this kg keeps each graph in a SQLite file",
                      suggestion: "name a file, as in --db deals.sqlite (or KG_DB=deals.sqlite)")
    }

    /// Resolves the graph for a command.
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> GraphLocation {
        if let explicit, !explicit.isEmpty { return GraphLocation(path: explicit, isDefault: false) }
        if let env = environment["KG_DB"], !env.isEmpty { return GraphLocation(path: env, isDefault: false) }
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            base = xdg   // the XDG rules ignore a relative XDG_DATA_HOME
        } else if let home = environment["HOME"], !home.isEmpty {
            base = home + "/.local/share"
        } else {
            return GraphLocation(path: "", isDefault: true,
                                 unavailable: "there is no default graph: neither HOME nor XDG_DATA_HOME is set (kg does not fall back to a shared folder)")
        }
        return GraphLocation(path: base + "/kg/seed.sqlite", isDefault: true)
    }
}

extension GraphStore {
    /// Moves everything from the write-ahead log into the main file.
    public func checkpoint() throws(KGError) {
        do { try db.execute("PRAGMA wal_checkpoint(TRUNCATE)") } catch { throw KGError.wrap(error) }
    }
}
