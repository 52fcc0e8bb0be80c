import ArgumentParser
import Dispatch
import Foundation
import KnowledgeGraph

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer JSON-lines query and write requests on stdin, keeping one warm process.",
        discussion: """
            Each request is one line: {"id": 1, "query": "MATCH …", "params": {"company": "c0"}}
            Each answer is one line: {"id": 1, "columns": [...], "rows": [[...]], "elapsed_s": 0.0012}
            or, on failure, {"id": 1, "error": {"code": "KGB006", "message": "…", "line": 1, "column": 8}}.
            A malformed line gets an error answer (with the request's id when it can be read; \
            an id is sent back exactly as written, so 12345678901234567890 stays that number) \
            and the server goes on. A line longer than 16 MiB gets a KGI012 error answer \
            without being held in memory. It stops when stdin closes.

            Writes: {"id": 2, "write": "GRAPH TEXT", "update": false, "reason": "…"} applies graph text
            (node, edge, source, set, retract statements) under the rules of kg import, as one
            recorded write; readers in other processes see all of it or none. The answer:
            {"id": 2, "write": 5, "summary": "1 node added; …", "counts": {"nodes_added": 1, …}}
            ("write": null when nothing changed). {"id": 3, "revert": 5} undoes write 5.
            A graph opened --read-only answers writes with error KGD004.

            Example:
              echo '{"id":1,"query":"MATCH (c)-[:partner_of]-($company) RETURN c.key","params":{"company":"xiaomi"}}' | kg serve --stdio
            """
    )

    @OptionGroup var graph: GraphOptions

    @Flag(help: "Speak the JSON-lines protocol on standard input and output (the only transport).")
    var stdio = false

    @OptionGroup var budget: BudgetOptions

    func run() throws {
        guard stdio else {
            throw Terminal.report(KGError(.usage, "kg serve speaks only --stdio", suggestion: "run: kg serve --stdio"))
        }
        try Terminal.run {
            let store = try graph.open(mode: .automatic)
            let server = QueryServer(engine: QueryEngine(store: store), limits: try budget.limits())
            let input = BoundedLineReader(fd: 0, maxLineBytes: QueryServer.maxRequestBytes)
            while let next = input.next() {
                switch next {
                case .line(let line):
                    if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                    Terminal.output(server.answer(line) + "\n")
                case .tooLong(let bytes, let prefix):
                    Terminal.output(server.answerTooLong(bytes: bytes, prefix: prefix) + "\n")
                }
            }
        }
    }
}
