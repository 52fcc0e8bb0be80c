import KnowledgeGraph

// Who licenses patents to Xiaomi? Usage: LibraryExample GRAPH.sqlite
let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "seed.sqlite"
let store = try GraphStore.open(at: path, mode: .readOnly)
let engine = QueryEngine(store: store)
let answer = try engine.execute(
    "MATCH (who)-[:licenses_patents_to]->($company) RETURN DISTINCT who.name AS name ORDER BY name",
    parameters: ["company": .string("Xiaomi")])
for row in answer.rows {
    if case .string(let name) = row[0] { print(name) }
}
