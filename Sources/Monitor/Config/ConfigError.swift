import ConfigSupport

/// A configuration that could not be loaded, with everything that was found wrong with it.
///
/// Loading does not stop at the first problem: ``diagnostics`` holds all errors (and the warnings
/// found on the way), in the order they appear in the file.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// Every finding, errors and warnings, in file order.
    public var diagnostics: [ConfigDiagnostic]

    /// Creates an error from its findings.
    public init(diagnostics: [ConfigDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// The findings that are errors.
    public var errors: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .error } }

    /// The findings that are warnings.
    public var warnings: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .warning } }

    /// One diagnostic per line.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
