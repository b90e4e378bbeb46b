import ConfigSupport
import Monitor
import Rules
import Store
import Testing

/// Who gets an alert: `notify:` plus `routes:`; what holds it back: silences and `inhibit:`.
struct RoutingTests {
    func matchers(_ texts: String...) throws -> [LabelMatcher] {
        try texts.map { try LabelMatcher(parsing: $0) }
    }

    static let critical3070 = ["alertname": "no-agents", "severity": "critical", "AgentGroupId": "3070"]
    static let warning3070 = ["alertname": "abandonment", "severity": "warning", "AgentGroupId": "3070"]
    static let warning4000 = ["alertname": "abandonment", "severity": "warning", "AgentGroupId": "4000"]

    // MARK: - Routes

    @Test func theFirstMatchingRouteWinsWithoutContinue() throws {
        let router = AlertRouter(routes: [
            Route(matchers: try matchers("severity=critical", "AgentGroupId=~30.*"), receivers: ["oncall-email"]),
            Route(matchers: try matchers("severity=critical"), receivers: ["leads-chat"]),
            Route(matchers: [], receivers: ["catch-all"]),
        ])
        #expect(router.receivers(notify: ["support-chat"], labels: Self.critical3070) == ["support-chat", "oncall-email"])
        var elsewhere = Self.critical3070
        elsewhere["AgentGroupId"] = "4000"
        #expect(router.receivers(notify: ["support-chat"], labels: elsewhere) == ["support-chat", "leads-chat"])
        #expect(router.receivers(notify: [], labels: Self.warning3070) == ["catch-all"])
    }

    @Test func continueKeepsLookingAndEachReceiverIsNamedOnce() throws {
        let router = AlertRouter(routes: [
            Route(matchers: try matchers("AgentGroupId=3070"), receivers: ["queue-3070", "support-chat"], continue: true),
            Route(matchers: try matchers("severity=critical"), receivers: ["oncall-email"], continue: true),
            Route(matchers: try matchers("alertname=no-agents"), receivers: ["leads-chat"]),
            Route(matchers: [], receivers: ["catch-all"]),
        ])
        #expect(
            router.receivers(notify: ["support-chat"], labels: Self.critical3070) == [
                "support-chat", "queue-3070", "oncall-email", "leads-chat",
            ])
        #expect(router.receivers(notify: [], labels: Self.warning3070) == ["queue-3070", "support-chat", "catch-all"])
        #expect(AlertRouter().receivers(notify: ["a", "b", "a"], labels: Self.warning3070) == ["a", "b"])
    }

    // MARK: - Inhibition and silences

    @Test func aFiringCriticalHoldsBackTheWarningOfTheSameQueueOnly() throws {
        let router = AlertRouter(inhibitRules: [
            InhibitRule(source: try matchers("severity=critical"), target: try matchers("severity=warning"), equal: ["AgentGroupId"])
        ])
        let firing = [Self.critical3070]
        #expect(router.muting(Self.warning3070, silences: [], firing: firing, at: 0) == .inhibited(by: "no-agents"))
        #expect(router.muting(Self.warning3070, silences: [], firing: firing, at: 0)?.description == "inhibited by no-agents")
        #expect(router.muting(Self.warning4000, silences: [], firing: firing, at: 0) == nil)
        #expect(router.muting(Self.warning3070, silences: [], firing: [], at: 0) == nil)
        #expect(router.muting(Self.critical3070, silences: [], firing: firing, at: 0) == nil)
    }

    @Test func labelsMissingFromBothSidesCountAsEqualAndNoAlertInhibitsItself() throws {
        let rule = InhibitRule(source: try matchers("alertname=~.+"), target: try matchers("alertname=~.+"), equal: ["team"])
        #expect(rule.inhibits(Self.warning3070, by: Self.critical3070))
        #expect(!rule.inhibits(Self.warning3070, by: Self.warning3070))
        var other = Self.critical3070
        other["team"] = "sales"
        #expect(!rule.inhibits(Self.warning3070, by: other))
    }

    @Test func anActiveSilenceMutesFirst() throws {
        let silence = Silence(
            id: "abc123", matchers: try matchers("AgentGroupId=3070"), startsAt: 100, endsAt: 200, createdBy: "li.wei", comment: "closed",
            createdAt: 90)
        let router = AlertRouter(inhibitRules: [InhibitRule(source: try matchers("severity=critical"), target: try matchers("severity=warning"))])
        #expect(router.muting(Self.warning3070, silences: [silence], firing: [Self.critical3070], at: 150) == .silenced(id: "abc123"))
        #expect(router.muting(Self.warning3070, silences: [silence], firing: [], at: 200) == nil)
        #expect(router.muting(Self.warning4000, silences: [silence], firing: [], at: 150) == nil)
    }

    // MARK: - Configuration

    static let head = """
        sources:
          - name: cn-support
            sdkappid: 1400000000
            identifier: admin
            secret_key: ${DESK_SECRET_KEY}
        receivers:
          oncall-email: {type: console}
          support-chat: {type: console}

        """

    func load(_ yaml: String) throws(ConfigError) -> DeskwatchConfig {
        try DeskwatchConfig.load(
            yaml: Self.head + yaml, file: "deskwatch.yaml", baseDirectory: "/etc/deskwatch", environment: ["DESK_SECRET_KEY": "k-0123456789"])
    }

    func diagnostics(_ yaml: String) -> [String] {
        do {
            let config = try load(yaml)
            return config.warnings.map(\.description)
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func routesAndInhibitionRulesLoad() throws {
        let config = try load(
            """
            routes:
              - match: ["severity=critical", "AgentGroupId=~30.*"]
                receivers: [oncall-email]
                continue: true
              - receivers: support-chat
            inhibit:
              - source: ["severity=critical"]
                target: ["severity=warning"]
                equal: [AgentGroupId]
            """)
        #expect(config.warnings.isEmpty)
        #expect(
            config.routes == [
                Route(matchers: try matchers("severity=critical", "AgentGroupId=~30.*"), receivers: ["oncall-email"], continue: true),
                Route(matchers: [], receivers: ["support-chat"]),
            ])
        #expect(
            config.inhibitRules == [
                InhibitRule(source: try matchers("severity=critical"), target: try matchers("severity=warning"), equal: ["AgentGroupId"])
            ])
        #expect(config.router.receivers(notify: [], labels: Self.critical3070) == ["oncall-email", "support-chat"])
    }

    @Test func badRoutesAreReportedAtFileLineAndColumn() {
        let lines = diagnostics(
            """
            routes:
              - match: ["severity=critical", "AgentGroupId=~30.*"]
                receivers: [oncall-emial]
              - match: ["severity=critcal", "AgentGroupId=~30("]
                receivers: [support-chat]
                contineu: true
              - match: "queue 3070"
                receivers: [pager]
            """)
        #expect(
            lines == [
                "deskwatch.yaml:11:17: error: routes[0].receivers[0]: unknown receiver `oncall-emial` (hint: did you mean `oncall-email`?)",
                "deskwatch.yaml:12:13: error: routes[1].match[0]: unknown severity `critcal` "
                    + "(hint: did you mean `critical`? severities: info, warning, critical)",
                "deskwatch.yaml:12:33: error: routes[1].match[1]: `30(` is not a valid regular expression",
                "deskwatch.yaml:14:5: error: routes[1].contineu: unknown route key (hint: did you mean `continue`?)",
                "deskwatch.yaml:15:12: error: routes[2].match: `queue 3070` has no operator "
                    + "(hint: write name=value, name!=value, name=~regex or name!~regex)",
                "deskwatch.yaml:16:17: error: routes[2].receivers[0]: unknown receiver `pager` (hint: receivers: oncall-email, support-chat)",
            ], "\(lines)")
    }

    @Test func badInhibitionRulesAreReportedAtFileLineAndColumn() {
        let lines = diagnostics(
            """
            inhibit:
              - source: ["severity=critical"]
                target: "severty=warning"
                equal: [AgentGroupId, "agent group"]
              - target: []
            """)
        #expect(
            lines == [
                "deskwatch.yaml:11:13: warning: inhibit[0].target: no built-in label is called `severty`; "
                    + "it matches only a rule's own `labels:` (hint: did you mean `severity`?)",
                "deskwatch.yaml:12:27: error: inhibit[0].equal[1]: `agent group` is not a label name "
                    + "(hint: a label name starts with a letter or _ and holds only letters, digits and _)",
                "deskwatch.yaml:13:5: error: inhibit[1].source: required key is missing",
                "deskwatch.yaml:13:13: error: inhibit[1].target: needs at least one matcher "
                    + "(hint: write name=value, name!=value, name=~regex or name!~regex)",
            ], "\(lines)")
    }

    @Test func routesAndInhibitAreKnownTopLevelKeys() {
        let lines = diagnostics("route: []\n")
        #expect(lines.contains { $0.hasPrefix("deskwatch.yaml:9:1: error: route: unknown top-level key (hint: did you mean `routes`?)") }, "\(lines)")
    }
}
