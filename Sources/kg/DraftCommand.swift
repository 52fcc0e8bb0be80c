import ArgumentParser
import Foundation
import KnowledgeGraph

struct DraftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draft",
        abstract: "Propose facts from a news article, as graph text to review and import.",
        discussion: """
            Reads ARTICLE (plain text, UTF-8, German or English), finds the graph's entities in it
            by name, alias and inflected form (Xiaomis, Xiaomi-Produkten), and reads each sentence
            with the schema's lexicon (phrases, say and cue lines). Every proposed fact carries its
            sentence, verbatim, and a comment naming the lexicon line and the words it rests on.
            Facts the graph has already are listed as comments; rumour, fiction and speculation
            ("fiktive Meldung", "Gerücht", "würde", "reportedly") are not proposed. Nothing is
            written to the graph: review the draft, delete what is wrong, then kg import it.

            The source line's file= is the article's path relative to the draft's folder (-o), or
            to the current folder when the draft goes to standard output; --source KEY names it
            (default: the file name), and a KEY the graph already has writes no source line.

            Examples:
              kg draft data/articles/002_0f96c8cdbb6431ce.txt --source microsoft-xiaomi -o draft.kg
              kg draft article.txt --db news.sqlite --published 2018-12 --lang de
              kg import draft.kg --db news.sqlite
            """
    )

    @OptionGroup var graph: GraphOptions

    @Argument(help: ArgumentHelp("The article: a plain-text file in UTF-8.", valueName: "article"), completion: .file())
    var article: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the draft to this file (replaced whole); default: standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("The source key of the article (default: from its file name).", valueName: "key"))
    var source: String?

    @Option(help: ArgumentHelp("The article's publication date: YYYY, YYYY-MM or YYYY-MM-DD.", valueName: "date"))
    var published: String?

    @Option(help: ArgumentHelp("The article's language, de or en (default: detected).", valueName: "de|en"))
    var lang: String?

    func validate() throws {
        if let lang, !["de", "en"].contains(lang) { throw ValidationError("--lang is de or en, not '\(lang)'") }
    }

    func run() throws {
        try Terminal.run {
            var date: PartialDate?
            if let published {
                guard let d = PartialDate(published) else {
                    throw KGError(.invalidPublished, "--published '\(published)' is not a date",
                                  suggestion: "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. --published 2018-12")
                }
                date = d
            }
            let text = try ArticleText.read(path: article)
            let key = source ?? Self.key(fromFile: article)
            let folder = output.map { ($0 as NSString).deletingLastPathComponent } ?? ""
            let options = DraftOptions(sourceKey: key, file: Self.relativePath(article, from: folder), published: date, language: lang)
            let store = try graph.open(mode: .readOnly, memoryMapped: true)
            let draft = try store.snapshot { () throws(KGError) -> ArticleDraft in try ArticleDrafter(store: store).draft(text, options: options) }
            let rendered = draft.graphText
            if let output, output != "-" {
                try OutputFile.replace(output) { file throws(KGError) in try file.write(rendered) }
                Terminal.note("kg: wrote \(output): \(Plural.count(draft.proposals.count, "fact")) and \(Plural.count(draft.newEntities.count, "entity", "entities")) proposed, \(draft.known.count) already known, \(Plural.count(draft.skipped.count, "sentence")) left out as speculation")
            } else {
                Terminal.output(rendered)
            }
        }
    }

    /// A source key from a file name: its name without extension, with
    /// characters a key cannot hold replaced by '-'.
    static func key(fromFile path: String) -> String {
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let key = String(base.unicodeScalars.map { s -> Character in
            s.isASCII && (CharacterSet.alphanumerics.contains(s) || "-_.".unicodeScalars.contains(s)) ? Character(s) : "-"
        })
        return key.isEmpty ? "article" : key
    }

    /// `path` relative to `folder` (both relative to the current folder or absolute).
    static func relativePath(_ path: String, from folder: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ p: String) -> [String] {
            let full = p.hasPrefix("/") ? p : (cwd as NSString).appendingPathComponent(p)
            return (full as NSString).standardizingPath.split(separator: "/").map(String.init)
        }
        let target = absolute(path), base = absolute(folder.isEmpty ? "." : folder)
        var common = 0
        while common < min(target.count, base.count), target[common] == base[common] { common += 1 }
        let ups = Array(repeating: "..", count: base.count - common)
        let rest = Array(target[common...])
        return (ups + rest).joined(separator: "/")
    }
}
