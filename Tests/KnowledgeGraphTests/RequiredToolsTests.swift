import KGTestTools
import Testing

/// CI installs every optional tool and sets `KG_REQUIRE_TOOLS=1`: there, a
/// missing one fails here, by name, besides failing the tests that need it.
@Suite struct RequiredToolsTests {
    @Test(.enabled(if: RequiredTool.everyToolRequired, "KG_REQUIRE_TOOLS=1 is not set (CI sets it after installing the tools)"))
    func everyOptionalToolIsInstalled() {
        for tool in RequiredTool.all {
            #expect(tool.isAvailable, "\(tool.skipReason)")
        }
    }

    @Test func aSkipNamesTheDebianPackage() {
        #expect(RequiredTool.graphviz.skipReason == "needs Graphviz's dot: apt-get install graphviz")
        #expect(RequiredTool.networkxAndPandas.skipReason.hasSuffix("apt-get install python3-networkx python3-pandas"))
    }
}
