import Foundation
import Testing

/// The library's targets form layers, and a layer uses only the ones below it
/// (docs/architecture.md, "Targets"). The compiler refuses an `import` of a
/// target that Package.swift does not list as a dependency, and SwiftPM a
/// cycle; these tests keep Package.swift from listing an upward dependency
/// (or dropping a layer), every source file from importing one, and SQLite's
/// C API in the one target that holds SQL.
@Suite struct LayeringTests {
    /// The layers, lowest first: the one place the order is written.
    static let layers = ["KGModel", "KGStorage", "KGSQLite", "KGEngine", "KGAsk", "KGImportExport", "KnowledgeGraph"]

    /// Package.swift's `.target(...)` declarations: name → the targets (not
    /// products) it depends on.
    static func declaredTargets() throws -> [String: [String]] {
        let text = try String(contentsOfFile: Fixtures.repositoryRoot + "/Package.swift", encoding: .utf8)
        var targets: [String: [String]] = [:]
        var rest = Substring(text)
        while let start = rest.range(of: ".target(") {
            // The declaration runs to the parenthesis that closes `.target(`.
            var depth = 1
            var end = start.upperBound
            while end < rest.endIndex, depth > 0 {
                if rest[end] == "(" { depth += 1 } else if rest[end] == ")" { depth -= 1 }
                end = rest.index(after: end)
            }
            let declaration = rest[start.upperBound..<end]
            rest = rest[end...]
            guard let name = declaration.firstMatch(of: /name:\s*"(\w+)"/)?.output.1 else { continue }
            var dependencies: [String] = []
            if let list = declaration.firstMatch(of: /dependencies:\s*\[([^\]]*)\]/)?.output.1 {
                // Plain strings are targets of this package; `.product(...)` entries are other packages'.
                let targetsOnly = list.replacing(/\.product\([^)]*\)/, with: "")
                dependencies = targetsOnly.matches(of: /"(\w+)"/).map { String($0.output.1) }
            }
            targets[String(name)] = dependencies
        }
        return targets
    }

    @Test func everyLayerIsATargetThatDependsOnlyOnLowerLayers() throws {
        let targets = try Self.declaredTargets()
        for (index, layer) in Self.layers.enumerated() {
            let dependencies = try #require(targets[layer], "Package.swift declares no target \(layer)")
            for dependency in dependencies {
                if let level = Self.layers.firstIndex(of: dependency) {
                    #expect(level < index, "\(layer) depends on \(dependency), which is not below it (\(Self.layers.joined(separator: " < ")))")
                } else {
                    #expect(dependency == "CSQLite" && layer == "KGSQLite",
                            "\(layer) depends on \(dependency), which is not a layer of the library (only KGSQLite may use CSQLite)")
                }
            }
        }
        // The parser above reads the file: the layers it finds are the ones written in it.
        #expect(targets["KGEngine"]?.contains("KGSQLite") == true)
        #expect(targets["KGModel"] == [])
    }

    @Test func sourcesImportOnlyLowerLayersAndOnlyTheStoreImportsSQLite() throws {
        let root = Fixtures.repositoryRoot + "/Sources/"
        var checked = 0
        for (index, layer) in Self.layers.enumerated() {
            let enumerator = try #require(FileManager.default.enumerator(atPath: root + layer))
            for case let file as String in enumerator where file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: root + layer + "/" + file, encoding: .utf8)
                for match in text.matches(of: /(?m)^(?:@_exported |@testable )?import (\w+)/) {
                    let module = String(match.output.1)
                    if let level = Self.layers.firstIndex(of: module) {
                        #expect(level < index, "\(layer)/\(file) imports \(module), which is not below \(layer)")
                    }
                    if module == "CSQLite" {
                        #expect(layer == "KGSQLite", "\(layer)/\(file) imports SQLite's C API; only KGSQLite may")
                    }
                }
                checked += 1
            }
        }
        #expect(checked > 150, "only \(checked) source files found under Sources/KG*")
    }
}
