import ArgumentParser
import Foundation
import KnowledgeGraph

struct AskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Answer a question in plain words (English or German), showing the query it ran.",
        discussion: """
            kg reads the question with a grammar made from the graph's schema (the \
            phrases of its edge types, its kinds as nouns, its node names and aliases), \
            prints the query it ran, then the answer. A question it cannot read is an \
            error that says which words it understood and lists phrases it knows.

            Forms:
              who / what / which KIND PHRASE NAME     who licenses patents to Xiaomi?
              what does NAME PHRASE                   what does Xiaomi develop?
              is / does NAME PHRASE NAME              is IKEA a partner of Xiaomi?
              how many KIND …                         how many products does Xiaomi develop?
              PHRASE of PHRASE of NAME, NAME's …      partners of partners of Xiaomi
              how is NAME connected to NAME           how is IKEA connected to Microsoft?

            Examples:
              kg ask "who licenses patents to Xiaomi?"
              kg ask --why "is IKEA a partner of Xiaomi?"
              kg ask "Wer lizenziert Patente an Xiaomi?"
              kg ask --format json "what does Xiaomi develop?"
            """
    )

    @OptionGroup var graph: GraphOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format: table, json, jsonl (one JSON object per row) or csv.", valueName: "table|json|jsonl|csv"))
    var format: ResultFormatter.Format = .table

    @Flag(help: "Print under the answer the evidence it rests on (article, date, quote).")
    var why = false

    @OptionGroup var width: WidthOptions

    @OptionGroup var budget: BudgetOptions

    @Argument(help: ArgumentHelp("The question (quote it, or give it as words).", valueName: "question"))
    var words: [String] = []

    func validate() throws {
        if words.isEmpty { throw ValidationError("ask a question, e.g. kg ask \"who licenses patents to Xiaomi?\"") }
    }

    func run() throws {
        let question = words.joined(separator: " ")
        let interrupts = Interrupts.install()
        defer { interrupts.remove() }
        try Terminal.run(source: question, sourceName: "question") {
            let store = try graph.open(mode: .readOnly, memoryMapped: true)
            interrupts.attach(store.interruptHandle)
            defer { interrupts.attach(nil) }
            let answerer = QuestionAnswerer(engine: QueryEngine(store: store))
            let options = QueryEngine.Options(limits: try budget.limits(), tracksFacts: why, cancellation: interrupts.cancellation)
            let answer = try answerer.ask(question, options: options)
            var formatter = AskAnswerFormatter(store: store)
            Terminal.output(formatter.render(answer, as: format, why: why, color: Terminal.colorAllowed(forStderr: false),
                                             maxWidth: width.cellWidth))
        }
    }
}

extension ResultFormatter.Format: ExpressibleByArgument {}
