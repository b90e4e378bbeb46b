import ConfigSupport

/// The outcome of a rule test file.
public struct RuleTestReport: Sendable, CustomStringConvertible {
    /// The outcome of one case.
    public struct CaseResult: Sendable {
        /// The case's name.
        public var name: String
        /// Readable explanations of what differed; empty when the case passed.
        public var failures: [String]
        /// Whether the case passed.
        public var passed: Bool { failures.isEmpty }
    }

    /// The test file.
    public var file: String
    /// One result per case, in file order.
    public var cases: [CaseResult]
    /// Problems reading the test file or the rule files.
    public var diagnostics: [ConfigDiagnostic]

    /// Whether every case passed and nothing stopped the run.
    public var passed: Bool { !diagnostics.contains(where: \.isError) && cases.allSatisfy(\.passed) }

    /// `PASS`/`FAIL` per case, with the differences indented below a failing one.
    public var description: String {
        var lines = diagnostics.map(\.description)
        for result in cases {
            lines.append("\(result.passed ? "PASS" : "FAIL") \(file): \(result.name)")
            for failure in result.failures {
                lines += failure.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
            }
        }
        if cases.isEmpty, diagnostics.contains(where: \.isError) { lines.append("FAIL \(file): not run") }
        return lines.joined(separator: "\n")
    }
}
