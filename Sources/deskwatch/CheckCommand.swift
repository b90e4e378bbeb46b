import ArgumentParser
import ConfigSupport
import Foundation
import Monitor
import Rules

/// `deskwatch check`: validates the configuration and rule files, like `promtool check rules`.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the configuration and rule files and print what is wrong, file:line:column first.",
        discussion: """
            PATH is a rule file or a folder of them (its *.yaml files; sub-folders are not read). \
            Without PATH, the rules named by `rules:` in the configuration are checked. With \
            --config, the receivers in `notify:` and the schedules in `active:` must be defined there. \
            Diagnostics go to standard error, a one-line summary to standard output. Exits 0 when \
            there are no errors (warnings allowed), 1 otherwise.
            """
    )

    @Option(help: "Configuration file: checked too, and the source of receiver and schedule names.") var config: String?
    @Argument(help: "Rule files or folders (default: the configuration's `rules:`).") var paths: [String] = []

    func validate() throws {
        guard config != nil || !paths.isEmpty else {
            throw ValidationError("name rule files or folders, or a configuration with --config")
        }
    }

    func run() throws {
        var diagnostics: [ConfigDiagnostic] = []
        var fileCount = 0
        var options = RuleLoadOptions()
        var rulePaths = paths
        var rulesUnchecked = false
        if let config {
            fileCount += 1
            do {
                let loaded = try DeskwatchConfig.load(path: config, environment: ProcessInfo.processInfo.environment)
                diagnostics += loaded.warnings
                options = loaded.ruleLoadOptions
                if rulePaths.isEmpty {
                    rulePaths = loaded.rules
                    if rulePaths.isEmpty {
                        diagnostics.append(
                            ConfigDiagnostic(
                                severity: .warning, file: config, message: "no rules to check",
                                hint: "name rule folders or files with `rules:` in the configuration, or as arguments"))
                    }
                }
            } catch {
                diagnostics += error.diagnostics
                rulesUnchecked = rulePaths.isEmpty
            }
        }
        let files = RuleFiles.read(rulePaths)
        fileCount += files.fileCount
        diagnostics += files.diagnostics
        let ruleSet = RuleSet.load(files.sources, options: options)
        diagnostics += ruleSet.diagnostics

        var err = StandardError()
        for diagnostic in diagnostics { print(diagnostic, to: &err) }
        if rulesUnchecked {
            print("the rules were not checked: the configuration that names them could not be read", to: &err)
        }
        let errors = diagnostics.count(where: \.isError)
        let warnings = diagnostics.count - errors
        print(Self.summary(files: fileCount, rules: ruleSet.rules.count, errors: errors, warnings: warnings))
        if errors > 0 || rulesUnchecked { throw ExitCode(1) }
    }

    /// `3 files, 11 rules: OK`, or with the number of errors and warnings.
    static func summary(files: Int, rules: Int, errors: Int, warnings: Int) -> String {
        let counted = "\(plural(files, "file")), \(plural(rules, "rule"))"
        switch (errors, warnings) {
        case (0, 0): return "\(counted): OK"
        case (0, _): return "\(counted): OK, \(plural(warnings, "warning"))"
        case (_, 0): return "\(counted): \(plural(errors, "error"))"
        default: return "\(counted): \(plural(errors, "error")), \(plural(warnings, "warning"))"
        }
    }

    static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}
