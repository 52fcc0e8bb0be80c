import ArgumentParser
import KnowledgeGraph

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count nodes by kind and edges by type."
    )

    @OptionGroup var graph: GraphOptions

    func run() throws {
        try Terminal.run {
            let store = try graph.open(mode: .readOnly, memoryMapped: true)
            let stats = try store.statistics()
            var out = "graph \(TerminalText.escape(store.path)) (schema '\(store.schema.name)')\n"
            out += "nodes \(stats.nodeCount)\n"
            let width = max((stats.nodesByKind.map(\.kind) + stats.edgesByType.map(\.type)).map(\.count).max() ?? 0, 8)
            for (kind, count) in stats.nodesByKind {
                out += "  " + kind.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(count)\n"
            }
            out += "edges \(stats.edgeCount)\n"
            for (type, count) in stats.edgesByType {
                out += "  " + type.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(count)\n"
            }
            out += "aliases \(stats.aliases)\nsources \(stats.sources)\nevidence \(stats.evidence)\n"
            Terminal.output(out)
        }
    }
}

import Foundation
