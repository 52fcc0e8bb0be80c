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

/// Every example in README.md and docs/*.md is run, and what kg prints is
/// compared with what the docs show (`Scripts/doc-examples.py --update`
/// rewrites the console blocks from a run).
///
/// The convention: in a ```console block, `$ kg …` lines are commands and
/// the lines after each are what it prints (stdout, then stderr); it must
/// exit 0, or non-zero when it prints an `error[` line. In a ```sh block,
/// every line starting with `kg ` (or piping into ` | kg `) is run and must
/// exit 0 (or, when its comment says `refused (KGC001)`, fail with that
/// code). A ```bash block is shown, not run (sessions and benchmarks that
/// need data the docs do not provide). An example that draws a picture
/// needs Graphviz (`needsGraphviz`): without it, it is not run and the test
/// records a warning naming the package (CI requires it). Each document runs in a fresh directory with a copy of docs/, its
/// own HOME and seed graph, commands in document order.
@Suite struct DocExamplesTests {
    struct Example {
        var command: String
        /// Nil for an sh line (only its exit status is checked).
        var expected: [String]?
        /// For an sh line whose comment says `refused (KGC001)`: the code it must fail with.
        var refused: String? = nil
    }

    static func examples(in text: String) -> [Example] {
        var examples: [Example] = []
        let lines = text.components(separatedBy: "\n")
        var i = 0
        while i < lines.count {
            let fence = lines[i]
            guard fence == "```console" || fence == "```sh" else { i += 1; continue }
            var body: [String] = []
            i += 1
            while i < lines.count, lines[i] != "```" { body.append(lines[i]); i += 1 }
            i += 1
            if fence == "```sh" {
                var pending = ""
                var heredoc: (lines: [String], end: String)?
                for raw in body {
                    if var doc = heredoc {
                        doc.lines.append(raw)
                        heredoc = doc
                        if raw.trimmingCharacters(in: .whitespaces) == doc.end {
                            examples.append(Example(command: doc.lines.joined(separator: "\n"), expected: nil))
                            heredoc = nil
                        }
                        continue
                    }
                    let line = pending + raw
                    if line.hasSuffix("\\") { pending = String(line.dropLast()) + " "; continue }
                    pending = ""
                    // cat > FILE <<'EOF' … EOF writes a file the next lines use.
                    if line.hasPrefix("cat > "), let marker = line.range(of: #"<<'?(\w+)'?\s*$"#, options: .regularExpression) {
                        let end = line[marker].replacingOccurrences(of: "<<", with: "").replacingOccurrences(of: "'", with: "")
                            .trimmingCharacters(in: .whitespaces)
                        heredoc = ([line], end)
                        continue
                    }
                    let comment = line.range(of: #"\s{2,}#\s"#, options: .regularExpression)
                    let code = (comment.map { String(line[..<$0.lowerBound]) } ?? line).trimmingCharacters(in: .whitespaces)
                    let note = comment.map { String(line[$0.upperBound...]) } ?? ""
                    let refused = note.range(of: #"refused \(KG[A-Z][0-9]{3}\)"#, options: .regularExpression)
                        .map { String(note[$0].dropFirst("refused (".count).dropLast()) }
                    if code.hasPrefix("kg ") || code.contains(" | kg ") { examples.append(Example(command: code, expected: nil, refused: refused)) }
                }
            } else {
                var current: Example?
                for line in body {
                    if line.hasPrefix("$ ") {
                        if let c = current { examples.append(c) }
                        current = Example(command: String(line.dropFirst(2)), expected: [])
                    } else {
                        current?.expected?.append(line.replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression))
                    }
                }
                if var c = current {
                    while c.expected?.last?.isEmpty == true { c.expected?.removeLast() }
                    examples.append(c)
                }
            }
        }
        return examples.map { example in
            var e = example
            while e.expected?.last?.isEmpty == true { e.expected?.removeLast() }
            return e
        }
    }

    static var documents: [String] {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.repositoryRoot + "/docs")) ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }

    @Test(arguments: documents)
    func examplesPrintWhatTheDocsShow(_ document: String) throws {
        let text = try String(contentsOfFile: Fixtures.repositoryRoot + "/" + document, encoding: .utf8)
        let examples = Self.examples(in: text)
        guard !examples.isEmpty else { return }
        let dir = TemporaryDirectory()
        for folder in ["docs", "data", "Queries", "Schema"] {
            try FileManager.default.copyItem(atPath: Fixtures.repositoryRoot + "/" + folder, toPath: dir.file(folder))
        }
        let binDir = URL(fileURLWithPath: Fixtures.kgExecutable).deletingLastPathComponent().path
        let env = ["HOME": dir.path, "XDG_DATA_HOME": dir.path + "/data", "NO_COLOR": "1", "COLUMNS": "80",
                   "PATH": binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
        func sh(_ command: String) throws -> (Int32, [String]) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            process.currentDirectoryURL = URL(fileURLWithPath: dir.path)
            process.environment = env
            let out = Pipe()
            // stderr to a file: a large stdout must not block the process on a full stderr pipe.
            let errPath = dir.file("stderr.txt")
            FileManager.default.createFile(atPath: errPath, contents: nil)
            let err = FileHandle(forWritingAtPath: errPath)
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            try? err?.close()
            let errData = FileManager.default.contents(atPath: errPath) ?? Data()
            var lines = (String(decoding: outData, as: UTF8.self) + String(decoding: errData, as: UTF8.self))
                .replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
                .map { $0.replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression) }
            while lines.last?.isEmpty == true { lines.removeLast() }
            return (process.terminationStatus, lines)
        }
        _ = try sh("kg stats")   // builds the seed graph, so no example prints that it does
        var notRun: [String] = []
        for example in examples {
            if Self.needsGraphviz(example.command) && !RequiredTool.graphviz.shouldRun {
                notRun.append(example.command)
                continue
            }
            let (status, printed) = try sh(example.command)
            if let expected = example.expected {
                let fails = printed.contains { $0.hasPrefix("error[") }
                #expect((status != 0) == fails, "\(document): `\(example.command)` exited \(status)")
                #expect(printed == expected, "\(document): `\(example.command)` prints\n\(printed.joined(separator: "\n"))")
            } else if let refused = example.refused {
                #expect(status != 0 && printed.contains { $0.hasPrefix("error[\(refused)]") },
                        "\(document): `\(example.command)` should be refused with \(refused); it exited \(status): \(printed.suffix(6).joined(separator: "\n"))")
            } else {
                #expect(status == 0, "\(document): `\(example.command)` exited \(status): \(printed.suffix(6).joined(separator: "\n"))")
            }
        }
        if !notRun.isEmpty {
            Issue.record("\(document): \(notRun.count) example(s) not run, \(RequiredTool.graphviz.skipReason): \(notRun.joined(separator: "; "))",
                         severity: .warning)
        }
    }

    /// An example that draws a picture (`--render`, or a pipe into `dot`)
    /// needs Graphviz: without it, and unless CI requires every tool, it is
    /// not run and the test says so (a warning naming the package).
    static func needsGraphviz(_ command: String) -> Bool {
        command.contains("--render ") || command.range(of: #"\|\s*dot\s"#, options: .regularExpression) != nil
    }

    @Test func examplesThatDrawNeedGraphviz() {
        #expect(Self.needsGraphviz("kg dot --around Xiaomi --render svg -o x.svg"))
        #expect(Self.needsGraphviz("kg query --format dot \"MATCH (x) RETURN x\" | dot -Tsvg > answer.svg"))
        #expect(!Self.needsGraphviz("kg dot --around Xiaomi"))
        #expect(!Self.needsGraphviz("kg query 'MATCH (a:Company) RETURN a.name' | sort"))
    }

    @Test func theConventionIsReadAsDocumented() {
        let text = "x\n```console\n$ kg a\none\n\n$ kg b  \n```\n```sh\nswift build\nkg c   # comment\necho 1 | kg d\n"
            + "cat > f.kg <<'EOF'\nline\nEOF\nkg e  # refused (KGC001): why\n```\n"
        let examples = Self.examples(in: text)
        #expect(examples.map(\.command) == ["kg a", "kg b  ", "kg c", "echo 1 | kg d", "cat > f.kg <<'EOF'\nline\nEOF", "kg e"])
        #expect(examples[5].refused == "KGC001")
        #expect(examples[0].expected == ["one"])
        #expect(examples[1].expected == [])
        #expect(examples[2].expected == nil)
    }
}
