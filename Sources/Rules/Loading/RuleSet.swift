import ConfigSupport

/// The result of loading rule files: every rule that could be read, and every finding.
///
/// A rule with an error is left out and reported; the other rules, in the same file and in other
/// files, are still loaded. Whether a reload with errors is applied is the caller's choice
/// (the monitor keeps the last good set).
public struct RuleSet: Sendable {
    /// The rules that were read without error, in file order.
    public var rules: [Rule]
    /// Errors and warnings, file by file, in file order.
    public var diagnostics: [ConfigDiagnostic]

    /// Creates a rule set.
    public init(rules: [Rule], diagnostics: [ConfigDiagnostic]) {
        self.rules = rules
        self.diagnostics = diagnostics
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains(where: \.isError) }

    /// Reads `sources` in order. Rule names must be unique across all of them; the first rule with
    /// a name wins.
    public static func load(_ sources: [RuleSource], options: RuleLoadOptions = RuleLoadOptions()) -> RuleSet {
        var rules: [Rule] = []
        var diagnostics: [ConfigDiagnostic] = []
        var seen: [String: Rule.Origin] = [:]
        for source in sources {
            var reader = RuleFileReader(file: source.file, options: options)
            let read = reader.read(source.text)
            for entry in read {
                if let first = seen[entry.rule.name] {
                    reader.reader.error(
                        "duplicate rule name `\(entry.rule.name)`", key: entry.namePath, at: entry.namePosition,
                        hint: "the name is already used at \(first); rule names must be unique across all files")
                    continue
                }
                seen[entry.rule.name] = entry.rule.origin
                rules.append(entry.rule)
            }
            diagnostics += reader.reader.finish()
        }
        return RuleSet(rules: rules, diagnostics: diagnostics)
    }
}
