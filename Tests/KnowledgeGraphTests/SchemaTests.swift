import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

@Suite struct SchemaTests {
    @Test func defaultSchemaDeclaresTheCompanyDomain() throws {
        let schema = try GraphStore.defaultSchema()
        for kind in ["Company", "Person", "Product", "Agreement", "Organisation", "Place"] {
            #expect(schema.kinds[kind] != nil, "missing kind \(kind)")
        }
        let licensor = try #require(schema.edgeTypes["licensor"])
        #expect(licensor.sources == .some(["Agreement"]))
        #expect(licensor.inversePhrase == "is licensor in")
        #expect(schema.edgeTypes["competitor_of"]?.isSymmetric == true)
        #expect(schema.derivedTypes["licenses_patents_to"]?.definition.contains("licensor") == true)
        #expect(schema.kinds["Agreement"]?.properties["kind"]?.isRequired == true)
    }

    @Test func wrongKindEdgeIsRejectedNamingTheRule() throws {
        let schema = try GraphStore.defaultSchema()
        let error = expectKGError {
            try schema.validateEdge(type: "licensor", sourceKind: "Product", targetKind: "Person", props: [:])
        }
        #expect(error?.code == .endpointViolation)
        #expect(error?.message == "a 'licensor' edge cannot go from a Product to a Person: the schema allows 'licensor: Agreement -> Company|Organisation'")
    }

    @Test func writesAreCheckedAgainstKindsTypesAndProperties() throws {
        let schema = try GraphStore.defaultSchema()
        #expect(expectKGError { try schema.validateNode(kind: "Compnay", props: [:]) }?.suggestion == "did you mean 'Company'?")
        #expect(expectKGError { try schema.validateNode(kind: "Company", props: ["founded": .string("2010")]) }?.code == .propertyType)
        #expect(expectKGError { try schema.validateNode(kind: "Company", props: ["colour": .string("red")]) }?.code == .undeclaredProperty)
        #expect(expectKGError { try schema.validateNode(kind: "Agreement", props: [:]) }?.code == .missingRequiredProperty)
        #expect(expectKGError { try schema.validateNode(kind: "Agreement", props: ["kind": .string("handshake")]) }?.code == .valueNotAllowed)
        // A misspelt value gets the near one first, then the list.
        #expect(expectKGError { try schema.validateNode(kind: "Agreement", props: ["kind": .string("patnership")]) }?.suggestion?
            .hasPrefix("did you mean 'partnership'? allowed: patent_license, ") == true)
        #expect(expectKGError { try schema.validateNode(kind: "Agreement", props: ["kind": .string("handshake")]) }?.suggestion?
            .hasPrefix("allowed: ") == true)
        #expect(expectKGError { try schema.validateNode(kind: "Agreement", props: ["kind": .string("supply"), "date": .string("2017-13")]) }?.code == .propertyType)
        #expect(expectKGError { try schema.validateEdge(type: "licenses_patents_to", sourceKind: "Company", targetKind: "Company", props: [:]) }?.code == .derivedNotWritable)
        #expect(expectKGError { try schema.validateEdge(type: "lisensor", sourceKind: "Agreement", targetKind: "Company", props: [:]) }?.suggestion?.hasPrefix("did you mean 'licensor'? edge types from an Agreement: ") == true)
        // A symmetric type accepts either direction.
        try schema.validateEdge(type: "competitor_of", sourceKind: "Company", targetKind: "Company", props: [:])
    }

    @Test func schemaSyntaxErrorsCarryLineAndColumn() {
        let cases: [(String, ErrorCode, Int, Int)] = [
            ("kind Company\n  prop founded: integer\n", .schemaSyntax, 2, 17),
            ("kind A\nkind A\n", .duplicateDeclaration, 2, 6),
            ("kind A\nedge e: A -> B\n", .undeclaredKind, 2, 1),
            ("kind A\nedge e: A => A\n", .schemaSyntax, 2, 11),
            ("knd A\n", .schemaSyntax, 1, 1),
            ("kind A\nderived d: A -> A\n", .schemaSyntax, 2, 1),
            ("kind A \"unterminated\n", .schemaSyntax, 1, 8),
        ]
        for (text, code, line, column) in cases {
            let error = expectKGError { _ = try SchemaParser.parse(text) }
            #expect(error?.code == code, "\(text)")
            #expect(error?.span?.start.line == line, "\(text)")
            #expect(error?.span?.start.column == column, "\(text)")
        }
    }

    /// A derived definition is query text: `<=`, `>=`, `=` and quoted strings
    /// mean what they mean in the query language, also on a continuation line.
    @Test func derivedDefinitionsMayCompareWithAnyOperator() throws {
        let text = """
            schema lists
            kind Co
            kind List
            edge ranks: List -> Co
              prop position: int
            derived ahead_of: Co -> Co "ranks ahead of"
              as (x)<-[p:ranks]-(l:List)-[q:ranks]->(y)
                WHERE p.position <= q.position AND l.name = "Top" AND q.position >= 2 AND x <> y
            """
        let schema = try SchemaParser.parse(text)
        #expect(schema.derivedTypes["ahead_of"]?.definition.hasSuffix("q.position >= 2 AND x <> y") == true)
        let dir = TemporaryDirectory()
        let path = dir.file("lists.sqlite")
        _ = try GraphStore.create(at: path, schema: schema)
        let store = try GraphStore.open(at: path)
        try store.write {
            let list = try store.node(id: try store.addNode(key: "top", kind: "List", name: "Top"))!
            for (key, position) in [("a", 1), ("b", 2), ("c", 3)] {
                let co = try store.node(id: try store.addNode(key: key, kind: "Co", name: key.uppercased()))!
                try store.addEdge(type: "ranks", from: list, to: co, props: ["position": .int(Int64(position))])
            }
        }
        let result = try QueryEngine(store: store).execute("MATCH (x)-[:ahead_of]->(y) RETURN x.key, y.key ORDER BY x.key, y.key")
        var f = ResultFormatter(store: store)
        #expect(result.rows.map { $0.map { f.text($0) } } == [["a", "b"], ["a", "c"], ["b", "c"]])
    }

    @Test func anotherDomainGetsItsOwnRules() throws {
        let text = """
            schema supply_chain
            kind Plant
              prop capacity: int
            kind Part
            edge produces: Plant -> Part "produces" / "is produced by"
            """
        let dir = TemporaryDirectory()
        let path = dir.file("supply.sqlite")
        _ = try GraphStore.create(at: path, schema: try SchemaParser.parse(text))
        let store = try GraphStore.open(at: path)
        #expect(store.schema.name == "supply_chain")
        #expect(store.schema.kinds["Company"] == nil)
        try store.write {
            let plant = try store.addNode(key: "p1", kind: "Plant", name: "Plant 1", props: ["capacity": .int(5)])
            let part = try store.addNode(key: "x", kind: "Part", name: "Bolt")
            try store.addEdge(type: "produces", from: try store.node(id: plant)!, to: try store.node(id: part)!)
        }
        #expect(expectKGError { _ = try store.write { try store.addNode(key: "c", kind: "Company", name: "C") } }?.code == .undeclaredKind)
    }
}
