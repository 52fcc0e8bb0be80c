import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// One malformed import: the two files, and the error it must give.
struct CSVErrorCase: Sendable, CustomTestStringConvertible {
    enum Which: Sendable { case nodes, edges }

    var name: String
    var nodes: [UInt8]
    var edges: [UInt8]
    var code: ErrorCode
    var which: Which
    var line: Int
    var column: Int?
    /// Only an error when the graph already holds the base nodes.
    var existingOnly = false

    var testDescription: String { name }

    init(_ name: String, nodes: String = CSVFixtures.nodes("n1,company,New,{}", "n2,person,Nina,{}"),
         edges: String = CSVFixtures.edges("n2,works_for,n1,{}"),
         _ code: ErrorCode, _ which: Which, line: Int, column: Int? = nil, existingOnly: Bool = false) {
        self.init(name, nodes: Array(nodes.utf8), edges: Array(edges.utf8), code, which, line: line, column: column, existingOnly: existingOnly)
    }

    init(_ name: String, nodes: [UInt8], edges: [UInt8], _ code: ErrorCode, _ which: Which, line: Int, column: Int? = nil,
         existingOnly: Bool = false) {
        self.name = name
        self.nodes = nodes
        self.edges = edges
        self.code = code
        self.which = which
        self.line = line
        self.column = column
        self.existingOnly = existingOnly
    }
}

/// Every malformed input is refused with its code, file, line (and column),
/// and changes nothing: an existing graph keeps its content digest and its
/// indexes, and a graph file the import would have created is removed.
@Suite struct CSVImportErrorTests {
    typealias C = CSVErrorCase
    static let goodNodes = CSVFixtures.nodes("n1,company,New,{}", "n2,person,Nina,{}")
    static let manyNodes = CSVFixtures.nodeHeader + "\n" + (0..<3000).map { "m\($0),company,Many \($0),\"{\"\"founded\"\":\(1900 + $0 % 100)}\"\n" }.joined()
    static let manyEdges = CSVFixtures.edgeHeader + "\n" + (0..<2999).map { "m\($0),partner_of,m\($0 + 1),{}\n" }.joined()

    static let cases: [CSVErrorCase] = [
        // Empty input.
        C("empty nodes file", nodes: "", .emptyInput, .nodes, line: 1),
        C("nodes file with only a byte order mark", nodes: "\u{FEFF}", .emptyInput, .nodes, line: 1),
        C("nodes file with only blank lines", nodes: "\n\r\n  \n", .emptyInput, .nodes, line: 1),
        C("empty edges file", edges: "", .emptyInput, .edges, line: 1),
        // Headers.
        C("semicolon-separated nodes", nodes: "id;kind;name;props\nn1;company;New;{}\n", .csvHeader, .nodes, line: 1, column: 1),
        C("tab-separated edges", edges: "src\ttype\tdst\tprops\n", .csvHeader, .edges, line: 1),
        C("wrong column names", nodes: "id,type,name,props\nn1,company,New,{}\n", .csvHeader, .nodes, line: 1),
        C("no header line", nodes: "n1,company,New,{}\n", .csvHeader, .nodes, line: 1),
        C("files swapped", nodes: CSVFixtures.edges("n2,works_for,n1,{}"), .csvHeader, .nodes, line: 1),
        C("extra header column", edges: "src,type,dst,props,weight\n", .csvHeader, .edges, line: 1),
        C("semicolon header after a byte order mark", nodes: "\u{FEFF}id;kind;name;props\n", .csvHeader, .nodes, line: 1),
        // Field counts.
        C("node row with three fields", nodes: CSVFixtures.nodes("n1,company,New,{}", "n2,person,Nina"), .csvColumns, .nodes, line: 3, column: 15),
        C("node row with five fields", nodes: CSVFixtures.nodes("n1,company,New,{},extra"), .csvColumns, .nodes, line: 2, column: 19),
        C("unquoted JSON with commas", nodes: CSVFixtures.nodes(#"n1,company,New,{"founded":1, "country":"DE"}"#), .csvColumns, .nodes, line: 2, column: 29),
        C("unquoted JSON whose next field starts with a quote", nodes: CSVFixtures.nodes(#"n1,company,New,{"founded":1,"country":"DE"}"#), .importSyntax, .nodes, line: 2, column: 38),
        C("edge row with two fields", edges: CSVFixtures.edges("n2,works_for"), .csvColumns, .edges, line: 2, column: 13),
        C("CRLF file with a short row", nodes: "id,kind,name,props\r\nn1,company,New,{}\r\nn2,person\r\n", .csvColumns, .nodes, line: 3, column: 10),
        C("a row after a quoted line break", nodes: CSVFixtures.nodes("n1,company,\"Two\nLines\",{}", "n2,person,Nina,{},x"), .csvColumns, .nodes, line: 4),
        // Quoting.
        C("unterminated quote", nodes: CSVFixtures.nodes("n1,company,New,{}", "n2,person,\"Nina,{}"), .importSyntax, .nodes, line: 3, column: 11),
        C("text after a closing quote", nodes: CSVFixtures.nodes("n1,company,\"New\"er,{}"), .importSyntax, .nodes, line: 2, column: 17),
        // Encoding.
        C("stray byte in a name", nodes: Array(goodNodes.utf8) + Array("n3,person,Bad".utf8) + [0xFF] + Array(",{}\n".utf8),
          edges: Array(CSVFixtures.edges("n2,works_for,n1,{}").utf8), .invalidEncoding, .nodes, line: 4, column: 14),
        C("overlong encoding in an edge", nodes: Array(goodNodes.utf8), edges: Array("src,type,dst,props\nn2,works_for,n1,".utf8) + [0xC0, 0xAF, 0x0A],
          .invalidEncoding, .edges, line: 2, column: 17),
        C("encoded surrogate", nodes: Array(goodNodes.utf8) + Array("n3,person,".utf8) + [0xED, 0xA0, 0x80] + Array(",{}\n".utf8),
          edges: Array(CSVFixtures.edges().utf8), .invalidEncoding, .nodes, line: 4, column: 11),
        C("truncated sequence at the end", nodes: Array(goodNodes.utf8) + Array("n3,person,x".utf8) + [0xE6, 0x97],
          edges: Array(CSVFixtures.edges().utf8), .invalidEncoding, .nodes, line: 4, column: 12),
        C("Latin-1 text", nodes: Array("id,kind,name,props\nn1,company,Caf".utf8) + [0xE9] + Array(",{}\n".utf8),
          edges: Array(CSVFixtures.edges().utf8), .invalidEncoding, .nodes, line: 2, column: 15),
        // JSON.
        C("props not valid JSON", nodes: CSVFixtures.nodes(#"n1,company,New,"{""country"":}""#), .invalidJSON, .nodes, line: 2, column: 16),
        C("props a JSON array", nodes: CSVFixtures.nodes(#"n1,company,New,"[1,2]""#), .invalidJSON, .nodes, line: 2, column: 16),
        C("props with text after the object", nodes: CSVFixtures.nodes(#"n1,company,New,"{} x""#), .invalidJSON, .nodes, line: 2),
        C("props with a duplicate key", nodes: CSVFixtures.nodes(#"n1,company,New,"{""founded"":1,""founded"":2}""#), .invalidJSON, .nodes, line: 2),
        C("edge props not valid JSON", edges: CSVFixtures.edges("n2,works_for,n1,{since:2019}"), .invalidJSON, .edges, line: 2, column: 17),
        // Keys and references.
        C("duplicate id in the file", nodes: CSVFixtures.nodes("n1,company,New,{}", "n2,person,Nina,{}", "n1,company,Again,{}"),
          .duplicateKey, .nodes, line: 4, column: 1),
        C("id already in the graph with another name", nodes: CSVFixtures.nodes("n1,company,New,{}", "c1,company,Acme again,{}"),
          .propertyConflict, .nodes, line: 3, column: 1, existingOnly: true),
        C("unknown source", edges: CSVFixtures.edges("n2,works_for,n1,{}", "zz,works_for,n1,{}"), .unknownNodeReference, .edges, line: 3, column: 1),
        C("unknown target", edges: CSVFixtures.edges("n2,works_for,nope,{}"), .unknownNodeReference, .edges, line: 2, column: 14),
        C("empty id", nodes: CSVFixtures.nodes(",company,New,{}"), .importSyntax, .nodes, line: 2, column: 1),
        C("empty kind", nodes: CSVFixtures.nodes("n1,,New,{}"), .importSyntax, .nodes, line: 2, column: 4),
        C("empty edge type", edges: CSVFixtures.edges("n2,,n1,{}"), .importSyntax, .edges, line: 2, column: 4),
        // The schema.
        C("undeclared kind", nodes: CSVFixtures.nodes("n1,company,New,{}", "n3,robot,R2,{}"), .undeclaredKind, .nodes, line: 3, column: 4),
        C("undeclared edge type", edges: CSVFixtures.edges("n2,likes,n1,{}"), .undeclaredEdgeType, .edges, line: 2, column: 4),
        C("edge between the wrong kinds", edges: CSVFixtures.edges("n1,works_for,n2,{}"), .endpointViolation, .edges, line: 2, column: 4),
        C("node property of the wrong type", nodes: CSVFixtures.nodes(#"n1,company,New,"{""founded"":""old""}""#), .propertyType, .nodes, line: 2, column: 16),
        C("undeclared node property", nodes: CSVFixtures.nodes(#"n1,company,New,"{""ceo"":""x""}""#), .undeclaredProperty, .nodes, line: 2, column: 16),
        C("edge property of the wrong type", edges: CSVFixtures.edges(#"n2,works_for,n1,"{""since"":""long ago""}""#), .propertyType, .edges, line: 2, column: 17),
        C("valid_from that is not a date", edges: CSVFixtures.edges(#"n2,works_for,n1,"{""valid_from"":""soon""}""#), .propertyType, .edges, line: 2, column: 17),
        C("period that ends before it starts", edges: CSVFixtures.edges(#"n2,works_for,n1,"{""valid_from"":2020,""valid_to"":""2019-12""}""#), .invalidPeriod, .edges, line: 2),
        // Limits, and errors after many good rows.
        C("line over the limit", nodes: CSVFixtures.nodes("n1,company,New,{}", "n2,person,\(String(repeating: "N", count: 300)),{}"), .lineTooLong, .nodes, line: 3),
        C("bad row after 3000 good ones", nodes: manyNodes + "m3000,company,Late\n", edges: CSVFixtures.edges(), .csvColumns, .nodes, line: 3002),
        C("bad edge after 2999 good ones", nodes: manyNodes, edges: manyEdges + "m1,partner_of,m99999,{}\n", .unknownNodeReference, .edges, line: 3001, column: 15),
    ]

    static func options(maxLineBytes: Int = 200) -> CSVImportOptions {
        CSVImportOptions(schema: CSVFixtures.schema, maxLineBytes: maxLineBytes, bulkIndexThreshold: 0)
    }

    private func check(_ error: KGError?, _ c: CSVErrorCase, nodesPath: String, edgesPath: String) {
        #expect(error?.code == c.code, "\(error.map(String.init(describing:)) ?? "no error")")
        #expect(error?.file == (c.which == .nodes ? nodesPath : edgesPath))
        #expect(error?.span?.start.line == c.line)
        if let column = c.column { #expect(error?.span?.start.column == column) }
    }

    @Test(arguments: cases)
    func anExistingGraphIsLeftUnchanged(_ c: CSVErrorCase) throws {
        let dir = TemporaryDirectory()
        let db = dir.file("g.sqlite")
        try CSVImporter.importFiles(nodes: CSVFixtures.write(CSVFixtures.baseNodes, "base-nodes.csv", in: dir),
                                    edges: CSVFixtures.write(CSVFixtures.baseEdges, "base-edges.csv", in: dir),
                                    database: db, options: Self.options())
        let before = try GraphStore.open(at: db).contentDigest()
        let indexes = try CSVFixtures.indexNames(db)
        let nodesPath = CSVFixtures.write(c.nodes, "nodes.csv", in: dir)
        let edgesPath = CSVFixtures.write(c.edges, "edges.csv", in: dir)
        let error = expectKGError { try CSVImporter.importFiles(nodes: nodesPath, edges: edgesPath, database: db, options: Self.options()) }
        check(error, c, nodesPath: nodesPath, edgesPath: edgesPath)
        let store = try GraphStore.open(at: db)
        #expect(try store.contentDigest() == before)
        #expect(try store.statistics().nodeCount == 4)
        #expect(try CSVFixtures.indexNames(db) == indexes, "dropped indexes come back with the rollback")
        #expect(store.schema.source == CSVFixtures.schemaText)
    }

    /// A new graph is read on a second thread; `workerThread: false` reads on the calling one.
    @Test(arguments: cases.filter { !$0.existingOnly }, [true, false])
    func aGraphFileTheImportWouldCreateIsRemoved(_ c: CSVErrorCase, workerThread: Bool) throws {
        let dir = TemporaryDirectory()
        let db = dir.file("new.sqlite")
        let nodesPath = CSVFixtures.write(c.nodes, "nodes.csv", in: dir)
        let edgesPath = CSVFixtures.write(c.edges, "edges.csv", in: dir)
        var options = Self.options()
        options.readOnWorkerThread = workerThread
        let error = expectKGError { try CSVImporter.importFiles(nodes: nodesPath, edges: edgesPath, database: db, options: options) }
        check(error, c, nodesPath: nodesPath, edgesPath: edgesPath)
        #expect(!CSVFixtures.anyFileExists(db))
    }

    @Test func theCatalogueIsLarge() {
        #expect(Self.cases.count >= 30)
    }

    @Test func aDelimiterMistakeIsNamedInTheSuggestion() throws {
        let dir = TemporaryDirectory()
        let nodes = CSVFixtures.write("id;kind;name;props\n", "nodes.csv", in: dir)
        let edges = CSVFixtures.write(CSVFixtures.edges(), "edges.csv", in: dir)
        let error = expectKGError { try CSVImporter.importFiles(nodes: nodes, edges: edges, database: dir.file("g.sqlite")) }
        #expect(error?.code == .csvHeader)
        #expect(error?.suggestion?.contains("semicolons") == true)
        let swapped = expectKGError { try CSVImporter.importFiles(nodes: edges, edges: edges, database: dir.file("g.sqlite")) }
        #expect(swapped?.suggestion?.contains("swapped") == true)
    }

    @Test func anUnknownReferenceSuggestsACloseId() throws {
        let dir = TemporaryDirectory()
        let error = expectKGError {
            try CSVImporter.importFiles(nodes: CSVFixtures.write(CSVFixtures.nodes("acme,company,Acme,{}", "bob,person,Bob,{}"), "n.csv", in: dir),
                                        edges: CSVFixtures.write(CSVFixtures.edges("bob,works_for,acne,{}"), "e.csv", in: dir),
                                        database: dir.file("g.sqlite"))
        }
        #expect(error?.code == .unknownNodeReference)
        #expect(error?.suggestion == "did you mean 'acme'?")
    }

    @Test func aJSONErrorCarriesTheParsersMessage() throws {
        let dir = TemporaryDirectory()
        let error = expectKGError {
            try CSVImporter.importFiles(nodes: CSVFixtures.write(CSVFixtures.nodes(#"n1,company,New,"{""a"":tru}""#), "n.csv", in: dir),
                                        edges: nil, database: dir.file("g.sqlite"))
        }
        #expect(error?.code == .invalidJSON)
        #expect(error?.message.contains("invalid literal, expected true") == true)
        #expect(error?.message.contains("at character 6 of the field") == true)
    }

    @Test func inferenceRefusesNamesASchemaCannotHold() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("g.sqlite")
        let kind = expectKGError {
            try CSVImporter.importFiles(nodes: CSVFixtures.write(CSVFixtures.nodes("a,legal entity,A,{}"), "n.csv", in: dir), edges: nil, database: db)
        }
        #expect(kind?.code == .importSyntax)
        #expect(kind?.span?.start.line == 2)
        #expect(kind?.span?.start.column == 3)
        let type = expectKGError {
            try CSVImporter.importFiles(nodes: CSVFixtures.write(CSVFixtures.nodes("a,company,A,{}"), "n.csv", in: dir),
                                        edges: CSVFixtures.write(CSVFixtures.edges("a,2nd-tier,a,{}"), "e.csv", in: dir), database: db)
        }
        #expect(type?.code == .importSyntax)
        #expect(type?.span?.start.line == 2)
        #expect(!CSVFixtures.anyFileExists(db))
    }

    @Test func aLongLineIsRefusedAtTheDefaultLimitWithoutReadingOn() throws {
        let dir = TemporaryDirectory()
        let db = dir.file("g.sqlite")
        var text = CSVFixtures.nodes("n1,company,New,{}")
        text += "n2,person,\"" + String(repeating: "x", count: 16 << 20) + "\",{}\n"
        let error = expectKGError {
            try CSVImporter.importFiles(nodes: CSVFixtures.write(text, "n.csv", in: dir), edges: nil, database: db)
        }
        #expect(error?.code == .lineTooLong)
        #expect(error?.span?.start.line == 3)
        #expect(!CSVFixtures.anyFileExists(db))
    }
}
