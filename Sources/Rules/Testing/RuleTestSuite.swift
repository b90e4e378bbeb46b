/// A file of rule unit tests, in the spirit of `promtool test rules`: which rule files to load,
/// schedules, and test cases that feed sessions at simulated times and expect alerts.
///
/// ```yaml
/// rule_files: [../abandonment.yaml]
/// schedules:
///   business-hours: {timezone: Asia/Shanghai, days: mon-fri, hours: "09:00-18:00"}
/// tests:
///   - name: a queue with 12% abandoned chats fires after 5 minutes
///     start: 2026-03-02T09:00:00Z
///     sessions:
///       - "0m..59m every 1m queue=g1 status=UserEndedSession"
///       - "10m..21m every 1m queue=g1 status=UserAbandonedDuringQueueing"
///     evaluate: {from: 0m, to: 3h, every: 1m}
///     expect:
///       - 1h7m abandonment-high{AgentGroupId=g1} firing
/// ```
public struct RuleTestSuite: Sendable {
    /// The rule files, as written (relative to the test file), and resolved against its folder.
    public var ruleFiles: [String]
    /// Schedules the rules refer to.
    public var schedules: [String: Schedule]
    /// The test cases.
    public var cases: [RuleTestCase]
    /// The test file's name.
    public var file: String

    /// Creates a rule test suite.
    public init(file: String, ruleFiles: [String], schedules: [String: Schedule], cases: [RuleTestCase]) {
        self.file = file
        self.ruleFiles = ruleFiles
        self.schedules = schedules
        self.cases = cases
    }
}
