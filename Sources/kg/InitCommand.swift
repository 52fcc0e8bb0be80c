import ArgumentParser
import KnowledgeGraph

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a graph: the seed graph by default, or an empty one.",
        discussion: """
            Without options, creates the seed graph (the facts of the five seed articles, \
            with the default company schema). --empty creates an empty graph with the \
            company schema; --schema FILE an empty graph for another domain.

            Examples:
              kg init --db deals.sqlite
              kg init --db supply.sqlite --schema supply-chain.kgs
            """
    )

    @OptionGroup var graph: GraphOptions

    @Option(help: ArgumentHelp("A schema file (.kgs) for an empty graph of another domain.", valueName: "file"))
    var schema: String?

    @Flag(help: "Create an empty graph with the company schema instead of the seed graph.")
    var empty = false

    func run() throws {
        try Terminal.run {
            let path = try graph.location.requirePath()
            try InputFile.requireRegularOrMissing(path, role: "graph file")
            if graph.readOnly {
                throw KGError(.readOnly, "kg init writes a new graph, and --read-only forbids writing", suggestion: "drop --read-only")
            }
            if let schema {
                let text = try readInputFile(schema)
                let parsed = try SchemaParser.parse(text, file: schema)
                do {
                    try parsed.checkDerivedDefinitions()
                    _ = try GraphStore.create(at: path, schema: parsed)
                } catch let error as KGError where error.code == .schemaSyntax {
                    throw error.inFile(schema)   // a derived definition that does not bind
                }
                Terminal.note("kg: created an empty graph at \(path) with the schema '\(parsed.name)' (\(parsed.kindOrder.count) kinds, \(parsed.edgeTypeOrder.count) edge types)")
            } else if empty {
                _ = try GraphStore.create(at: path)
                Terminal.note("kg: created an empty graph at \(path) with the company schema")
            } else {
                if FileManagerCheck.exists(path) {
                    throw KGError(.usage, "'\(path)' already exists", suggestion: "choose another --db, or delete the file first")
                }
                try SeedGraph.build(at: path)
                let stats = try GraphStore.open(at: path, mode: .readOnly).statistics()
                Terminal.note("kg: created the seed graph at \(path): \(stats.nodeCount) nodes, \(stats.edgeCount) edges, \(stats.evidence) pieces of evidence")
            }
        }
    }
}

import Foundation
enum FileManagerCheck {
    static func exists(_ path: String) -> Bool {
        guard let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int else { return false }
        return size > 0
    }
}
