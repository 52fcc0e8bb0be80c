/// The state and the statements of an interactive `kg shell`: queries ended
/// by `;` (they may span lines), questions in plain words (a line that does
/// not start with a query keyword or `:`), and `:` commands (`:help`,
/// `:schema`, `:param name=value`, `:format table|json|csv`, `:why on|off`,
/// `:explain`). Line editing and the terminal are the caller's; a session
/// only turns lines into text to print, so it is the same from a terminal,
/// a pipe or a test.
public final class ShellSession {
    public enum Format: String, Sendable, CaseIterable {
        case table, json, csv
    }

    /// What a line printed: answer text (for stdout) and error text (for stderr).
    public struct Output: Sendable, Equatable {
        public var text: String = ""
        public var error: String = ""
        /// The exit status of the first error (0: none).
        public var status: Int32 = 0
        /// `:quit` was given.
        public var quit = false
    }

    public let store: GraphStore
    public let engine: QueryEngine
    let answerer: QuestionAnswerer
    public var format: Format = .table
    public var why = false
    public var parameters: [String: Value] = [:]
    /// Cut table cells wider than this (nil: never).
    public var maxWidth: Int?
    public var color = false
    public var limits = QueryLimits()
    public var cancellation: CancellationFlag?
    /// The statement being typed (lines of a query before its `;`).
    public private(set) var pending = ""
    /// The last statement run, for `:explain`.
    public private(set) var last: String?

    public init(store: GraphStore) {
        self.store = store
        self.engine = QueryEngine(store: store)
        self.answerer = QuestionAnswerer(engine: engine)
    }

    /// The prompt for the next line.
    public var prompt: String { pending.isEmpty ? "kg> " : "...> " }

    static let queryKeywords: Set<String> = ["MATCH", "EXPLAIN", "PROFILE"]

    /// Whether `line` starts a query (rather than a question or a command).
    static func startsQuery(_ line: String) -> Bool {
        let first = line.trimmedSpaces.prefix { $0.isLetter }
        return queryKeywords.contains(first.uppercased())
    }

    /// Handles one line of input.
    public func feed(_ line: String) -> Output {
        let trimmed = line.trimmedSpaces
        if pending.isEmpty {
            if trimmed.isEmpty { return Output() }
            if trimmed.hasPrefix(":") { return command(trimmed) }
            if !Self.startsQuery(trimmed) {
                var question = trimmed
                while question.hasSuffix(";") { question.removeLast() }
                return run(question.trimmedSpaces)
            }
        }
        pending += (pending.isEmpty ? "" : "\n") + line
        guard trimmed.hasSuffix(";") else { return Output() }
        var statement = pending.trimmedSpaces
        while statement.hasSuffix(";") { statement.removeLast() }
        pending = ""
        return run(statement.trimmedSpaces)
    }

    /// At the end of input: runs a statement left without its `;`.
    public func finish() -> Output {
        guard !pending.trimmedSpaces.isEmpty else { pending = ""; return Output() }
        let statement = pending.trimmedSpaces
        pending = ""
        return run(statement)
    }

    // MARK: Statements

    private func options() -> QueryEngine.Options {
        QueryEngine.Options(parameters: parameters, limits: limits, tracksFacts: why, cancellation: cancellation)
    }

    private func failure(_ error: KGError, source: String, name: String) -> Output {
        var out = Output()
        out.error = DiagnosticRenderer(useColor: color).render(error, source: source, sourceName: name)
        out.status = error.code.exitStatus
        return out
    }

    /// Runs a query (starting with MATCH, EXPLAIN or PROFILE) or asks a question.
    func run(_ statement: String) -> Output {
        guard !statement.isEmpty else { return Output() }
        last = statement
        let resultFormat = ResultFormatter.Format(rawValue: format.rawValue) ?? .table
        if Self.startsQuery(statement) {
            do {
                // One budget for the statement: its parse, its run and its rendering.
                var options = options()
                let budget = QueryBudget(limits: limits, cancellation: cancellation)
                options.budget = budget
                let result = try engine.execute(statement, options: options)
                var formatter = ResultFormatter(store: store)
                formatter.budget = budget
                if result.columns == ["plan"], let plan = result.planText, format == .table { return Output(text: plan.hasSuffix("\n") ? plan : plan + "\n") }
                var out = Output(text: formatter.render(result, as: resultFormat, why: why, color: color, maxWidth: maxWidth))
                if let error = formatter.budgetError { return failure(error, source: statement, name: "query") }
                if let plan = result.planText, result.columns != ["plan"] { out.error = plan.hasSuffix("\n") ? plan : plan + "\n" }
                return out
            } catch {
                return failure(error, source: statement, name: "query")
            }
        }
        do {
            let answer = try answerer.ask(statement, options: options())
            var formatter = AskAnswerFormatter(store: store)
            return Output(text: formatter.render(answer, as: resultFormat, why: why, color: color, maxWidth: maxWidth))
        } catch {
            return failure(error, source: statement, name: "question")
        }
    }

    // MARK: Commands

    public static let commands: [(name: String, usage: String, help: String)] = [
        (":help", ":help", "this list"),
        (":schema", ":schema", "kinds, edge types with phrases and counts, derived types, named queries"),
        (":param", ":param name=value", "set a $parameter (:param alone lists them; :param name= removes one)"),
        (":format", ":format table|json|csv", "how answers are printed"),
        (":why", ":why on|off", "print the evidence under each answer"),
        (":explain", ":explain [query or question]", "the plan of a query or question (default: the last one)"),
        (":clear", ":clear", "drop the statement being typed"),
        (":quit", ":quit", "leave (also Ctrl-D)"),
    ]

    public static var helpText: String {
        var out = """
            Type a query ended by ';' (it may span lines), or a question in plain words:
              MATCH (who)-[:licenses_patents_to]->("Xiaomi") RETURN who;
              who licenses patents to Xiaomi?
              Wer lizenziert Patente an Xiaomi?

            Commands:

            """
        let width = commands.map { $0.usage.count }.max() ?? 0
        for c in commands { out += "  " + c.usage.padding(to: width) + "  " + c.help + "\n" }
        out += "\nTab completes keywords, kinds, edge types, node names and commands.\n"
        return out
    }

    private func command(_ line: String) -> Output {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts[0].lowercased()
        let argument = parts.count > 1 ? parts[1].trimmedSpaces : ""
        func usage(_ text: String) -> Output {
            failure(KGError(.usage, text, suggestion: ":help lists the commands"), source: line, name: "shell")
        }
        switch name {
        case ":help", ":h", ":?":
            return Output(text: Self.helpText)
        case ":schema":
            do { return Output(text: try SchemaReport(store: store).text(maxWidth: maxWidth)) }
            catch { return failure(error, source: line, name: "shell") }
        case ":param", ":params":
            if argument.isEmpty {
                if parameters.isEmpty { return Output(text: "no parameters set (:param name=value)\n") }
                var formatter = ResultFormatter(store: store)
                return Output(text: parameters.keys.sorted().map { "$\($0) = \(formatter.text(parameters[$0] ?? .null))" }.joined(separator: "\n") + "\n")
            }
            guard let eq = argument.firstIndex(of: "="), eq != argument.startIndex else {
                return usage("'\(argument)' is not name=value; for example :param company=Xiaomi")
            }
            var key = String(argument[..<eq]).trimmedSpaces
            if key.hasPrefix("$") { key.removeFirst() }
            guard let first = key.first, first.isLetter || first == "_", key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                return usage("'\(key)' is not a parameter name (letters, digits, _)")
            }
            var raw = String(argument[argument.index(after: eq)...]).trimmedSpaces
            if raw.isEmpty { parameters[key] = nil; return Output(text: "$\(key) removed\n") }
            if raw.count >= 2, let q = raw.first, q == "\"" || q == "'", raw.last == q { raw = String(raw.dropFirst().dropLast()) }
            parameters[key] = Int64(raw).map(Value.int) ?? .string(raw)
            return Output(text: "$\(key) = \(raw)\n")
        case ":format":
            guard let f = Format(rawValue: argument.lowercased()) else { return usage("':format' takes table, json or csv") }
            format = f
            return Output(text: "format \(f.rawValue)\n")
        case ":why":
            switch argument.lowercased() {
            case "on", "": why = true
            case "off": why = false
            default: return usage("':why' takes on or off")
            }
            return Output(text: "why \(why ? "on" : "off")\n")
        case ":explain":
            guard let target = argument.isEmpty ? last : argument else { return usage("nothing to explain yet: run a query or a question first") }
            do {
                let query: Query
                var text = ""
                if Self.startsQuery(target) {
                    query = try Parser.parse(target)
                } else {
                    query = try answerer.interpret(target).query
                    text += "query: \(QueryPrinter.format(query))\n"
                }
                var explained = query
                explained.mode = .explain
                let result = try engine.execute(explained, options: options())
                text += result.planText.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" } ?? ""
                return Output(text: text)
            } catch {
                return failure(error, source: target, name: Self.startsQuery(target) ? "query" : "question")
            }
        case ":clear":
            pending = ""
            return Output()
        case ":quit", ":exit", ":q":
            var out = Output()
            out.quit = true
            return out
        default:
            let suggestion = EditDistance.suggestion(for: name, among: Self.commands.map(\.name))
            return usage("unknown command '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
        }
    }

    // MARK: Completion

    /// Completions for the word `word` of the line `line`: commands after
    /// `:`, edge types after `:` inside brackets, kinds after `:` in a node,
    /// parameters after `$`, then keywords, kinds, edge types and node names.
    public func completions(for word: String, in line: String = "") -> [String] {
        let schema = store.schema
        func starting(_ candidates: [String], _ prefix: String) -> [String] {
            let p = prefix.lowercased()
            return candidates.filter { $0.lowercased().hasPrefix(p) }
        }
        let before = line.hasSuffix(word) ? String(line.dropLast(word.count)).trimmedSpaces : line.trimmedSpaces
        if word.hasPrefix(":"), before.isEmpty { return starting(Self.commands.map(\.name), word) }
        if line.hasPrefix(":format") { return starting(Format.allCases.map(\.rawValue), word) }
        if line.hasPrefix(":why") { return starting(["on", "off"], word) }
        if word.hasPrefix("$") { return starting(parameters.keys.sorted().map { "$" + $0 }, word) }
        if let colon = word.lastIndex(of: ":") {
            // (c:Comp → (c:Company ; -[:lic → -[:licensor
            let head = String(word[...colon]), rest = String(word[word.index(after: colon)...])
            let inEdge = head.contains("[")
            let names = inEdge ? schema.allEdgeTypeNames : schema.kindOrder
            return starting(names, rest).map { head + $0 }
        }
        var out: [String] = []
        let bare = word.drop { $0 == "(" || $0 == "\"" }
        let opener = String(word.prefix(word.count - bare.count))
        if opener.isEmpty {
            out += starting(Keyword.allCases.map(\.rawValue) + ["count", "collect", "evidence", "length", "nodes", "edges"], word)
            out += starting(schema.kindOrder, word)
            out += starting(schema.allEdgeTypeNames, word)
        }
        if !bare.isEmpty || !opener.isEmpty {
            let names = (try? store.names(startingWith: String(bare), limit: 40)) ?? []
            let quoted = opener.hasSuffix("\"") || opener.isEmpty && !Self.startsQuery(line) ? names : names.map { QueryPrinter.quoted($0) }
            out += quoted.map { name in
                opener.hasSuffix("\"") ? opener + name + "\"" : (opener.isEmpty ? name : opener + name)
            }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }
}

extension String {
    func padding(to width: Int) -> String { self + String(repeating: " ", count: Swift.max(0, width - count)) }
}
