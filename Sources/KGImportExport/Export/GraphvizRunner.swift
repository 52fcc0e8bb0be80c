import Foundation
import KGModel

/// What a run of Graphviz gave back.
public struct GraphvizResult: Sendable, Equatable {
    public var status: Int32
    public var stdout: Data
    public var stderr: String

    public init(status: Int32, stdout: Data, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs Graphviz's `dot`, found on `PATH`.
///
///     let runner = try GraphvizRunner.locate()
///     let svg = try runner.render(dotText, format: "svg")   // fails on any warning
public struct GraphvizRunner: Sendable {
    /// The path of the `dot` executable.
    public var executable: String

    public init(executable: String) {
        self.executable = executable
    }

    /// What kg says when `dot` is not on the PATH.
    public static let missingMessage = "Graphviz is not installed: apt-get install graphviz (and fonts-wqy-microhei for CJK labels in PNG)"

    /// The `dot` on the PATH of `environment`, or nil.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/dot"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }

    /// A runner for the `dot` on the PATH; ``ErrorCode/toolMissing`` when there is none.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(KGError) -> GraphvizRunner {
        guard let executable = find(environment: environment) else {
            throw KGError(.toolMissing, missingMessage)
        }
        return GraphvizRunner(executable: executable)
    }

    /// Runs `dot` with `arguments` and `input` on its standard input. Output
    /// and errors go through temporary files, so neither can fill a pipe and
    /// block the other.
    public func run(_ arguments: [String], input: String) throws(KGError) -> GraphvizResult {
        let fm = FileManager.default
        let directory = fm.temporaryDirectory.appendingPathComponent("kg-graphviz-" + UUID().uuidString)
        defer { try? fm.removeItem(at: directory) }
        do {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
            let inputURL = directory.appendingPathComponent("in.dot")
            let outputURL = directory.appendingPathComponent("out")
            let errorURL = directory.appendingPathComponent("err")
            try Data(input.utf8).write(to: inputURL)
            _ = fm.createFile(atPath: outputURL.path, contents: nil)
            _ = fm.createFile(atPath: errorURL.path, contents: nil)
            let stdin = try FileHandle(forReadingFrom: inputURL)
            let stdout = try FileHandle(forWritingTo: outputURL)
            let stderr = try FileHandle(forWritingTo: errorURL)
            defer {
                try? stdin.close()
                try? stdout.close()
                try? stderr.close()
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.standardInput = stdin
            process.standardOutput = stdout
            process.standardError = stderr
            do {
                try process.run()
            } catch {
                throw KGError(.toolMissing, "cannot run '\(executable)': \(error.localizedDescription)", suggestion: Self.missingMessage)
            }
            process.waitUntilExit()
            let out = try Data(contentsOf: outputURL)
            let err = try Data(contentsOf: errorURL)
            return GraphvizResult(status: process.terminationStatus, stdout: out, stderr: String(decoding: err, as: UTF8.self))
        } catch {
            throw KGError.wrap(error)
        }
    }

    /// Renders DOT text with `dot -T<format>` (svg, png, pdf…). A non-zero
    /// exit status or anything on dot's stderr (a warning too) is an error.
    public func render(_ dot: String, format: String) throws(KGError) -> Data {
        let result = try run(["-T" + format], input: dot)
        let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, message.isEmpty else {
            var text = "Graphviz dot -T\(format) failed"
            if result.status != 0 { text += " (exit status \(result.status))" }
            if !message.isEmpty { text += ": " + message }
            throw KGError(.storage, text, suggestion: "this is a bug in kg's DOT output or in Graphviz; kg dot without --render writes the DOT text")
        }
        return result.stdout
    }
}
