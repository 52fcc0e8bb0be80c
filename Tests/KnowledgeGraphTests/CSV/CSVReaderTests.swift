import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// The byte-level CSV reader: RFC 4180 quoting, line ends, byte order marks,
/// and the checks made on the whole input before reading.
@Suite struct CSVReaderTests {
    private func records(_ text: String) throws -> [[String]] {
        try CSVReader.records(of: CSVInput(text: text, name: "t.csv"))
    }

    private func records(bytes: [UInt8]) throws -> [[String]] {
        try CSVReader.records(of: CSVInput(bytes: bytes, name: "t.csv"))
    }

    @Test func plainFieldsAndRecords() throws {
        #expect(try records("a,b,c\n1,2,3\n") == [["a", "b", "c"], ["1", "2", "3"]])
        #expect(try records("a,b\n1,2") == [["a", "b"], ["1", "2"]], "no line end after the last record")
        #expect(try records("a,,c\n,,\n") == [["a", "", "c"], ["", "", ""]], "empty fields")
        #expect(try records("a,b,\n") == [["a", "b", ""]], "a trailing comma ends with an empty field")
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        #expect(try records("\"a,b\",c\n") == [["a,b", "c"]])
        #expect(try records("\"say \"\"hi\"\"\",x\n") == [["say \"hi\"", "x"]])
        #expect(try records("\"two\nlines\",x\nnext,y\n") == [["two\nlines", "x"], ["next", "y"]])
        #expect(try records("\"\",\"\"\"\"\n") == [["", "\""]], "an empty quoted field and a lone quote")
        #expect(try records("x,\"{\"\"a\"\":1,\"\"b\"\":[1,2]}\"\n") == [["x", "{\"a\":1,\"b\":[1,2]}"]], "JSON props as exported by Python's csv")
        #expect(try records("\"crlf\r\ninside\",x\r\n") == [["crlf\r\ninside", "x"]], "CRLF inside quotes is content")
    }

    @Test func crlfLineEndsAndBlankLines() throws {
        #expect(try records("a,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]])
        #expect(try records("a,b\r\n\r\n1,2\r\n\r\n") == [["a", "b"], ["1", "2"]], "blank lines are skipped")
        #expect(try records("a,b\n\n\n1,2\n") == [["a", "b"], ["1", "2"]])
        #expect(try records("a\rb,c\n") == [["a\rb", "c"]], "a lone CR is content")
    }

    @Test func byteOrderMarkIsSkipped() throws {
        #expect(try records("\u{FEFF}id,kind\nx,y\n") == [["id", "kind"], ["x", "y"]])
        #expect(try records(bytes: [0xEF, 0xBB, 0xBF] + Array("\"q\",r\r\n".utf8)) == [["q", "r"]])
    }

    @Test func unicodeContentIsKept() throws {
        #expect(try records("小米,\"Straße, 1\",🚀\n") == [["小米", "Straße, 1", "🚀"]])
    }

    @Test func bareQuotesInsideAnUnquotedFieldAreContent() throws {
        #expect(try records("Acme \"Best\" Inc,x\n") == [["Acme \"Best\" Inc", "x"]])
    }

    @Test func positionsOfFieldsCountPhysicalLinesAndCharacters() throws {
        let input = CSVInput(text: "h1,h2\n\"multi\nline\",ü,\"x\"\nnext,y\n", name: "t.csv")
        try CSVReader.validate(input, maxLineBytes: 1000)
        let reader = CSVReader(input)
        #expect(try reader.next())
        #expect(try reader.next())
        #expect(reader.recordLine == 2)
        #expect(reader.span(ofField: 0).start.line == 2)
        #expect(reader.span(ofField: 0).start.column == 1)
        #expect(reader.span(ofField: 1).start.line == 3)
        #expect(reader.span(ofField: 1).start.column == 7)
        #expect(reader.span(ofField: 2).start.column == 9, "columns count characters, not bytes")
        #expect(try reader.next())
        #expect(reader.recordLine == 4)
        #expect(try !reader.next())
    }

    @Test func unterminatedQuoteAndTextAfterAQuoteAreErrors() throws {
        let open = expectKGError { _ = try records("a,b\n1,\"never closed\n2,3\n") }
        #expect(open?.code == .importSyntax)
        #expect(open?.span?.start.line == 2)
        #expect(open?.span?.start.column == 3)
        #expect(open?.file == "t.csv")
        let after = expectKGError { _ = try records("a,b\n\"x\"y,z\n") }
        #expect(after?.code == .importSyntax)
        #expect(after?.span?.start.line == 2)
        #expect(after?.span?.start.column == 4)
    }

    @Test(arguments: [
        ([0x61, 0x2C, 0xFF, 0x0A], 1, 3, 2),                         // a stray byte
        ([0x61, 0x0A, 0x62, 0xC3, 0x0A], 2, 2, 3),                   // a sequence cut by the line end
        ([0x61, 0x0A, 0xC0, 0xAF, 0x0A], 2, 1, 2),                   // overlong '/'
        ([0x61, 0x0A, 0x0A, 0xED, 0xA0, 0x80, 0x0A], 3, 1, 3),       // a UTF-16 surrogate
        ([0x61, 0x0A, 0x78, 0xF4, 0x90, 0x80, 0x80], 2, 2, 3),       // above U+10FFFF
        ([0x61, 0x0A, 0x78, 0xE6, 0x97], 2, 2, 3),                   // truncated at the end of the file
        ([0x61, 0x0A, 0x63, 0x61, 0x66, 0xE9, 0x0A], 2, 4, 5),       // Latin-1 é
    ] as [([UInt8], Int, Int, Int)])
    func invalidUTF8IsRefusedWithItsLineAndOffset(bytes: [UInt8], line: Int, column: Int, offset: Int) throws {
        let error = expectKGError { try CSVReader.validate(CSVInput(bytes: bytes, name: "t.csv"), maxLineBytes: 100) }
        #expect(error?.code == .invalidEncoding)
        #expect(error?.span?.start.line == line)
        #expect(error?.span?.start.column == column)
        #expect(error?.span?.start.offset == offset)
        #expect(error?.message.contains("byte offset \(offset)") == true)
    }

    @Test func validUTF8OfEveryLengthPasses() throws {
        let text = "a,é,€,𝄞,小米,\u{10FFFF}\n" + String(repeating: "ascii only line of text\n", count: 20)
        #expect(try CSVReader.validate(CSVInput(text: text, name: "t.csv"), maxLineBytes: 100) == 21)
    }

    @Test func emptyInputsAndLongLines() throws {
        for text in ["", "\u{FEFF}", "\n\n", " \r\n\t"] {
            #expect(expectKGError { try CSVReader.validate(CSVInput(text: text, name: "t.csv"), maxLineBytes: 100) }?.code == .emptyInput)
        }
        let long = expectKGError {
            try CSVReader.validate(CSVInput(text: "a,b\nshort\n" + String(repeating: "x", count: 101) + "\n", name: "t.csv"), maxLineBytes: 100)
        }
        #expect(long?.code == .lineTooLong)
        #expect(long?.span?.start.line == 3)
        try CSVReader.validate(CSVInput(text: String(repeating: "x", count: 100) + "\r\n", name: "t.csv"), maxLineBytes: 101)
    }

    @Test func aMappedFileReadsLikeBytesInMemory() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("m.csv")
        let text = "\u{FEFF}id,kind,name,props\r\nc1,company,\"Acme, Inc\",\"{\"\"a\"\":1}\"\r\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try CSVReader.records(of: CSVInput(path: path)) == [["id", "kind", "name", "props"], ["c1", "company", "Acme, Inc", "{\"a\":1}"]])
        #expect(expectKGError { _ = try CSVInput(path: dir.file("missing.csv")) }?.code == .fileNotFound)
        _ = FileManager.default.createFile(atPath: dir.file("empty.csv"), contents: Data())
        #expect(try CSVInput(path: dir.file("empty.csv")).count == 0)
    }
}

/// The check that lets canonical props be stored without parsing.
@Suite struct CanonicalJSONTests {
    private func check(_ text: String) -> CanonicalJSON.Result {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { CanonicalJSON.check($0) }
    }

    @Test(arguments: [
        "{}", "{\"a\":1}", "{\"a\":1,\"b\":\"x\"}", "{\"a\":[1,\"2\",true,false,null,{},[]]}", "{\"a\":{\"b\":{\"c\":-5}}}",
        "{\"country\":\"NL\",\"founded\":1964,\"sector\":\"phone_maker\"}", "{\"name\":\"小米\"}", "{\"a\":0,\"b\":-1}",
    ])
    func canonicalTextIsWhatKgWrites(text: String) throws {
        #expect(check(text) == .canonical(hasPeriodKey: false))
        let value = try JSONParser.parse(text)
        #expect(value.serialized == text, "canonical means: writing the parsed value gives the same text")
    }

    @Test(arguments: [
        "{ }", "{\"b\":1,\"a\":2}", "{\"a\":1,\"a\":2}", "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":-0}", "{\"a\":01}",
        "{\"a\":\"x\\ny\"}", "{\"a\":\"\\u00e9\"}", "{\"a\": 1}", "[1]", "{\"a\":1", "{\"a\":1}x", "{\"é\":1}",
        "{\"a\":1234567890123456789}", "{\"a\":\"\u{2028}\"}", "{\"a\":tru}", "",
    ])
    func anythingElseTakesTheFullParser(text: String) {
        #expect(check(text) == .other)
    }

    @Test func periodKeysAreNoticedAtTheTopLevelOnly() {
        #expect(check("{\"since\":1,\"valid_from\":\"2017\"}") == .canonical(hasPeriodKey: true))
        #expect(check("{\"valid_to\":2020}") == .canonical(hasPeriodKey: true))
        #expect(check("{\"x\":{\"valid_from\":\"2017\"}}") == .canonical(hasPeriodKey: false))
    }
}
