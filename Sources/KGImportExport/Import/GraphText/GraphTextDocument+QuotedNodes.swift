import Foundation
import KGModel
import KGStorage
import KGSQLite

/// Less typing: a node named in the quote of one of the file's facts needs no
/// evidence line of its own. Its evidence is that quote:
///
///     node Company acme "Acme"
///     node Agreement acme-xiaomi "Acme–Xiaomi licence" kind=patent_license
///       licensor acme
///         evidence news "Acme licenses its patents to Xiaomi."
///       licensee xiaomi
///         evidence news "Acme licenses its patents to Xiaomi."
///
/// `acme` rests on "Acme licenses its patents to Xiaomi." (kg show prints it).
extension GraphTextDocument {
    /// Gives each node without evidence lines (and not `evidence none`) the
    /// first quote of the file that names it: by its name or an alias, in any
    /// case, as a whole word or in the genitive (Acme's, Acmes). Quotes of
    /// the node's own edges come first, then those of every other edge, then
    /// those of other nodes (an agreement's). Returns how many nodes got one.
    @discardableResult
    mutating func lendQuotesToNodes() -> Int {
        var lent = 0
        for n in nodes.indices where nodes[n].evidence.isEmpty && !nodes[n].unsourced {
            let node = nodes[n]
            let names = ([node.name] + node.aliases).map { $0.lowercased() }.filter { !$0.isEmpty }
            let ownEdges = allEdges.filter { $0.sourceKey == node.key || $0.targetKey == node.key }
            let otherEdges = allEdges.filter { $0.sourceKey != node.key && $0.targetKey != node.key }
            let candidates = ownEdges.flatMap(\.evidence) + otherEdges.flatMap(\.evidence)
                + nodes.indices.filter { $0 != n }.flatMap { nodes[$0].evidence }
            if let quote = candidates.first(where: { evidence in names.contains { Self.quote(evidence.quote, names: $0) } }) {
                nodes[n].evidence = [quote]
                nodes[n].evidenceFromQuote = true
                lent += 1
            }
        }
        return lent
    }

    /// How many nodes rest on the quote of another fact.
    public var nodesEvidencedByQuote: Int { nodes.filter(\.evidenceFromQuote).count }

    /// Whether `quote` names `name` (lower case): as a whole word, or followed
    /// by a genitive ending (s, 's, ’s, ').
    package static func quote(_ quote: String, names name: String) -> Bool {
        let text = quote.lowercased()
        var searchStart = text.startIndex
        while let range = text.range(of: name, range: searchStart..<text.endIndex) {
            defer { searchStart = text.index(after: range.lowerBound) }
            if range.lowerBound > text.startIndex, isWordCharacter(text[text.index(before: range.lowerBound)]) { continue }
            var end = range.upperBound
            for ending in ["’s", "'s", "s", "’", "'"] where text[end...].hasPrefix(ending) {
                let after = text.index(end, offsetBy: ending.count)
                if after == text.endIndex || !isWordCharacter(text[after]) { end = after; break }
            }
            if end == text.endIndex || !isWordCharacter(text[end]) { return true }
        }
        return false
    }

    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }
}
