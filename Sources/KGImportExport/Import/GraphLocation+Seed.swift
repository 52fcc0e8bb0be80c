import Foundation
import KGModel
import KGSQLite

extension GraphLocation {
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
