import Foundation
import KGModel
import KGStorage

/// One write as the graph's history keeps it (`kg log`).
public struct WriteRecord: Sendable, Equatable {
    /// The write's number (`kg revert N`).
    public var id: Int64
    /// When, in UTC (ISO 8601).
    public var at: String
    /// import, update, retract, revert, write or migrate.
    public var action: String
    /// The command line, file or request that wrote.
    public var command: String
    public var reason: String?
    /// The counts as a sentence ("3 nodes added; …").
    public var summary: String
    /// The counts as a JSON object.
    public var counts: JSONValue
    /// For a revert: the write it undid.
    public var reverts: Int64?
    /// The revert that undid this write, if any.
    public var revertedBy: Int64?
}

/// History: every write is a row of `writes`; rows of the graph name the
/// write that added them (`added_by`); what a write removed or changed is
/// kept in `changes`.
extension GraphStore {
    /// Runs `body` as one write transaction recorded in the history as
    /// write N (`kg log`), all of it or nothing. New rows name write N as the
    /// one that added them. A write that changes nothing is not recorded
    /// (its summary has no ``WriteSummary/write``).
    public func recordedWrite(action: String, command: String, reason: String? = nil,
                              _ body: () throws -> WriteSummary) throws(KGError) -> WriteSummary {
        try write {
            try beginRecord(action: action, command: command, reason: reason)
            defer { currentWrite = nil }
            var summary = try body()
            try finishRecord(&summary)
            return summary
        }
    }

    /// Runs `body` as ``recordedWrite(action:command:reason:_:)`` does, then
    /// rolls the transaction back: what the write would do, with the graph
    /// file left byte for byte as it was (`kg import --check`). The
    /// summary's ``WriteSummary/write`` is nil.
    public func dryRunWrite(action: String, command: String, reason: String? = nil,
                            _ body: () throws -> WriteSummary) throws(KGError) -> WriteSummary {
        struct RolledBack: Error { var summary: WriteSummary }
        guard !isReadOnly else { throw KGError(.readOnly, "the graph '\(path)' is open read-only") }
        do {
            // The transaction rolls back when its body throws: nothing reaches the file.
            _ = try db.transaction { () throws -> Void in
                try beginRecord(action: action, command: command, reason: reason)
                defer { currentWrite = nil }
                var summary = try body()
                summary.write = nil
                throw RolledBack(summary: summary)
            }
            throw KGError(.storage, "a dry run committed its transaction")
        } catch let outcome as RolledBack {
            return outcome.summary
        } catch {
            throw KGError.wrap(error)
        }
    }

    /// Starts the history record of a write (inside its transaction).
    package func beginRecord(action: String, command: String, reason: String?) throws {
        try db.run("INSERT INTO writes(at, action, command, reason) VALUES (?, ?, ?, ?)",
                   [.text(Self.timestamp()), .text(action), .text(command), SQLValue(reason)])
        currentWrite = db.lastInsertRowID
    }

    /// Ends the history record: stores the counts, or drops the record when
    /// nothing changed.
    package func finishRecord(_ summary: inout WriteSummary) throws {
        guard let id = currentWrite else { return }
        currentWrite = nil
        if summary.changesNothing {
            try db.run("DELETE FROM changes WHERE write = ?", [.integer(id)])
            try db.run("DELETE FROM writes WHERE id = ?", [.integer(id)])
            summary.write = nil
        } else {
            summary.write = id
            try db.run("UPDATE writes SET counts = ?, summary = ?, reverts = ? WHERE id = ?",
                       [.text(summary.json.serialized), .text(summary.description), SQLValue(summary.reverted), .integer(id)])
        }
    }

    /// Marks the rows a bulk load inserted (ids above the given ones) as
    /// added by the write under way.
    package func stampBulkRows(nodesAfter: Int64, edgesAfter: Int64) throws {
        guard let id = currentWrite else { return }
        try db.run("UPDATE nodes SET added_by = ? WHERE id > ?", [.integer(id), .integer(nodesAfter)])
        try db.run("UPDATE edges SET added_by = ? WHERE id > ?", [.integer(id), .integer(edgesAfter)])
        try db.run("UPDATE aliases SET added_by = ? WHERE added_by IS NULL", [.integer(id)])
    }

    /// The largest edge id in use (0 for none).
    package func maxEdgeID() throws -> Int64 {
        try db.queryOne("SELECT coalesce(max(id), 0) FROM edges") { $0.int64(0) } ?? 0
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }

    /// Every write, oldest first.
    public func writeLog() throws(KGError) -> [WriteRecord] {
        do {
            return try db.query("SELECT id, at, action, command, reason, summary, counts, reverts, reverted_by FROM writes ORDER BY id") { s in
                WriteRecord(id: s.int64(0), at: s.string(1), action: s.string(2), command: s.string(3), reason: s.optionalString(4),
                            summary: s.string(5), counts: (try? JSONParser.parse(s.string(6))) ?? .object([:]),
                            reverts: s.isNull(7) ? nil : s.int64(7), revertedBy: s.isNull(8) ? nil : s.int64(8))
            }
        } catch { throw KGError.wrap(error) }
    }

    /// The write that added a node, an edge or a piece of evidence.
    public func addedBy(node id: Int64) throws(KGError) -> Int64? {
        do { return try db.queryOne("SELECT added_by FROM nodes WHERE id = ? AND added_by IS NOT NULL", [.integer(id)]) { $0.int64(0) } }
        catch { throw KGError.wrap(error) }
    }

    public func addedBy(edge id: Int64) throws(KGError) -> Int64? {
        do { return try db.queryOne("SELECT added_by FROM edges WHERE id = ? AND added_by IS NOT NULL", [.integer(id)]) { $0.int64(0) } }
        catch { throw KGError.wrap(error) }
    }

    /// The earlier values of a node's property, oldest first, with the write
    /// that replaced each (history of `--update` and `kg set`).
    public func propertyHistory(key: String, property: String) throws(KGError) -> [(write: Int64, old: JSONValue?, new: JSONValue?)] {
        do {
            return try db.query("""
                SELECT c.write, c.data FROM changes c JOIN writes w ON w.id = c.write
                WHERE c.entity = 'property' AND c.target = ? AND c.action = 'set' AND w.reverted_by IS NULL ORDER BY c.id
                """, [.text(key)]) { s -> (Int64, String) in (s.int64(0), s.string(1)) }
                .compactMap { write, data -> (write: Int64, old: JSONValue?, new: JSONValue?)? in
                    guard let object = (try? JSONParser.parse(data))?.objectValue, object["property"] == .string(property) else { return nil }
                    let old = object["old"].flatMap { $0 == .null ? nil : $0 }
                    let new = object["new"].flatMap { $0 == .null ? nil : $0 }
                    return (write, old, new)
                }
        } catch { throw KGError.wrap(error) }
    }

    /// The write that retracted the node with this key, and its reason, when
    /// the key is not in the graph because it was retracted.
    public func retraction(ofNodeKey key: String) throws(KGError) -> (write: Int64, reason: String?)? {
        do {
            return try db.queryOne("""
                SELECT c.write, c.reason FROM changes c JOIN writes w ON w.id = c.write
                WHERE c.entity = 'node' AND c.action = 'remove' AND c.target = ? AND w.reverted_by IS NULL
                ORDER BY c.id DESC LIMIT 1
                """, [.text(key)]) { ($0.int64(0), $0.optionalString(1)) }
        } catch { throw KGError.wrap(error) }
    }
}

// MARK: - Moving rows out of the graph and back

extension GraphStore {
    /// The entities a `remove` change keeps. Each has a constant SQL text
    /// that snapshots rows into `changes` and one that deletes them.
    enum RemovedEntity: String {
        case node, edge, alias, evidence, source

        /// `INSERT INTO changes … SELECT` for rows chosen by `filter` (a
        /// constant condition over the table's alias `t` with `?2`… bound),
        /// made of constant pieces only.
        func snapshotSQL(filter: String) -> String {
            let head = "INSERT INTO changes(write, action, entity, row, target, data, reason, evidence) SELECT ?1, 'remove', "
            switch self {
            case .node:
                return head + """
                    'node', t.id, t.key, json_object('id', t.id, 'key', t.key, 'kind', t.kind, 'name', t.name, 'props', t.props, 'added_by', t.added_by),
                    ?9, ?10 FROM nodes t WHERE
                    """ + " " + filter
            case .edge:
                return head + """
                    'edge', t.id, a.key || ' ' || t.type || ' ' || b.key,
                    json_object('id', t.id, 'type', t.type, 'src', t.src, 'dst', t.dst, 'props', t.props,
                                'valid_from', t.valid_from, 'valid_to', t.valid_to, 'added_by', t.added_by),
                    ?9, ?10 FROM edges t JOIN nodes a ON a.id = t.src JOIN nodes b ON b.id = t.dst WHERE
                    """ + " " + filter
            case .alias:
                return head + """
                    'alias', NULL, n.key, json_object('node', t.node, 'alias', t.alias, 'added_by', t.added_by),
                    ?9, ?10 FROM aliases t JOIN nodes n ON n.id = t.node WHERE
                    """ + " " + filter
            case .evidence:
                return head + """
                    'evidence', t.id, s.key, json_object('id', t.id, 'source', t.source, 'quote', t.quote, 'node', t.node, 'edge', t.edge, 'added_by', t.added_by),
                    ?9, ?10 FROM evidence t JOIN sources s ON s.id = t.source WHERE
                    """ + " " + filter
            case .source:
                return head + """
                    'source', t.id, t.key, json_object('id', t.id, 'key', t.key, 'file', t.file, 'title', t.title, 'published', t.published,
                                             'language', t.language, 'author', t.author, 'added_by', t.added_by),
                    ?9, ?10 FROM sources t WHERE
                    """ + " " + filter
            }
        }

        /// `DELETE FROM table AS t WHERE` (constants).
        var deleteHead: String {
            switch self {
            case .node: return "DELETE FROM nodes AS t WHERE "
            case .edge: return "DELETE FROM edges AS t WHERE "
            case .alias: return "DELETE FROM aliases AS t WHERE "
            case .evidence: return "DELETE FROM evidence AS t WHERE "
            case .source: return "DELETE FROM sources AS t WHERE "
            }
        }

    }

    /// The filters rows are removed by (constants; values are bound as ?2, ?3).
    enum RemovalFilter: String {
        case byID = "t.id = ?2"
        case nodeByID = "t.node = ?2"
        case edgeByID = "t.edge = ?2"
        case edgesOfNode = "(t.src = ?2 OR t.dst = ?2)"
        case evidenceOfEdgesOfNode = "t.edge IN (SELECT id FROM edges WHERE src = ?2 OR dst = ?2)"
        case addedBy = "t.added_by = ?2"
        case aliasOfNodeNamed = "t.node = ?2 AND t.alias = ?3"
    }

    /// Snapshots the rows into the history of the write under way, then
    /// deletes them from the graph. Returns how many went.
    @discardableResult
    func removeRows(_ entity: RemovedEntity, _ filter: RemovalFilter, _ value: Int64, _ second: String? = nil,
                    reason: String? = nil, evidence: String? = nil) throws -> Int {
        guard let write = currentWrite else { throw KGError(.storage, "a removal outside a recorded write") }
        var values: [SQLValue] = [.integer(write), .integer(value), SQLValue(second)]
        values += Array(repeating: SQLValue.null, count: 5)
        values += [SQLValue(reason), SQLValue(evidence)]
        // Unused numbered parameters are fine: SQLite binds by number.
        try db.run(entity.snapshotSQL(filter: filter.rawValue), values)
        let count = db.changes
        // The same filter, its values bound at the same numbers (?1 is unused here).
        try db.run(entity.deleteHead + filter.rawValue, second.map { [.null, .integer(value), .text($0)] } ?? [.null, .integer(value)])
        return count
    }

    /// Records a changed property (`old` nil: it was new; `new` nil: it was removed).
    func recordSet(key: String, entity: String = "property", property: String, old: JSONValue?, new: JSONValue?,
                   reason: String?, evidence: String?, supersedes: JSONValue? = nil) throws {
        guard let write = currentWrite else { throw KGError(.storage, "a change outside a recorded write") }
        var object: [String: JSONValue] = ["property": .string(property), "old": old ?? .null, "new": new ?? .null]
        // The quotes of the node that stated the old value (kg set --update against them).
        if let supersedes { object["supersedes"] = supersedes }
        let data = JSONValue.object(object).serialized
        try db.run("INSERT INTO changes(write, action, entity, row, target, data, reason, evidence) VALUES (?, 'set', ?, NULL, ?, ?, ?, ?)",
                   [.integer(write), .text(entity), .text(key), .text(data), SQLValue(reason), SQLValue(evidence)])
    }
}

/// One thing a write took out of the graph or changed, as the history keeps it.
public struct ChangeRecord: Sendable, Equatable {
    /// `remove` (a row left the graph) or `set` (a property got a value).
    public var action: String
    /// node, edge, alias, evidence, source; property or name for `set`.
    public var entity: String
    /// The node key, `SRC TYPE DST` for an edge, the source key for evidence.
    public var target: String
    /// The row as it was (remove), or {"property", "old", "new"} (set).
    public var data: JSONValue
    public var reason: String?
}

extension GraphStore {
    /// What write `number` removed or changed, in order.
    public func changes(ofWrite number: Int64) throws(KGError) -> [ChangeRecord] {
        do {
            return try db.query("SELECT action, entity, target, data, reason FROM changes WHERE write = ? ORDER BY id", [.integer(number)]) { s in
                ChangeRecord(action: s.string(0), entity: s.string(1), target: s.string(2),
                             data: (try? JSONParser.parse(s.string(3))) ?? .null, reason: s.optionalString(4))
            }
        } catch { throw KGError.wrap(error) }
    }
}
