import KGModel
import KGStorage
import KGSQLite

/// CSV rows read as graph text statements and applied by the merging
/// importer (``GraphTextImporter``): the path for rows with evidence columns
/// (`source`, `quote`, and `aliases` on nodes), with a sources file, and for
/// a graph that holds nodes already, so that importing the same files again
/// changes nothing and a changed value is a conflict (or, with `update`, an
/// update). The bulk loader stays the path for plain rows into an empty graph.
///
///     nodes.csv: id,kind,name,props[,aliases][,source,quote][,evidence]
///     edges.csv: src,type,dst,props[,source,quote][,evidence]
///     sources.csv: key,file[,title][,published][,language][,author]
///
/// Rows that repeat a node (same id, kind, name and props) or an edge add
/// their evidence to it: that is one way a fact gets several pieces of
/// evidence; the other is the `evidence` column (what `kg export --format
/// csv` writes), a JSON array of `{"source": KEY, "quote": TEXT}` objects.
enum CSVMergeImport {
    static let optionalNodeColumns: Set<String> = ["aliases", "source", "quote", "evidence"]
    static let optionalEdgeColumns: Set<String> = ["source", "quote", "evidence"]
    static let sourceColumns = ["key", "file", "title", "published", "language", "author"]

    /// Whether the inputs need the merging path: extra columns, a sources
    /// file, or a graph with nodes.
    static func isNeeded(nodes: CSVInput?, edges: CSVInput?, options: CSVImportOptions, graphHasNodes: Bool) throws(KGError) -> Bool {
        if graphHasNodes || options.sources != nil || options.update { return true }
        if let nodes, let header = try firstRecord(nodes), header.count > CSVImporter.nodeHeader.count,
           Array(header.prefix(4)) == CSVImporter.nodeHeader { return true }
        if let edges, let header = try firstRecord(edges), header.count > CSVImporter.edgeHeader.count,
           Array(header.prefix(4)) == CSVImporter.edgeHeader { return true }
        return false
    }

    private static func firstRecord(_ input: CSVInput) throws(KGError) -> [String]? {
        let reader = CSVReader(input)
        guard try reader.next() else { return nil }
        return (0..<reader.fieldCount).map { reader.string($0) }
    }

    /// Spans of the edges and sources files are told apart from those of the
    /// nodes file by their offsets (the renderer reads line and column only).
    private static let edgesMark = -(1 << 50), sourcesMark = -(2 << 50)

    private static func marked(_ span: SourceSpan, _ mark: Int) -> SourceSpan {
        var s = span
        s.start.offset += mark
        s.end.offset += mark
        return s
    }

    /// Reads the inputs into one document (checking each file's shape).
    /// With `diagnostics` (`kg import --check`) a row that does not read is
    /// recorded there and skipped, and reading goes on.
    static func document(nodes: CSVInput?, edges: CSVInput?, sources: CSVInput?, options: CSVImportOptions,
                         collecting diagnostics: ImportDiagnostics? = nil) throws(KGError) -> GraphTextDocument {
        var document = GraphTextDocument()
        func record(_ error: KGError) throws(KGError) {
            guard let diagnostics else { throw error }
            diagnostics.record(error)
        }
        if let sources {
            try CSVReader.validate(sources, maxLineBytes: options.maxLineBytes)
            let reader = CSVReader(sources)
            let columns = try header(reader, input: sources, required: ["key", "file"], optional: Set(sourceColumns.dropFirst(2)), what: "sources")
            let expected = headerNames(columns)
            var seen = Set<String>()
            while try reader.next() {
              do throws(KGError) {
                try CSVLoad.checkFieldCount(reader, expected: expected)
                func field(_ name: String) -> String? { columns[name].map { reader.string($0) }.flatMap { $0.isEmpty ? nil : $0 } }
                let key = reader.string(columns["key"]!)
                guard !key.isEmpty, key.allSatisfy({ GraphTextParser.keyCharacters.contains($0) }) else {
                    throw reader.error(.importSyntax, "a source key is letters, digits, '-', '_' and '.'", field: columns["key"]!)
                }
                guard seen.insert(key).inserted else { throw reader.error(.duplicateKey, "the source '\(key)' is given twice in this file", field: columns["key"]!) }
                guard let file = field("file") else { throw reader.error(.importSyntax, "the file field is empty", field: columns["file"]!) }
                var record = SourceRecord(key: key, file: file, title: field("title"), language: field("language"), author: field("author"))
                if let published = field("published") {
                    guard let date = PartialDate(published) else {
                        throw reader.error(.importSyntax, "'\(published)' is not a date", field: columns["published"]!, suggestion: "write 2017, 2017-07 or 2017-07-14")
                    }
                    record.published = date
                }
                document.sources.append(.init(record: record, span: marked(reader.span(ofField: columns["key"]!), sourcesMark)))
              } catch { try record(error) }
            }
        }
        if let nodes {
            try CSVReader.validate(nodes, maxLineBytes: options.maxLineBytes)
            let reader = CSVReader(nodes)
            let columns = try header(reader, input: nodes, required: CSVImporter.nodeHeader, optional: optionalNodeColumns, what: "nodes")
            let expected = headerNames(columns)
            var index: [String: Int] = [:]
            while try reader.next() {
              do throws(KGError) {
                try CSVLoad.checkFieldCount(reader, expected: expected)
                let key = reader.string(0), kind = reader.string(1), name = reader.string(2)
                guard !key.isEmpty else { throw reader.error(.importSyntax, "the id field is empty", field: 0) }
                guard !kind.isEmpty else { throw reader.error(.importSyntax, "the kind field is empty", field: 1) }
                let props = try object(reader, field: 3)
                var aliases: [String] = []
                if let column = columns["aliases"], !reader.string(column).isEmpty {
                    guard case .array(let items)? = try? JSONParser.parse(reader.string(column)),
                          items.allSatisfy({ if case .string = $0 { return true } else { return false } }) else {
                        throw reader.error(.invalidJSON, "the aliases field must be a JSON array of strings, e.g. [\"小米\"]", field: column)
                    }
                    aliases = items.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
                }
                let evidence = try evidenceField(reader, columns, mark: 0)
                if let i = index[key] {
                    let first = document.nodes[i]
                    guard first.kind == kind, first.name == name, first.props == props else {
                        let lines = CSVLoad.firstLine(ofKey: reader.content(0), in: reader.input).map { " (first on line \($0), again on line \(reader.recordLine))" } ?? ""
                        throw reader.error(.duplicateKey, "the id '\(key)' is given twice in this file with other contents\(lines)", field: 0,
                                           suggestion: "rows that repeat a node (to add evidence) repeat its kind, name and props")
                    }
                    document.nodes[i].aliases += aliases
                    document.nodes[i].evidence += evidence
                    continue
                }
                let propSpan = reader.span(ofField: 3)
                index[key] = document.nodes.count
                document.nodes.append(GraphTextDocument.Node(kind: kind, key: key, name: name, props: props,
                                                             propSpans: props.mapValues { _ in propSpan }, aliases: aliases, evidence: evidence,
                                                             kindSpan: reader.span(ofField: 1), keySpan: reader.span(ofField: 0), edges: []))
              } catch { try record(error) }
            }
        }
        if let edges {
            try CSVReader.validate(edges, maxLineBytes: options.maxLineBytes)
            let reader = CSVReader(edges)
            let columns = try header(reader, input: edges, required: CSVImporter.edgeHeader, optional: optionalEdgeColumns, what: "edges")
            let expected = headerNames(columns)
            while try reader.next() {
              do throws(KGError) {
                try CSVLoad.checkFieldCount(reader, expected: expected)
                var props = try object(reader, field: 3)
                var period = DatePeriod()
                for (name, isFrom) in [("valid_from", true), ("valid_to", false)] {
                    guard let value = props.removeValue(forKey: name) else { continue }
                    let date: PartialDate?
                    switch value {
                    case .null: continue
                    case .string(let s): date = PartialDate(s)
                    case .int(let i): date = PartialDate(String(i))
                    default: date = nil
                    }
                    guard let date else {
                        throw reader.error(.propertyType, "\(name) must be a partial date (2017, 2017-07 or 2017-07-14), not \(value.typeDescription)", field: 3)
                    }
                    if isFrom { period.from = date } else { period.to = date }
                }
                if let from = period.from, let to = period.to, to.lastDay < from.firstDay {
                    throw reader.error(.invalidPeriod, "the edge's period ends (\(to)) before it starts (\(from))", field: 3)
                }
                guard !reader.string(1).isEmpty else { throw reader.error(.importSyntax, "the type field is empty", field: 1) }
                let propSpan = marked(reader.span(ofField: 3), edgesMark)
                document.edges.append(GraphTextDocument.Edge(sourceKey: reader.string(0), type: reader.string(1), targetKey: reader.string(2),
                                                             props: props, propSpans: props.mapValues { _ in propSpan }, period: period,
                                                             sourceSpan: marked(reader.span(ofField: 0), edgesMark),
                                                             typeSpan: marked(reader.span(ofField: 1), edgesMark),
                                                             targetSpan: marked(reader.span(ofField: 2), edgesMark),
                                                             evidence: try evidenceField(reader, columns, mark: edgesMark)))
              } catch { try record(error) }
            }
        }
        for i in document.nodes.indices where document.nodes[i].evidence.isEmpty { document.nodes[i].unsourced = true }
        for i in document.edges.indices where document.edges[i].evidence.isEmpty { document.edges[i].unsourced = true }
        return document
    }

    /// Applies the document to the graph; errors name the file they are about.
    static func apply(_ document: GraphTextDocument, to store: GraphStore, nodes: CSVInput?, edges: CSVInput?, sources: CSVInput?,
                      options: CSVImportOptions) throws(KGError) -> CSVImportSummary {
        do throws(KGError) {
            // A --schema given besides the graph's own: every row must follow it too.
            if let extra = options.schema, extra.source != store.schema.source {
                var kindOf: [String: String] = [:]
                for node in document.nodes {
                    kindOf[node.key] = node.kind
                    do { try extra.validateNode(kind: node.kind, props: node.props) } catch {
                        var e = error
                        e.span = e.code == .undeclaredKind ? node.kindSpan : (node.propSpans.values.first ?? node.keySpan)
                        throw e
                    }
                }
                for edge in document.edges {
                    let a: String?, b: String?
                    if let k = kindOf[edge.sourceKey] { a = k } else { a = try store.node(key: edge.sourceKey)?.kind }
                    if let k = kindOf[edge.targetKey] { b = k } else { b = try store.node(key: edge.targetKey)?.kind }
                    guard let a, let b else { continue }
                    do { try extra.validateEdge(type: edge.type, sourceKind: a, targetKind: b, props: edge.props, span: edge.typeSpan) } catch {
                        var e = error
                        e.span = edge.typeSpan
                        throw e
                    }
                }
            }
            let importer = GraphTextImporter(store: store, options: .init(update: options.update, command: options.command ?? "import CSV", reason: options.reason))
            let merged = try importer.importDocument(document, command: options.command ?? "import CSV")
            var summary = CSVImportSummary()
            summary.nodes = merged.nodes
            summary.edges = merged.edges
            summary.write = merged.write
            summary.merge = merged
            return summary
        } catch {
            throw located(error, nodes: nodes, edges: edges, sources: sources)
        }
    }

    /// An error of the merging importer with the file it is about, and its
    /// span in that file.
    static func located(_ error: KGError, nodes: CSVInput?, edges: CSVInput?, sources: CSVInput?) -> KGError {
        var e = error
        guard e.file == nil, let span = e.span else { return e }
        let offset = span.start.offset
        let (input, mark): (CSVInput?, Int) = offset >= 0 ? (nodes, 0) : offset >= edgesMark ? (edges, edgesMark) : (sources, sourcesMark)
        e.span = marked(span, -mark)
        e.file = input?.name
        return e
    }

    /// `kg import --check` of CSV files: every error of the rows (each row
    /// that does not read is skipped) and of merging them into the graph,
    /// recorded in `diagnostics`; the graph is left as it was. The rows are
    /// checked as the merging import reads them (into a graph that holds
    /// nodes, or with evidence columns), whatever path the import would take.
    static func check(nodes: CSVInput?, edges: CSVInput?, in store: GraphStore, options: CSVImportOptions,
                      into diagnostics: ImportDiagnostics) -> WriteSummary {
        let collector = ImportDiagnostics(limit: diagnostics.limit)
        defer { diagnostics.absorb(collector) { located($0, nodes: nodes, edges: edges, sources: options.sources) } }
        do {
            let document = try self.document(nodes: nodes, edges: edges, sources: options.sources, options: options, collecting: collector)
            let importer = GraphTextImporter(store: store, options: .init(update: options.update, command: options.command ?? "import CSV", reason: options.reason))
            return importer.check(document, command: options.command ?? "import CSV", into: collector)
        } catch {
            collector.record(error)
            return WriteSummary()
        }
    }

    /// A schema for a new graph from the document: every kind and edge type
    /// seen (with the end kinds seen), open to any property.
    static func inferredSchema(_ document: GraphTextDocument) throws(KGError) -> GraphSchema {
        var schema = GraphSchema(name: "inferred")
        var kindOf: [String: String] = [:]
        for node in document.nodes {
            kindOf[node.key] = node.kind
            guard schema.kinds[node.kind] == nil else { continue }
            guard SchemaParser.isIdentifier(node.kind) else {
                throw KGError(.importSyntax, "'\(node.kind)' cannot be a kind name: kinds are letters, digits and _, not starting with a digit",
                              span: node.kindSpan, suggestion: "rename the kind, or give a schema with --schema")
            }
            schema.kinds[node.kind] = NodeKind(name: node.kind, isOpen: true)
            schema.kindOrder.append(node.kind)
        }
        var ends: [String: ([String], [String])] = [:]
        for edge in document.edges {
            guard SchemaParser.isIdentifier(edge.type) else {
                throw KGError(.importSyntax, "'\(edge.type)' cannot be an edge type name", span: edge.typeSpan, suggestion: "rename it, or give a schema with --schema")
            }
            if ends[edge.type] == nil { ends[edge.type] = ([], []); schema.edgeTypeOrder.append(edge.type) }
            if let a = kindOf[edge.sourceKey], !ends[edge.type]!.0.contains(a) { ends[edge.type]!.0.append(a) }
            if let b = kindOf[edge.targetKey], !ends[edge.type]!.1.contains(b) { ends[edge.type]!.1.append(b) }
        }
        for type in schema.edgeTypeOrder {
            schema.edgeTypes[type] = EdgeType(name: type, sources: .some(ends[type]!.0), targets: .some(ends[type]!.1), isOpen: true)
        }
        let text = SchemaWriter.text(of: schema, comment: [
            "Inferred by kg import from the data: every node kind and edge type seen,",
            "each open to any property. Edit it and import again with --schema to tighten the rules.",
        ])
        return try SchemaParser.parse(text, file: "the inferred schema")
    }

    private static func header(_ reader: CSVReader, input: CSVInput, required: [String], optional: Set<String>, what: String) throws(KGError) -> [String: Int] {
        guard try reader.next() else { throw KGError(.emptyInput, "'\(input.name)' is empty", span: .line(1), file: input.name) }
        let names = (0..<reader.fieldCount).map { reader.string($0) }
        var columns: [String: Int] = [:]
        let want = required.joined(separator: ",") + optional.sorted().map { "[,\($0)]" }.joined()
        guard names.count >= required.count, Array(names.prefix(required.count)) == required else {
            throw reader.error(.csvHeader, "the \(what) file must start with the header '\(required.joined(separator: ","))'", field: 0,
                               suggestion: "the header is \(want)")
        }
        for (i, name) in names.enumerated() {
            guard i < required.count || optional.contains(name), columns[name] == nil else {
                throw reader.error(.csvHeader, "the \(what) file has an unknown or repeated column '\(name)'", field: i, suggestion: "the header is \(want)")
            }
            columns[name] = i
        }
        if (columns["source"] == nil) != (columns["quote"] == nil) {
            throw reader.error(.csvHeader, "the \(what) file has a \(columns["source"] == nil ? "quote" : "source") column without its partner", field: 0,
                               suggestion: "evidence takes two columns: source (a source key) and quote (the sentence)")
        }
        return columns
    }

    /// The header's column names in file order, for the bulk loader's field
    /// count check (``CSVLoad/checkFieldCount(_:expected:)``), so that both
    /// paths give the same messages. Worked out once per file, not per row.
    private static func headerNames(_ columns: [String: Int]) -> [String] {
        columns.sorted { $0.value < $1.value }.map(\.key)
    }

    private static func object(_ reader: CSVReader, field: Int) throws(KGError) -> [String: JSONValue] {
        let text = reader.string(field)
        if text.isEmpty { return [:] }
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch {
            throw reader.error(.invalidJSON, "the props field is not valid JSON: \(error.message)", field: field,
                               suggestion: "write e.g. {\"founded\":1999}, or leave it empty")
        }
        guard case .object(let members) = value else {
            throw reader.error(.invalidJSON, "the props field is not a JSON object", field: field, suggestion: "write e.g. {\"founded\":1999}, or leave it empty")
        }
        return members
    }

    private static func evidenceField(_ reader: CSVReader, _ columns: [String: Int], mark: Int) throws(KGError) -> [GraphTextDocument.Evidence] {
        try sourceAndQuoteField(reader, columns, mark: mark) + evidenceArrayField(reader, columns, mark: mark)
    }

    /// The `evidence` column: a JSON array of {"source": KEY, "quote": TEXT}; empty means none.
    private static func evidenceArrayField(_ reader: CSVReader, _ columns: [String: Int], mark: Int) throws(KGError) -> [GraphTextDocument.Evidence] {
        guard let column = columns["evidence"], !reader.string(column).isEmpty else { return [] }
        let example = "[{\"source\":\"report\",\"quote\":\"Acme, founded in 1999, builds rockets.\"}]"
        guard case .array(let items)? = try? JSONParser.parse(reader.string(column)) else {
            throw reader.error(.invalidJSON, "the evidence field must be a JSON array of {\"source\": …, \"quote\": …} objects", field: column,
                               suggestion: "for example \(example), or leave it empty")
        }
        let span = marked(reader.span(ofField: column), mark)
        var result: [GraphTextDocument.Evidence] = []
        for item in items {
            guard case .object(let members) = item, case .string(let source)? = members["source"], case .string(let quote)? = members["quote"],
                  members.count == 2 else {
                throw reader.error(.invalidJSON, "each piece of evidence is an object with exactly the strings source and quote", field: column,
                                   suggestion: "for example \(example)")
            }
            guard !source.isEmpty, !quote.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw reader.error(.csvEvidence, source.isEmpty ? "a piece of evidence has an empty source" : "a piece of evidence has an empty quote",
                                   field: column, suggestion: "give both source (a source key) and quote")
            }
            result.append(GraphTextDocument.Evidence(sourceKey: source, quote: quote, span: span))
        }
        return result
    }

    /// The `source` and `quote` columns: one piece of evidence per row.
    private static func sourceAndQuoteField(_ reader: CSVReader, _ columns: [String: Int], mark: Int) throws(KGError) -> [GraphTextDocument.Evidence] {
        guard let s = columns["source"], let q = columns["quote"] else { return [] }
        let source = reader.string(s), quote = reader.string(q)
        if source.isEmpty && quote.isEmpty { return [] }
        guard !source.isEmpty, !quote.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw reader.error(.csvEvidence, source.isEmpty ? "this row has a quote but no source" : "this row names a source but has no quote",
                               field: source.isEmpty ? s : q, suggestion: "give both source (a source key) and quote, or leave both empty")
        }
        return [GraphTextDocument.Evidence(sourceKey: source, quote: quote, span: marked(reader.span(ofField: s), mark))]
    }
}
