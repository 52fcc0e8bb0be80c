import Foundation
import KGTestTools
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Runs the Python that loads exports (``RequiredTool/networkxPython``:
/// Debian's python3 with python3-networkx and python3-pandas, which `.ci/run`
/// installs).
enum PythonGraphTools {
    static func run(_ executable: String, _ arguments: [String]) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// Issue 19, item 3: every export loads into the tools users load it into,
/// with the graph's node and edge counts: pandas and networkx for CSV (kg's
/// and Gephi's headers), networkx for GraphML (`kg export`, `kg dot`, `kg
/// query`), pandas for JSON lines (`kg export`, `kg query`), and query CSV
/// with `--keys` joins back to nodes.csv.
@Suite struct ExportToolLoadTests {
    let home = TemporaryDirectory()

    static let script = #"""
        import json, sys
        import networkx as nx
        import pandas as pd

        d = sys.argv[1]
        out = {}

        def pieces(texts):
            return sum(len(json.loads(t)) for t in texts if isinstance(t, str) and t)

        def csv(path):
            return pd.read_csv(path, keep_default_na=False, dtype=str)

        n, e = csv(d + "/csv/nodes.csv"), csv(d + "/csv/edges.csv")
        g = nx.from_pandas_edgelist(e, "src", "dst", edge_attr=True, create_using=nx.MultiDiGraph)
        g.add_nodes_from(n["id"])
        out["csv"] = {"node_rows": len(n), "edge_rows": len(e), "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                      "evidence": pieces(n["evidence"]) + pieces(e["evidence"])}

        gn, ge = csv(d + "/gephi/nodes.csv"), csv(d + "/gephi/edges.csv")
        g = nx.from_pandas_edgelist(ge, "Source", "Target", edge_attr=True, create_using=nx.MultiDiGraph)
        g.add_nodes_from(gn["Id"])
        out["gephi"] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "undirected": int((ge["Type"] == "Undirected").sum())}

        for name in ["export.graphml", "dot.graphml", "query.graphml"]:
            g = nx.read_graphml(d + "/" + name)
            out[name] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                         "evidence": pieces(a.get("evidence") for _, a in g.nodes(data=True)) + pieces(a.get("evidence") for _, _, a in g.edges(data=True)),
                         "symmetric": sum(1 for _, _, a in g.edges(data=True) if a.get("symmetric") is True)}

        j = pd.read_json(d + "/export.jsonl", lines=True)
        out["jsonl"] = {k: int(v) for k, v in j["type"].value_counts().items()}

        q = pd.read_json(d + "/query.jsonl", lines=True)
        out["query_jsonl"] = {"rows": len(q), "columns": list(q.columns)}

        qc = csv(d + "/query.csv")
        out["query_csv"] = {"rows": len(qc), "joined": len(qc.merge(n, left_on="who", right_on="id")),
                            "joined_agreements": len(qc.merge(n, left_on="a", right_on="id"))}
        print(json.dumps(out))
        """#

    @Test(.requires(.networkxAndPandas))
    func everyExportLoadsIntoNetworkxAndPandasWithTheGraphsCounts() throws {
        guard let python = RequiredTool.networkxPython else {
            Issue.record("KG_REQUIRE_TOOLS=1, but \(RequiredTool.networkxAndPandas.skipReason)")
            return
        }
        let db = home.file("deals.sqlite")
        func kg(_ arguments: String...) throws -> CommandResult {
            let result = try runKG(arguments + ["--db", db], home: home.path)
            #expect(result.status == 0, "kg \(arguments.joined(separator: " ")): \(result.stderr)")
            return result
        }
        #expect(try runKG(["init", "--db", db], home: home.path).status == 0)
        _ = try kg("export", "--format", "csv", "-o", home.file("csv"))
        _ = try kg("export", "--format", "csv", "--headers", "gephi", "-o", home.file("gephi"))
        _ = try kg("export", "--format", "graphml", "-o", home.file("export.graphml"))
        _ = try kg("dot", "--all", "--format", "graphml", "-o", home.file("dot.graphml"))
        _ = try kg("export", "--format", "jsonl", "-o", home.file("export.jsonl"))
        let competitors = "MATCH (c)-[:competitor_of]-(d) RETURN c, d"
        try kg("query", "--format", "graphml", competitors).stdout.write(toFile: home.file("query.graphml"), atomically: true, encoding: .utf8)
        let licensors = "MATCH (who)<-[:licensor]-(a:Agreement) RETURN who, a, a.date"
        try kg("query", "--format", "jsonl", licensors).stdout.write(toFile: home.file("query.jsonl"), atomically: true, encoding: .utf8)
        try kg("query", "--format", "csv", "--keys", licensors).stdout.write(toFile: home.file("query.csv"), atomically: true, encoding: .utf8)

        let loaded = try PythonGraphTools.run(python, ["-c", Self.script, home.path])
        #expect(loaded.status == 0, "python: \(loaded.stderr)")
        guard case .object(let out)? = try? JSONParser.parse(loaded.stdout) else {
            Issue.record("python printed no JSON: \(loaded.stdout) \(loaded.stderr)")
            return
        }
        func number(_ section: String, _ name: String) -> Int64? {
            if case .object(let members)? = out[section], case .int(let n)? = members[name] { return n }
            return nil
        }

        let store = try GraphStore.open(at: db)
        let stats = try store.statistics()
        let nodes = Int64(stats.nodeCount), edges = Int64(stats.edgeCount), evidence = Int64(stats.evidence)
        let symmetric = Int64(stats.edgesByType.first { $0.type == "competitor_of" }?.count ?? 0)
        #expect(nodes > 50 && edges > 90 && symmetric > 0)

        // CSV: one row per node and per edge (no longer one per piece of evidence).
        #expect(number("csv", "node_rows") == nodes && number("csv", "edge_rows") == edges)
        #expect(number("csv", "nodes") == nodes && number("csv", "edges") == edges)
        #expect(number("csv", "evidence") == evidence, "every piece of evidence is in the evidence columns")
        #expect(number("gephi", "nodes") == nodes && number("gephi", "edges") == edges && number("gephi", "undirected") == symmetric)

        // GraphML: networkx reads it (no directed="false" inside a directed graph).
        for name in ["export.graphml", "dot.graphml"] {
            #expect(number(name, "nodes") == nodes && number(name, "edges") == edges, "\(name)")
            #expect(number(name, "evidence") == evidence && number(name, "symmetric") == symmetric, "\(name)")
        }
        let answer = GraphMLReader.read(try String(contentsOfFile: home.file("query.graphml"), encoding: .utf8))
        #expect(number("query.graphml", "nodes") == Int64(answer.nodes.count) && number("query.graphml", "edges") == Int64(answer.edges.count))
        #expect(answer.edges.count > 0)

        // JSON lines: one object per source, node and edge.
        if case .object(let types)? = out["jsonl"] {
            #expect(types["node"] == .int(nodes) && types["edge"] == .int(edges) && types["source"] == .int(Int64(stats.sources)))
        } else { Issue.record("no jsonl counts") }

        // kg query --format jsonl: one object per row, keyed by column.
        let rows = try QueryEngine(store: store).execute(licensors).rows.count
        #expect(rows > 0)
        #expect(number("query_jsonl", "rows") == Int64(rows))
        if case .object(let q)? = out["query_jsonl"] {
            #expect(q["columns"] == .array([.string("who"), .string("a"), .string("a.date")]))
        }
        // kg query --format csv --keys: every node cell joins nodes.csv's id.
        #expect(number("query_csv", "rows") == Int64(rows))
        #expect(number("query_csv", "joined") == Int64(rows) && number("query_csv", "joined_agreements") == Int64(rows))
    }
}
