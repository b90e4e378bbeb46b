/// One finding about a configuration file, printed the way compilers print theirs:
///
///     deskwatch.yaml:7:13: error: sources[0].region: unknown region `chna` (hint: did you mean `china`? …)
///
/// A diagnostic never holds a secret value: messages name keys, paths and environment variables, not
/// what they contain.
public struct ConfigDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How bad a finding is: an error stops the load, a warning is reported alongside the result.
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    /// Whether the finding is an error or a warning.
    public var severity: Severity
    /// The file the finding is about, as the caller named it.
    public var file: String
    /// 1-based line of the finding, when it has a position.
    public var line: Int?
    /// 1-based column (in Unicode scalars) of the finding, when it has a position.
    public var column: Int?
    /// The key path the finding is about, e.g. `sources[0].poll_every`.
    public var key: String?
    /// What is wrong.
    public var message: String
    /// How to fix it, when there is something useful to say.
    public var hint: String?

    /// Creates a diagnostic.
    public init(
        severity: Severity, file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String,
        hint: String? = nil
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
        self.hint = hint
    }

    /// Whether this is an error.
    public var isError: Bool { severity == .error }

    /// `file:line:column: severity: key: message (hint: …)`; parts that are unknown are left out.
    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        var text = "\(location): \(severity.rawValue): "
        if let key, !key.isEmpty { text += "\(key): " }
        text += message
        if let hint { text += " (hint: \(hint))" }
        return text
    }
}
