import KGModel
import KGStorage
import KGSQLite

/// The write path for programs (`kg serve`, the HTTP server, libraries):
/// graph text in, counts out, one recorded write, all of it or nothing.
extension GraphStore {
    /// Options of ``apply(graphText:options:)``.
    public struct ApplyOptions: Sendable {
        /// Replace existing properties the text gives other values (old values stay in the history).
        public var update: Bool
        /// What the history records as the command (e.g. "serve request 7").
        public var command: String
        /// Why, for the history.
        public var reason: String?
        /// A name for the text in errors.
        public var file: String?

        public init(update: Bool = false, command: String = "library write", reason: String? = nil, file: String? = nil) {
            self.update = update
            self.command = command
            self.reason = reason
            self.file = file
        }
    }

    /// Applies graph text (node, edge, source, set and retract statements;
    /// docs/graph-text-format.md) under the import rules: merges what the
    /// graph has, refuses conflicts unless `update`, checks the schema. One
    /// transaction: another process reading the graph sees all of it or none.
    ///
    ///     let summary = try store.apply(graphText: "retract edge a develops b reason=\"wrong\"\n")
    ///     print(summary)   // 0 added; 0 pieces of evidence added; 1 edge and 1 piece of evidence retracted
    @discardableResult
    public func apply(graphText: String, options: ApplyOptions = ApplyOptions()) throws(KGError) -> WriteSummary {
        try GraphTextImporter(store: self, options: .init(update: options.update, command: options.command, reason: options.reason))
            .importText(graphText, file: options.file)
    }
}
