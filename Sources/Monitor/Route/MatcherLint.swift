import ConfigSupport
import Rules

/// Matchers that parse but cannot mean what was written: a misspelt built-in label name, or a
/// severity that does not exist.
public enum MatcherLint {
    /// One finding about a matcher.
    public struct Finding: Sendable, Hashable, CustomStringConvertible {
        /// An error stops the configuration or the command; a warning is printed.
        public var isError: Bool
        /// What is wrong.
        public var message: String
        /// How to fix it.
        public var hint: String?

        /// The message, with the hint in parentheses.
        public var description: String { hint.map { "\(message) (hint: \($0))" } ?? message }
    }

    /// Label names every alert has or may have from its group. A name close to one of these
    /// (but not equal) gets a warning; other names are accepted, as rules may add labels of their
    /// own with `labels:`.
    public static let knownLabels = [Rule.alertNameLabel, Rule.severityLabel] + SessionField.allCases.map(\.rawValue)

    /// The findings for `matcher`.
    public static func findings(for matcher: LabelMatcher) -> [Finding] {
        var findings = labelName(matcher.name).map { [$0] } ?? []
        let severities = Severity.allCases.map(\.rawValue)
        // `severity=critcal` could never match (and `severity!=critcal` always would).
        if matcher.name == Rule.severityLabel, !matcher.op.isRegex, !severities.contains(matcher.value) {
            let list = "severities: \(severities.joined(separator: ", "))"
            let hint = Suggestion.didYouMean(matcher.value, among: severities).map { "\($0) \(list)" } ?? list
            findings.append(Finding(isError: true, message: "unknown severity \(YAMLReader.quoted(matcher.value))", hint: hint))
        }
        return findings
    }

    /// A warning for a label name that looks like a misspelt built-in one.
    public static func labelName(_ name: String) -> Finding? {
        guard !knownLabels.contains(name), let hint = Suggestion.didYouMean(name, among: knownLabels) else { return nil }
        return Finding(
            isError: false, message: "no built-in label is called \(YAMLReader.quoted(name)); it matches only a rule's own `labels:`",
            hint: hint)
    }
}
