import KGModel

/// The SQLite schema objects (tables, indexes, triggers, views) that kg itself
/// creates for each graph format version, built from kg's own migration
/// constants (`Schema/sql/`, embedded in the binary), never from a file.
///
/// A graph file is data, never code: opening one compares its `sqlite_master`
/// (names, types, tables and normalised SQL) with this catalogue and refuses
/// any difference (``ErrorCode/unexpectedSchemaObject``), so that no index,
/// trigger or view planted in a file ever runs; and a bulk load that drops and
/// rebuilds indexes takes their DDL from here, not from the file.
struct SchemaCatalogue {
    /// One object of `sqlite_master`.
    struct Object: Equatable, Sendable {
        var type: String
        var name: String
        var table: String
        /// The normalised CREATE statement; nil for objects SQLite makes
        /// itself (the indexes of PRIMARY KEY and UNIQUE constraints).
        var sql: String?
    }

    /// The objects a graph of `version` holds, by name.
    let objects: [String: Object]

    /// The catalogue of `version`: kg's migrations 1...version applied to an
    /// empty in-memory database.
    static func forVersion(_ version: Int) throws -> SchemaCatalogue {
        let db = try SQLiteDatabase(path: ":memory:", mode: .readWriteCreate)
        for migration in BuiltinResources.migrations where migration.version <= version {
            try db.execute(migration.sql)
        }
        return SchemaCatalogue(objects: try read(db))
    }

    /// The objects of a database's `sqlite_master`, by name.
    static func read(_ db: SQLiteDatabase) throws -> [String: Object] {
        var result: [String: Object] = [:]
        let rows = try db.query("SELECT type, name, tbl_name, sql FROM sqlite_master") { row in
            Object(type: row.string(0), name: row.string(1), table: row.string(2), sql: row.isNull(3) ? nil : normalise(row.string(3)))
        }
        for object in rows { result[object.name] = object }
        return result
    }

    /// Tables SQLite itself may add to any database (`ANALYZE` statistics),
    /// with the one definition SQLite gives them.
    static let sqliteInternal: [String: String] = [
        "sqlite_stat1": "CREATE TABLE sqlite_stat1(tbl,idx,stat)",
        "sqlite_stat4": "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
    ]

    /// SQL with every run of white space made one space, trimmed.
    static func normalise(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count)
        var pendingSpace = false
        for scalar in sql.unicodeScalars {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" {
                pendingSpace = true
                continue
            }
            if pendingSpace && !out.isEmpty { out.unicodeScalars.append(" ") }
            pendingSpace = false
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// The catalogue of `version` recorded when the binary was built
    /// (``embeddedObjects``, from the same migrations); nil for a version it
    /// does not hold.
    static func embedded(_ version: Int) -> SchemaCatalogue? {
        guard let list = embeddedObjects[version] else { return nil }
        var objects: [String: Object] = [:]
        for object in list { objects[object.name] = object }
        return SchemaCatalogue(objects: objects)
    }

    /// Refuses a file whose schema objects are not exactly those kg creates
    /// for `version`. The file is compared with the embedded catalogue first
    /// (no SQLite work); only when they differ is the catalogue built from
    /// the migrations (``forVersion(_:)``), which decides and names the
    /// difference. Both are kg's own DDL as SQLite records it, so a planted
    /// object is refused either way.
    static func verify(_ db: SQLiteDatabase, version: Int, path: String) throws(KGError) {
        let found: [String: Object]
        do { found = try read(db) }
        catch let error as SQLiteError where error.primaryCode == 11 && error.message.hasPrefix("malformed database schema") {
            throw refusal(path, "its schema does not parse (\(error.message))")
        } catch { throw KGError.wrap(error) }
        if let embedded = embedded(version), (try? embedded.verify(found, path: path)) != nil { return }
        let catalogue: SchemaCatalogue
        do { catalogue = try forVersion(version) } catch { throw KGError.wrap(error) }
        try catalogue.verify(found, path: path)
    }

    /// Refuses `found` (a file's objects by name) unless it is exactly this
    /// catalogue: an extra object, a missing one, or one whose definition differs.
    func verify(_ found: [String: Object], path: String) throws(KGError) {
        for (name, object) in found.sorted(by: { $0.key < $1.key }) {
            if let builtin = Self.sqliteInternal[name], object.type == "table", object.sql == Self.normalise(builtin) { continue }
            guard let expected = objects[name] else {
                throw Self.refusal(path, "unexpected schema object '\(name)' (\(object.type == "index" ? "an" : "a") \(object.type) kg does not create)")
            }
            guard expected == object else {
                throw Self.refusal(path, "unexpected schema object '\(name)' (its definition is not the one kg creates)")
            }
        }
        for name in objects.keys.sorted() where found[name] == nil {
            throw Self.refusal(path, "schema object '\(name)' is missing")
        }
    }

    private static func refusal(_ path: String, _ detail: String) -> KGError {
        KGError(.unexpectedSchemaObject, "'\(path)' is not a kg graph: \(detail)",
                suggestion: "kg opens only files whose tables, indexes, triggers and views are the ones kg made; nothing in this file was run")
    }

    /// The secondary indexes kg creates on `table` (not those SQLite makes for
    /// PRIMARY KEY and UNIQUE), with their DDL from kg's own constants.
    func secondaryIndexes(on table: GraphStore.Table) -> [GraphStore.IndexDefinition] {
        objects.values
            .compactMap { object -> GraphStore.IndexDefinition? in
                guard object.type == "index", object.table == table.rawValue, let sql = object.sql else { return nil }
                return GraphStore.IndexDefinition(name: object.name, sql: sql)
            }
            .sorted { $0.name < $1.name }
    }
}
