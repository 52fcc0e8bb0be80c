import Foundation
import KGModel
import KGStorage

/// One graph: a SQLite file holding nodes, edges, aliases, evidence and the
/// graph's own schema. Opening checks that the file is a kg graph, migrates an
/// older one and refuses a newer one; every write is checked against the
/// schema and runs in a transaction.
///
///     let store = try GraphStore.create(at: "deals.sqlite")   // default schema, empty
///     try GraphTextImporter(store: store).importText(BuiltinResources.seedGraph)
///     let xiaomi = try store.resolve("小米")
///
/// A store is used from one thread at a time.
public final class GraphStore {
    /// The SQLite `application_id` that marks a kg graph ("KGDB").
    public static let applicationID: Int32 = 0x4B47_4442
    /// The schema version this build writes (`PRAGMA user_version`).
    public static var currentVersion: Int { BuiltinResources.migrations.last?.version ?? 0 }

    /// The connection; exposed to the engine's stages, not to users.
    let db: SQLiteDatabase
    /// The graph's schema, as stored in the file.
    public private(set) var schema: GraphSchema
    /// The file path.
    public var path: String { db.path }
    /// Whether the graph was opened read-only.
    public var isReadOnly: Bool { db.isReadOnly }
    /// In-memory adjacency lists for large traversals (dropped on any change).
    public let adjacency = AdjacencyCache()
    /// Writes committed through this connection (PRAGMA data_version only counts other connections').
    private(set) var localWrites = 0
    /// The history record (`writes` row) of the write under way, which new rows name as `added_by`.
    var currentWrite: Int64?

    private init(db: SQLiteDatabase, schema: GraphSchema) {
        self.db = db
        self.schema = schema
    }

    /// How to open an existing graph.
    public enum AccessMode: Sendable {
        case readWrite
        case readOnly
        /// Read-write when the file is writable, read-only otherwise.
        case automatic
    }

    /// Opens an existing graph. The file must exist and be a kg graph; it is
    /// never modified unless it is a kg graph (an older one is migrated).
    ///
    /// `memoryMapped` reads the file through a memory map (SQLite's
    /// `mmap_size`) instead of `read(2)`: a short-lived process that touches
    /// thousands of pages once starts faster (a one-shot `kg query` Q1 on the
    /// large graph: about 5 ms, 13 %), a warm one gains nothing. But when
    /// another program truncates a mapped file, the next read of a page past
    /// the new end raises SIGBUS, which ends the process: only a process that
    /// turns that signal into an exit (as the `kg` executable's one-shot
    /// commands do) should map. Without the map a truncated file is an error
    /// value (KGD006) for the read that meets it.
    public static func open(at path: String, mode: AccessMode = .automatic, busyTimeout: Int32 = 5000,
                            memoryMapped: Bool = false) throws(KGError) -> GraphStore {
        let fm = FileManager.default
        try GraphLocation.refuseURL(path)
        if case .special(let what) = InputFile.kind(of: path) {
            throw KGError(.notARegularFile, "'\(path)' is \(what), not a kg graph: kg keeps graphs only in regular files",
                          suggestion: "give the graph file with --db FILE")
        }
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw KGError(.fileNotFound, "no graph at '\(path)'", suggestion: "create one with: kg init --db \(path)")
        }
        if isDirectory.boolValue {
            throw KGError(.notAGraph, "'\(path)' is a folder, not a kg graph", suggestion: "give the graph file, e.g. --db \(path)/graph.sqlite")
        }
        let readOnly: Bool
        switch mode {
        case .readOnly: readOnly = true
        case .readWrite: readOnly = false
        case .automatic: readOnly = !fm.isWritableFile(atPath: path)
        }
        // lstat, as FileManager's attributes are (which also look up the
        // owner's user and group names, a few hundred microseconds a start).
        var info = stat()
        if lstat(path, &info) == 0, info.st_size == 0 {
            throw KGError(.notAGraph, "'\(path)' is an empty file, not a kg graph", suggestion: "create a graph with: kg init --db \(path)")
        }
        // Another program's SQLite database is refused from its header, before
        // SQLite opens it: opening a WAL database creates -wal and -shm files
        // beside it. (With a -wal file present the header may be stale: then
        // SQLite reads the graph's identity below.)
        if !fm.fileExists(atPath: path + "-wal"), let handle = FileHandle(forReadingAtPath: path) {
            let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
            try? handle.close()
            if header.count == 100, header.starts(with: Array("SQLite format 3\u{0}".utf8)),
               header[68..<72].reduce(0, { $0 << 8 | UInt32($1) }) != UInt32(bitPattern: applicationID) {
                throw KGError(.notAGraph, "'\(path)' is a SQLite database but not a kg graph", suggestion: "kg opens files made by 'kg init' or 'kg import'")
            }
        }
        do {
            var db = try SQLiteDatabase(path: path, mode: readOnly ? .readOnly : .readWrite, busyTimeout: busyTimeout)
            var (appID, version): (Int32, Int)
            do {
                (appID, version) = try identify(db, path: path)
            } catch let error as SQLiteError where readOnly && error.code == 1544 /* SQLITE_READONLY_DIRECTORY */
                                                && !fm.fileExists(atPath: path + "-wal") && !fm.fileExists(atPath: path + "-shm") {
                // A WAL graph in a folder kg cannot write: SQLite cannot create
                // the -shm file it reads through. With no -wal or -shm file no
                // connection has the graph open and all of it is in the main
                // file, so it can be read as an immutable file.
                db = try SQLiteDatabase(path: path, mode: .immutable, busyTimeout: busyTimeout)
                (appID, version) = try identify(db, path: path)
            }
            guard appID == applicationID else {
                throw KGError(.notAGraph, "'\(path)' is a SQLite database but not a kg graph", suggestion: "kg opens files made by 'kg init' or 'kg import'")
            }
            guard version <= currentVersion else {
                throw KGError(.newerVersion, "'\(path)' was written by a newer kg (graph format \(version); this kg reads up to \(currentVersion))",
                              suggestion: "upgrade kg to open it")
            }
            guard version >= 1 else {
                throw KGError(.notAGraph, "'\(path)' carries kg's mark but holds no graph (format \(version))",
                              suggestion: "create a graph with: kg init --db FILE (on a new file)")
            }
            // Before anything else runs on the file: its tables, indexes,
            // triggers and views must be exactly the ones kg creates.
            try SchemaCatalogue.verify(db, version: version, path: path)
            // A log left by the file this one replaced must not be read over it.
            try requireLogBelongsToFile(db, path: path, busyTimeout: busyTimeout)
            try configure(db, memoryMapped: memoryMapped)
            if version < currentVersion {
                guard !readOnly else {
                    throw KGError(.readOnly, "'\(path)' uses graph format \(version) and must be migrated to \(currentVersion), but it is open read-only")
                }
                try migrate(db, from: version)
            }
            let schema = try loadSchema(db)
            return GraphStore(db: db, schema: schema)
        } catch let error as SQLiteError where (error.primaryCode == 14 /* SQLITE_CANTOPEN */ || error.isReadOnly)
                                            && fm.fileExists(atPath: path + "-wal") && !fm.fileExists(atPath: path + "-shm")
                                            && !fm.isWritableFile(atPath: GraphStore.folder(of: path)) {
            throw walNeedsFolder(path)
        } catch {
            throw KGError.wrap(error)
        }
    }

    /// The folder holding `path`.
    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// A write-ahead log left beside a graph (by a process that ended
    /// without closing it) holds part of the graph; SQLite reads it through
    /// a `-shm` index it must create beside it, which a folder kg may not
    /// write forbids.
    private static func walNeedsFolder(_ path: String) -> KGError {
        let folder = folder(of: path)
        let name = (path as NSString).lastPathComponent
        return KGError(.walNeedsFolder,
                       "'\(path)' has a write-ahead log ('\(name)-wal') left by a process that did not close the graph, and kg cannot read it: "
                       + "SQLite needs to create '\(name)-shm' beside it, and kg may not write in the folder '\(folder)'",
                       suggestion: "let kg write the folder once (chmod u+w '\(folder)'), run any command on the graph there "
                       + "(kg stats --db '\(path)') so the log is folded into the file, then lock the folder again; "
                       + "or copy '\(name)' and '\(name)-wal' together into a folder kg may write")
    }

    /// Creates a new, empty graph with `schema` (the default company schema
    /// when nil). Refuses to overwrite an existing non-empty file. A schema
    /// from a user should be checked first with
    /// ``GraphSchema/checkDerivedDefinitions()`` (the query layer binds its
    /// derived definitions; the store does not run queries).
    public static func create(at path: String, schema givenSchema: GraphSchema? = nil) throws(KGError) -> GraphStore {
        let fm = FileManager.default
        try GraphLocation.refuseURL(path)
        try InputFile.requireRegularOrMissing(path, role: "graph file")
        if fm.fileExists(atPath: path), (try? fm.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 > 0 {
            throw KGError(.usage, "'\(path)' already exists", suggestion: "choose another --db, or delete the file first")
        }
        let schema: GraphSchema
        if let givenSchema { schema = givenSchema } else { schema = try defaultSchema() }
        do {
            let db = try SQLiteDatabase(path: path, mode: .readWriteCreate)
            do {
                try configure(db, memoryMapped: false)
                try db.transaction {
                    try db.execute("PRAGMA application_id = \(applicationID)")
                    try runMigrations(db, from: 0)
                    try db.run("INSERT INTO graph_schema(id, name, source) VALUES (1, ?, ?)", [.text(schema.name), .text(schema.source)])
                    try db.run("INSERT INTO kg_meta(key, value) VALUES ('created_by', ?)", [.text("kg \(KGVersion.current)")])
                    // Tells this file from any other, even one made the same second (see requireLogBelongsToFile).
                    try db.run("INSERT INTO kg_meta(key, value) VALUES ('graph_id', ?)", [.text(UUID().uuidString)])
                }
            } catch {
                for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
                throw error
            }
            return GraphStore(db: db, schema: schema)
        } catch {
            throw KGError.wrap(error)
        }
    }

    /// The default company schema that new graphs get.
    public static func defaultSchema() throws(KGError) -> GraphSchema {
        try SchemaParser.parse(BuiltinResources.defaultSchema, file: "Schema/company.kgs")
    }

    private static func identify(_ db: SQLiteDatabase, path: String) throws -> (Int32, Int) {
        do {
            let appID = try db.queryOne("PRAGMA application_id") { Int32(truncatingIfNeeded: $0.int64(0)) } ?? 0
            let version = try db.queryOne("PRAGMA user_version") { $0.int(0) } ?? 0
            return (appID, version)
        } catch let error as SQLiteError where error.isNotADatabase {
            throw KGError(.notAGraph, "'\(path)' is not a kg graph (not a SQLite database)", suggestion: "kg opens files made by 'kg init' or 'kg import'")
        }
    }

    private static func configure(_ db: SQLiteDatabase, memoryMapped: Bool) throws {
        if !db.isReadOnly {
            try db.execute("PRAGMA journal_mode = WAL")
        }
        // A 64 MiB page cache: a warm process reads each page of a large graph
        // once. Memory-mapped reads only when asked (see `open`): a file
        // truncated under a map raises SIGBUS instead of returning an error.
        try db.execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536")
        try db.execute(memoryMapped ? "PRAGMA mmap_size = 2147483648" : "PRAGMA mmap_size = 0")
    }

    private static func migrate(_ db: SQLiteDatabase, from version: Int) throws {
        try db.transaction { try runMigrations(db, from: version) }
    }

    private static func runMigrations(_ db: SQLiteDatabase, from version: Int) throws {
        for migration in BuiltinResources.migrations where migration.version > version {
            try db.execute(migration.sql)
            try db.execute("PRAGMA user_version = \(migration.version)")
        }
    }

    private static func loadSchema(_ db: SQLiteDatabase) throws -> GraphSchema {
        guard let source = try db.queryOne("SELECT source FROM graph_schema WHERE id = 1", [], { $0.string(0) }) else {
            throw KGError(.notAGraph, "the graph has no schema record")
        }
        return try SchemaParser.parse(source, file: "the graph's schema")
    }

    /// Replaces the stored schema (used by inferred CSV schemas). Existing data
    /// is not re-checked.
    func replaceSchema(_ newSchema: GraphSchema) throws {
        try db.run("UPDATE graph_schema SET name = ?, source = ? WHERE id = 1", [.text(newSchema.name), .text(newSchema.source)])
        schema = newSchema
        localWrites += 1
    }

    /// Runs `body` in one write transaction: all of it or nothing.
    public func write<T>(_ body: () throws -> T) throws(KGError) -> T {
        guard !isReadOnly else { throw KGError(.readOnly, "the graph '\(path)' is open read-only") }
        let before = schema
        do {
            defer { localWrites += 1 }
            return try db.transaction { () throws -> T in
                let changesBefore = db.totalChanges
                let result = try body()
                // A write that changed nothing adds nothing to the log and leaves no trace.
                if db.totalChanges != changesBefore { try stampWrite() }
                return result
            }
        } catch {
            schema = before
            throw KGError.wrap(error)
        }
    }

    /// Every write that changes something also writes the page that holds the graph's identity
    /// (`graph_id`, given to a graph made before it had one), so that a
    /// write-ahead log always carries the identity of the file it belongs
    /// to (see ``requireLogBelongsToFile(_:path:busyTimeout:)``).
    private func stampWrite() throws {
        try db.run("INSERT INTO kg_meta(key, value) VALUES ('graph_id', ?) ON CONFLICT(key) DO NOTHING", [.text(UUID().uuidString)])
        try db.run("INSERT INTO kg_meta(key, value) VALUES ('writes_committed', '1') "
                   + "ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)")
    }

    /// A value recorded in the graph's metadata table.
    public func meta(_ key: String) throws(KGError) -> String? {
        do { return try db.queryOne("SELECT value FROM kg_meta WHERE key = ?", [.text(key)]) { $0.string(0) } }
        catch { throw KGError.wrap(error) }
    }

    /// Records a metadata value (inside or outside a write transaction).
    public func setMeta(_ key: String, _ value: String) throws(KGError) {
        do { try db.run("INSERT INTO kg_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [.text(key), .text(value)]) }
        catch { throw KGError.wrap(error) }
    }
}

/// kg's version.
public enum KGVersion {
    public static let current = "0.1.0"
}

extension KGVersion {
    /// The SQLite library kg runs on.
    public static var sqlite: String { SQLiteDatabase.libraryVersion }
}

extension GraphStore {
    /// Interrupts the statement running on this graph's connection; safe from any thread.
    public var interruptHandle: SQLiteInterruptHandle { db.interruptHandle }
}
