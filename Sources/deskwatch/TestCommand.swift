import ArgumentParser
import ConfigSupport
import Foundation
import Monitor
import Rules

/// `deskwatch test`: runs rule unit tests, like `promtool test rules`.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run rule unit tests (YAML files like rules/tests/*.yaml) and print PASS or FAIL per test.",
        discussion: """
            Each test file names its rule files (`rule_files:`, relative to the test file), feeds \
            sessions at simulated times and expects alerts. A failing test shows the difference \
            between the expected and the actual alerts. A folder stands for its *.yaml files. \
            Exits 0 when every test passes, 1 otherwise.
            """
    )

    @Argument(help: "Test files or folders of them.") var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one test file") }
    }

    func run() throws {
        let tests = RuleFiles.read(files)
        var err = StandardError()
        for diagnostic in tests.diagnostics { print(diagnostic, to: &err) }
        var passed = 0
        var failed = 0
        var broken = tests.diagnostics.contains(where: \.isError)
        for test in tests.sources {
            let report = Self.run(test)
            print(report.description)
            passed += report.cases.count(where: \.passed)
            failed += report.cases.count { !$0.passed }
            if report.cases.isEmpty, !report.passed { broken = true }
            if report.cases.isEmpty, report.passed { print("note: \(test.file) holds no tests", to: &err) }
        }
        var line = "\(CheckCommand.plural(tests.sources.count, "file")), \(CheckCommand.plural(passed + failed, "test")): "
        line += failed == 0 ? "\(passed) passed" : "\(passed) passed, \(failed) failed"
        if broken { line += "; some files could not be run" }
        print(line)
        if failed > 0 || broken { throw ExitCode(1) }
    }

    /// Runs one test file with the rule files it names (resolved against its folder by the reader).
    static func run(_ test: RuleSource) -> RuleTestReport {
        let (suite, _) = RuleTestSuite.read(test)
        guard let suite else { return RuleTestRunner.run(test: test, ruleSources: []) }
        let rules = RuleFiles.read(suite.ruleFiles)
        var report = RuleTestRunner.run(test: test, ruleSources: rules.sources)
        report.diagnostics = rules.diagnostics + report.diagnostics
        return report
    }
}
