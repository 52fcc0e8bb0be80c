/// Splits one line of a line-oriented kg text file (graph text `.kg`, schema
/// `.kgs`) into words and quoted strings, with their columns.
///
/// - A word runs until white space or a double quote; `key=value` is split
///   into ``Token/Payload/assignment(_:)`` and the value token.
/// - A string is double-quoted with the escapes `\"`, `\\`, `\n`, `\t`, `\u{…}`.
/// - `#` at the start of a word begins a comment to the end of the line.
package struct LineTokenizer {
    package struct Token: Equatable {
        package enum Payload: Equatable {
            case word(String)
            case string(String)
            /// The `key` of `key=value`.
            case assignment(String)
        }
        package var payload: Payload
        /// 1-based column of the first character.
        var column: Int
        /// 1-based column just after the last character.
        var endColumn: Int
    }

    /// Tokenizes `line` (1-based `lineNumber` for errors); throws `code`
    /// errors for an unterminated string or a bad escape.
    ///
    /// The line is read as Unicode scalars, not characters (grapheme
    /// clusters): a combining mark after a quote, a backslash or an escape
    /// letter would otherwise merge with it (`"` + U+0301 is one character),
    /// hiding the quote. Columns count scalars, as in queries.
    package static func tokenize(_ line: Substring, lineNumber: Int, errorCode: ErrorCode) throws(KGError) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(line.unicodeScalars)
        var i = 0
        func span(_ from: Int, _ to: Int) -> SourceSpan {
            SourceSpan(start: SourcePosition(line: lineNumber, column: from + 1, offset: from),
                       end: SourcePosition(line: lineNumber, column: to + 1, offset: to))
        }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" { i += 1; continue }
            if c == "#" { break }
            if c == "\"" {
                let start = i
                i += 1
                var text = String.UnicodeScalarView()
                var closed = false
                while i < chars.count {
                    let d = chars[i]
                    if d == "\"" { closed = true; i += 1; break }
                    if d == "\\" {
                        guard i + 1 < chars.count else { break }
                        let e = chars[i + 1]
                        switch e {
                        case "\"": text.append("\""); i += 2
                        case "\\": text.append("\\"); i += 2
                        case "n": text.append("\n"); i += 2
                        case "t": text.append("\t"); i += 2
                        case "u":
                            guard i + 2 < chars.count, chars[i + 2] == "{",
                                  let close = chars[(i + 3)...].firstIndex(of: "}"),
                                  let code = UInt32(String(String.UnicodeScalarView(chars[(i + 3)..<close])), radix: 16),
                                  let scalar = Unicode.Scalar(code) else {
                                throw KGError(errorCode, "invalid \\u escape: write \\u{HEX}", span: span(i, i + 2))
                            }
                            text.append(scalar)
                            i = close + 1
                        default:
                            throw KGError(errorCode, "unknown escape '\\\(e)' in a string", span: span(i, i + 2),
                                          suggestion: "write \\\\ for a backslash")
                        }
                        continue
                    }
                    text.append(d)
                    i += 1
                }
                guard closed else {
                    throw KGError(errorCode, "this string has no closing quote", span: span(start, chars.count))
                }
                tokens.append(Token(payload: .string(String(text)), column: start + 1, endColumn: i + 1))
                continue
            }
            let start = i
            var word = String.UnicodeScalarView()
            var hasEquals = false
            while i < chars.count, chars[i] != " ", chars[i] != "\t", chars[i] != "\"" {
                if chars[i] == "=", !word.isEmpty, !hasEquals {
                    tokens.append(Token(payload: .assignment(String(word)), column: start + 1, endColumn: i + 2))
                    word = String.UnicodeScalarView()
                    i += 1
                    break
                }
                if chars[i] == "=" { hasEquals = true }
                if Self.typographicQuotes.contains(chars[i]) {
                    throw KGError(errorCode, "'\(chars[i])' is a typographic quote; strings are written in straight double quotes (\")",
                                  span: span(i, i + 1),
                                  suggestion: "replace the quotes pasted from a web page or word processor (“ ” „ « ») with \": \"Vivo\"")
                }
                word.append(chars[i])
                i += 1
            }
            if !word.isEmpty {
                tokens.append(Token(payload: .word(String(word)), column: start + 1, endColumn: i + 1))
            } else if case .assignment(let key)? = tokens.last?.payload, i >= chars.count || chars[i] == " " || chars[i] == "\t" {
                throw KGError(errorCode, "'\(key)=' has no value", span: span(start, i))
            }
        }
        return tokens
    }

    /// Double quotes a word processor or news site puts where a string's
    /// straight quote belongs; never part of a key, keyword or bare value.
    static let typographicQuotes: Set<Unicode.Scalar> = ["\u{201C}", "\u{201D}", "\u{201E}", "\u{201F}", "\u{00AB}", "\u{00BB}", "\u{FF02}", "\u{2033}"]

    /// Splits a whole text into lines, dropping a leading byte-order mark and
    /// the `\r` of CRLF line ends.
    package static func lines(of text: String) -> [Substring] {
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        // "\r\n" is one Character in Swift: split on both.
        return body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
    }

    /// `s` as a double-quoted string this tokenizer reads back as `s`
    /// (graph text and schema files): escapes for quote, backslash, line
    /// breaks and control characters, everything else as it is.
    package static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The number of leading spaces or tabs.
    package static func indentation(of line: Substring) -> Int {
        line.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
    }
}

extension SourceSpan {
    /// The span of a token on a line.
    package static func token(_ token: LineTokenizer.Token, line: Int) -> SourceSpan {
        SourceSpan(start: SourcePosition(line: line, column: token.column, offset: 0),
                   end: SourcePosition(line: line, column: token.endColumn, offset: 0))
    }
}
