import ArgumentParser
import Foundation
import KnowledgeGraph

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a named query (from Queries/) with parameters.",
        discussion: """
            Examples:
              kg run --list
              kg run licensors company=Xiaomi --why
              kg run partner-network company=IKEA hops=3
              kg run connection from=IKEA to=Nokia
            """
    )

    @OptionGroup var graph: GraphOptions

    @Flag(help: "List the named queries with their descriptions and parameters.")
    var list = false

    @Option(name: .shortAndLong, help: "Output format: table, json, jsonl (one JSON object per row) or csv.", completion: .list(["table", "json", "jsonl", "csv"]))
    var format: String = "table"

    @Flag(help: "Print under each row the evidence it rests on.")
    var why = false

    @Flag(name: .customLong("spreadsheet-safe"), help: "With --format csv: prefix cells that start with = + - @ or a tab with ' so spreadsheets do not run them as formulas (changes those values).")
    var spreadsheetSafe = false

    @OptionGroup var budget: BudgetOptions

    @OptionGroup var width: WidthOptions

    @Argument(help: "The query's name.", completion: .custom { _, _, _ in NamedQuery.builtin.keys.sorted() })
    var name: String?

    @Argument(help: ArgumentHelp("Parameters as name=value.", valueName: "name=value"),
              completion: .custom { words, _, _ in
                  // The parameters of the query named on the line: company=, hops=, …
                  let named = words.lazy.compactMap { NamedQuery.builtin[$0] }.first
                  return (named?.parameters ?? []).map { $0.name + "=" }
              })
    var parameters: [String] = []

    func run() throws {
        if list || name == nil {
            var out = ""
            for query in NamedQuery.builtin.values.sorted(by: { $0.name < $1.name }) {
                out += "\(query.name)\n    \(query.summary)\n"
                for p in query.parameters {
                    out += "    \(p.name)=…  \(p.description)" + (p.defaultValue.map { " (default: \($0))" } ?? "") + "\n"
                }
            }
            Terminal.output(out)
            return
        }
        var text = ""
        try Terminal.run {
            let query = try NamedQuery.named(name!)
            text = query.text
        }
        // Ctrl-C cancels the query (KGE003, exit 130), as in kg query.
        let interrupts = Interrupts.install()
        defer { interrupts.remove() }
        try Terminal.run(source: text, sourceName: "Queries/\(name!).kgq") {
            let query = try NamedQuery.named(name!)
            guard let outputFormat = ResultFormatter.Format(rawValue: format) else {
                throw KGError(.usage, "unknown format '\(format)'", suggestion: "formats: table, json, jsonl, csv")
            }
            let example = "kg run \(query.name) " + (query.parameters.isEmpty ? "" : query.parameters.map { "\($0.name)=" + ($0.defaultValue ?? "VALUE") }.joined(separator: " "))
            let values = try query.bind(try QueryInput.parameters(parameters, example: example))
            let store = try graph.open(mode: .readOnly, memoryMapped: true)
            interrupts.attach(store.interruptHandle)
            defer { interrupts.attach(nil) }
            // One budget for the run and the rendering of its answer.
            let request = QueryBudget(limits: try budget.limits(), cancellation: interrupts.cancellation)
            let result = try QueryEngine(store: store).execute(query.text, options: .init(parameters: values, tracksFacts: why, budget: request))
            for warning in result.warnings { Terminal.note(warning.description) }
            var formatter = ResultFormatter(store: store)
            formatter.spreadsheetSafe = spreadsheetSafe
            formatter.budget = request
            Terminal.output(try formatter.format(result, as: outputFormat, why: why, color: Terminal.colorAllowed(forStderr: false),
                                             maxWidth: width.cellWidth))
        }
    }
}
