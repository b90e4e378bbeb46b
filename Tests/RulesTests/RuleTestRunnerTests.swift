import ConfigSupport
import Rules
import Testing

/// The YAML rule tests: notation, expectations and readable failures.
struct RuleTestRunnerTests {
    let rules = RuleSource(
        file: "rules/queue.yaml",
        text: """
            rules:
              - name: busy
                group_by: [AgentGroupId]
                window: 10m
                condition: {count: {at_least: 2}}
            """)

    func run(_ tests: String) -> RuleTestReport {
        let text = "rule_files: [queue.yaml]\nstart: 2026-03-02T00:00:00Z\ntests:\n" + tests
        return RuleTestRunner.run(test: RuleSource(file: "rules/queue-test.yaml", text: text), ruleSources: [rules])
    }

    @Test func ruleFilesAreResolvedAgainstTheTestFile() {
        let (suite, _) = RuleTestSuite.read(RuleSource(file: "rules/tests/a.yaml", text: "rule_files: [../queue.yaml]\ntests: []\n"))
        #expect(suite?.ruleFiles == ["rules/queue.yaml"])
    }

    @Test func passingCaseReportsPass() {
        let report = run(
            """
              - name: two chats fire
                sessions: ["1m *2 queue=g1"]
                evaluate: {from: 0m, to: 20m}
                expect:
                  - 3m busy{AgentGroupId=g1} firing value=2
                  - 13m busy{AgentGroupId=g1} resolved
            """)
        #expect(report.passed, "\(report)")
        #expect(report.description == "PASS rules/queue-test.yaml: two chats fire")
    }

    @Test func failingCaseShowsALineDiff() {
        let report = run(
            """
              - name: wrong time
                sessions: ["1m *2 queue=g1"]
                evaluate: {from: 0m, to: 20m}
                expect:
                  - 4m busy{AgentGroupId=g1} firing
                  - 13m busy{AgentGroupId=g1} resolved
            """)
        #expect(!report.passed)
        #expect(
            report.description == """
                FAIL rules/queue-test.yaml: wrong time
                    the events differ (- expected, + actual):
                    + 3m busy{AgentGroupId=g1} firing value=2
                    - 4m busy{AgentGroupId=g1} firing
                      13m busy{AgentGroupId=g1} resolved value=0
                """)
    }

    @Test func stateChecksCompareFiringAlerts() {
        let report = run(
            """
              - name: state
                sessions: ["1m *2 queue=g1", "2m *2 queue=g2"]
                evaluate: {from: 0m, to: 5m}
                alerts:
                  - {at: 4m, firing: ["busy{AgentGroupId=g1}"]}
            """)
        #expect(
            report.description == """
                FAIL rules/queue-test.yaml: state
                    at 4m, the firing alerts differ (- expected, + actual):
                      busy{AgentGroupId=g1}
                    + busy{AgentGroupId=g2}
                """)
    }

    @Test func allEventsIncludePendingAndCancelled() {
        let text = """
            rules:
              - name: slow
                window: 10m
                condition: {count: {at_least: 1}}
                for: 15m
            """
        let test = """
            rule_files: [slow.yaml]
            start: 2026-03-02T00:00:00Z
            tests:
              - name: pending then cancelled
                sessions: ["0m"]
                events: all
                evaluate: {from: 0m, to: 15m}
                expect: [2m slow pending, 12m slow cancelled]
            """
        let report = RuleTestRunner.run(test: RuleSource(file: "t.yaml", text: test), ruleSources: [RuleSource(file: "slow.yaml", text: text)])
        #expect(report.passed, "\(report)")
    }

    @Test func changedRecordArrivesLate() throws {
        var next = 1
        let feeds = try SessionNotation.sessions("10m id=x rating=1 arrives=1h", start: 0, nextID: &next)
        #expect(feeds.map(\.arrival) == [3600])
        #expect(feeds.map(\.session.timestamp) == [600])
        #expect(feeds.map(\.session.satisfaction) == [1])
        let many = try SessionNotation.sessions("0m..4m every 2m *2 queue=g1 duration=5m", start: 0, nextID: &next)
        #expect(many.map(\.session.sessionID) == ["s1", "s2", "s3", "s4", "s5", "s6"])
        #expect(many.map(\.session.timestamp) == [0, 0, 120, 120, 240, 240])
        #expect(many.first?.session.duration == 300)
    }

    @Test(arguments: [
        (
            "\"10m stauts=UserTimeout\"",
            "rules/queue-test.yaml:5:16: error: tests[0].sessions[0]: unknown key `stauts` (hint: did you mean `status`?)"
        ),
        (
            "\"0m..10m queue=g1\"",
            "rules/queue-test.yaml:5:16: error: tests[0].sessions[0]: a range of times needs `every <step>` (hint: 0m..59m every 1m)"
        ),
        (
            "\"ten queue=g1\"",
            "rules/queue-test.yaml:5:16: error: tests[0].sessions[0]: `ten` is not a time offset: `ten` is not a duration (hint: write 0m, 90s, 1h5m or -7d)"
        ),
    ])
    func badSessionLineIsReportedWithItsPosition(_ line: String, _ expected: String) {
        let report = run(
            """
              - name: bad
                sessions: [\(line)]
                evaluate: {from: 0m, to: 5m}
            """)
        #expect(report.diagnostics.map(\.description) == [expected])
        #expect(!report.passed)
    }

    @Test func unknownRuleInATestFails() {
        let report = run(
            """
              - name: typo
                rules: [bussy]
                evaluate: {from: 0m, to: 5m}
            """)
        #expect(report.cases.first?.failures == ["unknown rule(s) bussy; the rule files define busy"])
    }
}
