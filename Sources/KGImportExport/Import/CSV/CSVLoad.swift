import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KGModel
import KGStorage
import KGSQLite

/// Names (kinds, edge types) seen in a column, each made a string once, with
/// a copy of its bytes that stays put for binding without copying.
struct CSVInterner {
    private(set) var names: [String] = []
    private(set) var buffers: [UnsafeMutableBufferPointer<UInt8>] = []
    private var lookup: [String: Int32] = [:]
    private var last: Int32 = -1

    /// The index of the name in `content`, and whether it is new.
    @inline(__always)
    mutating func index(of content: UnsafeBufferPointer<UInt8>) -> (Int32, Bool) {
        if last >= 0, equal(buffers[Int(last)], content) { return (last, false) }
        if names.count <= 32 {
            for i in 0..<buffers.count where equal(buffers[i], content) {
                last = Int32(i)
                return (last, false)
            }
        } else if let i = lookup[String(decoding: content, as: UTF8.self)] {
            last = i
            return (i, false)
        }
        return (add(String(decoding: content, as: UTF8.self)), true)
    }

    /// The index of `name`, added when new.
    mutating func index(of name: String) -> (Int32, Bool) {
        if let i = lookup[name] { return (i, false) }
        return (add(name), true)
    }

    private mutating func add(_ name: String) -> Int32 {
        let i = Int32(names.count)
        names.append(name)
        let bytes = Array(name.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = buffer.initialize(from: bytes)
        buffers.append(UnsafeMutableBufferPointer(rebasing: buffer[0..<bytes.count]))
        lookup[name] = i
        last = i
        return i
    }

    /// The bytes of name `i` (stable until ``release()``).
    @inline(__always)
    func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(buffers[Int(i)]) }

    func release() {
        for buffer in buffers { buffer.deallocate() }
    }

    @inline(__always)
    private func equal(_ a: UnsafeMutableBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        return a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
    }
}

/// One run of a CSV import inside one bulk transaction: reads the rows,
/// checks them, inserts them.
final class CSVLoad {
    let store: GraphStore
    let options: CSVImportOptions
    /// The schemas every row must follow (empty when inferring).
    let checks: [GraphSchema]
    let infer: Bool

    @exclusivity(unchecked) private var kinds = CSVInterner()
    @exclusivity(unchecked) private var types = CSVInterner()
    /// Per kind: checked against the schemas once; whether every row's props must be checked.
    @exclusivity(unchecked) private var kindChecked: [Bool] = []
    @exclusivity(unchecked) private var kindNeedsProps: [Bool] = []
    /// Per edge type: whether every row's props must be checked.
    @exclusivity(unchecked) private var typeNeedsProps: [Bool] = []
    /// (type, source kind, target kind) triples already checked (or, when inferring, seen).
    @exclusivity(unchecked) private var checkedTriples = Set<UInt64>()
    /// The triple of the previous edge (rows often come grouped).
    @exclusivity(unchecked) private var lastTriple = UInt64.max
    /// For inference: the end kinds seen per edge type, in order of appearance.
    @exclusivity(unchecked) private var inferredSources: [[Int32]] = []
    @exclusivity(unchecked) private var inferredTargets: [[Int32]] = []

    @exclusivity(unchecked) private var nodes = NodeKeyTable(expected: 0)
    /// Keys are stored in lower case, as the `.kg` importer stores them
    /// (`GraphStore.foldKey`): node ids, and the src and dst of edges.
    private let keyFolder = CSVKeyFolder(), sourceFolder = CSVKeyFolder(), targetFolder = CSVKeyFolder(), nameFolder = CSVKeyFolder()
    /// Whether the graph held nodes before (then unknown ids are looked up in it).
    private var graphHasNodes = false
    private var summary = CSVImportSummary()
    private var lastReport = ContinuousClock.now
    /// Values read in the schema's spelling ("line 4: read kind='cross_licence' as 'cross_license'"),
    /// written by the reading thread, read after it has finished.
    @exclusivity(unchecked) var spellingNotes: [String] = []

    init(store: GraphStore, options: CSVImportOptions, checks: [GraphSchema], infer: Bool) {
        self.store = store
        self.options = options
        self.checks = checks
        self.infer = infer
    }

    deinit {
        kinds.release()
        types.release()
    }

    func run(nodes nodesReader: CSVReader?, edges edgesReader: CSVReader?) throws(KGError) -> CSVImportSummary {
        let started = ContinuousClock.now
        let nodeLines = nodesReader.map { Self.lineCount($0.bytes) - 1 } ?? 0
        let edgeLines = edgesReader.map { Self.lineCount($0.bytes) - 1 } ?? 0
        nodes = NodeKeyTable(expected: max(nodeLines, 16))
        var commitStart = ContinuousClock.now
        try store.bulkWrite {
            // History: the load is one write; its rows are stamped with it at the end.
            try store.beginRecord(action: "import", command: options.command ?? "import CSV", reason: options.reason)
            let edgesBefore = try store.maxEdgeID()
            let existingNodes = try store.rowCount(.nodes)
            graphHasNodes = existingNodes > 0
            var dropped: [GraphStore.IndexDefinition] = []
            if nodeLines >= options.bulkIndexThreshold, nodeLines >= existingNodes {
                let indexes = try store.secondaryIndexes(on: .nodes)
                try store.dropIndexes(indexes)
                dropped += indexes
            }
            if edgeLines >= options.bulkIndexThreshold, edgeLines >= (try store.rowCount(.edges)) {
                let indexes = try store.secondaryIndexes(on: .edges)
                try store.dropIndexes(indexes)
                dropped += indexes
            }
            let firstID = try store.maxNodeID() + 1
            firstNewID = firstID
            nodesReaderForErrors = nodesReader
            phaseStart = ContinuousClock.now
            // Reading and checking runs on a thread of its own while this one
            // writes, unless rows must look up nodes already in the graph (the
            // connection belongs to this thread).
            if options.readOnWorkerThread && !graphHasNodes {
                try loadPipelined(nodes: nodesReader, edges: edgesReader, firstID: firstID)
            } else {
                try produce(nodes: nodesReader, edges: edgesReader, firstID: firstID)
            }
            summary.nodes = nodesRead
            summary.edges = edgesRead
            summary.notes = spellingNotes
            if infer {
                let schema = try inferredSchema()
                try store.storeSchema(schema)
                summary.inferredSchema = schema
            }
            if !dropped.isEmpty {
                let phase = ContinuousClock.now
                options.progress?(CSVImportProgress(phase: .indexes, rows: 0, seconds: 0))
                try store.createIndexes(dropped)
                summary.indexSeconds = Self.seconds(since: phase)
                options.progress?(CSVImportProgress(phase: .indexes, rows: dropped.count, seconds: summary.indexSeconds))
            }
            try store.stampBulkRows(nodesAfter: firstID - 1, edgesAfter: edgesBefore)
            var counts = WriteSummary()
            counts.nodes = summary.nodes
            counts.edges = summary.edges
            try store.finishRecord(&counts)
            summary.write = counts.write
            commitStart = ContinuousClock.now
        }
        summary.commitSeconds = Self.seconds(since: commitStart)
        summary.seconds = Self.seconds(since: started)
        return summary
    }

    // MARK: Reading and writing, on one thread or two

    /// Where batches go: straight to SQLite (one thread), or to the queue.
    @exclusivity(unchecked) private var queue: CSVBatchQueue?

    /// Reads both files on a worker thread, writing the batches it sends here.
    private func loadPipelined(nodes nodesReader: CSVReader?, edges edgesReader: CSVReader?, firstID: Int64) throws(KGError) {
        let queue = CSVBatchQueue()
        self.queue = queue
        let job = UncheckedSendable(value: (self, nodesReader, edgesReader))
        let thread = Thread {
            let (load, nodesReader, edgesReader) = job.value
            do {
                try load.produce(nodes: nodesReader, edges: edgesReader, firstID: firstID)
            } catch {
                _ = queue.push(.failed(KGError.wrap(error)))
            }
            queue.markProducerDone()
        }
        thread.stackSize = 8 << 20
        thread.start()
        defer {
            queue.waitForProducer()
            self.queue = nil
        }
        while true {
            let batch = queue.pop()
            if case .failed(let error) = batch { throw error }
            do {
                try consume(batch)
            } catch {
                queue.cancel()
                throw error
            }
            if case .finished = batch { return }
        }
    }

    /// Sends a batch on: writes it now, or queues it for the writing thread.
    private func send(_ batch: CSVBatch) throws(KGError) {
        if let queue {
            guard queue.push(batch) else { throw KGError(.cancelled, "the import stopped") }
        } else {
            try consume(batch)
        }
    }

    /// A row buffer to fill: a returned one when rows travel between threads.
    private func freshRows(after rows: BulkRows) -> BulkRows {
        guard let queue else { return rows }   // written already: reuse it
        return queue.takeSpare() ?? BulkRows(width: 6, capacity: Self.batchRows)
    }

    private func produce(nodes nodesReader: CSVReader?, edges edgesReader: CSVReader?, firstID: Int64) throws(KGError) {
        if let nodesReader { try produceNodes(nodesReader, firstID: firstID) }
        try send(.nodesDone)
        if let edgesReader { try produceEdges(edgesReader) }
        try send(.finished)
    }

    // MARK: Writing (the thread that owns the connection)

    private lazy var nodeInserter = store.bulkNodeInserter()
    private lazy var edgeInserter = store.bulkEdgeInserter()
    private var phaseStart = ContinuousClock.now
    private var nodesWritten = 0
    private var edgesWritten = 0
    /// Rows read (set by the reading thread, read after it has finished).
    private var nodesRead = 0
    private var edgesRead = 0

    private func consume(_ batch: CSVBatch) throws(KGError) {
        switch batch {
        case .nodes(let rows, let keyFields):
            let count = rows.count
            try writeNodes(rows, keyFields)
            nodesWritten += count
            report(.nodes, rows: nodesWritten)
            queue?.giveBack(rows)
        case .edges(let rows):
            let count = rows.count
            do { try edgeInserter.insert(rows) } catch { throw KGError.wrap(error) }
            edgesWritten += count
            report(.edges, rows: edgesWritten)
            queue?.giveBack(rows)
        case .nodesDone:
            summary.nodeSeconds = Self.seconds(since: phaseStart)
            if nodesWritten > 0 { options.progress?(CSVImportProgress(phase: .nodes, rows: nodesWritten, seconds: summary.nodeSeconds)) }
            phaseStart = ContinuousClock.now
        case .finished:
            summary.edgeSeconds = Self.seconds(since: phaseStart)
            if edgesWritten > 0 { options.progress?(CSVImportProgress(phase: .edges, rows: edgesWritten, seconds: summary.edgeSeconds)) }
        case .failed(let error):
            throw error
        }
    }

    /// Writes a batch of nodes. A key that is already in the graph fails the
    /// whole statement; the row is then found by looking the keys up.
    private func writeNodes(_ rows: BulkRows, _ keyFields: [CSVField]) throws(KGError) {
        do {
            try nodeInserter.insert(rows)
        } catch let error as SQLiteError where error.isConstraint {
            for row in 0..<rows.count {
                guard let key = rows.string(row: row, column: 1) else { continue }
                // Rows of earlier statements of the batch are in by now: only
                // a node that was there before this import counts.
                // (A key given twice within the file never gets here: the key
                // table refuses it first, naming both lines.)
                if let found = (try? store.nodeIDAndKind(forKey: key)) ?? nil, found.id < firstNewID, let reader = nodesReaderForErrors {
                    throw KGError(.duplicateKey, "a node with the key '\(key)' already exists in the graph", span: reader.span(of: keyFields[row]),
                                  file: reader.input.name, suggestion: "keys are unique: leave this row out (edges may name the existing node)")
                }
            }
            throw KGError.wrap(error)
        } catch {
            throw KGError.wrap(error)
        }
    }

    /// The line of the first record of `input` whose id is `key` (for the
    /// error about a duplicate: read again only then).
    static func firstLine(ofKey key: UnsafeBufferPointer<UInt8>, in input: CSVInput) -> Int? {
        let reader = CSVReader(input)
        guard (try? reader.next()) == true else { return nil }   // the header
        while (try? reader.next()) == true {
            let content = reader.content(0)
            if content.count == key.count, content.elementsEqual(key) { return reader.recordLine }
        }
        return nil
    }

    /// The id of the first node of this import.
    private var firstNewID: Int64 = 1

    /// The nodes reader, for positions in errors found while writing (only
    /// its immutable bytes are read, so any thread may ask).
    private var nodesReaderForErrors: CSVReader?

    /// Reports progress about every quarter second.
    private func report(_ phase: CSVImportProgress.Phase, rows: Int) {
        guard let progress = options.progress else { return }
        let now = ContinuousClock.now
        if now - lastReport >= .milliseconds(250) {
            lastReport = now
            progress(CSVImportProgress(phase: phase, rows: rows, seconds: Self.seconds(since: phaseStart)))
        }
    }

    /// The number of lines (line feeds, plus a last line without one).
    static func lineCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        var count = 0
        var p = base
        let end = base + bytes.count
        while p < end, let hit = memchr(p, 0x0A, end - p) {
            count += 1
            p = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return p < end ? count + 1 : count
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    // MARK: Nodes

    private func produceNodes(_ reader: CSVReader, firstID: Int64) throws(KGError) {
        var rows = BulkRows(width: 6, capacity: Self.batchRows)
        var keyFields: [CSVField] = []
        keyFields.reserveCapacity(Self.batchRows)
        var count = 0
        var nextID = firstID
        while try reader.next() {
            try Self.checkFieldCount(reader, expected: CSVImporter.nodeHeader)
            let keyBytes = keyFolder.fold(reader.content(0))
            guard keyBytes.count > 0 else {
                throw reader.error(.importSyntax, "the id field is empty", field: 0, suggestion: "every node needs an id (its key in the graph)")
            }
            let kindBytes = reader.content(1)
            guard kindBytes.count > 0 else {
                throw reader.error(.importSyntax, "the kind field is empty", field: 1)
            }
            let (kind, isNew) = kinds.index(of: kindBytes)
            if isNew { try newKind(kind, reader: reader) }
            let (inserted, _) = nodes.insert(keyBytes, id: nextID, kind: kind)
            guard inserted else {
                let key = String(decoding: keyBytes, as: UTF8.self)
                let first = Self.firstLine(ofKey: keyBytes, in: reader.input).map { " (first on line \($0), again on line \(reader.recordLine))" } ?? ""
                throw reader.error(.duplicateKey, "the id '\(key)' is given twice in this file\(first)", field: 0,
                                   suggestion: "ids are unique: each node has one row")
            }

            let mustCheck = !infer && (!kindChecked[Int(kind)] || kindNeedsProps[Int(kind)])
            var props = try readProps(reader, parse: mustCheck, isEdge: false)
            if mustCheck {
                respell(&props, declared: checks.first?.kinds[kinds.names[Int(kind)]]?.properties, line: reader.recordLine)
                try checkKind(kind, props: props.members ?? [:], reader: reader)
            }

            rows.add(nextID)
            if keyFolder.folded {
                if let composed = UnicodeNormalization.nfcIfDifferent(keyBytes) {
                    composed.withUnsafeBufferPointer { rows.add(copying: $0) }
                } else {
                    rows.add(copying: keyBytes)
                }
            } else { addNameField(0, of: reader, to: rows) }
            rows.add(stable: kinds.bytes(kind))
            addNameField(2, of: reader, to: rows)
            addFolded(reader, to: rows)
            props.add(to: rows)
            rows.endRow()
            keyFields.append(reader.field(0))
            if rows.isFull {
                try send(.nodes(rows, keyFields))
                rows = freshRows(after: rows)
                keyFields.removeAll(keepingCapacity: true)
            }
            nextID += 1
            count += 1
        }
        if rows.count > 0 { try send(.nodes(rows, keyFields)) }
        nodesRead = count
    }

    /// Rows per batch (written 64 to a statement; handed between threads as one).
    static let batchRows = 1024

    /// Adds field `index` of the current record: in place when it can be, else copied.
    @inline(__always)
    private func addField(_ index: Int, of reader: CSVReader, to rows: BulkRows) {
        if reader.isInPlace(index) { rows.add(stable: reader.content(index)) } else { rows.add(copying: reader.content(index)) }
    }

    /// Adds a key or name field in the normal form names are stored in (NFC):
    /// copied composed when it was written decomposed.
    @inline(__always)
    private func addNameField(_ index: Int, of reader: CSVReader, to rows: BulkRows) {
        if let composed = UnicodeNormalization.nfcIfDifferent(reader.content(index)) {
            composed.withUnsafeBufferPointer { rows.add(copying: $0) }
        } else {
            addField(index, of: reader, to: rows)
        }
    }

    /// Adds the lower-cased name (for case-insensitive lookup); ASCII without a string.
    @inline(__always)
    private func addFolded(_ reader: CSVReader, to rows: BulkRows) {
        let name = reader.content(2)
        var ascii = true, upper = false
        for b in name {
            if b >= 0x80 { ascii = false; break }
            if b >= 0x41 && b <= 0x5A { upper = true }
        }
        guard ascii else {
            rows.add(copying: UnicodeNormalization.nfc(String(decoding: name, as: UTF8.self)).lowercased())
            return
        }
        guard upper else { return addField(2, of: reader, to: rows) }
        rows.add(copying: nameFolder.fold(name))
    }

    private func newKind(_ kind: Int32, reader: CSVReader) throws(KGError) {
        kindChecked.append(false)
        let name = kinds.names[Int(kind)]
        if infer {
            guard SchemaParser.isIdentifier(name) else {
                throw reader.error(.importSyntax, "'\(name)' cannot be a kind name: kinds are letters, digits and _, not starting with a digit",
                                   field: 1, suggestion: "rename the kind, or give a schema with --schema")
            }
            kindNeedsProps.append(false)
        } else {
            kindNeedsProps.append(checks.contains { schema in
                guard let declared = schema.kinds[name] else { return true }
                return !(declared.isOpen && declared.properties.isEmpty)
            })
        }
    }

    /// Checks a node's kind and props against every schema.
    private func checkKind(_ kind: Int32, props: [String: JSONValue], reader: CSVReader) throws(KGError) {
        let name = kinds.names[Int(kind)]
        for schema in checks {
            do {
                try schema.validateNode(kind: name, props: props)
            } catch {
                throw reader.error(error.code, error.message, field: error.code == .undeclaredKind ? 1 : 3, suggestion: error.suggestion)
            }
        }
        kindChecked[Int(kind)] = true
    }

    // MARK: Edges

    private func produceEdges(_ reader: CSVReader) throws(KGError) {
        var rows = BulkRows(width: 6, capacity: Self.batchRows)
        var count = 0
        while try reader.next() {
            try Self.checkFieldCount(reader, expected: CSVImporter.edgeHeader)
            let source = try node(reader, field: 0)
            let typeBytes = reader.content(1)
            guard typeBytes.count > 0 else {
                throw reader.error(.importSyntax, "the type field is empty", field: 1)
            }
            let target = try node(reader, field: 2)
            let (type, isNew) = types.index(of: typeBytes)
            if isNew { try newType(type, reader: reader) }

            let triple = UInt64(UInt32(bitPattern: type)) << 42 | UInt64(UInt32(bitPattern: source.kind)) << 21 | UInt64(UInt32(bitPattern: target.kind))
            let seen = triple == lastTriple || checkedTriples.contains(triple)
            lastTriple = triple
            let mustCheck = !infer && (typeNeedsProps[Int(type)] || !seen)
            var props = try readProps(reader, parse: mustCheck, isEdge: true)
            let period = try props.takePeriod(reader)
            if infer {
                if !seen, checkedTriples.insert(triple).inserted {
                    if !inferredSources[Int(type)].contains(source.kind) { inferredSources[Int(type)].append(source.kind) }
                    if !inferredTargets[Int(type)].contains(target.kind) { inferredTargets[Int(type)].append(target.kind) }
                }
            } else if mustCheck {
                respell(&props, declared: checks.first?.edgeTypes[types.names[Int(type)]]?.properties, line: reader.recordLine)
                try checkEdge(type: type, source: source.kind, target: target.kind, props: props.members ?? [:], reader: reader)
                checkedTriples.insert(triple)
            }

            rows.add(stable: types.bytes(type))
            rows.add(source.id)
            rows.add(target.id)
            props.add(to: rows)
            if let from = period.from { rows.add(copying: from.description) } else { rows.addNull() }
            if let to = period.to { rows.add(copying: to.description) } else { rows.addNull() }
            rows.endRow()
            if rows.isFull {
                try send(.edges(rows))
                rows = freshRows(after: rows)
            }
            count += 1
        }
        if rows.count > 0 { try send(.edges(rows)) }
        edgesRead = count
    }

    /// The node an edge's src or dst field names: from the nodes file, else from the graph.
    @inline(__always)
    private func node(_ reader: CSVReader, field: Int) throws(KGError) -> (id: Int64, kind: Int32) {
        let bytes = (field == 0 ? sourceFolder : targetFolder).fold(reader.content(field))
        if let entry = nodes.find(bytes) { return (nodes.ids[entry], nodes.kinds[entry]) }
        return try nodeFromGraph(reader, field: field)
    }

    private func nodeFromGraph(_ reader: CSVReader, field: Int) throws(KGError) -> (id: Int64, kind: Int32) {
        let bytes = (field == 0 ? sourceFolder : targetFolder).fold(reader.content(field))
        let column = field == 0 ? "src" : "dst"
        guard bytes.count > 0 else {
            throw reader.error(.importSyntax, "the \(column) field is empty", field: field, suggestion: "name a node by its id")
        }
        let key = String(decoding: bytes, as: UTF8.self)
        if graphHasNodes {
            let found: (id: Int64, kind: String)?
            do { found = try store.nodeIDAndKind(forKey: key) } catch { throw KGError.wrap(error) }
            if let found {
                let (kind, isNew) = kinds.index(of: found.kind)
                if isNew {
                    kindChecked.append(true)
                    kindNeedsProps.append(false)
                }
                _ = nodes.insert(bytes, id: found.id, kind: kind)
                return (found.id, kind)
            }
        }
        let pool = nodes.keys(startingWith: bytes.first, limit: 20_000)
        throw reader.error(.unknownNodeReference, "no node has the id '\(key)' (in the nodes file or in the graph)", field: field,
                           suggestion: EditDistance.suggestion(for: key, among: pool).map { "did you mean '\($0)'?" }
                            ?? "add a row for it to the nodes file")
    }

    private func newType(_ type: Int32, reader: CSVReader) throws(KGError) {
        let name = types.names[Int(type)]
        inferredSources.append([])
        inferredTargets.append([])
        if infer {
            guard SchemaParser.isIdentifier(name) else {
                throw reader.error(.importSyntax, "'\(name)' cannot be an edge type name: types are letters, digits and _, not starting with a digit",
                                   field: 1, suggestion: "rename the type, or give a schema with --schema")
            }
            typeNeedsProps.append(false)
        } else {
            typeNeedsProps.append(checks.contains { schema in
                guard let declared = schema.edgeTypes[name] else { return true }
                return !(declared.isOpen && declared.properties.isEmpty)
            })
        }
    }

    private func checkEdge(type: Int32, source: Int32, target: Int32, props: [String: JSONValue], reader: CSVReader) throws(KGError) {
        for schema in checks {
            do {
                try schema.validateEdge(type: types.names[Int(type)], sourceKind: kinds.names[Int(source)],
                                        targetKind: kinds.names[Int(target)], props: props)
            } catch {
                let field = [.undeclaredEdgeType, .derivedNotWritable, .endpointViolation].contains(error.code) ? 1 : 3
                throw reader.error(error.code, error.message, field: field, suggestion: error.suggestion)
            }
        }
    }

    // MARK: Fields

    /// The row's field count against the header's; the merging import
    /// (``CSVMergeImport``) calls this too, so both paths give the same messages.
    static func checkFieldCount(_ reader: CSVReader, expected: [String]) throws(KGError) {
        let count = reader.fieldCount
        guard count != expected.count else { return }
        let header = expected.joined(separator: ",")
        if count > expected.count {
            throw KGError(.csvColumns, "this row has \(count) fields; the header '\(header)' has \(expected.count)",
                          span: reader.span(ofField: expected.count), file: reader.input.name,
                          suggestion: "a field that holds a comma (such as JSON props) must be in double quotes, with \"\" for each quote inside")
        }
        throw KGError(.csvColumns, "this row has \(Plural.count(count, "field")); the header '\(header)' has \(expected.count) (the '\(expected[count])' field is missing)",
                      span: reader.spanAfterLastField(), file: reader.input.name,
                      suggestion: count == 1 ? "fields are separated by commas" : nil)
    }

    /// The props field of a row, as it will be stored.
    struct Props {
        /// Store these bytes as they are (a canonical object); nil for `{}`.
        var raw: UnsafeBufferPointer<UInt8>?
        /// Whether `raw` lies in the input itself (else it is valid until the next record).
        var rawInPlace = false
        /// The members, when parsed (for checks, or to write them canonically).
        var members: [String: JSONValue]?
        var needsWriting = false

        static let empty: StaticString = "{}"

        func add(to rows: BulkRows) {
            if needsWriting, let members, !members.isEmpty {
                rows.add(copying: JSONValue.object(members).serialized)
            } else if let raw, !needsWriting {
                if rawInPlace { rows.add(stable: raw) } else { rows.add(copying: raw) }
            } else {
                rows.add(stable: UnsafeBufferPointer(start: Props.empty.utf8Start, count: 2))
            }
        }

        /// Takes `valid_from` / `valid_to` out of an edge's props: a partial
        /// date (a string, or an int year), or null.
        mutating func takePeriod(_ reader: CSVReader) throws(KGError) -> DatePeriod {
            guard members != nil, members!["valid_from"] != nil || members!["valid_to"] != nil else { return DatePeriod() }
            needsWriting = true
            func take(_ name: String) throws(KGError) -> PartialDate? {
                guard let value = members!.removeValue(forKey: name) else { return nil }
                switch value {
                case .null: return nil
                case .string(let s): if let date = PartialDate(s) { return date }
                case .int(let i): if let date = PartialDate(String(i)) { return date }
                default: break
                }
                throw reader.error(.propertyType, "\(name) must be a partial date (2017, 2017-07 or 2017-07-14), not \(value.typeDescription)", field: 3)
            }
            let from = try take("valid_from")
            let to = try take("valid_to")
            if let from, let to, to.lastDay < from.firstDay {
                throw reader.error(.invalidPeriod, "the edge's period ends (\(to)) before it starts (\(from))", field: 3)
            }
            return DatePeriod(from: from, to: to)
        }
    }

    /// Enumerated values in a variant spelling (`cross_licence`) read as
    /// the schema's own, with a note, as graph text does.
    private func respell(_ props: inout Props, declared: [String: PropertyDefinition]?, line: Int) {
        guard let declared, let members = props.members else { return }
        var fixed = members
        for (name, value) in members {
            guard case .string(let text) = value, let canonical = declared[name]?.allowedSpelling(of: text) else { continue }
            fixed[name] = .string(canonical)
            spellingNotes.append("line \(line): read \(name)='\(text)' as '\(canonical)'")
        }
        guard fixed != members else { return }
        props.members = fixed
        props.needsWriting = true
    }

    /// Reads the props field: empty or `{}` as `{}`; an object already in
    /// kg's canonical form as its bytes (parsed only when `parse`, for
    /// checks, or for an edge's period); anything else parsed and written
    /// canonically. Not an object: ``ErrorCode/invalidJSON``.
    @inline(__always)
    private func readProps(_ reader: CSVReader, parse: Bool, isEdge: Bool) throws(KGError) -> Props {
        let bytes = reader.content(3)
        if bytes.count == 0 || (bytes.count == 2 && bytes[0] == 0x7B && bytes[1] == 0x7D) {
            return Props()
        }
        switch CanonicalJSON.check(bytes) {
        case .canonical(let hasPeriodKey):
            let inPlace = reader.isInPlace(3)
            if !parse && !(isEdge && hasPeriodKey) { return Props(raw: bytes, rawInPlace: inPlace) }
            return Props(raw: bytes, rawInPlace: inPlace, members: try parseObject(reader, bytes))
        case .other:
            let members = try parseObject(reader, bytes)
            return Props(raw: nil, members: members, needsWriting: true)
        }
    }

    private func parseObject(_ reader: CSVReader, _ bytes: UnsafeBufferPointer<UInt8>) throws(KGError) -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(String(decoding: bytes, as: UTF8.self))
        } catch {
            var position = 1
            for i in 0..<min(error.offset, bytes.count) where bytes[i] & 0xC0 != 0x80 { position += 1 }
            throw reader.error(.invalidJSON, "the props field is not valid JSON: \(error.message) (at character \(position) of the field)",
                               field: 3, suggestion: "props is a JSON object such as {\"founded\": 1999}, in double quotes with \"\" for each quote inside")
        }
        guard case .object(let members) = value else {
            throw reader.error(.invalidJSON, "the props field must be a JSON object ({…}), not \(value.typeDescription)", field: 3,
                               suggestion: "write {} (or nothing) for no properties")
        }
        return members
    }

    // MARK: Inference

    /// Every kind seen (open), every edge type with the end kinds seen (open),
    /// written as schema text and parsed back, so that what is stored is what
    /// any later `kg` reads.
    private func inferredSchema() throws(KGError) -> GraphSchema {
        var schema = GraphSchema(name: "inferred")
        for name in kinds.names {
            schema.kinds[name] = NodeKind(name: name, isOpen: true)
            schema.kindOrder.append(name)
        }
        for (i, name) in types.names.enumerated() {
            let sources = inferredSources[i].map { kinds.names[Int($0)] }
            let targets = inferredTargets[i].map { kinds.names[Int($0)] }
            schema.edgeTypes[name] = EdgeType(name: name, sources: .some(sources), targets: .some(targets), isOpen: true)
            schema.edgeTypeOrder.append(name)
        }
        let text = SchemaWriter.text(of: schema, comment: [
            "Inferred by kg import from the data: every node kind and edge type seen,",
            "each open to any property. Edit it and import again with --schema to tighten the rules.",
        ])
        return try SchemaParser.parse(text, file: "the inferred schema")
    }
}

/// A value handed to the reading thread: the load, used there and only there
/// until the writing thread has seen the reader finish.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}
