
import Testing

extension Trait where Self == ConditionTrait {
    /// Runs the test only where `tool` is present (or CI requires every tool);
    /// elsewhere it is skipped with the Debian package to install.
    public static func requires(_ tool: RequiredTool) -> Self {
        .enabled(if: tool.shouldRun, Comment(rawValue: tool.skipReason))
    }
}
