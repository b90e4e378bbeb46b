import Foundation

/// Reads one YAML file into typed values while collecting diagnostics with file, line, column and
/// key path, instead of stopping at the first problem.
///
/// The accessors in the extensions return `nil` after recording an error, so callers can go on
/// reading the rest of the file. Strings are expanded from ``environment`` (`${NAME}`), and values
/// marked secret never appear in the diagnostics returned by ``finish()``.
package struct YAMLReader {
    /// The file name diagnostics carry.
    package let file: String
    /// The environment `${NAME}` references are taken from.
    package let environment: [String: String]
    /// Everything recorded so far, in the order found.
    package private(set) var diagnostics: [ConfigDiagnostic] = []
    /// Values that must not show in any diagnostic.
    package private(set) var secrets: Set<String> = []
    /// Keys left out of mappings because the same key follows later in the same mapping.
    package var shadowedKeys: Set<YAMLPosition> = []

    /// Creates a reader for `file`.
    package init(file: String, environment: [String: String]) {
        self.file = file
        self.environment = environment
    }

    /// Whether an error has been recorded.
    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Records an error at `position` about `key`.
    package mutating func error(_ message: String, key: String? = nil, at position: YAMLPosition?, hint: String? = nil) {
        report(.error, message, key: key, at: position, hint: hint)
    }

    /// Records a warning at `position` about `key`.
    package mutating func warning(_ message: String, key: String? = nil, at position: YAMLPosition?, hint: String? = nil) {
        report(.warning, message, key: key, at: position, hint: hint)
    }

    /// Records a diagnostic.
    package mutating func report(_ severity: ConfigDiagnostic.Severity, _ message: String, key: String?, at position: YAMLPosition?, hint: String?) {
        diagnostics.append(
            ConfigDiagnostic(
                severity: severity, file: file, line: position?.line, column: position?.column, key: key, message: message, hint: hint))
    }

    /// Keeps `value` out of every diagnostic.
    ///
    /// Values shorter than ``minimumRedactedLength`` are not searched for: replacing every
    /// occurrence of a one- or two-letter "secret" would garble the messages, and such a value
    /// protects nothing anyway.
    package mutating func markSecret(_ value: String) {
        if value.count >= Self.minimumRedactedLength { secrets.insert(value) }
    }

    /// The shortest secret value that is redacted from diagnostics.
    package static let minimumRedactedLength = 4

    /// The diagnostics in file order (those without a position first), with every secret value
    /// replaced by `<redacted>`.
    package func finish() -> [ConfigDiagnostic] {
        let longestFirst = secrets.sorted { $0.count > $1.count }
        func redact(_ text: String) -> String {
            longestFirst.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
        }
        return diagnostics.enumerated()
            .sorted { lhs, rhs in
                let left = (lhs.element.line ?? 0, lhs.element.column ?? 0, lhs.offset)
                let right = (rhs.element.line ?? 0, rhs.element.column ?? 0, rhs.offset)
                return left < right
            }
            .map { _, diagnostic in
                var diagnostic = diagnostic
                diagnostic.message = redact(diagnostic.message)
                diagnostic.hint = diagnostic.hint.map(redact)
                diagnostic.key = diagnostic.key.map(redact)
                return diagnostic
            }
    }
}
