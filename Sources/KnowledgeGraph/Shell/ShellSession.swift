import Foundation
import KGModel
import KGSQLite
import KGEngine
import KGAsk
import KGImportExport

/// The state and the statements of an interactive `kg shell`: queries ended
/// by `;` (they may span lines), questions in plain words (a line that does
/// not start with a query keyword or `:`), and `:` commands (`:help`,
/// `:schema`, `:param name=value`, `:format table|json|csv|line`, `:why on|off`,
/// `:explain`, `:timer`, `:output`, `:read`, `:pager`; also written `.name` as
/// in sqlite3, and `exit`, `quit`, `\q`, `help` as users type them). Line editing and the terminal are the caller's; a session
/// only turns lines into text to print, so it is the same from a terminal,
/// a pipe or a test.
public final class ShellSession {
    public enum Format: String, Sendable, CaseIterable {
        case table, json, csv
        /// One line per column of each row (psql's `\x`, sqlite3's `.mode line`): for wide rows.
        case line
    }

    /// What a line printed: answer text (for stdout) and error text (for stderr).
    public struct Output: Sendable, Equatable {
        public var text: String = ""
        public var error: String = ""
        /// The exit status of the first error (0: none).
        public var status: Int32 = 0
        /// `:quit` was given.
        public var quit = false

        mutating func append(_ other: Output) {
            text += other.text
            error += other.error
            if status == 0 { status = other.status }
            quit = quit || other.quit
        }
    }

    public let store: GraphStore
    public let engine: QueryEngine
    let answerer: QuestionAnswerer
    public var format: Format = .table
    public var why = false
    public var parameters: [String: Value] = [:]
    /// Cut table cells wider than this (nil: never).
    public var maxWidth: Int?
    /// The terminal's width, for `:schema` (nil: lines are not wrapped).
    public var lineWidth: Int?
    public var color = false
    public var limits = QueryLimits()
    public var cancellation: CancellationFlag?
    /// The statement being typed (lines of a query before its `;`).
    public private(set) var pending = ""
    /// The last statement run, for `:explain`.
    public private(set) var last: String?
    /// `:timer on`: the time each statement took is printed after its answer.
    public var timer = false
    /// `:pager off` turns it off: the caller pages long answers on a terminal while this is on.
    public var pager = true
    /// Where answers go after `:output FILE` (nil: the terminal).
    public private(set) var outputPath: String?
    private var outputFile: FileHandle?
    /// How many `:read` files are open now (a file that reads itself stops at ``maxReadDepth``).
    private var readDepth = 0
    static let maxReadDepth = 16
    /// Called with the text of each statement (as typed, over all its lines)
    /// as it starts to run, for the history. Not called for the lines of a `:read` file.
    public var onStatement: ((String) -> Void)?

    public init(store: GraphStore) {
        self.store = store
        self.engine = QueryEngine(store: store)
        self.answerer = QuestionAnswerer(engine: engine)
    }

    /// The prompt for the next line.
    public var prompt: String { pending.isEmpty ? "kg> " : "...> " }

    static let queryKeywords: Set<String> = ["MATCH", "EXPLAIN", "PROFILE"]

    /// The words users type to leave or get help in other shells, taken as
    /// the commands they name (only as a whole line, at the start of a statement).
    static let bareCommands: [String: String] = ["exit": ":quit", "quit": ":quit", "help": ":help", "\\q": ":quit", "\\?": ":help",
                                                 "\\h": ":help", "\\x": ":x"]

    /// The command a line is, written `:name`, `.name` (sqlite3), `\name` (psql)
    /// or as a bare word; nil for a query or question line.
    /// In the middle of a statement only a known command counts.
    static func commandLine(_ trimmed: String, midStatement: Bool) -> String? {
        var word = trimmed
        while word.hasSuffix(";") { word.removeLast() }
        if let bare = bareCommands[word.lowercased().trimmedSpaces] { return bare }
        guard let first = trimmed.first, first == ":" || first == "." || first == "\\",
              let second = trimmed.dropFirst().first, second.isLetter || second == "?" else { return nil }
        var line = ":" + trimmed.dropFirst()
        if first == "\\" {
            // psql: \o FILE, \i FILE, \timing
            let parts = line.split(separator: " ", maxSplits: 1)
            let renamed = [":o": ":output", ":i": ":read", ":timing": ":timer"][parts[0].lowercased()]
            if let renamed { line = renamed + (parts.count > 1 ? " " + parts[1] : "") }
        }
        if midStatement {
            let name = line.split(separator: " ", maxSplits: 1)[0].lowercased()
            guard commands.contains(where: { $0.name == name }) || aliases[name] != nil else { return nil }
        }
        return line
    }

    /// Whether `line` starts a query (rather than a question or a command).
    static func startsQuery(_ line: String) -> Bool {
        let first = line.trimmedSpaces.prefix { $0.isLetter }
        return queryKeywords.contains(first.uppercased())
    }

    /// Handles one line of input.
    public func feed(_ line: String) -> Output {
        let trimmed = line.trimmedSpaces
        if trimmed.isEmpty && pending.isEmpty { return Output() }
        if let command = Self.commandLine(trimmed, midStatement: !pending.isEmpty) {
            starting(trimmed)
            return self.command(command)
        }
        if pending.isEmpty, !Self.startsQuery(trimmed) {
            var question = trimmed
            while question.hasSuffix(";") { question.removeLast() }
            starting(trimmed)
            return timed(question.trimmedSpaces)
        }
        pending += (pending.isEmpty ? "" : "\n") + line
        guard trimmed.hasSuffix(";") else { return Output() }
        var statement = pending.trimmedSpaces
        starting(statement)
        while statement.hasSuffix(";") { statement.removeLast() }
        pending = ""
        return timed(statement.trimmedSpaces)
    }

    /// Drops the statement being typed (Ctrl-C at the prompt, `:clear`).
    public func cancelPending() { pending = "" }

    /// At the end of input: runs a statement left without its `;`.
    public func finish() -> Output {
        guard !pending.trimmedSpaces.isEmpty else { pending = ""; return Output() }
        let statement = pending.trimmedSpaces
        starting(statement)
        pending = ""
        return timed(statement)
    }

    private func starting(_ text: String) {
        if readDepth == 0 { onStatement?(text) }
    }

    /// Runs a statement: its answer to the `:output` file when one is set,
    /// then its time (`:timer on`).
    private func timed(_ statement: String) -> Output {
        let clock = ContinuousClock()
        let start = clock.now
        var out = deliver(run(statement))
        if timer {
            let elapsed = clock.now - start
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            out.text += "time: " + String(format: "%.1f", ms) + " ms\n"
        }
        return out
    }

    /// Sends answer text to the `:output` file when one is set.
    private func deliver(_ out: Output) -> Output {
        guard let outputFile, !out.text.isEmpty else { return out }
        var out = out
        do {
            try outputFile.write(contentsOf: Data(out.text.utf8))
            out.text = ""
        } catch {
            let path = outputPath ?? ""
            closeOutput()
            out.append(failure(KGError(.storage, "cannot write to '\(path)': \(error.localizedDescription); answers go to the terminal again"),
                               source: "", name: "shell"))
        }
        return out
    }

    private func closeOutput() {
        try? outputFile?.close()
        outputFile = nil
        outputPath = nil
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
        (":format", ":format table|json|csv|line", "how answers are printed (line: one line per column, for wide rows)"),
        (":mode", ":mode table|json|csv|line", "the same as :format (\\x switches line mode on and off)"),
        (":why", ":why on|off", "print the evidence under each answer"),
        (":explain", ":explain [query or question]", "the plan of a query or question (default: the last one)"),
        (":timer", ":timer on|off", "print the time each statement takes"),
        (":output", ":output [file]", "write answers to a file (:output alone: to the terminal again)"),
        (":read", ":read file", "run the statements of a file"),
        (":pager", ":pager on|off", "show long answers through $PAGER on a terminal"),
        (":clear", ":clear", "drop the statement being typed (also Ctrl-C)"),
        (":quit", ":quit", "leave (also exit, quit, \\q, .quit, Ctrl-D)"),
    ]

    /// Other names of commands: `:exit` and `:q` for `:quit` and so on.
    static let aliases: [String: String] = [":h": ":help", ":?": ":help", ":params": ":param", ":exit": ":quit", ":q": ":quit", ":x": ":x"]

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
        var name = parts[0].lowercased()
        name = Self.aliases[name] ?? name
        let argument = parts.count > 1 ? parts[1].trimmedSpaces : ""
        func usage(_ text: String) -> Output {
            failure(KGError(.usage, text, suggestion: ":help lists the commands"), source: line, name: "shell")
        }
        func onOff(_ current: Bool) -> Bool? {
            switch argument.lowercased() {
            case "on": return true
            case "off": return false
            case "": return !current
            default: return nil
            }
        }
        switch name {
        case ":help":
            return Output(text: Self.helpText)
        case ":schema":
            do { return deliver(Output(text: try SchemaReport(store: store).text(maxWidth: maxWidth, lineWidth: lineWidth))) }
            catch { return failure(error, source: line, name: "shell") }
        case ":param":
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
        case ":format", ":mode":
            guard let f = Format(rawValue: argument.lowercased()) else { return usage("'\(name)' takes table, json, csv or line") }
            format = f
            return Output(text: "format \(f.rawValue)\n")
        case ":x":
            format = format == .line ? .table : .line
            return Output(text: "format \(format.rawValue)\n")
        case ":timer":
            guard let on = onOff(timer) else { return usage("':timer' takes on or off") }
            timer = on
            return Output(text: "timer \(on ? "on" : "off")\n")
        case ":pager":
            guard let on = onOff(pager) else { return usage("':pager' takes on or off") }
            pager = on
            return Output(text: "pager \(on ? "on" : "off")\n")
        case ":output":
            closeOutput()
            guard !argument.isEmpty else { return Output(text: "answers go to the terminal\n") }
            let path = Self.unquoted(argument)
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                return failure(KGError(.storage, "cannot write to '\(path)'",
                                       suggestion: "check that the folder exists and may be written"), source: line, name: "shell")
            }
            outputFile = handle
            outputPath = path
            return Output(text: "answers go to \(TerminalText.escape(path))\n")
        case ":read":
            guard !argument.isEmpty else { return usage("':read' takes a file: :read statements.kgsh") }
            return read(Self.unquoted(argument), line: line)
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
        case ":quit":
            var out = Output()
            out.quit = true
            return out
        default:
            let suggestion = EditDistance.suggestion(for: name, among: Self.commands.map(\.name))
            return usage("unknown command '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
        }
    }

    /// A file name as typed, without the quotes around it.
    static func unquoted(_ text: String) -> String {
        if text.count >= 2, let q = text.first, q == "\"" || q == "'", text.last == q { return String(text.dropFirst().dropLast()) }
        return text
    }

    /// `:read FILE`: each line of the file as if typed; a statement left
    /// without its `;` at the end of the file runs then.
    private func read(_ path: String, line: String) -> Output {
        guard readDepth < Self.maxReadDepth else {
            return failure(KGError(.usage, "':read' files nest deeper than \(Self.maxReadDepth): does '\(path)' read itself?"), source: line, name: "shell")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return failure(KGError(.fileNotFound, "no such file: '\(path)'"), source: line, name: "shell")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return failure(KGError(.invalidEncoding, "'\(path)' is not valid UTF-8", file: path), source: line, name: "shell")
        }
        readDepth += 1
        defer { readDepth -= 1 }
        let outer = pending
        pending = ""
        var out = Output()
        for fileLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            out.append(feed(String(fileLine.hasSuffix("\r") ? fileLine.dropLast() : fileLine)))
            if out.quit { break }
        }
        if !out.quit { out.append(finish()) }
        pending = outer
        return out
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
        if line.hasPrefix(":format") || line.hasPrefix(":mode") { return starting(Format.allCases.map(\.rawValue), word) }
        if line.hasPrefix(":why") || line.hasPrefix(":timer") || line.hasPrefix(":pager") { return starting(["on", "off"], word) }
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
