import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Graphs and comparisons for the `kg draft` tests.
enum DraftFixtures {
    /// The seed's source lines and its entity blocks (nodes of kinds that are
    /// not fact kinds: names, properties, aliases, node evidence), without any
    /// edge, agreement, ranking or event: the graph `kg draft` is measured against.
    static func entityOnlyText(schema: GraphSchema) throws -> String {
        let seed = try String(contentsOfFile: Fixtures.repositoryRoot + "/data/seed.kg", encoding: .utf8)
        var out: [String] = []
        var keep = false
        for line in seed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("source ") {
                out.append(line)
                keep = false
            } else if line.hasPrefix("node ") {
                let kind = line.split(separator: " ")[1]
                keep = !(schema.kinds[String(kind)]?.isFact ?? true)
                if keep { out.append(line) }
            } else if line.hasPrefix("  "), !line.hasPrefix("   "), keep {
                let word = line.split(separator: " ").first.map(String.init) ?? ""
                if word == "alias" || word == "evidence" { out.append(line) }
            } else if !line.hasPrefix(" ") {
                keep = false
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A new graph file holding `texts`, imported in order.
    static func store(_ dir: TemporaryDirectory, _ name: String, schema: GraphSchema? = nil, texts: [String]) throws -> GraphStore {
        let store = try GraphStore.create(at: dir.file(name), schema: schema)
        for text in texts { _ = try GraphTextImporter(store: store).importText(text) }
        return store
    }

    /// Drafts `text` against a new graph holding `entities` (dated
    /// `published`), expects every drafted quote but the entities' own
    /// (`isEntityQuote`) to stand verbatim in the article, imports the draft
    /// as it stands, and gives the draft and the imported graph's relations.
    static func draftAndImport(_ text: String, entities: String, published: String, in dir: TemporaryDirectory,
                               isEntityQuote: (String) -> Bool) throws -> (ArticleDraft, Set<[String]>) {
        let base = try store(dir, "own.sqlite", texts: [entities])
        let article = try ArticleText(text: text)
        let draft = try ArticleDrafter(store: base).draft(article, options: DraftOptions(sourceKey: "own", file: "own.txt", published: PartialDate(published)))
        for quote in quotes(in: draft.graphText) where !isEntityQuote(quote) {
            #expect(article.containsVerbatim(quote), "not verbatim: \(quote)")
        }
        let imported = try store(dir, "own-imported.sqlite", texts: [entities, draft.graphText])
        return (draft, try relations(imported))
    }

    /// Every relation between entities: stored edges between entity nodes and
    /// derived types, as (type, source name, target name); symmetric types
    /// with their names in order.
    static func relations(_ store: GraphStore) throws -> Set<[String]> {
        let schema = store.schema
        let entityKinds = schema.kindOrder.filter { !(schema.kinds[$0]?.isFact ?? true) }
        let isEntity = entityKinds.map { "a:\($0)" }.joined(separator: " OR ")
        var out = Set<[String]>()
        for type in schema.allEdgeTypeNames {
            let symmetric = schema.edgeTypes[type]?.isSymmetric ?? schema.derivedTypes[type]?.isSymmetric ?? false
            let query = "MATCH (a)-[:\(type)]->(b) WHERE (\(isEntity)) AND (\(isEntity.replacingOccurrences(of: "a:", with: "b:"))) RETURN a.name, b.name"
            for row in try GraphQueryEngine(store: store).execute(query).rows {
                guard case .string(let a) = row[0], case .string(let b) = row[1], a != b else { continue }
                out.insert(symmetric ? [type] + [a, b].sorted() : [type, a, b])
            }
        }
        return out
    }

    /// The quotes of a draft (the strings of its evidence lines).
    static func quotes(in draft: String) -> [String] {
        draft.split(separator: "\n").compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("evidence "), let open = t.firstIndex(of: "\"") else { return nil }
            var body = String(t[t.index(after: open)...].dropLast())
            body = body.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
            return body
        }
    }
}
