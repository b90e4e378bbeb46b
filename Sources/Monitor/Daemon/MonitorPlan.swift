import ConfigSupport
import Foundation
import Rules

/// What the monitor runs: the configuration and the rules it names, checked together (the
/// receivers in `notify:` and the schedules in `active:` must be defined), with every problem
/// found before anything starts.
public struct MonitorPlan: Sendable {
    public var config: DeskwatchConfig
    public var rules: [Rule]
    /// Warnings from the configuration and the rule files.
    public var warnings: [ConfigDiagnostic]

    public init(config: DeskwatchConfig, rules: [Rule], warnings: [ConfigDiagnostic] = []) {
        self.config = config
        self.rules = rules
        self.warnings = warnings
    }

    /// Loads the configuration at `path` and the rules its `rules:` names.
    ///
    /// - Throws: ``ConfigError`` with every error (and warning) of the configuration and of every
    ///   rule file; a configuration that cannot be read stops before the rules are read.
    public static func load(configPath path: String, environment: [String: String]) throws(ConfigError) -> MonitorPlan {
        let config = try DeskwatchConfig.load(path: path, environment: environment)
        return try load(config: config, configPath: path, rules: RuleFiles.read(config.rules))
    }

    /// Checks `config` with rules read from `files`.
    public static func load(config: DeskwatchConfig, configPath: String, rules files: RuleFiles.Loaded) throws(ConfigError) -> MonitorPlan {
        var diagnostics = config.warnings + files.diagnostics
        if config.state == nil {
            diagnostics.append(
                ConfigDiagnostic(
                    severity: .error, file: configPath, message: "the configuration has no `state:`",
                    hint: "name the state database file, e.g. state: /var/lib/deskwatch/deskwatch.sqlite"))
        }
        if config.rules.isEmpty {
            diagnostics.append(
                ConfigDiagnostic(severity: .warning, file: configPath, message: "no rules: nothing will be evaluated", hint: "add `rules: ./rules`"))
        }
        let options = config.ruleLoadOptions
        let ruleSet = RuleSet.load(files.sources, options: options)
        diagnostics += ruleSet.diagnostics
        guard !diagnostics.contains(where: \.isError) else { throw ConfigError(diagnostics: diagnostics) }
        return MonitorPlan(config: config, rules: ruleSet.rules, warnings: diagnostics)
    }
}
