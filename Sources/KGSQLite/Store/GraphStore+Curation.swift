import KGModel
import KGStorage

/// The store's side of curation: finding the fact a statement means,
/// changing a property, retracting nodes and edges (their rows move to the
/// history, so no read of the graph sees them) and reverting a write. Call
/// these inside ``GraphStore/recordedWrite(action:command:reason:_:)``.
extension GraphStore {
    /// The edge equal to the given one (type, ends, properties, period), if any.
    public func matchingEdge(type: String, source: Int64, target: Int64, props: [String: JSONValue], period: DatePeriod) throws -> EdgeRecord? {
        try db.query("SELECT \(Self.edgeColumns) FROM edges WHERE type = ? AND src = ? AND dst = ? ORDER BY id",
                     [.text(type), .integer(source), .integer(target)]) { Self.readEdge($0) }
            .first { $0.props == props && $0.period == period }
    }

    /// The edges of a type between two nodes, in id order.
    public func edges(type: String, source: Int64, target: Int64) throws(KGError) -> [EdgeRecord] {
        do {
            return try db.query("SELECT \(Self.edgeColumns) FROM edges WHERE type = ? AND src = ? AND dst = ? ORDER BY id",
                                [.text(type), .integer(source), .integer(target)]) { Self.readEdge($0) }
        } catch { throw KGError.wrap(error) }
    }

    /// Whether a node or an edge already has this quote from this source.
    package func hasEvidence(source: Int64, quote: String, node: Int64? = nil, edge: Int64? = nil) throws -> Bool {
        if let node {
            return try db.queryOne("SELECT 1 FROM evidence WHERE node = ? AND +source = ? AND quote = ? LIMIT 1",
                                   [.integer(node), .integer(source), .text(quote)]) { _ in true } ?? false
        }
        return try db.queryOne("SELECT 1 FROM evidence WHERE edge = ? AND +source = ? AND quote = ? LIMIT 1",
                               [.integer(edge ?? 0), .integer(source), .text(quote)]) { _ in true } ?? false
    }

    /// Gives a node's property a value (nil removes it), checked against the
    /// schema, and records the old value in the history.
    package func setProperty(of node: NodeRecord, _ property: String, to value: JSONValue?, reason: String?, evidence: String?,
                     span: SourceSpan? = nil, supersedes: JSONValue? = nil) throws {
        var props = node.props
        let old = props[property]
        props[property] = value
        try schema.validateNode(kind: node.kind, props: props, span: span)
        try db.run("UPDATE nodes SET props = ? WHERE id = ?", [.text(JSONValue.object(props).serialized), .integer(node.id)])
        try recordSet(key: node.key, property: property, old: old, new: value, reason: reason, evidence: evidence, supersedes: supersedes)
    }

    /// Renames a node and records the old name in the history.
    package func setName(of node: NodeRecord, to givenName: String, reason: String?, evidence: String?) throws {
        let name = UnicodeNormalization.nfc(givenName)
        try db.run("UPDATE nodes SET name = ?, name_folded = ? WHERE id = ?", [.text(name), .text(name.lowercased()), .integer(node.id)])
        try recordSet(key: node.key, entity: "name", property: "name", old: .string(node.name), new: .string(name), reason: reason, evidence: evidence)
    }

    /// Describes an edge for people: "xiaomi develops xiaomi-mi-mix (from 2016)".
    package func describe(_ edge: EdgeRecord) throws -> String {
        let source = try node(id: edge.source)?.key ?? "#\(edge.source)"
        let target = try node(id: edge.target)?.key ?? "#\(edge.target)"
        var text = "\(source) \(edge.type) \(target)"
        let extras = edge.props.keys.sorted().map { "\($0)=\(edge.props[$0]!.serialized)" }
            + [edge.period.from.map { "from=\($0)" }, edge.period.to.map { "to=\($0)" }].compactMap { $0 }
        if !extras.isEmpty { text += " " + extras.joined(separator: " ") }
        return text
    }

    /// Retracts a node: its aliases and evidence and, with `cascade`, its
    /// edges go with it into the history. Without `cascade` a node with
    /// edges is refused, listing them. Returns the edges that went.
    package func retractNode(_ node: NodeRecord, cascade: Bool, reason: String, evidence: String?, span: SourceSpan?) throws -> (edges: [String], evidence: Int, aliases: Int) {
        var aliases = 0
        var edges = try self.edges(of: node.id, outgoing: true)
        edges += try self.edges(of: node.id, outgoing: false).filter { $0.source != $0.target }
        let described = try edges.map { try describe($0) }
        if !edges.isEmpty && !cascade {
            let shown = described.prefix(10).joined(separator: "; ") + (described.count > 10 ? "; …" : "")
            throw KGError(.retractNeedsCascade, "node '\(node.key)' has \(Plural.count(edges.count, "edge")), which would go with it: \(shown)",
                          span: span, suggestion: "retract with --cascade (graph text: cascade=true) to take them too, or retract the edges first")
        }
        var evidenceCount = try removeRows(.evidence, .evidenceOfEdgesOfNode, node.id, reason: reason, evidence: evidence)
        evidenceCount += try removeRows(.evidence, .nodeByID, node.id, reason: reason, evidence: evidence)
        try removeRows(.edge, .edgesOfNode, node.id, reason: reason, evidence: evidence)
        aliases = try removeRows(.alias, .nodeByID, node.id, reason: reason, evidence: evidence)
        try removeRows(.node, .byID, node.id, reason: reason, evidence: evidence)
        return (described, evidenceCount, aliases)
    }

    /// Retracts one edge and its evidence. Returns the pieces of evidence that went.
    package func retractEdge(_ edge: EdgeRecord, reason: String, evidence: String?) throws -> Int {
        let count = try removeRows(.evidence, .edgeByID, edge.id, reason: reason, evidence: evidence)
        try removeRows(.edge, .byID, edge.id, reason: reason, evidence: evidence)
        return count
    }
}

// MARK: - Revert

extension GraphStore {
    /// Undoes write `number`: removes what it added, puts back what it
    /// retracted and restores the values it replaced, as a new recorded
    /// write. Refused, with the reason, when the write is a revert or a
    /// migration, is reverted already, or later writes depend on it.
    public func revert(_ number: Int64, command: String, reason: String? = nil) throws(KGError) -> WriteSummary {
        guard let target = try writeLog().first(where: { $0.id == number }) else {
            let last = try writeLog().last?.id
            throw KGError(.unknownWrite, "the graph's history has no write \(number)",
                          suggestion: last.map { "writes are numbered 1 to \($0): list them with kg log" } ?? "this graph has no writes yet")
        }
        if let by = target.revertedBy {
            throw KGError(.revertRefused, "write \(number) was reverted already, by write \(by)")
        }
        if target.action == "revert" {
            throw KGError(.revertRefused, "write \(number) is itself a revert (of write \(target.reverts.map(String.init) ?? "?"))",
                          suggestion: "to redo that write, import its file again")
        }
        if target.action == "migrate" {
            throw KGError(.revertRefused, "write \(number) stands for the facts the graph held before it kept history; it cannot be reverted",
                          suggestion: "retract the facts you do not want with kg retract")
        }
        return try recordedWrite(action: "revert", command: command, reason: reason) {
            try checkDependencies(of: number)
            var summary = WriteSummary()
            summary.reverted = number
            try undoSets(of: number, &summary)
            try restoreRemovals(of: number, &summary)
            try removeAdditions(of: number, &summary)
            try db.run("UPDATE writes SET reverted_by = ? WHERE id = ?", [SQLValue(currentWrite), .integer(number)])
            return summary
        }
    }

    private func dependency(_ number: Int64, _ later: Int64, _ what: String) throws -> KGError {
        let command = try db.queryOne("SELECT command FROM writes WHERE id = ?", [.integer(later)]) { $0.string(0) } ?? "?"
        return KGError(.revertDependency, "write \(number) cannot be reverted: write \(later) (\(command)) \(what)",
                       suggestion: "revert write \(later) first (kg revert \(later)), or retract what you do not want")
    }

    /// Refuses when rows or changes of other, not reverted writes rest on what write `number` added.
    private func checkDependencies(of number: Int64) throws {
        let n = SQLValue.integer(number)
        if let (later, what) = try db.queryOne("""
            SELECT e.added_by, a.key || ' ' || e.type || ' ' || b.key FROM edges e JOIN nodes a ON a.id = e.src JOIN nodes b ON b.id = e.dst
            WHERE e.added_by IS NOT ?1 AND (a.added_by = ?1 OR b.added_by = ?1) ORDER BY e.added_by LIMIT 1
            """, [n], { ($0.int64(0), $0.string(1)) }) {
            throw try dependency(number, later, "added the edge \(what) to a node that write \(number) added")
        }
        if let (later, what) = try db.queryOne("""
            SELECT a.added_by, n.key || ' \"' || a.alias || '\"' FROM aliases a JOIN nodes n ON n.id = a.node
            WHERE n.added_by = ?1 AND a.added_by IS NOT ?1 ORDER BY a.added_by LIMIT 1
            """, [n], { ($0.int64(0), $0.string(1)) }) {
            throw try dependency(number, later, "added the alias \(what) to a node that write \(number) added")
        }
        if let (later, what) = try db.queryOne("""
            SELECT v.added_by, s.key FROM evidence v JOIN sources s ON s.id = v.source
            WHERE v.added_by IS NOT ?1 AND (s.added_by = ?1 OR v.node IN (SELECT id FROM nodes WHERE added_by = ?1)
                                            OR v.edge IN (SELECT id FROM edges WHERE added_by = ?1))
            ORDER BY v.added_by LIMIT 1
            """, [n], { ($0.int64(0), $0.string(1)) }) {
            throw try dependency(number, later, "added evidence (from source '\(what)') to a fact or source that write \(number) added")
        }
        if let (later, action, entity, what) = try db.queryOne("""
            SELECT c.write, c.action, c.entity, c.target FROM changes c JOIN writes w ON w.id = c.write
            WHERE c.write > ?1 AND w.reverted_by IS NULL AND w.action <> 'revert'
              AND ((c.action = 'remove' AND json_extract(c.data, '$.added_by') = ?1)
                   OR (c.action = 'set' AND c.target IN (SELECT key FROM nodes WHERE added_by = ?1)))
            ORDER BY c.write LIMIT 1
            """, [n], { ($0.int64(0), $0.string(1), $0.string(2), $0.string(3)) }) {
            throw try dependency(number, later, action == "remove" ? "retracted the \(entity) \(what), which write \(number) added"
                                                                   : "changed the node '\(what)', which write \(number) added")
        }
    }

    private func undoSets(of number: Int64, _ summary: inout WriteSummary) throws {
        let sets = try db.query("SELECT entity, target, data FROM changes WHERE write = ? AND action = 'set' ORDER BY id DESC",
                                [.integer(number)]) { ($0.string(0), $0.string(1), $0.string(2)) }
        for (entity, key, data) in sets {
            guard let object = (try? JSONParser.parse(data))?.objectValue, case .string(let property)? = object["property"] else { continue }
            let old = object["old"].flatMap { $0 == .null ? nil : $0 }
            let new = object["new"].flatMap { $0 == .null ? nil : $0 }
            guard let node = try node(key: key) else {
                let later = try retraction(ofNodeKey: key)?.write ?? number
                throw try dependency(number, later, "retracted the node '\(key)', whose \(property) write \(number) changed")
            }
            let current: JSONValue? = entity == "name" ? .string(node.name) : node.props[property]
            if current != new {
                let later = try db.queryOne("""
                    SELECT c.write FROM changes c JOIN writes w ON w.id = c.write WHERE c.target = ? AND c.action = 'set' AND c.write > ?
                    AND json_extract(c.data, '$.property') = ? AND w.reverted_by IS NULL ORDER BY c.write DESC LIMIT 1
                    """, [.text(key), .integer(number), .text(property)]) { $0.int64(0) } ?? number
                throw try dependency(number, later, "changed \(key).\(property) again (now \(current?.serialized ?? "no value"))")
            }
            if entity == "name", case .string(let name)? = old {
                try setName(of: node, to: name, reason: nil, evidence: nil)
            } else {
                try db.run("UPDATE nodes SET props = ? WHERE id = ?", [.text(JSONValue.object({ var p = node.props; p[property] = old; return p }()).serialized), .integer(node.id)])
                try recordSet(key: key, property: property, old: new, new: old, reason: nil, evidence: nil)
            }
            summary.propertiesUpdated += 1
        }
    }

    /// Puts back the rows write `number` removed, under their old ids where
    /// those are free (else new ones, with the references mapped).
    private func restoreRemovals(of number: Int64, _ summary: inout WriteSummary) throws {
        let n = SQLValue.integer(number)
        var nodeIDs: [Int64: Int64] = [:], edgeIDs: [Int64: Int64] = [:]
        func free(_ table: String, _ id: Int64) throws -> Bool {
            try db.queryOne(table == "nodes" ? "SELECT 1 FROM nodes WHERE id = ?" : table == "edges" ? "SELECT 1 FROM edges WHERE id = ?"
                            : "SELECT 1 FROM evidence WHERE id = ?", [.integer(id)]) { _ in true } == nil
        }
        // The snapshots are parsed here, not with json_extract, which cuts text at a NUL character.
        func snapshots(_ entity: String) throws -> [(object: [String: JSONValue], target: String)] {
            try db.query("SELECT data, target FROM changes WHERE write = ? AND action = 'remove' AND entity = ? ORDER BY id",
                         [n, .text(entity)]) { ($0.string(0), $0.string(1)) }
                .map { data, target in ((try? JSONParser.parse(data))?.objectValue ?? [:], target) }
        }
        func int(_ value: JSONValue?) -> Int64? { if case .int(let i)? = value { return i } else { return nil } }
        func text(_ value: JSONValue?) -> String? { if case .string(let t)? = value { return t } else { return nil } }
        func damaged(_ entity: String) -> KGError {
            KGError(.storage, "the history of write \(number) holds a damaged \(entity) record", suggestion: "the graph file may have been edited by hand")
        }
        for (object, _) in try snapshots("node") {
            guard let id = int(object["id"]), let key = text(object["key"]), let kind = text(object["kind"]), let name = text(object["name"]),
                  let props = text(object["props"]) else { throw damaged("node") }
            if try node(key: key) != nil {
                let later = try db.queryOne("SELECT added_by FROM nodes WHERE key = ?", [.text(key)]) { $0.int64(0) } ?? number
                throw try dependency(number, later, "added a node with the key '\(key)' again")
            }
            let newID: SQLValue = try free("nodes", id) ? .integer(id) : .null
            try db.run("INSERT INTO nodes(id, key, kind, name, name_folded, props, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [newID, .text(key), .text(kind), .text(name), .text(name.lowercased()), .text(props), SQLValue(int(object["added_by"]))])
            nodeIDs[id] = db.lastInsertRowID
            summary.nodes += 1
        }
        func liveNode(_ old: Int64, for what: String) throws -> Int64 {
            if let id = nodeIDs[old] { return id }
            if try !free("nodes", old) { return old }
            throw KGError(.revertDependency, "write \(number) cannot be reverted: the \(what) it retracted joins a node that is no longer in the graph",
                          suggestion: "revert the write that retracted that node first (see kg log)")
        }
        for (object, what) in try snapshots("edge") {
            guard let id = int(object["id"]), let type = text(object["type"]), let src = int(object["src"]), let dst = int(object["dst"]),
                  let props = text(object["props"]) else { throw damaged("edge") }
            let a = try liveNode(src, for: "edge \(what)"), b = try liveNode(dst, for: "edge \(what)")
            let newID: SQLValue = try free("edges", id) ? .integer(id) : .null
            try db.run("INSERT INTO edges(id, type, src, dst, props, valid_from, valid_to, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       [newID, .text(type), .integer(a), .integer(b), .text(props), SQLValue(text(object["valid_from"])), SQLValue(text(object["valid_to"])),
                        SQLValue(int(object["added_by"]))])
            edgeIDs[id] = db.lastInsertRowID
            summary.edges += 1
        }
        for (object, key) in try snapshots("alias") {
            guard let node = int(object["node"]), let alias = text(object["alias"]) else { throw damaged("alias") }
            let id = try liveNode(node, for: "alias of \(key)")
            try db.run("INSERT OR IGNORE INTO aliases(alias_folded, node, alias, added_by) VALUES (?, ?, ?, ?)",
                       [.text(alias.lowercased()), .integer(id), .text(alias), SQLValue(int(object["added_by"]))])
            summary.aliases += db.changes
        }
        for (object, sourceKey) in try snapshots("evidence") {
            guard let id = int(object["id"]), let source = int(object["source"]), let quote = text(object["quote"]) else { throw damaged("evidence") }
            guard try db.queryOne("SELECT 1 FROM sources WHERE id = ?", [.integer(source)], { _ in true }) != nil else {
                throw KGError(.revertDependency, "write \(number) cannot be reverted: the source '\(sourceKey)' of evidence it retracted is no longer in the graph")
            }
            var nodeID: Int64? = nil, edgeID: Int64? = nil
            if let node = int(object["node"]) { nodeID = try liveNode(node, for: "evidence") }
            if let edge = int(object["edge"]) {
                if let mapped = edgeIDs[edge] { edgeID = mapped }
                else if try !free("edges", edge) { edgeID = edge }
                else { throw KGError(.revertDependency, "write \(number) cannot be reverted: evidence it retracted belongs to an edge that is no longer in the graph") }
            }
            let newID: SQLValue = try free("evidence", id) ? .integer(id) : .null
            try db.run("INSERT INTO evidence(id, source, quote, node, edge, added_by) VALUES (?, ?, ?, ?, ?, ?)",
                       [newID, .integer(source), .text(quote), SQLValue(nodeID), SQLValue(edgeID), SQLValue(int(object["added_by"]))])
            summary.evidence += 1
        }
    }

    /// Moves the rows write `number` added into the history of the revert.
    private func removeAdditions(of number: Int64, _ summary: inout WriteSummary) throws {
        let reason = "revert of write \(number)"
        summary.evidenceRetracted += try removeRows(.evidence, .addedBy, number, reason: reason)
        summary.aliasesRetracted += try removeRows(.alias, .addedBy, number, reason: reason)
        summary.edgesRetracted += try removeRows(.edge, .addedBy, number, reason: reason)
        summary.nodesRetracted += try removeRows(.node, .addedBy, number, reason: reason)
        summary.sourcesRetracted += try removeRows(.source, .addedBy, number, reason: reason)
    }
}
