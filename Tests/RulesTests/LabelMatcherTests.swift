import Foundation
import Rules
import Testing

/// Label matchers as people write them in routes, inhibition rules and silences.
struct LabelMatcherTests {
    func parse(_ text: String) throws -> LabelMatcher { try LabelMatcher(parsing: text) }

    /// The error message for `text`, or a note that it parsed.
    func failure(_ text: String) -> String {
        do {
            let matcher = try LabelMatcher(parsing: text)
            return "parsed as \(matcher)"
        } catch {
            return error.description
        }
    }

    @Test(arguments: [
        ("severity=critical", "severity", LabelMatcher.Operator.equal, "critical"),
        ("team!=ops", "team", .notEqual, "ops"),
        ("AgentGroupId=~30.*", "AgentGroupId", .matches, "30.*"),
        ("alertname!~abandon.*", "alertname", .notMatches, "abandon.*"),
        ("  severity = warning ", "severity", .equal, "warning"),
        ("queue=\"Sales EU\"", "queue", .equal, "Sales EU"),
        ("note=\"a \\\"quoted\\\" word\"", "note", .equal, "a \"quoted\" word"),
        ("x=", "x", .equal, ""),
        ("expr=a=b", "expr", .equal, "a=b"),
    ])
    func readsEachForm(text: String, name: String, op: LabelMatcher.Operator, value: String) throws {
        let matcher = try parse(text)
        #expect(matcher.name == name)
        #expect(matcher.op == op)
        #expect(matcher.value == value)
    }

    @Test func printsBackWhatReadsTheSame() throws {
        for text in ["severity=critical", "AgentGroupId=~30.*", "queue=\"Sales EU\"", "x=\"\"", "q!=\" padded\""] {
            let matcher = try parse(text)
            #expect(matcher.description == text)
            #expect(try parse(matcher.description) == matcher)
        }
    }

    @Test func explainsWhatIsWrong() {
        #expect(failure("") == "the matcher is empty (hint: write name=value, name!=value, name=~regex or name!~regex)")
        #expect(failure("severity") == "`severity` has no operator (hint: write name=value, name!=value, name=~regex or name!~regex)")
        #expect(failure("=critical").hasPrefix("the label name is missing"))
        #expect(
            failure("agent group=3070")
                == "`agent group` is not a label name (hint: a label name starts with a letter or _ and holds only letters, digits and _)")
        #expect(failure("1x=y").hasPrefix("`1x` is not a label name"))
        #expect(failure("AgentGroupId=~30(") == "`30(` is not a valid regular expression")
        #expect(failure("q=\"open") == "the quoted value `\"open` has no closing quote")
        #expect(failure("q=\"a\"b").hasPrefix("text after the closing quote"))
    }

    @Test func regularExpressionsMatchTheWholeValue() throws {
        let matcher = try parse("AgentGroupId=~30.*")
        #expect(matcher.matches(["AgentGroupId": "3070"]))
        #expect(!matcher.matches(["AgentGroupId": "13070"]))
        #expect(!matcher.matches(["AgentGroupId": "3070\n"]))
        let either = try parse("severity=~warning|critical")
        #expect(either.matches(["severity": "critical"]))
        #expect(!either.matches(["severity": "info"]))
        #expect(try parse("severity!~warning|critical").matches(["severity": "info"]))
    }

    @Test func aMissingLabelCountsAsEmpty() throws {
        #expect(try parse("team!=ops").matches([:]))
        #expect(!(try parse("team=ops").matches([:])))
        #expect(try parse("team=").matches([:]))
        #expect(try parse("team=~.*").matches([:]))
    }

    @Test func aListMatchesWhenEveryMatcherDoes() throws {
        let matchers = try ["severity=critical", "AgentGroupId=~30.*"].map(parse)
        #expect(matchers.matches(["severity": "critical", "AgentGroupId": "3070"]))
        #expect(!matchers.matches(["severity": "warning", "AgentGroupId": "3070"]))
        #expect([LabelMatcher]().matches(["anything": "at all"]))
    }

    @Test func survivesAJSONRoundTrip() throws {
        let matchers = try ["severity=critical", "AgentGroupId=~30.*", "team!=ops"].map(parse)
        let decoded = try JSONDecoder().decode([LabelMatcher].self, from: JSONEncoder().encode(matchers))
        #expect(decoded == matchers)
        #expect(decoded[1].matches(["AgentGroupId": "3099"]))
    }

    @Test func anAlertsLabelsAreTheRulesLabelsItsGroupItsNameAndSeverity() {
        let rule = makeRule(
            """
            severity: critical
            group_by: [AgentGroupId, ChannelType]
            window: 5m
            condition:
              count: {at_least: 1}
            labels: {team: support, severity: low, alertname: other}
            """, name: "no-agents")
        let group = AlertGroup(
            labels: [.init(field: .agentGroupID, value: "3070"), .init(field: .channelType, value: "Web")],
            display: [.init(field: .agentGroupName, value: "Sales")])
        #expect(
            rule.alertLabels(for: group) == [
                "alertname": "no-agents", "severity": "critical", "team": "support", "AgentGroupId": "3070", "ChannelType": "Web",
            ])
    }
}
