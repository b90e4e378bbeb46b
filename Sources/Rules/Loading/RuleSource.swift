/// The text of one rule file and the name diagnostics call it by (usually its path).
public struct RuleSource: Sendable, Hashable {
    /// The name used in diagnostics.
    public var file: String
    /// The YAML text.
    public var text: String

    /// Creates a rule source.
    public init(file: String, text: String) {
        self.file = file
        self.text = text
    }
}
