import Notify
import Rules
import Testing

/// What a message says, built from transitions.
struct AlertMessageTests {
    @Test func headlineUsesTheRuleSummaryAndTheThreshold() throws {
        let message = Fixtures.message()
        let alert = try #require(message.alerts.first)
        #expect(
            alert.headline.raw == "12 of 80 chats (15%) in Online customer service were abandoned in the last hour; threshold > 10%")
        #expect(message.status == .firing)
        #expect(message.severity == .critical)
        #expect(message.title.raw == "abandonment-high · Online customer service (g1)")
        #expect(alert.display.map(\.name) == ["Queue"])
        #expect(alert.sample.count == 3)
        #expect(alert.sessionCount == 12)
    }

    @Test func headlineWithoutARuleFallsBackToTheMeasurement() throws {
        let message = AlertMessage(receiver: "r", transitions: [Fixtures.firing()])
        #expect(try #require(message.alerts.first).headline.raw == "abandonment-high: 15% in Online customer service; threshold > 10%")
    }

    @Test func resolveSaysHowLongItLasted() throws {
        let message = Fixtures.message([Fixtures.resolved(firedAt: Fixtures.now - 5400)])
        let alert = try #require(message.alerts.first)
        #expect(message.status == .resolved)
        #expect(alert.lasted == 5400)
        #expect(alert.headline.raw == "Resolved after 1h 30m in Online customer service: now 4%; threshold > 10%")
        let lines = MessageText.bodyLines(message, markup: .slack, detail: Detail(alerts: 1, samples: 0))
        #expect(lines.contains("Lasted 1h 30m (since 2026-10-31 22:30 UTC)"))
    }

    @Test func groupedMessagePutsFiringAndSevereAlertsFirst() {
        let warning = Transition(
            rule: "slow-replies", severity: .warning, group: Fixtures.group("Sales", id: "g2"), event: .firing, from: .pending, to: .firing,
            at: Fixtures.now, measurement: Measurement(verdict: .holds, value: 5, threshold: "> 3"))
        let message = Fixtures.message([Fixtures.resolved(), warning, Fixtures.firing()])
        #expect(message.alerts.map(\.event) == [.firing, .firing, .resolved])
        #expect(message.alerts.map(\.severity) == [.critical, .warning, .critical])
        #expect(message.title.raw.hasSuffix(" and 2 more"))
        #expect(message.status == .firing)
    }

    @Test func aFiringWarningSentWithACriticalsResolveIsAWarningMessage() {
        let warning = Transition(
            rule: "slow-replies", severity: .warning, group: Fixtures.group("Sales", id: "g2"), event: .firing, from: .pending, to: .firing,
            at: Fixtures.now, measurement: Measurement(verdict: .holds, value: 5, threshold: "> 3"))
        let message = Fixtures.message([Fixtures.resolved(), warning])
        #expect(message.status == .firing)
        #expect(message.severity == .warning)
        #expect(message.title.raw == "slow-replies · Sales (g2) and 1 more")
        // All resolved: the most severe of them.
        #expect(Fixtures.message([Fixtures.resolved()]).severity == .critical)
    }

    @Test func transitionsThatDoNotNotifyAreLeftOut() {
        var pending = Fixtures.firing()
        pending.event = .pending
        #expect(Fixtures.message([pending, Fixtures.firing()]).alerts.count == 1)
    }

    @Test func messageIdIsStableAndOrderIndependent() {
        let other = Fixtures.firing(queue: "Sales")
        let first = Fixtures.message([Fixtures.firing(), Fixtures.resolved()])
        let second = Fixtures.message([Fixtures.resolved(), Fixtures.firing()])
        #expect(first.id == second.id)
        #expect(first.id != Fixtures.message([other]).id)
        #expect(Fixtures.message().id == Fixtures.firing().id)
    }

    @Test func externalURLMustBeAPlainHTTPURL() {
        #expect(Fixtures.message(externalURL: "https://status.example.com/a?b=1").externalURL == "https://status.example.com/a?b=1")
        #expect(Fixtures.message(externalURL: "javascript:alert(1)").externalURL == nil)
        #expect(Fixtures.message(externalURL: "https://x.example/<!channel>").externalURL == nil)
        #expect(Fixtures.message(externalURL: "https://x.example/a b").externalURL == nil)
    }

    @Test func timesAreWrittenInUTC() {
        #expect(TimeText.rfc3339(0) == "1970-01-01T00:00:00Z")
        #expect(TimeText.rfc3339(1_730_390_400) == "2024-10-31T16:00:00Z")
        #expect(TimeText.utc(951_782_400) == "2000-02-29 00:00 UTC")
        #expect(TimeText.duration(45) == "45s")
        #expect(TimeText.duration(125) == "2m 5s")
        #expect(TimeText.duration(90_000) == "1d 1h")
    }

    @Test func httpDatesAreReadInTheirPreferredFormOnly() {
        #expect(TimeText.httpDate("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(TimeText.httpDate("Thu, 01 Jan 1970 00:00:00 GMT") == 0)
        #expect(TimeText.httpDate("Wed, 25 Nov 2026 12:57:03 GMT") == 1_795_611_423)
        #expect(TimeText.httpDate("Tue, 29 Feb 2028 23:59:59 GMT") == 1_835_481_599)
        #expect(TimeText.httpDate("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(TimeText.httpDate("Sun Nov  6 08:49:37 1994") == nil)
        #expect(TimeText.httpDate("Sun, 06 Nov 1994 08:49:37 +0000") == nil)
        #expect(TimeText.httpDate("Sun, 06 Nov 1994 25:49:37 GMT") == nil)
        #expect(TimeText.httpDate("Sun, 6 Nov 1994 08:49:37 GMT") == nil)
        #expect(TimeText.httpDate("120") == nil)
    }

    @Test func sampleAndRemainderAreListed() {
        let message = Fixtures.message([Fixtures.firing(sessions: 3)])
        let lines = MessageText.bodyLines(message, markup: .slack, detail: Detail(alerts: 1, samples: 2))
        #expect(lines.contains("Sessions (2 of 12):"))
        #expect(lines.contains("• s-0 · agent agent-7 · UserAbandonedDuringQueueing · 1★"))
        #expect(lines.contains("… and 10 more sessions"))
        #expect(lines.last == "<https://status.example.com/alerts|Status page>")
    }
}
