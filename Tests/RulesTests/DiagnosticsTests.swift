import ConfigSupport
import Rules
import Testing

/// A corpus of broken rule files, each with the one line a user should see.
struct DiagnosticsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        var expected: String
        var testDescription: String { name }
    }

    static func rule(_ body: String) -> String {
        "rules:\n  - name: r\n" + body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
    }

    static let corpus: [Case] = [
        Case(
            name: "unknown rule key", yaml: rule("severty: critical\nwindow: 5m\ncondition: {count: {above: 1}}"),
            expected: "r.yaml:3:5: error: rules[0].severty: unknown rule key (hint: did you mean `severity`?)"),
        Case(
            name: "unknown severity", yaml: rule("severity: critcal\nwindow: 5m\ncondition: {count: {above: 1}}"),
            expected:
                "r.yaml:3:15: error: rules[0].severity: unknown severity `critcal` (hint: did you mean `critical`? severitys: info, warning, critical)"
        ),
        Case(
            name: "bad duration", yaml: rule("window: 5 minutes\ncondition: {count: {above: 1}}"),
            expected: "r.yaml:3:13: error: rules[0].window: `5 minutes` has a number without a unit (hint: units are ms, s, m, h, d)"),
        Case(
            name: "window not in whole minutes", yaml: rule("window: 90s\ncondition: {count: {above: 1}}"),
            expected: "r.yaml:3:13: error: rules[0].window: must be a whole number of minutes (hint: windows are counted minute by minute; write 1m)"),
        Case(
            name: "missing window", yaml: rule("condition: {count: {above: 1}}"),
            expected: "r.yaml:2:5: error: rules[0].window: required key is missing (hint: for example window: 1h)"),
        Case(
            name: "ratio above 100%", yaml: rule("window: 1h\ncondition: {ratio: {of: {EndStatus: UserTimeout}, above: 120%}}"),
            expected:
                "r.yaml:4:62: error: rules[0].condition.ratio.above: 120% is not a share between 0% and 100% (hint: a share lies between 0% and 100%)"
        ),
        Case(
            name: "ratio written as a whole number", yaml: rule("window: 1h\ncondition: {ratio: {of: {EndStatus: UserTimeout}, above: 10}}"),
            expected: "r.yaml:4:62: error: rules[0].condition.ratio.above: 1000% is not a share between 0% and 100% (hint: write 10% or 0.1)"),
        Case(
            name: "bad percentage", yaml: rule("window: 1h\ncondition: {ratio: {of: {EndStatus: UserTimeout}, above: ten%}}"),
            expected: "r.yaml:4:62: error: rules[0].condition.ratio.above: expected a percentage, found `ten%` (hint: write 10% or 0.1)"),
        Case(
            name: "min_matches above min_total",
            yaml: rule("window: 1h\ncondition: {ratio: {of: {EndStatus: UserTimeout}, above: 5%, min_total: 5, min_matches: 10}}"),
            expected:
                "r.yaml:4:93: error: rules[0].condition.ratio.min_matches: min_matches (10) is larger than min_total (5) (hint: min_matches counts matching sessions among at least min_total; it cannot exceed it)"
        ),
        Case(
            name: "stat on a text field", yaml: rule("window: 1h\ncondition: {stat: {field: AgentId, statistic: median, above: 3}}"),
            expected:
                "r.yaml:4:31: error: rules[0].condition.stat.field: `stat` works on Duration or SatisfactionSelected, not `AgentId` (hint: to count sessions by AgentId use count or ratio)"
        ),
        Case(
            name: "rating threshold out of range",
            yaml: rule("window: 1h\ncondition: {stat: {field: SatisfactionSelected, statistic: mean, above: 5}}"),
            expected: "r.yaml:4:77: error: rules[0].condition.stat.above: ratings run from 1 to 5; a mean is never > 5"),
        Case(
            name: "rating value out of range", yaml: rule("where: {SatisfactionSelected: 6}\nwindow: 1h\ncondition: {count: {above: 1}}"),
            expected: "r.yaml:3:35: error: rules[0].where.SatisfactionSelected: ratings run from 1 to 5; 6 never occurs"),
        Case(
            name: "comparison on a text field", yaml: rule("where: {AgentId: {above: 3}}\nwindow: 1h\ncondition: {count: {above: 1}}"),
            expected:
                "r.yaml:3:23: error: rules[0].where.AgentId.above: `above` compares numbers, but `AgentId` holds text (hint: use is, in, not_in or matches)"
        ),
        Case(
            name: "unknown EndStatus is a warning",
            yaml: rule("where: {EndStatus: UserAbandonedDuringQueing}\nwindow: 1h\ncondition: {count: {above: 1}}"),
            expected:
                "r.yaml:3:24: warning: rules[0].where.EndStatus: `UserAbandonedDuringQueing` is not a documented EndStatus (hint: did you mean `UserAbandonedDuringQueueing`?)"
        ),
        Case(
            name: "unknown field", yaml: rule("where: {Duraton: {above: 3}}\nwindow: 1h\ncondition: {count: {above: 1}}"),
            expected: "r.yaml:3:13: error: rules[0].where.Duraton: unknown field `Duraton` (hint: did you mean `Duration`?)"),
        Case(
            name: "unknown operator", yaml: rule("where: {Duration: {gt: 3}}\nwindow: 1h\ncondition: {count: {above: 1}}"),
            expected:
                "r.yaml:3:24: error: rules[0].where.Duration.gt: unknown operator `gt` (hint: operators: is, is_not, in, not_in, above, at_least, below, at_most, matches, exists)"
        ),
        Case(
            name: "bad regular expression",
            yaml: rule("where: {ClientUserNickName: {matches: \"([a-z\"}}\nwindow: 1h\ncondition: {count: {above: 1}}"),
            expected: "r.yaml:3:43: error: rules[0].where.ClientUserNickName.matches: `([a-z` is not a valid regular expression"),
        Case(
            name: "two conditions", yaml: rule("window: 1h\ncondition: {count: {above: 1}, absent: {}}"),
            expected:
                "r.yaml:4:36: error: rules[0].condition.absent: only one of `count`, `ratio`, `spike`, `stat`, `absent`, `each` can be set (hint: a rule has one condition; write another rule for another one)"
        ),
        Case(
            name: "unknown condition kind", yaml: rule("window: 1h\ncondition: {cuont: {above: 1}}"),
            expected: "r.yaml:4:17: error: rules[0].condition.cuont: unknown condition kind (hint: did you mean `count`?)"),
        Case(
            name: "count that can never hold", yaml: rule("window: 1h\ncondition: {count: {below: 0}}"),
            expected: "r.yaml:4:32: error: rules[0].condition.count.below: a count is never < 0 (hint: to alert when nothing arrives use `absent`)"),
        Case(
            name: "count that always holds", yaml: rule("window: 1h\ncondition: {count: {at_least: 0}}"),
            expected:
                "r.yaml:4:35: warning: rules[0].condition.count.at_least: every count is ≥ 0, so the rule always holds (hint: for one or more write at_least: 1)"
        ),
        Case(
            name: "ratio that always holds", yaml: rule("window: 1h\ncondition: {ratio: {of: {EndStatus: UserTimeout}, at_most: 100%}}"),
            expected: "r.yaml:4:64: warning: rules[0].condition.ratio.at_most: every share is ≤ 100%, so the rule always holds"),
        Case(
            name: "spike factor not above 1", yaml: rule("window: 1h\ncondition: {spike: {compared_to: last_week, factor: 0.5}}"),
            expected:
                "r.yaml:4:57: error: rules[0].condition.spike.factor: factor must be above 1 (hint: 2 means twice as many (up) or half as many (down))"
        ),
        Case(
            name: "unknown reference window", yaml: rule("window: 1h\ncondition: {spike: {compared_to: lastweek, factor: 2}}"),
            expected:
                "r.yaml:4:38: error: rules[0].condition.spike.compared_to: unknown reference window `lastweek` (hint: did you mean `last_week`? reference windows: previous_window, last_week)"
        ),
        Case(
            name: "unknown statistic", yaml: rule("window: 1h\ncondition: {stat: {field: Duration, statistic: medain, above: 300}}"),
            expected: "r.yaml:4:52: error: rules[0].condition.stat.statistic: unknown statistic `medain` (hint: did you mean `median`?)"),
        Case(
            name: "YAML syntax error", yaml: "rules:\n  - name: r\n    window: [1h\n",
            expected:
                "r.yaml:4:1: error: YAML syntax error: did not find expected ',' or ']' (hint: while parsing a flow sequence that starts at line 3, column 13)"
        ),
        Case(
            name: "not a list of rules", yaml: "rules: {name: r}\n",
            expected: "r.yaml:1:8: error: rules: expected a list, found a mapping"),
        Case(
            name: "invalid rule name", yaml: "rules:\n  - name: my rule\n    window: 1h\n    condition: {count: {above: 1}}\n",
            expected:
                "r.yaml:2:11: error: rules[0].name: rule names may only hold letters, digits, `-`, `_` and `.` (hint: for example abandonment-high)"),
        Case(
            name: "unknown placeholder in summary", yaml: rule("window: 1h\ncondition: {count: {above: 1}}\nsummary: \"{{valeu}} chats\""),
            expected: "r.yaml:5:14: warning: rules[0].summary: unknown placeholder `{{valeu}}` (hint: did you mean `value`?)"),
    ]

    @Test(arguments: corpus)
    func brokenFileReportsOneClearLine(_ testCase: Case) {
        let set = RuleSet.load([RuleSource(file: "r.yaml", text: testCase.yaml)])
        #expect(set.diagnostics.map(\.description) == [testCase.expected])
    }

    @Test func ruleWithAnErrorIsLeftOutButItsNeighboursLoad() {
        let yaml = """
            rules:
              - name: broken
                window: 1h
                condition: {count: {abov: 1}}
              - name: fine
                window: 1h
                condition: {count: {above: 1}}
            """
        let set = RuleSet.load([RuleSource(file: "r.yaml", text: yaml)])
        #expect(set.rules.map(\.name) == ["fine"])
        #expect(set.hasErrors)
    }

    @Test func brokenFileDoesNotStopOtherFiles() {
        let set = RuleSet.load([
            RuleSource(file: "a.yaml", text: "rules: [\n"),
            RuleSource(file: "b.yaml", text: "rules:\n  - name: fine\n    window: 1h\n    condition: {absent: {}}\n"),
        ])
        #expect(set.rules.map(\.name) == ["fine"])
        #expect(set.diagnostics.count == 1)
        #expect(set.diagnostics.first?.file == "a.yaml")
    }

    @Test func duplicateNameAcrossFilesIsReportedAtTheSecond() {
        let text = "rules:\n  - name: same\n    window: 1h\n    condition: {absent: {}}\n"
        let set = RuleSet.load([RuleSource(file: "a.yaml", text: text), RuleSource(file: "b.yaml", text: text)])
        #expect(set.rules.count == 1)
        #expect(
            set.diagnostics.map(\.description) == [
                "b.yaml:2:11: error: rules[0].name: duplicate rule name `same` (hint: the name is already used at a.yaml:2; rule names must be unique across all files)"
            ])
    }

    @Test func unknownReceiversAndSchedulesAreCheckedWhenTheConfigIsGiven() {
        let text = Self.rule("window: 1h\ncondition: {absent: {}}\nnotify: [support-wecon]\nactive: office")
        let options = RuleLoadOptions(knownReceivers: ["support-wecom"], knownSchedules: ["business-hours"])
        let set = RuleSet.load([RuleSource(file: "r.yaml", text: text)], options: options)
        #expect(
            set.diagnostics.map(\.description) == [
                "r.yaml:5:14: error: rules[0].notify[0]: unknown receiver `support-wecon` (hint: did you mean `support-wecom`?)",
                "r.yaml:6:13: error: rules[0].active: unknown schedule `office` (hint: schedules: business-hours)",
            ])
        let unchecked = RuleSet.load([RuleSource(file: "r.yaml", text: text)])
        #expect(unchecked.diagnostics.isEmpty)
    }
}
