import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Phrases in other languages and nouns in the schema format, and `kg schema`.
@Suite struct SchemaPhrasesTests {
    let text = """
        schema deps
        kind Package
          noun de "Paket" / "Pakete"
        edge depends_on: Package -> Package "depends on" / "is needed by"
          phrase de "hängt ab von" / "wird gebraucht von"
        edge sibling_of: Package -- Package
          phrase de "ist Geschwister von"
        derived needs_twice: Package -> Package
          as (x)-[:depends_on]->()-[:depends_on]->(y)
          phrase de "braucht indirekt"
        """

    @Test func phraseAndNounLinesParseAndRoundTrip() throws {
        let schema = try SchemaParser.parse(text)
        #expect(schema.edgeTypes["depends_on"]?.translations["de"] == PhrasePair(phrase: "hängt ab von", inverse: "wird gebraucht von"))
        #expect(schema.edgeTypes["sibling_of"]?.translations["de"]?.inverse == "ist Geschwister von")
        #expect(schema.derivedTypes["needs_twice"]?.translations["de"]?.phrase == "braucht indirekt")
        #expect(schema.derivedTypes["needs_twice"]?.definition == "(x)-[:depends_on]->()-[:depends_on]->(y)")
        #expect(schema.kinds["Package"]?.nouns["de"] == NounForms(singular: "Paket", plural: "Pakete"))
        #expect(schema.phraseLanguages == ["en", "de"])
        let again = try SchemaParser.parse(SchemaWriter.text(of: schema))
        #expect(again.edgeTypes["depends_on"]?.translations == schema.edgeTypes["depends_on"]?.translations)
        #expect(again.derivedTypes["needs_twice"]?.translations == schema.derivedTypes["needs_twice"]?.translations)
        #expect(again.kinds["Package"]?.nouns == schema.kinds["Package"]?.nouns)
    }

    /// `kg schema` shows the lexicon `kg ask` reads: synonyms, what a role
    /// implies, and the question frames of properties.
    @Test func kgSchemaShowsTheLexicon() throws {
        let home = TemporaryDirectory()
        let result = try runKG(["schema"], home: home.path, environment: ["COLUMNS": "200"])
        #expect(result.status == 0)
        let licensor = result.stdout.split(separator: "\n").first { $0.hasPrefix("  licensor ") } ?? ""
        #expect(licensor.contains("implies party"), "\(licensor)")
        let ceo = result.stdout.split(separator: "\n").first { $0.hasPrefix("  ceo_of ") } ?? ""
        #expect(ceo.contains("also en "), "\(ceo)")
        #expect(result.stdout.contains("Question frames"))
        #expect(result.stdout.contains("en \"when was X founded\""))
    }

    @Test func badPhraseLinesAreRefusedWithTheLine() {
        let cases: [(String, String)] = [
            ("schema s\nkind A\nedge e: A -> A\n  phrase \"x\"\n", "expected 'phrase LANG"),
            ("schema s\nkind A\nedge e: A -> A\n  phrase DE \"x\"\n", "language code"),
            ("schema s\nkind A\nedge e: A -> A\n  phrase en \"x\"\n", "English phrase"),
            ("schema s\nkind A\n  phrase de \"x\"\n", "must follow an edge"),
            ("schema s\nkind A\nedge e: A -> A\n  phrase de \"x\"\n  phrase de \"y\"\n", "already has"),
            ("schema s\nkind A\nedge e: A -- A\n  phrase de \"x\" / \"y\"\n", "symmetric"),
            ("schema s\nkind A\nedge e: A -> A\n  noun de \"x\" / \"y\"\n", "must follow a kind"),
        ]
        for (text, fragment) in cases {
            let error = expectKGError { _ = try SchemaParser.parse(text) }
            #expect(error?.code == .schemaSyntax || error?.code == .duplicateDeclaration, "\(text)")
            #expect(error?.message.contains(fragment) == true, "\(text): \(error?.message ?? "no error")")
            #expect(error?.span?.start.line == 4 || error?.span?.start.line == 5 || error?.span?.start.line == 3, "\(text)")
        }
    }

    @Test func theCompanySchemaSpeaksGerman() throws {
        let schema = try SchemaParser.parse(BuiltinResources.defaultSchema)
        #expect(schema.derivedTypes["licenses_patents_to"]?.translations["de"]?.phrase == "lizenziert Patente an")
        for name in schema.allEdgeTypeNames {
            #expect(schema.phrases(of: name).contains { $0.language == "de" }, "\(name) has no German phrase")
        }
    }
}

@Suite struct SchemaCommandTests {
    let home = TemporaryDirectory()

    @Test func tableShowsKindsTypesPhrasesCountsDefinitionsAndQueries() throws {
        let result = try runKG(["schema"], home: home.path)
        #expect(result.status == 0)
        let out = result.stdout
        #expect(out.hasPrefix("schema company: "))
        #expect(out.contains("Agreement (fact)"))
        #expect(out.contains("kind: string required one of patent_license"))
        let licensee = out.split(separator: "\n").first { $0.hasPrefix("  licensee ") }
        #expect(licensee?.contains("Agreement -> Company|Organisation") == true)
        #expect(licensee?.contains("en \"has licensee\" / \"is licensee in\"; de \"hat Lizenznehmer\"") == true)
        #expect(out.contains("licenses_patents_to = (x)<-[:licensor]-(a:Agreement)-[:licensee]->(y)"))
        #expect(out.contains("partner-network"))
        // Stored counts agree with kg stats.
        let stats = try runKG(["stats"], home: home.path).stdout
        let party = stats.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("party ") }
        let count = party.flatMap { $0.split(separator: " ").last }.map(String.init)
        #expect(out.split(separator: "\n").first { $0.hasPrefix("  party ") }?.contains("  \(count ?? "?")  ") == true)
        // In a pipe nothing is cut.
        #expect(!out.contains("…"))
    }

    @Test func jsonHasEveryPart() throws {
        let result = try runKG(["schema", "--format", "json"], home: home.path)
        #expect(result.status == 0)
        let json = try JSONParser.parse(result.stdout)
        let object = json.objectValue ?? [:]
        #expect(object["name"] == .string("company"))
        guard case .array(let edges)? = object["edge_types"], case .array(let derived)? = object["derived_types"],
              case .array(let kinds)? = object["kinds"], case .array(let queries)? = object["named_queries"] else {
            Issue.record("missing parts"); return
        }
        #expect(kinds.count >= 6)
        #expect(queries.count >= 5)
        let partner = derived.first { $0.objectValue?["name"] == .string("partner_of") }?.objectValue
        #expect(partner?["symmetric"] == .bool(true))
        #expect(partner?["edges"] == .int(6))
        let develops = edges.first { $0.objectValue?["name"] == .string("develops") }?.objectValue
        #expect(develops?["phrases"]?.objectValue?["de"]?.objectValue?["phrase"] == .string("entwickelt"))
    }

    @Test func sourcePrintsTheStoredSchemaText() throws {
        let result = try runKG(["schema", "--source"], home: home.path)
        #expect(result.status == 0)
        let parsed = try SchemaParser.parse(result.stdout)
        #expect(parsed.name == "company")
        #expect(parsed.derivedTypes["licenses_patents_to"]?.translations["de"] != nil)
    }
}
