/// The stable code of every error kg reports. Codes never change meaning once
/// published; `docs/errors.md` is generated from ``ErrorCode/catalogue``.
///
/// The letter after `KG` names the stage: L lexer, P parser, B binder,
/// E executor, S schema, I import, C curation, D database file, U usage, A questions (kg ask), H HTTP server.
public enum ErrorCode: String, Sendable, CaseIterable {
    // Lexer
    case unexpectedCharacter = "KGL001"
    case unterminatedString = "KGL002"
    case invalidEscape = "KGL003"
    case invalidNumber = "KGL004"
    case invalidDate = "KGL005"
    // Parser
    case unexpectedToken = "KGP001"
    case unexpectedEnd = "KGP002"
    case invalidQuantifier = "KGP003"
    case invalidPattern = "KGP004"
    // Binder
    case unknownKind = "KGB001"
    case unknownEdgeType = "KGB002"
    case unknownProperty = "KGB003"
    case unknownVariable = "KGB004"
    case missingParameter = "KGB005"
    case unknownNode = "KGB006"
    case ambiguousNode = "KGB007"
    case unknownFunction = "KGB008"
    case invalidAggregate = "KGB009"
    case invalidArgument = "KGB010"
    case variableConflict = "KGB012"
    case typeMismatch = "KGB013"
    // Executor
    case timeLimit = "KGE001"
    case rowLimit = "KGE002"
    case cancelled = "KGE003"
    case runtimeType = "KGE004"
    case memoryLimit = "KGE005"
    case numericOverflow = "KGE006"
    // Schema (definition and enforcement)
    case schemaSyntax = "KGS001"
    case endpointViolation = "KGS002"
    case propertyType = "KGS003"
    case undeclaredKind = "KGS004"
    case undeclaredEdgeType = "KGS005"
    case derivedNotWritable = "KGS006"
    case undeclaredProperty = "KGS007"
    case missingRequiredProperty = "KGS008"
    case duplicateDeclaration = "KGS009"
    case valueNotAllowed = "KGS010"
    // Import
    case importSyntax = "KGI001"
    case missingEvidence = "KGI002"
    case unknownSource = "KGI003"
    case unknownNodeReference = "KGI004"
    case duplicateKey = "KGI005"
    case csvHeader = "KGI006"
    case csvColumns = "KGI007"
    case invalidJSON = "KGI008"
    case invalidEncoding = "KGI009"
    case emptyInput = "KGI010"
    case invalidPeriod = "KGI011"
    case lineTooLong = "KGI012"
    case quoteNotInArticle = "KGI013"
    case csvEvidence = "KGI020"
    // Curation (merge, update, retract, history, export)
    case propertyConflict = "KGC001"
    case kindConflict = "KGC002"
    case retractNeedsCascade = "KGC003"
    case ambiguousEdge = "KGC004"
    case unknownEdge = "KGC005"
    case missingReason = "KGC006"
    case unknownWrite = "KGC010"
    case revertRefused = "KGC011"
    case revertDependency = "KGC012"
    case evidenceContradicted = "KGC013"
    case notExportable = "KGC020"
    // Database file
    case notAGraph = "KGD001"
    case newerVersion = "KGD002"
    case fileNotFound = "KGD003"
    case readOnly = "KGD004"
    case busy = "KGD005"
    case storage = "KGD006"
    case unexpectedSchemaObject = "KGD007"
    case notARegularFile = "KGD008"
    case addressInUse = "KGD009"
    case fileReplaced = "KGD010"
    case walNeedsFolder = "KGD011"
    // HTTP server (kg serve --http)
    case routeNotFound = "KGH001"
    case requestTooLarge = "KGH002"
    case invalidRequest = "KGH003"
    case writesDisabled = "KGH004"
    case unauthorized = "KGH005"
    case serverBusy = "KGH006"
    case shuttingDown = "KGH007"
    case methodNotAllowed = "KGH008"
    case unsupportedMediaType = "KGH009"
    case unknownHost = "KGH010"
    // Usage
    case usage = "KGU001"
    case unknownQueryName = "KGU002"
    case invalidParameter = "KGU003"
    case tooLarge = "KGU004"
    case toolMissing = "KGU005"
    case invalidAddress = "KGU015"
    case tokenFile = "KGU016"
    // Questions in plain words (kg ask)
    case questionNotUnderstood = "KGA001"
    // Drafting facts from an article (kg draft)
    case emptyArticle = "KGR001"
    case articleNotUTF8 = "KGR002"
    case articleTooLarge = "KGR003"
    case invalidSourceKey = "KGR004"
    case invalidPublished = "KGR005"
    case articleUnreadable = "KGR006"

    /// Which exit status the command line uses for the code (sysexits.h).
    public var exitStatus: Int32 {
        switch self {
        case .fileNotFound: return 66
        case .storage, .busy, .readOnly, .addressInUse, .fileReplaced, .walNeedsFolder: return 74
        case .toolMissing: return 69
        case .cancelled: return 130
        case .invalidSourceKey, .invalidPublished: return 64
        case .articleUnreadable: return 66
        case .usage, .unknownQueryName, .invalidParameter, .tooLarge, .invalidAddress, .tokenFile,
             .unexpectedCharacter, .unterminatedString, .invalidEscape, .invalidNumber, .invalidDate,
             .unexpectedToken, .unexpectedEnd, .invalidQuantifier, .invalidPattern,
             .unknownKind, .unknownEdgeType, .unknownProperty, .unknownVariable, .missingParameter,
             .unknownNode, .ambiguousNode, .unknownFunction, .invalidAggregate, .invalidArgument,
             .variableConflict, .typeMismatch, .questionNotUnderstood:
            return 64
        default: return 65
        }
    }

    /// The catalogue of codes as a Markdown table (`docs/errors.md`).
    public static var markdownCatalogue: String {
        var out = "# Error codes\n\nEvery error kg reports has a stable code. The letter after `KG` names the stage: "
        out += "L lexer, P parser, B binder, E executor, S schema, I import, C curation, D database file, U usage, A questions (`kg ask`), R drafting from an article (`kg draft`), H HTTP server (`kg serve --http`). "
        out += "Generated by `kg errors --markdown`; a test keeps it in step with the code.\n\n"
        out += "| code | exit status | meaning |\n|---|---|---|\n"
        for code in allCases { out += "| \(code.rawValue) | \(code.exitStatus) | \(code.summary) |\n" }
        return out
    }

    /// A one-line description for the error catalogue.
    public var summary: String {
        switch self {
        case .unexpectedCharacter: return "a character that cannot start any token"
        case .unterminatedString: return "a string literal without its closing quote"
        case .invalidEscape: return "an unknown backslash escape in a string"
        case .invalidNumber: return "a number that does not fit or is malformed"
        case .invalidDate: return "a date literal that names no real date"
        case .unexpectedToken: return "a token the grammar does not allow here"
        case .unexpectedEnd: return "the text ends in the middle of a clause"
        case .invalidQuantifier: return "a repetition bound that is negative or reversed"
        case .invalidPattern: return "a pattern whose shape is not allowed"
        case .unknownKind: return "a node kind the graph's schema does not declare"
        case .unknownEdgeType: return "an edge type the graph's schema does not declare"
        case .unknownProperty: return "a property no kind or edge type declares"
        case .unknownVariable: return "a variable no pattern introduces"
        case .missingParameter: return "a $parameter with no value"
        case .unknownNode: return "a node name that matches no key, name or alias"
        case .ambiguousNode: return "a node name that matches several nodes"
        case .unknownFunction: return "a function kg does not have"
        case .invalidAggregate: return "an aggregate used where it cannot be"
        case .invalidArgument: return "a function argument of the wrong sort"
        case .variableConflict: return "a variable used as two different things"
        case .typeMismatch: return "a comparison between values that can never compare"
        case .timeLimit: return "the query ran longer than its time limit"
        case .rowLimit: return "the query produced more rows than its row limit"
        case .cancelled: return "the query was cancelled (Ctrl-C)"
        case .runtimeType: return "a value of the wrong type met at run time"
        case .memoryLimit: return "the query needed more memory than its limit (--max-memory)"
        case .numericOverflow: return "a number computed by the query (sum, avg) is beyond the range of 64-bit floats"
        case .schemaSyntax: return "a schema file that does not parse"
        case .endpointViolation: return "an edge whose source or target kind the schema forbids"
        case .propertyType: return "a property value of the wrong type"
        case .undeclaredKind: return "a write with a node kind the schema does not declare"
        case .undeclaredEdgeType: return "a write with an edge type the schema does not declare"
        case .derivedNotWritable: return "a write of a derived edge type"
        case .undeclaredProperty: return "a property the schema does not declare for that kind"
        case .missingRequiredProperty: return "a required property that is missing"
        case .duplicateDeclaration: return "a kind, edge type or property declared twice"
        case .valueNotAllowed: return "a property value outside the schema's allowed set"
        case .importSyntax: return "a line of a graph text file that does not parse"
        case .missingEvidence: return "a fact without evidence"
        case .unknownSource: return "evidence that names no declared source"
        case .unknownNodeReference: return "an edge that names a node that does not exist"
        case .duplicateKey: return "a node key or CSV id given twice"
        case .csvHeader: return "a CSV file without the expected header"
        case .csvColumns: return "a CSV record with the wrong number of fields"
        case .invalidJSON: return "a props field that is not a JSON object"
        case .invalidEncoding: return "input that is not valid UTF-8"
        case .emptyInput: return "an empty input file"
        case .invalidPeriod: return "a validity period that ends before it starts"
        case .lineTooLong: return "an input line longer than the limit"
        case .quoteNotInArticle: return "an evidence quote that is not in the article its source names"
        case .csvEvidence: return "a CSV row whose evidence (source and quote) is half filled"
        case .propertyConflict: return "an import gives an existing property another value (use --update)"
        case .kindConflict: return "an import gives an existing node another kind"
        case .retractNeedsCascade: return "retracting a node that has edges without --cascade"
        case .ambiguousEdge: return "an edge to retract that matches several edges"
        case .unknownEdge: return "an edge to retract that is not in the graph"
        case .missingReason: return "a retraction or update without a reason"
        case .unknownWrite: return "a write number that is not in the graph's history"
        case .revertRefused: return "a write that cannot be reverted (a revert, a migration, or reverted already)"
        case .revertDependency: return "a write that later writes depend on"
        case .evidenceContradicted: return "a new value that the node's evidence contradicts (its quote gives the old value; use --update)"
        case .notExportable: return "a value the export format cannot write"
        case .emptyArticle: return "an article to draft from that is empty"
        case .articleNotUTF8: return "an article to draft from that is not UTF-8 text"
        case .articleTooLarge: return "an article to draft from larger than the limit (4 MiB)"
        case .invalidSourceKey: return "a --source key of kg draft that is not a valid key"
        case .invalidPublished: return "a --published date of kg draft that is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        case .articleUnreadable: return "an article file that cannot be read"
        case .notAGraph: return "a file that is not a kg graph"
        case .newerVersion: return "a graph written by a newer kg"
        case .fileNotFound: return "an input or graph file that does not exist"
        case .readOnly: return "a write to a graph opened read-only"
        case .busy: return "another process holds the write lock"
        case .storage: return "an error reading or writing the file"
        case .unexpectedSchemaObject: return "not a kg graph: a table, index, trigger or view kg does not create"
        case .notARegularFile: return "a graph or input path that is a device, FIFO, socket or folder"
        case .addressInUse: return "an --http address and port another program (or another kg) already listens on"
        case .fileReplaced: return "the graph file was replaced, moved or deleted while kg had it open, or its write-ahead log belongs to another file"
        case .walNeedsFolder: return "a graph with a leftover write-ahead log (-wal) in a folder kg may not write, so the log cannot be read"
        case .routeNotFound: return "an HTTP request for a method and path the server has no route for"
        case .requestTooLarge: return "an HTTP request body over the server's size limit (--max-body)"
        case .invalidRequest: return "an HTTP request body or URL parameter that is not what the route takes"
        case .writesDisabled: return "a write to a server started without --allow-writes"
        case .unauthorized: return "a write without the server's token (Authorization: Bearer …)"
        case .serverBusy: return "every reader of the server is busy and its queue is full"
        case .shuttingDown: return "a request that reached the server while it shuts down"
        case .methodNotAllowed: return "an HTTP method a route does not take (the answer's Allow header lists those it does)"
        case .unsupportedMediaType: return "a JSON route's request without Content-Type: application/json"
        case .unknownHost: return "an HTTP request whose Host header names none of the server's addresses or --allow-host names (DNS rebinding)"
        case .usage: return "a command-line usage error"
        case .unknownQueryName: return "a named query that does not exist"
        case .invalidParameter: return "a --param or key=value argument that does not parse"
        case .tooLarge: return "an answer too large to draw"
        case .toolMissing: return "an external program (Graphviz dot) that is not installed"
        case .invalidAddress: return "an --http address that is not [ADDRESS:]PORT"
        case .tokenFile: return "a --token-file that is missing, unreadable or empty"
        case .questionNotUnderstood: return "a question in plain words that kg cannot read (it says which words it understood)"
        }
    }
}
