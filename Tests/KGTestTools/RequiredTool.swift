import Foundation

/// A program (or Python module) that some tests need and a fresh machine may
/// lack: Graphviz for pictures, Chromium for the web page, Python's networkx
/// and pandas for the export loaders.
///
/// A test that needs one is skipped when it is missing, with a reason that
/// names the Debian package; CI installs every one and sets
/// `KG_REQUIRE_TOOLS=1`, under which the test runs anyway (and fails at the
/// missing tool), so a skip can never hide a broken feature there:
///
///     @Test(.requires(.graphviz)) func pictureRenders() throws { … }
public struct RequiredTool: Sendable {
    /// What the tool is, as a person names it ("Graphviz's dot").
    public let name: String
    /// The Debian packages that bring it.
    public let debianPackages: String
    /// Whether it is on this machine (probed once per process).
    public let isAvailable: Bool

    /// The reason a test that needs it is skipped.
    public var skipReason: String { "needs \(name): apt-get install \(debianPackages)" }

    /// Whether a test that needs it runs: when it is present, or when the
    /// environment requires every tool (CI).
    public var shouldRun: Bool { isAvailable || Self.everyToolRequired }

    /// `KG_REQUIRE_TOOLS=1` (set by `.ci/run`): a missing tool is a failure, not a skip.
    public static let everyToolRequired: Bool = ProcessInfo.processInfo.environment["KG_REQUIRE_TOOLS"] == "1"

    /// Graphviz's `dot` on the PATH.
    public static let graphviz = RequiredTool(name: "Graphviz's dot", debianPackages: "graphviz", isAvailable: onPath("dot"))

    /// Chromium, for the web page's browser test.
    public static let chromium = RequiredTool(name: "Chromium", debianPackages: "chromium",
                                              isAvailable: onPath("chromium") || onPath("chromium-browser"))

    /// The Python 3 that imports networkx and pandas (Debian's, in /usr/bin, first), or nil.
    public static let networkxPython: String? = pythonImporting(["networkx", "pandas"])

    /// A Python 3 that imports networkx and pandas.
    public static let networkxAndPandas = RequiredTool(name: "Python 3 with networkx and pandas",
                                                       debianPackages: "python3-networkx python3-pandas",
                                                       isAvailable: networkxPython != nil)

    /// Every tool CI installs.
    public static let all: [RequiredTool] = [graphviz, chromium, networkxAndPandas]

    /// The first Python 3 that imports every module of `modules`: Debian's
    /// `/usr/bin/python3`, then the `python3` on the PATH.
    public static func pythonImporting(_ modules: [String]) -> String? {
        var candidates = ["/usr/bin/python3"]
        if let onPath = which("python3"), onPath != "/usr/bin/python3" { candidates.append(onPath) }
        for python in candidates where FileManager.default.isExecutableFile(atPath: python) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", "import " + modules.joined(separator: ", ")]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            guard (try? process.run()) != nil else { continue }
            process.waitUntilExit()
            if process.terminationStatus == 0 { return python }
        }
        return nil
    }

    /// The path of `program` on the PATH, or nil.
    public static func which(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = String(directory) + "/" + program
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }

    static func onPath(_ program: String) -> Bool { which(program) != nil }
}
