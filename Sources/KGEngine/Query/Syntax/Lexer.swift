import KGModel

/// Splits query text into ``Token``s.
///
/// Positions: lines and columns are 1-based, columns count Unicode scalars,
/// offsets count UTF-8 bytes. Whitespace is space, tab, CR and LF.
///
/// Comments run to the end of the line and start with `//` or `--`.
/// Because `--` is also the undirected edge of any type, the rule for `--` is:
///
/// * at the start of a line (only blanks before it on its line) `--`
///   followed by a space, a tab, a line break, another `-` or the end of
///   the text starts a comment, whatever the line before ends with:
///   `MATCH (c:Company)⏎-- only companies⏎RETURN c`;
/// * after `)` or `(` on the same line (the previous significant token
///   closes a node or opens a group) `--` is an edge when it touches what
///   follows or when the next thing on the line can follow an edge (`(`,
///   `)` or a quantifier): `(a)--(b)`, `(a) -- (b)`, `(a)-->(b)`,
///   `( -- ){2}`; otherwise (`count(*) -- note`) it starts a comment;
/// * elsewhere `--` starts a comment when it is followed by a space, a tab,
///   a line break, another `-` or the end of the text: `RETURN n -- the nodes`;
/// * otherwise it is the `--` (or `-->`) token, which the parser rejects
///   outside patterns, suggesting a space after it.
///
/// So a comment right after `)` that starts with `(`, `)`, `{`, `+`, `*`
/// or `?` must use `//`: `WHERE (a.x > 1) // (note)`, and an undirected edge that starts a line
/// touches its node: `(a)⏎--(b)`.
///
/// `;` separates the queries of a script (``Parser/parseScript(_:)``).
///
/// Arrows are single tokens and must be written without inner spaces:
/// `-[`, `<-[`, `]->`, `]-`, `-->`, `<--`, `--`.
///
/// A date is read directly when four digits are followed by `-` and a
/// digit: `2018-01`, `2017-07-14` (checked with ``PartialDate``); a lone
/// year `2018` is an integer.
public struct Lexer: Sendable {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1
    private var tokens: [Token] = []
    /// The request's budget: every token is a tick and is charged
    /// (``MemoryEstimate/token`` plus its text) before the next is read.
    private let budget: QueryBudget?
    /// Bytes of tokens made since the last charge.
    private var uncharged = 0

    private init(_ text: String, budget: QueryBudget?) {
        self.budget = budget
        bytes = Array(text.utf8)
    }

    /// Tokenizes `text`; the result always ends with a ``TokenKind/end`` token.
    /// Throws KGL001-KGL005 errors; with a `budget`, KGE001/KGE003 when its
    /// time runs out or it is cancelled and KGE005 when the tokens and the
    /// syntax tree they will make (``MemoryEstimate/token`` each) pass its
    /// memory limit, checked token by token, before the next one is made.
    public static func tokenize(_ text: String, budget: QueryBudget? = nil) throws(KGError) -> [Token] {
        // The copy of the text the lexer reads.
        try budget?.charge(text.utf8.count)
        var lexer = Lexer(text, budget: budget)
        return try lexer.run()
    }

    // MARK: - Reading

    private var position: SourcePosition { SourcePosition(line: line, column: column, offset: index) }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        let i = index + ahead
        return i < bytes.count ? bytes[i] : nil
    }

    private func peekIs(_ ahead: Int, _ c: Unicode.Scalar) -> Bool { peek(ahead) == UInt8(ascii: c) }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < bytes.count {
            let b = bytes[index]
            index += 1
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
    }

    /// Advances over one whole Unicode scalar.
    private mutating func advanceScalar() {
        advance()
        while let b = peek(), b & 0xC0 == 0x80 { advance() }
    }

    private func text(from offset: Int) -> String {
        String(decoding: bytes[offset..<index], as: UTF8.self)
    }

    private func span(from start: SourcePosition) -> SourceSpan { SourceSpan(start: start, end: position) }

    private mutating func emit(_ kind: TokenKind, from start: SourcePosition) {
        let text = text(from: start.offset)
        // A literal's text is held twice (the token's text and its value).
        uncharged += MemoryEstimate.token + 2 * text.utf8.count
        tokens.append(Token(kind: kind, text: text, span: span(from: start)))
    }

    private mutating func single(_ kind: TokenKind, length: Int = 1) {
        let start = position
        advance(length)
        emit(kind, from: start)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }
    private static func isIdentifierChar(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }
    private static func isBlank(_ b: UInt8?) -> Bool {
        guard let b else { return true }
        return b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
    }

    /// Whether the first non-blank byte from `start` on the same line can
    /// follow an edge: `(`, `)`, or a quantifier (`{`, `+`, `*`, `?`).
    private func nextOnLineIsParen(after start: Int) -> Bool {
        var i = start
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        return i < bytes.count && "()+*?{".utf8.contains(bytes[i])
    }

    /// Whether only blanks stand before the current byte on its line.
    private var atLineStart: Bool {
        var i = index - 1
        while i >= 0 {
            let b = bytes[i]
            if b == 0x0A { return true }
            if b != 0x20 && b != 0x09 && b != 0x0D { return false }
            i -= 1
        }
        return true
    }

    private mutating func skipToEndOfLine() {
        while let b = peek(), b != 0x0A { advance() }
    }

    // MARK: - Tokens

    private mutating func run() throws(KGError) -> [Token] {
        while true {
            if let budget {
                try budget.tick()
                if uncharged > 0 { try budget.charge(uncharged); uncharged = 0 }
            }
            while let b = peek(), b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { advance() }
            guard let b = peek() else { break }
            switch Unicode.Scalar(b) {
            case "(": single(.leftParen)
            case ")": single(.rightParen)
            case "[": single(.leftBracket)
            case "]":
                if peekIs(1, "-") && peekIs(2, ">") { single(.bracketArrow, length: 3) }
                else if peekIs(1, "-") && !peekIs(2, "-") { single(.bracketDash, length: 2) }
                else { single(.rightBracket) }
            case "{": single(.leftBrace)
            case "}": single(.rightBrace)
            case ",": single(.comma)
            case ";": single(.semicolon)
            case ":": single(.colon)
            case "|": single(.pipe)
            case "^": single(.caret)
            case "*": single(.star)
            case "+": single(.plus)
            case "?": single(.question)
            case "=": single(.equal)
            case ".": if peekIs(1, ".") { single(.dotDot, length: 2) } else { single(.dot) }
            case "!":
                guard peekIs(1, "=") else { throw unexpectedCharacter(suggestion: "write 'NOT' for negation and '<>' or '!=' for inequality") }
                single(.notEqual, length: 2)
            case "<":
                if peekIs(1, "-") && peekIs(2, "[") { single(.leftArrowBracket, length: 3) }
                else if peekIs(1, "-") && peekIs(2, "-") { single(.leftArrow, length: 3) }
                else if peekIs(1, "=") { single(.lessEqual, length: 2) }
                else if peekIs(1, ">") { single(.notEqual, length: 2) }
                else { single(.less) }
            case ">": if peekIs(1, "=") { single(.greaterEqual, length: 2) } else { single(.greater) }
            case "-":
                if peekIs(1, "[") {
                    single(.dashBracket, length: 2)
                } else if peekIs(1, "-") {
                    let afterParen = !atLineStart && (tokens.last.map { $0.kind == .rightParen || $0.kind == .leftParen } ?? false)
                        && (!Lexer.isBlank(peek(2)) || nextOnLineIsParen(after: index + 2))
                    if !afterParen && (Lexer.isBlank(peek(2)) || peekIs(2, "-")) {
                        skipToEndOfLine()
                    } else if peekIs(2, ">") {
                        single(.rightArrow, length: 3)
                    } else {
                        single(.dashDash, length: 2)
                    }
                } else {
                    single(.minus)
                }
            case "/":
                guard peekIs(1, "/") else { throw unexpectedCharacter(suggestion: "comments start with '//' or '-- '") }
                skipToEndOfLine()
            case "'", "\"": try lexString()
            case "`": try lexQuotedIdentifier()
            case "$": try lexParameter()
            case "0"..."9": try lexNumber()
            case "a"..."z", "A"..."Z", "_": lexWord()
            default:
                guard b >= 0x80, let scalar = scalar(at: index), scalar.properties.isAlphabetic else { throw unexpectedCharacter() }
                lexWord()
            }
        }
        let end = position
        tokens.append(Token(kind: .end, text: "", span: SourceSpan(start: end, end: end)))
        return tokens
    }

    private mutating func unexpectedCharacter(suggestion: String? = nil) -> KGError {
        let start = position
        advanceScalar()
        let character = text(from: start.offset)
        var suggestion = suggestion
        if suggestion == nil && ["\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}"].contains(character) {
            suggestion = "use straight quotes ' or \" around strings"
        }
        let shown = character.unicodeScalars.first.map { $0.value < 0x20 || $0.value == 0x7F } == true
            ? "U+" + String(bytes[start.offset], radix: 16, uppercase: true) : character
        return KGError(.unexpectedCharacter, "unexpected character '\(shown)'", span: span(from: start), suggestion: suggestion)
    }

    /// The Unicode scalar starting at byte `i` (nil when the bytes are not UTF-8).
    private func scalar(at i: Int) -> Unicode.Scalar? {
        guard i < bytes.count else { return nil }
        let lead = bytes[i]
        let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
        guard length > 0, i + length <= bytes.count else { return nil }
        var decoder = UTF8()
        var iterator = bytes[i..<(i + length)].makeIterator()
        if case .scalarValue(let s) = decoder.decode(&iterator) { return s }
        return nil
    }

    /// A word: ASCII letters, digits and `_`, and letters and digits outside
    /// ASCII (`小米`, `Düsseldorf`), not starting with a digit.
    private mutating func lexWord() {
        let start = position
        while let b = peek() {
            if Lexer.isIdentifierChar(b) { advance(); continue }
            guard b >= 0x80, let s = scalar(at: index),
                  s.properties.isAlphabetic || s.properties.numericType != nil
                    || [.nonspacingMark, .spacingMark, .enclosingMark].contains(s.properties.generalCategory) else { break }
            advanceScalar()
        }
        let word = text(from: start.offset)
        emit(Keyword(word: word).map { .keyword($0) } ?? .identifier(word), from: start)
    }

    private mutating func lexParameter() throws(KGError) {
        let start = position
        advance()
        guard let b = peek(), Lexer.isIdentifierStart(b) else {
            throw KGError(.unexpectedCharacter, "expected a parameter name after '$'", span: span(from: start),
                          suggestion: "write parameters as $name")
        }
        while let b = peek(), Lexer.isIdentifierChar(b) { advance() }
        emit(.parameter(String(text(from: start.offset).dropFirst())), from: start)
    }

    private mutating func lexNumber() throws(KGError) {
        let start = position
        while let b = peek(), Lexer.isDigit(b) { advance() }
        if index - start.offset == 4, peekIs(0, "-"), let d = peek(1), Lexer.isDigit(d) {
            advance()
            while let b = peek(), Lexer.isDigit(b) { advance() }
            if peekIs(0, "-"), let d = peek(1), Lexer.isDigit(d) {
                advance()
                while let b = peek(), Lexer.isDigit(b) { advance() }
            }
            if let b = peek(), Lexer.isIdentifierChar(b) {
                while let b = peek(), Lexer.isIdentifierChar(b) { advance() }
                throw KGError(.invalidNumber, "malformed date or number '\(text(from: start.offset))'", span: span(from: start))
            }
            let written = text(from: start.offset)
            guard let date = PartialDate(written) else {
                throw KGError(.invalidDate, "'\(written)' is not a valid date", span: span(from: start),
                              suggestion: "write dates as YYYY, YYYY-MM or YYYY-MM-DD with a real month and day")
            }
            emit(.date(date), from: start)
            return
        }
        var isDecimal = false
        if peekIs(0, "."), let d = peek(1), Lexer.isDigit(d) {
            isDecimal = true
            advance()
            while let b = peek(), Lexer.isDigit(b) { advance() }
        }
        if let b = peek(), Lexer.isIdentifierChar(b) {
            while let b = peek(), Lexer.isIdentifierChar(b) { advance() }
            throw KGError(.invalidNumber, "malformed number '\(text(from: start.offset))'", span: span(from: start),
                          suggestion: "names cannot start with a digit; backquote them: `\(text(from: start.offset))`")
        }
        let written = text(from: start.offset)
        if isDecimal {
            guard let value = Double(written), value.isFinite else {
                throw KGError(.invalidNumber, "the number \(written) is out of range", span: span(from: start))
            }
            emit(.decimal(value), from: start)
        } else {
            guard let value = Int(written) else {
                throw KGError(.invalidNumber, "the integer \(written) is too large (the largest is \(Int.max))",
                              span: span(from: start))
            }
            emit(.integer(value), from: start)
        }
    }

    private mutating func lexString() throws(KGError) {
        let start = position
        let quote = bytes[index]
        let quoteText = quote == UInt8(ascii: "'") ? "'" : "\""
        advance()
        var value: [UInt8] = []
        while true {
            guard let b = peek(), b != 0x0A else {
                throw KGError(.unterminatedString, "the string has no closing \(quoteText)", span: span(from: start),
                              suggestion: "close the string with \(quoteText) on the same line; write a line break as \\n")
            }
            if b == quote {
                advance()
                break
            }
            guard b == UInt8(ascii: "\\") else {
                value.append(b)
                advance()
                continue
            }
            let escapeStart = position
            advance()
            guard let e = peek(), e != 0x0A else { continue }  // reported as unterminated
            switch Unicode.Scalar(e) {
            case "\\", "'", "\"": value.append(e); advance()
            case "n": value.append(0x0A); advance()
            case "t": value.append(0x09); advance()
            case "u":
                advance()
                var code: UInt32 = 0
                for _ in 0..<4 {
                    guard let h = peek(), let digit = Lexer.hexValue(h) else {
                        throw KGError(.invalidEscape, "\\u must be followed by exactly four hex digits",
                                      span: span(from: escapeStart), suggestion: "write for example \\u00E9 for é")
                    }
                    code = code * 16 + digit
                    advance()
                }
                guard let scalar = Unicode.Scalar(code) else {
                    throw KGError(.invalidEscape, "\\u\(String(code, radix: 16, uppercase: true)) is not a Unicode scalar (it is a surrogate)",
                                  span: span(from: escapeStart))
                }
                value.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                advanceScalar()
                throw KGError(.invalidEscape, "unknown escape '\(text(from: escapeStart.offset))' in a string",
                              span: span(from: escapeStart),
                              suggestion: "the escapes are \\\\ \\' \\\" \\n \\t and \\uXXXX")
            }
        }
        emit(.string(String(decoding: value, as: UTF8.self)), from: start)
    }

    private static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: return UInt32(b - 0x30)
        case 0x41...0x46: return UInt32(b - 0x41 + 10)
        case 0x61...0x66: return UInt32(b - 0x61 + 10)
        default: return nil
        }
    }

    private mutating func lexQuotedIdentifier() throws(KGError) {
        let start = position
        advance()
        var value: [UInt8] = []
        while true {
            guard let b = peek(), b != 0x0A else {
                throw KGError(.unterminatedString, "the quoted name has no closing `", span: span(from: start),
                              suggestion: "close the name with ` on the same line; write a backquote inside as ``")
            }
            advance()
            if b == UInt8(ascii: "`") {
                if peekIs(0, "`") {
                    value.append(b)
                    advance()
                    continue
                }
                break
            }
            value.append(b)
        }
        guard !value.isEmpty else {
            throw KGError(.unexpectedCharacter, "a quoted name cannot be empty", span: span(from: start))
        }
        emit(.identifier(String(decoding: value, as: UTF8.self)), from: start)
    }
}
