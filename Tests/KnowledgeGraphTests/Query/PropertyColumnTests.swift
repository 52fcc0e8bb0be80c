import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Typed property reads: a ``PropertyColumn`` answers exactly what parsing
/// the node's JSON answers (every declared property of the seed graph and of
/// random graphs, hand-edited JSON of every awkward shape), from SQLite and
/// from the in-memory backend; queries answer the same with and without the
/// columns; and a write drops them, so the next answer has the new value.
@Suite struct PropertyColumnTests {
    typealias Gen = ReliabilityPropertyBasedTests

    /// What parsing the record reads: the stored value, or absent.
    static func jsonEntry(_ record: NodeRecord, _ key: String) -> PropertyColumn.Entry {
        record.props[key].map { .present($0) } ?? .absent
    }

    /// Every node of every kind, for every property the kind declares (and
    /// `kind` and a name nobody declares): the column agrees with the record.
    /// Returns how many (node, property) pairs were compared.
    @discardableResult
    static func expectColumnsAgree(_ store: any GraphReading, extraKeys: [String] = ["kind", "no_such_property"],
                                   sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        var compared = 0
        let all = try store.nodes(ids: try store.nodeIDs(kinds: nil))
        for kind in store.schema.kindOrder {
            let declared = store.schema.kinds[kind]?.propertyOrder ?? []
            for key in declared + extraKeys {
                let column = try #require(try store.propertyColumn(kind: kind, key: key), sourceLocation: sourceLocation)
                #expect(column.declaredType == store.schema.kinds[kind]?.properties[key]?.type, sourceLocation: sourceLocation)
                for record in all {
                    let entry = column.entry(of: record.id)
                    if record.kind == kind {
                        let expected = jsonEntry(record, key)
                        #expect(entry == expected && "\(entry)" == "\(expected)", "\(record.key).\(key)", sourceLocation: sourceLocation)
                        compared += 1
                    } else {
                        #expect(entry == .notCovered, "\(record.key) is not a \(kind)", sourceLocation: sourceLocation)
                    }
                }
            }
        }
        return compared
    }

    /// The rows of a query in a plain engine (a first query builds no column)
    /// and in one that builds every column at once; sorted text of each cell.
    static func answers(_ store: some GraphReading, _ text: String) throws -> (plain: [String], typed: [String]) {
        func texts(_ result: QueryResult) -> [String] { result.rows.map { "\($0)" }.sorted() }
        let plain = texts(try GraphQueryEngine(store: store).execute(text))
        let typedEngine = GraphQueryEngine(store: store)
        typedEngine.alwaysUseMemoryIndexes = true
        return (plain, texts(try typedEngine.execute(text)))
    }

    @Test func theSeedGraphReadsTheSameFromColumnsAsFromJSON() throws {
        let q = try SeedQueries()
        let compared = try Self.expectColumnsAgree(q.store)
        #expect(compared > 500)
        // The one-of properties hold a handful of codes.
        let kinds = try #require(try q.store.propertyColumn(kind: "Agreement", key: "kind"))
        #expect(kinds.nodeCount == (try q.store.nodeCount(kind: "Agreement")))
        #expect(Set(kinds.values.compactMap { if case .string(let s) = $0 { s } else { nil } })
                    .isSubset(of: Set(q.store.schema.kinds["Agreement"]?.properties["kind"]?.allowedValues ?? [])))
        #expect(!kinds.values.isEmpty)
        // The in-memory backend builds the same columns.
        let memory = try MemoryGraph(copying: q.store)
        #expect(try Self.expectColumnsAgree(memory) == compared)
    }

    @Test func randomGraphsReadTheSameFromColumnsAsFromJSON() throws {
        var r = SeededRandom(seed: 0x7E_C01)
        let dir = TemporaryDirectory()
        var compared = 0, present = 0
        for i in 0..<20 {
            let store = try GraphStore.create(at: dir.file("g\(i).sqlite"))
            for part in 0..<3 {
                let document = Gen.document(store.schema, &r, prefix: "g\(i)p\(part)-")
                _ = try? GraphTextImporter(store: store).importText(document.text)
            }
            compared += try Self.expectColumnsAgree(store)
            try store.forEachNode { present += $0.props.count }
            try Self.expectColumnsAgree(try MemoryGraph(copying: store))
        }
        #expect(compared > 1000)
        #expect(present > 100)
    }

    @Test func handEditedJSONReadsTheSameFromColumnsAsFromJSON() throws {
        let dir = TemporaryDirectory()
        // An open kind: undeclared properties are read through the columns too.
        let schema = try SchemaParser.parse("schema t\nkind Company open\n  prop founded: int\n  prop country: string\n  prop since: date\n", file: "t.kgs")
        let store = try GraphStore.create(at: dir.file("g.sqlite"), schema: schema)
        try GraphTextImporter(store: store).importText("source s1 file=\"a.txt\"\n" + (0..<27).map {
            "node Company c\($0) \"C \($0)\"\n  evidence s1 \"C \($0) exists.\"\n"
        }.joined())
        let texts = [
            #"{"country":"DE","founded":1999}"#,          // kg's own form
            #"{"founded":1.5}"#, #"{"founded":1e3}"#, #"{"founded":-0.0}"#, #"{"founded":0.0}"#,
            #"{"founded":123456789012345678}"#,            // 18 digits
            #"{"founded":9223372036854775807}"#,           // 19 digits: the parser reads it
            #"{"founded":99999999999999999999}"#,          // beyond 64 bits: the record reads no properties
            #"{"founded":1,"founded":2}"#,                 // a duplicate key: no properties
            #"{"country":"a\"b"}"#, #"{"country":"\u00e9"}"#, "{\"country\":\"\u{E9}\"}", "{\"country\":\"e\u{301}\"}",
            "not json", "[1,2]", "", #"{"country":["x",1,{"y":null}]}"#, #"{"country":null}"#,
            #"{ "country" : "DE" }"#, #"{"Country":"x"}"#, #"{"kind":"weird","z":true}"#, #"{"a":{"country":"nested"}}"#,
            #"{"founded":2,"country":"unsorted"}"#, #"{"country":"DE"}  "#,
            #"{"since":"2017-07"}"#, #"{"since":"not a date"}"#,
        ]
        #expect(texts.count == 26)
        for (i, text) in texts.enumerated() {
            _ = try store.db.query("UPDATE nodes SET props = ? WHERE key = ?", [.text(text), .text("c\(i)")]) { _ in 0 }
        }
        // Bytes that are not UTF-8 inside a string (0xFF, a cut-off 0xC3): repaired the same way.
        try store.db.execute(#"UPDATE nodes SET props = CAST(X'7B22636F756E747279223A2261FFC3227D' AS TEXT) WHERE key = 'c26'"#)
        #expect(try store.node(key: "c26")?.props["country"] == .string("a\u{FFFD}\u{FFFD}"))
        try Self.expectColumnsAgree(store, extraKeys: ["kind", "z", "a", "Country", "no_such_property"])
        let founded = try #require(try store.propertyColumn(kind: "Company", key: "founded"))
        // -0.0 and 0.0 are two values, "é" and "e\u{301}" two strings.
        #expect(founded.values.contains { if case .double(let d) = $0 { d == 0 && d.sign == .minus } else { false } })
        #expect(founded.values.contains { if case .double(let d) = $0 { d == 0 && d.sign == .plus } else { false } })
        let country = try #require(try store.propertyColumn(kind: "Company", key: "country"))
        let strings = country.values.compactMap { if case .string(let s) = $0 { Array(s.utf8) } else { nil } }
        #expect(strings.contains(Array("\u{E9}".utf8)) && strings.contains(Array("e\u{301}".utf8)))
        // Queries answer the same with and without the columns.
        for text in ["MATCH (c:Company) RETURN c.key, c.founded, c.country, c.kind, c.z, c.since, c.a",
                     "MATCH (c:Company) WHERE c.since < 2018 RETURN c.key",
                     "MATCH (c:Company) WHERE c.founded > 1000 RETURN c.key",
                     "MATCH (c:Company) WHERE c.country = 'DE' RETURN c.key, c.founded"] {
            let (plain, typed) = try Self.answers(store, text)
            #expect(plain == typed, "\(text)")
        }
    }

    @Test func queriesAnswerTheSameWithColumnsOnTheSeedGraph() throws {
        let q = try SeedQueries()
        var texts = [
            "MATCH (a:Agreement) WHERE a.kind IN ['patent_license', 'cross_license'] RETURN a.key, a.kind, a.date, a.patents",
            "MATCH (l)<-[:licensor]-(a:Agreement)-[:licensee]->(h) WHERE a.kind IN ['patent_license', 'cross_license'] AND l <> h RETURN DISTINCT l.key",
            "MATCH (a:Agreement {kind: 'partnership'}) RETURN a.key",
            "MATCH (a:Agreement) WHERE a.date >= 2018 RETURN a.key, a.date ORDER BY a.date",
            "MATCH (x) RETURN x.key, x.kind, kind(x)",
        ]
        for kind in q.store.schema.kindOrder {
            let props = q.store.schema.kinds[kind]?.propertyOrder ?? []
            guard !props.isEmpty else { continue }
            texts.append("MATCH (x:\(kind)) RETURN x.key, " + props.map { "x.\($0)" }.joined(separator: ", "))
        }
        for text in texts {
            let (plain, typed) = try Self.answers(q.store, text)
            #expect(plain == typed, "\(text)")
            #expect(!plain.isEmpty, "\(text)")
        }
        // The typed engine really read from a column.
        #expect(q.store.loadedPropertyColumn(kind: "Agreement", key: "kind") != nil)
        // And so does the in-memory backend, with the same answers.
        let memory = try MemoryGraph(copying: q.store)
        for text in texts {
            let (plain, typed) = try Self.answers(memory, text)
            #expect(plain == typed, "\(text)")
            #expect(plain == (try Self.answers(q.store, text)).plain, "\(text)")
        }
        #expect(memory.loadedPropertyColumn(kind: "Agreement", key: "kind") != nil)
    }

    @Test func aWriteDropsTheColumnsAndTheNextAnswerHasTheNewValue() throws {
        let q = try SeedQueries()
        let engine = GraphQueryEngine(store: q.store)
        engine.alwaysUseMemoryIndexes = true
        let query = "MATCH (a:Agreement) WHERE a.kind = 'acquisition' RETURN a.key"
        let before = Set(try engine.execute(query).rows.map { $0[0] })
        #expect(q.store.loadedPropertyColumn(kind: "Agreement", key: "kind") != nil)
        var target: NodeRecord?
        try q.store.forEachNode { if target == nil, $0.kind == "Agreement", $0.props["kind"] != .string("acquisition") { target = $0 } }
        let agreement = try #require(target)
        try GraphTextImporter(store: q.store, options: .init(update: true))
            .importText("set \(agreement.key) kind=acquisition reason=\"test\"\n")
        let after = Set(try engine.execute(query).rows.map { $0[0] })
        #expect(after == before.union([.string(agreement.key)]))
        #expect(after.count == before.count + 1)
        // A date is read as a date from the rebuilt column.
        try GraphTextImporter(store: q.store, options: .init(update: true))
            .importText("set \(agreement.key) date=2001 reason=\"test\"\n")
        let dated = try engine.execute("MATCH (a:Agreement) WHERE a.key = '\(agreement.key)' RETURN a.date").rows
        #expect(dated.map { $0[0] } == [.date(try #require(PartialDate("2001")))])
        // A revert puts the old value back, and the answer follows.
        let writes = try q.store.writeLog().filter { $0.action == "update" }
        for write in writes.reversed() { try q.store.revert(write.id, command: "test") }
        #expect(Set(try engine.execute(query).rows.map { $0[0] }) == before)
        // A retracted node is gone from the next answer.
        let gone = try #require(before.first)
        guard case .string(let goneKey) = gone else { Issue.record("not a key: \(gone)"); return }
        try GraphTextImporter(store: q.store).importText("retract node \(goneKey) cascade=true reason=\"test\"\n")
        #expect(Set(try engine.execute(query).rows.map { $0[0] }) == before.subtracting([gone]))
    }

    @Test func agreementsOfAKindAreFoundFromTheColumn() throws {
        let q = try SeedQueries()
        let wanted: Set<JSONValue> = [.string("patent_license"), .string("cross_license")]
        let ids = try #require(try q.store.nodeIDs(ofKind: "Agreement", property: "kind") { $0.map { wanted.contains($0) } ?? false })
        var expected: [Int64] = []
        for record in try q.store.nodes(ids: try q.store.nodeIDs(kinds: ["Agreement"]))
        where record.props["kind"].map({ wanted.contains($0) }) ?? false { expected.append(record.id) }
        #expect(ids == expected.sorted())
        #expect(!ids.isEmpty)
        // Absent values reach the predicate as nil.
        let undated = try #require(try q.store.nodeIDs(ofKind: "Agreement", property: "date") { $0 == nil })
        let expectedUndated = try q.store.nodes(ids: try q.store.nodeIDs(kinds: ["Agreement"])).filter { $0.props["date"] == nil }.map(\.id)
        #expect(undated == expectedUndated.sorted())
        let memory = try MemoryGraph(copying: q.store)
        #expect(try memory.nodeIDs(ofKind: "Agreement", property: "kind") { $0.map { wanted.contains($0) } ?? false } == ids)
    }

    @Test func aFilterKnowsWhenColumnsAnswerEverythingItReads() throws {
        func keys(_ text: String) throws -> [String]? { try Parser.parseExpression(text).columnReadableKeys }
        #expect(try keys("a.kind IN ['patent_license', 'cross_license'] AND l <> h") == ["kind"])
        #expect(try keys("a.date >= 2018 OR a.patents > 10 AND a.date < 2020") == ["date", "patents"])
        #expect(try keys("size(a.field) > 3") == ["field"])
        #expect(try keys("l <> h") == [])
        #expect(try keys("a.name = 'x'") == nil)
        #expect(try keys("a.key = 'x'") == nil)
        #expect(try keys("name(a) = 'x'") == nil)
        #expect(try keys("a CONTAINS 'x'") == nil)
        #expect(try keys("a:Agreement") == nil)
    }
}
