import Foundation

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

    /// Opens the graph. The default graph is built from the seed when it is
    /// missing or was built from an older seed; `notice` is told so.
    /// `busyTimeout` (milliseconds) is how long a write waits for another writer;
    /// `memoryMapped`: see ``GraphStore/open(at:mode:busyTimeout:memoryMapped:)``.
    public func open(mode: GraphStore.AccessMode = .automatic, busyTimeout: Int32 = 5000, memoryMapped: Bool = false,
                     notice: (String) -> Void = { _ in }) throws(KGError) -> GraphStore {
        let path = try requirePath()
        if isDefault {
            let fm = FileManager.default
            if !fm.fileExists(atPath: path) {
                notice("kg: building the seed graph at \(path) (first use)")
                try SeedGraph.build(at: path)
            } else if let store = try? GraphStore.open(at: path, mode: .readOnly),
                      (try? store.meta("seed_digest")) != BuiltinResources.seedDigest {
                if ((try? store.writeLog().count) ?? 0) > 1 {
                    // Curated since it was built (kg set, retract, import): merge the
                    // newer seed into it rather than throw the curation away.
                    SeedGraph.merge(into: path, notice: notice)
                } else {
                    notice("kg: rebuilding the seed graph at \(path) (this kg carries a newer seed)")
                    try SeedGraph.build(at: path, replacing: true)
                }
            }
        }
        return try GraphStore.open(at: path, mode: mode, busyTimeout: busyTimeout, memoryMapped: memoryMapped)
    }
}

/// The seed graph: the facts of the five articles in `data/seed.kg`.
public enum SeedGraph {
    /// Builds the seed graph at `path`: into a temporary file first, renamed
    /// into place when complete, so that no reader ever sees half a graph.
    public static func build(at path: String, replacing: Bool = false) throws(KGError) {
        let fm = FileManager.default
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            catch { throw KGError(.storage, "cannot create the folder '\(directory)': \(error.localizedDescription)") }
        }
        // The temporary file of every new graph (NewGraphFile): one left by a
        // killed kg is removed here, and the rename replaces the earlier seed
        // graph whole, never leaving no graph at the path.
        NewGraphFile.removeStale(for: path)
        let temporary = NewGraphFile.temporaryPath(for: path)
        NewGraphFile.remove(temporary)
        do {
            try populate(at: temporary)
            if replacing || fm.fileExists(atPath: path) {
                // The earlier graph's journals would otherwise be applied to the new file.
                for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
            }
            guard rename(temporary, path) == 0 else {
                throw KGError(.storage, "cannot move the new graph into place at '\(path)': \(OutputFile.reason(errno))")
            }
        } catch {
            NewGraphFile.remove(temporary)
            throw KGError.wrap(error)
        }
    }

    /// Merges the seed this kg carries into a curated seed graph (one recorded
    /// write). Facts the newer seed dropped stay; a conflict with the
    /// curation leaves the graph as it is. `notice` is told what happened.
    static func merge(into path: String, notice: (String) -> Void) {
        do {
            let store = try GraphStore.open(at: path, mode: .readWrite)
            let summary = try GraphTextImporter(store: store, options: .init(command: "import data/seed.kg (the newer seed of kg \(KGVersion.current))"))
                .importText(BuiltinResources.seedGraph, file: "data/seed.kg")
            try store.write { try store.setMeta("seed_digest", BuiltinResources.seedDigest) }
            notice("kg: merged the newer seed into your curated seed graph at \(path): \(summary)")
        } catch {
            notice("kg: this kg carries a newer seed, but it does not merge into your curated seed graph at \(path) (\(error)); the graph is kept as it is")
        }
    }

    /// Creates a graph with the default schema at `path` and loads the seed into it.
    public static func populate(at path: String) throws(KGError) {
        let store = try GraphStore.create(at: path)
        try GraphTextImporter(store: store).importText(BuiltinResources.seedGraph, file: "data/seed.kg")
        try store.write { try store.setMeta("seed_digest", BuiltinResources.seedDigest) }
        try store.checkpoint()
    }
}

extension GraphStore {
    /// Moves everything from the write-ahead log into the main file.
    public func checkpoint() throws(KGError) {
        do { try db.execute("PRAGMA wal_checkpoint(TRUNCATE)") } catch { throw KGError.wrap(error) }
    }
}
