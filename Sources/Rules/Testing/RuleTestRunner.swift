import ConfigSupport

/// Runs rule unit tests: a pure function of the test file and the rule files' text.
///
/// ```swift
/// let (suite, diagnostics) = RuleTestSuite.read(testSource)
/// // read suite.ruleFiles from disk into RuleSources, then:
/// let report = RuleTestRunner.run(suite, ruleSources: sources)
/// print(report); exit(report.passed ? 0 : 1)
/// ```
public enum RuleTestRunner {
    /// Reads and runs a test file in one go; `ruleSources` must hold the files it names.
    public static func run(test: RuleSource, ruleSources: [RuleSource]) -> RuleTestReport {
        let (suite, diagnostics) = RuleTestSuite.read(test)
        guard let suite else { return RuleTestReport(file: test.file, cases: [], diagnostics: diagnostics) }
        var report = run(suite, ruleSources: ruleSources)
        report.diagnostics = diagnostics + report.diagnostics
        return report
    }

    /// Runs every case of `suite` against the rules read from `ruleSources`.
    public static func run(_ suite: RuleTestSuite, ruleSources: [RuleSource]) -> RuleTestReport {
        let options = RuleLoadOptions(knownSchedules: Set(suite.schedules.keys))
        let set = RuleSet.load(ruleSources, options: options)
        guard !set.hasErrors else { return RuleTestReport(file: suite.file, cases: [], diagnostics: set.diagnostics) }
        let results = suite.cases.map { run($0, rules: set.rules, schedules: suite.schedules) }
        return RuleTestReport(file: suite.file, cases: results, diagnostics: set.diagnostics.filter(\.isError))
    }

    private struct ActualEvent {
        var at: Int
        var rule: String
        var labels: String
        var event: AlertEvent
        var value: String
    }

    static func labels(_ group: AlertGroup) -> String {
        group.labels.map { "\($0.field.rawValue)=\($0.value)" }.joined(separator: ",")
    }

    private static func alertName(_ rule: String, _ labels: String) -> String {
        labels.isEmpty ? rule : "\(rule){\(labels)}"
    }

    /// Runs one case: feeds sessions as they arrive, evaluates at each time, and compares.
    public static func run(_ testCase: RuleTestCase, rules: [Rule], schedules: [String: Schedule]) -> RuleTestReport.CaseResult {
        var failures: [String] = []
        let known = Set(rules.map(\.name))
        let unknown = testCase.rules.filter { !known.contains($0) }
        if !unknown.isEmpty {
            failures.append("unknown rule(s) \(unknown.joined(separator: ", ")); the rule files define \(known.sorted().joined(separator: ", "))")
            return .init(name: testCase.name, failures: failures)
        }
        let selected = testCase.rules.isEmpty ? rules : rules.filter { testCase.rules.contains($0.name) }
        var engine = Engine(rules: selected, schedules: schedules)
        let feeds = testCase.feeds.enumerated().sorted { ($0.element.arrival, $0.offset) < ($1.element.arrival, $1.offset) }.map(\.element)
        var next = 0
        var actual: [ActualEvent] = []
        var checks = testCase.stateChecks
        for time in testCase.evaluations {
            while next < feeds.count, feeds[next].arrival <= time {
                engine.upsert(feeds[next].session)
                next += 1
            }
            for transition in engine.evaluate(at: time) where testCase.allEvents || transition.notifies {
                actual.append(
                    ActualEvent(
                        at: time, rule: transition.rule, labels: labels(transition.group), event: transition.event,
                        value: transition.measurement.valueText))
            }
            while let index = checks.firstIndex(where: { $0.at == time }) {
                let check = checks.remove(at: index)
                failures += compare(check, status: engine.status, start: testCase.start)
            }
        }
        if let expected = testCase.expected {
            let matches = { (expected: RuleTestCase.ExpectedEvent, actual: ActualEvent) -> Bool in
                expected.at == actual.at && expected.rule == actual.rule && expected.labels == actual.labels && expected.event == actual.event
                    && (expected.value.map { $0 == actual.value } ?? true)
            }
            let aligned = expected.count == actual.count && zip(expected, actual).allSatisfy(matches)
            if !aligned {
                let show = { (at: Int, rule: String, labels: String, event: AlertEvent) in
                    "\(SessionNotation.format(offset: at - testCase.start)) \(alertName(rule, labels)) \(event.rawValue)"
                }
                let diff = LineDiff.render(
                    expected: expected, actual: actual, same: matches,
                    showExpected: { show($0.at, $0.rule, $0.labels, $0.event) + ($0.value.map { " value=\($0)" } ?? "") },
                    showActual: { show($0.at, $0.rule, $0.labels, $0.event) + " value=\($0.value)" })
                failures.append("the events differ (- expected, + actual):\n" + diff)
            }
        }
        return .init(name: testCase.name, failures: failures)
    }

    private static func compare(_ check: RuleTestCase.StateCheck, status: [RuleStatus], start: Int) -> [String] {
        var firing: [String] = []
        var pending: [String] = []
        for rule in status {
            for group in rule.groups {
                let name = alertName(rule.rule, labels(group.group))
                if group.state.status == .firing { firing.append(name) }
                if group.state.status == .pending { pending.append(name) }
            }
        }
        var failures: [String] = []
        let time = SessionNotation.format(offset: check.at - start)
        for (kind, expected, actual) in [("firing", check.firing, firing), ("pending", check.pending, pending)]
        where expected.sorted() != actual.sorted() {
            let diff = LineDiff.render(expected: expected.sorted(), actual: actual.sorted(), same: ==, showExpected: { $0 }, showActual: { $0 })
            failures.append("at \(time), the \(kind) alerts differ (- expected, + actual):\n" + (diff.isEmpty ? "  (none)" : diff))
        }
        return failures
    }
}
