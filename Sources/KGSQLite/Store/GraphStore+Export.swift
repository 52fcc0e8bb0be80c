import KGModel
import KGStorage

/// Whole-graph reads for the exporters: every node, edge, alias and piece of
/// evidence in id order (the order a re-import recreates them in).
extension GraphStore {
    /// Calls `body` with every node, in id order.
    public func forEachNode(_ body: (NodeRecord) throws -> Void) throws(KGError) {
        do {
            let statement = try db.prepare("SELECT \(Self.nodeColumns) FROM nodes ORDER BY id")
            defer { statement.reset() }
            while try statement.step() { try body(Self.readNode(statement)) }
        } catch { throw KGError.wrap(error) }
    }

    /// Calls `body` with every edge, in id order.
    public func forEachEdge(_ body: (EdgeRecord) throws -> Void) throws(KGError) {
        do {
            let statement = try db.prepare("SELECT \(Self.edgeColumns) FROM edges ORDER BY id")
            defer { statement.reset() }
            while try statement.step() { try body(Self.readEdge(statement)) }
        } catch { throw KGError.wrap(error) }
    }

    /// Every node's key by id.
    public func nodeKeys() throws(KGError) -> [Int64: String] {
        do {
            var keys: [Int64: String] = [:]
            for (id, key) in try db.query("SELECT id, key FROM nodes", [], { ($0.int64(0), $0.string(1)) }) { keys[id] = key }
            return keys
        } catch { throw KGError.wrap(error) }
    }

    /// Every node's aliases, sorted, by node id.
    public func allAliases() throws(KGError) -> [Int64: [String]] {
        do {
            var result: [Int64: [String]] = [:]
            for (node, alias) in try db.query("SELECT node, alias FROM aliases ORDER BY node, alias", [], { ($0.int64(0), $0.string(1)) }) {
                result[node, default: []].append(alias)
            }
            return result
        } catch { throw KGError.wrap(error) }
    }

    /// Every piece of evidence, in id order, grouped by the node or edge it supports.
    public func allEvidence() throws(KGError) -> (nodes: [Int64: [(source: String, quote: String)]], edges: [Int64: [(source: String, quote: String)]]) {
        do {
            var nodes: [Int64: [(source: String, quote: String)]] = [:], edges: [Int64: [(source: String, quote: String)]] = [:]
            let rows = try db.query("SELECT v.node, v.edge, s.key, v.quote FROM evidence v JOIN sources s ON s.id = v.source ORDER BY v.id") {
                ($0.isNull(0) ? nil : $0.int64(0), $0.isNull(1) ? nil : $0.int64(1), $0.string(2), $0.string(3))
            }
            for (node, edge, source, quote) in rows {
                if let node { nodes[node, default: []].append((source, quote)) }
                if let edge { edges[edge, default: []].append((source, quote)) }
            }
            return (nodes, edges)
        } catch { throw KGError.wrap(error) }
    }

    /// Sources in id order.
    public func sourcesInOrder() throws(KGError) -> [SourceRecord] {
        do { return try db.query("SELECT id, key, file, title, published, language, author FROM sources ORDER BY id") { Self.readSource($0) } }
        catch { throw KGError.wrap(error) }
    }
}
