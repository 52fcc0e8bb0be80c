import KGModel
import KGStorage
import KGSQLite
import KGEngine

/// Turns a ``QuestionReading`` into a query's syntax tree, which the binder,
/// planner and executor then run like any other query. Node names are
/// written as quoted names (`("Xiaomi")`) and variables in lower case, so
/// the query reads the same under every rule for bare words.
struct AskTranslator {
    let store: GraphStore

    /// What the answer of a query is: rows, a number, yes or no, or a path.
    enum Shape: Sendable, Hashable {
        case list, count, yesNo, path, value
    }

    func translate(_ reading: QuestionReading) throws(KGError) -> (Query, Shape) {
        switch reading {
        case .find(let asked, let chain, let anchor, let askedIsSubject, let count):
            let askedVariable = variableName(for: asked)
            let askedNode = NodePattern(variable: Identifier(askedVariable), kinds: asked.kind.map { [Identifier($0)] } ?? [])
            var anchorNode = NodePattern(name: try nameReference(anchor))
            var whereClause: Expression?
            let pattern: PathPattern
            if askedIsSubject {
                if chain.count > 1 {
                    // Partners of partners of Xiaomi: not Xiaomi itself.
                    let anchorVariable = askedVariable == "start" ? "anchor" : "start"
                    anchorNode.variable = Identifier(anchorVariable)
                    whereClause = Expression(.binary(.notEqual, Expression(.variable(askedVariable)), Expression(.variable(anchorVariable))))
                }
                pattern = path(from: askedNode, chain: chain, to: anchorNode)
            } else {
                pattern = path(from: anchorNode, chain: chain, to: askedNode)
            }
            let askedExpression = Expression(.variable(askedVariable))
            let returnClause: ReturnClause
            if count {
                returnClause = ReturnClause(items: [ReturnItem(Expression(.call(FunctionCall(name: "count", distinct: true, arguments: [askedExpression]))))])
            } else {
                returnClause = ReturnClause(distinct: true, items: [ReturnItem(askedExpression)],
                                            orderBy: [SortItem(Expression(.property(askedExpression, key: "name")))])
            }
            return (Query(matches: [MatchClause(patterns: [pattern])], whereClause: whereClause, returnClause: returnClause), count ? .count : .list)
        case .yesNo(let subject, let chain, let object):
            let pattern = path(from: NodePattern(name: try nameReference(subject)), chain: chain, to: NodePattern(name: try nameReference(object)))
            let returnClause = ReturnClause(items: [ReturnItem(Expression(.call(FunctionCall(name: "count", star: true))), alias: Identifier("matches"))])
            return (Query(matches: [MatchClause(patterns: [pattern])], returnClause: returnClause), .yesNo)
        case .describe(let node):
            let edge = EdgePattern(variable: Identifier("fact"), direction: .undirected)
            let pattern = PathPattern(start: NodePattern(name: try nameReference(node)), hops: [PatternHop(step: .edge(edge), node: NodePattern())])
            let returnClause = ReturnClause(distinct: true, items: [ReturnItem(Expression(.variable("fact")))])
            return (Query(matches: [MatchClause(patterns: [pattern])], returnClause: returnClause), .list)
        case .prepared(let prepared):
            return (try Parser.parse(prepared.query), prepared.shape)
        case .connection(let from, let to):
            let step = EdgePattern(direction: .undirected, quantifier: Quantifier(min: 1, max: nil))
            let pattern = PathPattern(variable: Identifier("p"), selector: PathSelector(.shortest),
                                      start: NodePattern(name: try nameReference(from)),
                                      hops: [PatternHop(step: .edge(step), node: NodePattern(name: try nameReference(to)))])
            let returnClause = ReturnClause(items: [ReturnItem(Expression(.variable("p")))])
            return (Query(matches: [MatchClause(patterns: [pattern])], returnClause: returnClause), .path)
        }
    }

    /// `(left) -[R1]- (via) -[R2]- … (right)`, each edge pointing from the
    /// subject of its phrase to the object.
    private func path(from left: NodePattern, chain: [RelationReading], to right: NodePattern) -> PathPattern {
        var hops: [PatternHop] = []
        for (i, relation) in chain.enumerated() {
            let direction: EdgeDirection = relation.isSymmetric ? .undirected : (relation.subjectIsSource ? .outgoing : .incoming)
            let edge = EdgePattern(types: relation.types.map { EdgeTypeReference(Identifier($0)) }, direction: direction)
            let node = i == chain.count - 1 ? right : NodePattern(variable: Identifier(chain.count > 2 ? "via\(i + 1)" : "via"),
                                                                   kinds: relation.objectKind.map { [Identifier($0)] } ?? [])
            hops.append(PatternHop(step: .edge(edge), node: node))
        }
        return PathPattern(start: left, hops: hops)
    }

    /// The asked node's variable: the kind in lower case ("company"), else
    /// the question word ("who", "what"), else `x`.
    private func variableName(for asked: AskedNode) -> String {
        if let kind = asked.kind {
            let name = AskLexicon.words(ofIdentifier: kind).joined(separator: "_")
            if Self.isPlainVariable(name) { return name }
        }
        return Self.isPlainVariable(asked.word) ? asked.word : "x"
    }

    static func isPlainVariable(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            && QueryPrinter.name(name) == name && !["via", "start", "anchor", "p"].contains(name)
    }

    /// The node as a quoted name: its name when that names only it, else its key.
    private func nameReference(_ node: NodeRecord) throws(KGError) -> NameReference {
        let byName = try store.candidates(forName: node.name)
        return NameReference(.string(byName.count == 1 && byName[0].id == node.id ? node.name : node.key))
    }
}
