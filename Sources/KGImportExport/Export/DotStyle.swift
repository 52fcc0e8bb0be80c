import KGModel

/// How kg draws each kind of node and edge.
///
/// Colours come from the Okabe–Ito palette, which stays distinguishable with
/// the common forms of colour blindness: pale tints as fills (black text
/// stays readable) and the full colours as outlines. Colour is never the only
/// cue: every kind also has its own shape, and every edge a text label.
public struct DotNodeStyle: Sendable, Equatable {
    public var shape: String
    public var style: String
    public var fillColor: String
    public var color: String
    public var fontSize: String?

    public init(shape: String, style: String, fillColor: String, color: String, fontSize: String? = nil) {
        self.shape = shape
        self.style = style
        self.fillColor = fillColor
        self.color = color
        self.fontSize = fontSize
    }

    /// The attributes, in a fixed order.
    var attributes: [(String, String)] {
        var list = [("shape", shape), ("style", style), ("fillcolor", fillColor), ("color", color)]
        if let fontSize { list.append(("fontsize", fontSize)) }
        return list
    }
}

public enum DotStyle {
    /// The font list for every text; SVG viewers pick the first they have,
    /// and Graphviz's own renderers (PNG, PDF) ask fontconfig, which falls
    /// back to a font with the glyphs (install fonts-wqy-microhei for CJK).
    public static let fontName = "Helvetica,Arial,sans-serif"

    /// The style of each kind of the company schema.
    public static let nodeStyles: [String: DotNodeStyle] = [
        "Company": DotNodeStyle(shape: "box", style: "rounded,filled", fillColor: "#DCEBF7", color: "#0072B2"),
        "Person": DotNodeStyle(shape: "ellipse", style: "filled", fillColor: "#FCE8C8", color: "#E69F00"),
        "Product": DotNodeStyle(shape: "note", style: "filled", fillColor: "#D4F0E6", color: "#009E73"),
        "Agreement": DotNodeStyle(shape: "hexagon", style: "filled", fillColor: "#FAF5C8", color: "#8F8700", fontSize: "9"),
        "Place": DotNodeStyle(shape: "house", style: "filled", fillColor: "#F2DCE9", color: "#CC79A7"),
        "Organisation": DotNodeStyle(shape: "box3d", style: "filled", fillColor: "#F8DDD0", color: "#D55E00"),
    ]

    /// The style of a kind no style is defined for and that no schema
    /// places (a kind outside the schema).
    public static let defaultNodeStyle = DotNodeStyle(shape: "box", style: "filled,dashed", fillColor: "#EEEEEE", color: "#666666")

    /// Styles for the kinds of other schemas, given in the schema's order, so
    /// that each kind of a custom schema looks different (shape and colour).
    public static let paletteStyles: [DotNodeStyle] = [
        DotNodeStyle(shape: "box", style: "rounded,filled", fillColor: "#DCEBF7", color: "#0072B2"),
        DotNodeStyle(shape: "ellipse", style: "filled", fillColor: "#FCE8C8", color: "#E69F00"),
        DotNodeStyle(shape: "note", style: "filled", fillColor: "#D4F0E6", color: "#009E73"),
        DotNodeStyle(shape: "hexagon", style: "filled", fillColor: "#FAF5C8", color: "#8F8700"),
        DotNodeStyle(shape: "house", style: "filled", fillColor: "#F2DCE9", color: "#CC79A7"),
        DotNodeStyle(shape: "box3d", style: "filled", fillColor: "#F8DDD0", color: "#D55E00"),
        DotNodeStyle(shape: "octagon", style: "filled", fillColor: "#D6ECF5", color: "#56B4E9"),
        DotNodeStyle(shape: "component", style: "filled", fillColor: "#E8E8E8", color: "#444444"),
        DotNodeStyle(shape: "cylinder", style: "filled", fillColor: "#E4F1DC", color: "#5C8A3A"),
        DotNodeStyle(shape: "tab", style: "filled", fillColor: "#EFE3F5", color: "#7B4F96"),
    ]

    public static func nodeStyle(forKind kind: String) -> DotNodeStyle {
        nodeStyles[kind] ?? defaultNodeStyle
    }

    /// The style of a kind of `schema`: the company kinds keep theirs; the
    /// other kinds of the schema get the palette in the schema's order.
    public static func nodeStyle(forKind kind: String, in schema: GraphSchema) -> DotNodeStyle {
        if let style = nodeStyles[kind] { return style }
        let others = schema.kindOrder.filter { nodeStyles[$0] == nil }
        guard let index = others.firstIndex(of: kind) else { return defaultNodeStyle }
        var style = paletteStyles[index % paletteStyles.count]
        if index >= paletteStyles.count { style.style += ",dashed" }   // a second round: same colours, dashed outline
        return style
    }

    /// What each edge colour means, for the legend: ordinary relations, the
    /// role edges of agreements, and the edges drawn for collapsed agreements by kind.
    public static let edgeColorMeanings: [(color: String, meaning: String)] = [
        (edgeColor, "relation (develops, is CEO of, …)"),
        (roleEdgeColor, "role in an agreement (licensor, party, …)"),
        ("#D55E00", "patent licence, cross-licence"),
        ("#0072B2", "patent sale"),
        ("#009E73", "partnership"),
        ("#E69F00", "supply"),
        ("#CC79A7", "acquisition"),
        ("#555555", "other agreement"),
    ]

    /// Ordinary edges.
    public static let edgeColor = "#444444"
    /// Role edges from an agreement to its parties, and other edges leaving an agreement.
    public static let roleEdgeColor = "#8C8C8C"
    /// The label colour of every edge.
    public static let edgeFontColor = "#333333"

    /// The colour of an edge drawn for a collapsed agreement, by agreement kind.
    public static func agreementColor(forKind kind: String?) -> String {
        switch kind {
        case "patent_license", "cross_license": return "#D55E00"
        case "patent_sale": return "#0072B2"
        case "partnership": return "#009E73"
        case "supply": return "#E69F00"
        case "acquisition": return "#CC79A7"
        default: return "#555555"
        }
    }

    /// Wraps text at spaces into lines of about `width` characters, keeping
    /// the line breaks it has. Text without spaces (such as 小米) is not broken.
    static func wrap(_ text: String, width: Int = 26) -> String {
        guard text.count > width else { return text }
        // One kind of line break (CRLF, CR, NEL, U+2028, U+2029 become LF).
        var normalized = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\n": if !previousWasCR { normalized.append("\n") }
            case "\r", "\u{85}", "\u{2028}", "\u{2029}": normalized.append("\n")
            default: normalized.append(scalar)
            }
        }
        return String(normalized).split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var lines: [String] = []
            var current: String?
            for word in line.split(separator: " ", omittingEmptySubsequences: false) {
                if let text = current, text.count + 1 + word.count > width, !text.isEmpty, !word.isEmpty {
                    lines.append(text)
                    current = String(word)
                } else {
                    current = current.map { $0 + " " + word } ?? String(word)
                }
            }
            lines.append(current ?? "")
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
