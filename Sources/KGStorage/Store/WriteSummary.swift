import KGModel

/// What one write did to a graph: the counts `kg import`, `kg set`,
/// `kg retract`, `kg revert` and `kg serve` report, and `kg log` lists.
///
///     0 added; 51 nodes and 75 edges unchanged; 0 pieces of evidence added
public struct WriteSummary: Sendable, Equatable, CustomStringConvertible {
    /// The history record of the write (`kg log`), nil when nothing changed
    /// (a write that changes nothing is not recorded).
    public var write: Int64?
    /// What the reader of the import should know, though nothing was wrong
    /// (a value read in the schema's spelling: "line 4: read kind='cross_licence' as 'cross_license'").
    public var notes: [String] = []
    /// Problems that did not stop the write ("source 'note' names
    /// analyst-note.txt, which cannot be read: its quotes are not checked").
    public var warnings: [String] = []
    public var sources = 0
    public var nodes = 0
    public var edges = 0
    public var aliases = 0
    public var evidence = 0
    /// Existing nodes a statement named that gained nothing, or gained
    /// aliases, properties or evidence (``nodesMerged``).
    public var nodesUnchanged = 0
    public var nodesMerged = 0
    /// Existing edges a statement matched (type, ends, properties, period).
    public var edgesUnchanged = 0
    public var edgesMerged = 0
    /// Properties given a value they did not have, and values replaced.
    public var propertiesAdded = 0
    public var propertiesUpdated = 0
    public var nodesRetracted = 0
    public var edgesRetracted = 0
    public var evidenceRetracted = 0
    public var aliasesRetracted = 0
    public var sourcesRetracted = 0
    /// For a revert: the write it undid.
    public var reverted: Int64?

    public init() {}

    /// Whether the write changed nothing at all.
    public var changesNothing: Bool {
        sources == 0 && nodes == 0 && edges == 0 && aliases == 0 && evidence == 0 && propertiesAdded == 0
            && propertiesUpdated == 0 && nodesRetracted == 0 && edgesRetracted == 0 && evidenceRetracted == 0
            && aliasesRetracted == 0 && sourcesRetracted == 0
            && nodesMerged == 0 && edgesMerged == 0 && reverted == nil
    }

    /// The counts as one sentence, with correct plurals.
    public var description: String {
        // A revert restores what the write took out and removes what it added.
        let added = reverted == nil ? "added" : "restored", retractedWord = reverted == nil ? "retracted" : "removed"
        var parts: [String] = reverted.map { ["undid write \($0)"] } ?? []
        let counted = [Plural.count(nodes, "node"), Plural.count(edges, "edge"), Plural.count(aliases, "alias", "aliases"),
                       Plural.count(sources, "source")]
        let nonZero = zip([nodes, edges, aliases, sources], counted).filter { $0.0 > 0 }.map(\.1)
        if !(nonZero.isEmpty && reverted != nil) { parts.append(nonZero.isEmpty ? "0 \(added)" : Plural.list(nonZero) + " \(added)") }
        let unchangedNodes = nodesUnchanged, unchangedEdges = edgesUnchanged
        if unchangedNodes > 0 || unchangedEdges > 0 {
            let items = [unchangedNodes > 0 ? Plural.count(unchangedNodes, "node") : nil,
                         unchangedEdges > 0 ? Plural.count(unchangedEdges, "edge") : nil].compactMap { $0 }
            parts.append(Plural.list(items) + " unchanged")
        }
        if nodesMerged > 0 || edgesMerged > 0 {
            let items = [nodesMerged > 0 ? Plural.count(nodesMerged, "node") : nil,
                         edgesMerged > 0 ? Plural.count(edgesMerged, "edge") : nil].compactMap { $0 }
            parts.append(Plural.list(items) + " merged")
        }
        if !(evidence == 0 && reverted != nil) { parts.append(Plural.count(evidence, "piece of evidence", "pieces of evidence") + " \(added)") }
        if propertiesAdded > 0 { parts.append(Plural.count(propertiesAdded, "property", "properties") + " added") }
        if propertiesUpdated > 0 { parts.append(Plural.count(propertiesUpdated, "property", "properties") + " updated") }
        let retracted = [nodesRetracted > 0 ? Plural.count(nodesRetracted, "node") : nil,
                         edgesRetracted > 0 ? Plural.count(edgesRetracted, "edge") : nil,
                         aliasesRetracted > 0 ? Plural.count(aliasesRetracted, "alias", "aliases") : nil,
                         sourcesRetracted > 0 ? Plural.count(sourcesRetracted, "source") : nil,
                         evidenceRetracted > 0 ? Plural.count(evidenceRetracted, "piece of evidence", "pieces of evidence") : nil].compactMap { $0 }
        if !retracted.isEmpty { parts.append(Plural.list(retracted) + " \(retractedWord)") }
        return parts.joined(separator: "; ")
    }

    /// The counts as a JSON object (for `kg log --format json` and `kg serve`).
    public var json: JSONValue {
        var object: [String: JSONValue] = [:]
        let fields: [(String, Int)] = [("sources_added", sources), ("nodes_added", nodes), ("edges_added", edges), ("aliases_added", aliases),
                                       ("evidence_added", evidence), ("nodes_unchanged", nodesUnchanged), ("nodes_merged", nodesMerged),
                                       ("edges_unchanged", edgesUnchanged), ("edges_merged", edgesMerged),
                                       ("properties_added", propertiesAdded), ("properties_updated", propertiesUpdated),
                                       ("nodes_retracted", nodesRetracted), ("edges_retracted", edgesRetracted),
                                       ("evidence_retracted", evidenceRetracted),
                                       ("aliases_retracted", aliasesRetracted), ("sources_retracted", sourcesRetracted)]
        for (name, value) in fields { object[name] = .int(Int64(value)) }
        if let write { object["write"] = .int(write) }
        if let reverted { object["reverted"] = .int(reverted) }
        return .object(object)
    }
}
