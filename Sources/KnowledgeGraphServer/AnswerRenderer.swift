import Foundation
import KnowledgeGraph

/// A page or program's view of an answer, made on the worker thread that ran
/// the query (it reads node names and evidence from the same connection).
///
/// JSON: `{"columns": [...], "rows": [[...]], "display": [["Nokia"]], "row_count": 2,
/// "evidence": [[{"quote": …, "file": …, "published": …, "source": …, "facts": [...]}]],
/// "elapsed_s": 0.002}`; `rows` are typed values (a node is `{key, kind, name}`),
/// `display` the same cells as text, `evidence` (with `why`) what each row rests on.
struct AnswerRenderer {
    let session: EngineSession
    /// The request's budget: rendering checks its clock and charges what it holds, row by row.
    var budget: QueryBudget?

    /// What a query answer turns into, ready to send.
    enum Rendered: Sendable {
        case json(JSONValue)
        case text(String, contentType: String)
        case svg(Data)
    }

    func render(_ result: QueryResult, format: QueryRequest.Format, why: Bool, elapsed: Double,
                extra: [String: JSONValue] = [:]) throws(KGError) -> Rendered {
        let store = session.store
        switch format {
        case .json:
            var formatter = ResultFormatter(store: store)
            formatter.budget = budget
            var rows: [JSONValue] = [], display: [JSONValue] = []
            for row in result.rows {
                rows.append(.array(row.map { formatter.json($0) }))
                let texts = row.map { formatter.text($0) }
                display.append(.array(texts.map(JSONValue.string)))
                // The row twice (values and display text) and, later, its JSON text.
                guard formatter.spend(texts.reduce(64 * texts.count) { $0 + 3 * $1.utf8.count }) else { break }
            }
            if let error = formatter.budgetError { throw error }
            var object: [String: JSONValue] = ["columns": .array(result.columns.map(JSONValue.string)), "rows": .array(rows),
                                               "display": .array(display), "row_count": .int(Int64(result.rows.count)),
                                               "elapsed_s": .double(elapsed)]
            if why {
                var evidence: [JSONValue] = []
                for facts in result.rowFacts { evidence.append(.array(try store.evidenceItems(for: facts).map(Self.json))) }
                object["evidence"] = .array(evidence)
            }
            if let plan = result.planText { object["plan"] = .string(plan) }
            object.merge(extra) { _, new in new }
            return .json(.object(object))
        case .table, .csv:
            var formatter = ResultFormatter(store: store)
            formatter.budget = budget
            let text = formatter.render(result, as: format == .csv ? .csv : .table, why: why && format == .table)
            if let error = formatter.budgetError { throw error }
            return .text(text, contentType: format == .csv ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8")
        case .dot, .svg:
            let dot = try DotExporter(store: store, options: Self.pictureOptions)
                .render(Subgraph(nodes: result.touchedNodes, edges: result.touchedEdges))
            return try Self.picture(dot, format: format)
        }
    }

    /// Nodes in pictures link to their page: `/?node=KEY`.
    static var pictureOptions: DotOptions {
        var options = DotOptions()
        options.nodeLinkPrefix = "/?node="
        return options
    }

    /// DOT text as it is, or rendered to SVG by Graphviz (run with an
    /// argument list, never through a shell).
    static func picture(_ dot: String, format: QueryRequest.Format) throws(KGError) -> Rendered {
        guard format == .svg else { return .text(dot, contentType: "text/vnd.graphviz; charset=utf-8") }
        return .svg(try GraphvizRunner.locate().render(dot, format: "svg"))
    }

    static func json(_ item: EvidenceItem) -> JSONValue {
        var object: [String: JSONValue] = ["quote": .string(item.quote), "file": .string(item.source.file),
                                           "source": .string(item.source.key), "facts": .array(item.facts.map(JSONValue.string))]
        if let title = item.source.title { object["title"] = .string(title) }
        if let published = item.source.published { object["published"] = .string(published.description) }
        return .object(object)
    }
}
