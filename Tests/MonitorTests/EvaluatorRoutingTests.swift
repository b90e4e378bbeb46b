import Monitor
import Notify
import Rules
import Store
import Testing

/// The evaluator with routes, silences and inhibition: the outbox holds only what must be sent,
/// the history holds everything.
struct EvaluatorRoutingTests {
    static let start = 1_764_028_800

    static let rules: [Rule] = {
        let text = """
            rules:
              - name: no-agents-online
                severity: critical
                where: {EndStatus: NoAgentsOnline}
                group_by: [AgentGroupId]
                window: 5m
                delay: 0s
                condition:
                  count: {at_least: 1}
                notify: [ops-chat]
              - name: queue-abandoned
                severity: warning
                where: {EndStatus: UserAbandonedDuringQueueing}
                group_by: [AgentGroupId]
                window: 5m
                delay: 0s
                condition:
                  count: {at_least: 1}
                notify: [ops-chat]
            """
        let set = RuleSet.load([RuleSource(file: "test.yaml", text: text)])
        precondition(!set.hasErrors, "\(set.diagnostics)")
        return set.rules
    }()

    private func session(_ id: String, at timestamp: Int, queue: String = "3070", status: String) -> Session {
        Session(
            source: "cn", sessionID: id, agentGroupID: queue, agentGroupName: "Queue \(queue)", agentID: "a@example.com", endStatus: status,
            timestamp: timestamp)
    }

    private func matchers(_ texts: String...) throws -> [LabelMatcher] {
        try texts.map { try LabelMatcher(parsing: $0) }
    }

    /// `rule event` of every message in the outbox, per receiver.
    private func outbox(_ store: SessionStore) throws -> [String] {
        try store.outboxMessages().flatMap { message in message.transitions.map { "\(message.receiver): \($0.rule) \($0.event.rawValue)" } }
    }

    /// `rule event` of the history, with why it was muted.
    private func history(_ store: SessionStore) throws -> [String] {
        try store.transitionHistory().map { "\($0.transition.rule) \($0.transition.event.rawValue)" + ($0.mutedBy.map { " (\($0))" } ?? "") }
    }

    /// An evaluator on `store` that has just seen a chat with no agent online in queue 3070.
    private func evaluatorSeeingNoAgentsOnline(_ store: SessionStore, router: AlertRouter = AlertRouter()) throws -> Evaluator {
        let evaluator = try Evaluator(rules: Self.rules, router: router, store: store, now: Self.start - 60)
        evaluator.apply(try store.ingest([session("n1", at: Self.start - 30, status: "NoAgentsOnline")], source: "cn", now: Self.start).changes)
        return evaluator
    }

    /// A critical alert of a queue holds back the warnings of the same queue.
    private func criticalHoldsBackWarnings() throws -> AlertRouter {
        AlertRouter(inhibitRules: [
            InhibitRule(source: try matchers("severity=critical"), target: try matchers("severity=warning"), equal: ["AgentGroupId"])
        ])
    }

    /// A silence of `matcher` from a minute before the start until `endsAt`.
    private func silencing(_ store: SessionStore, _ matcher: String, until endsAt: Int, comment: String) throws -> Silence {
        try store.addSilence(
            matchers: try matchers(matcher), startsAt: Self.start - 60, endsAt: endsAt, createdBy: "li.wei", comment: comment, now: Self.start - 60)
    }

    @Test func aSilencedAlertIsRecordedButNotSentAndNeitherIsItsResolve() throws {
        let store = try SessionStore.inMemory()
        let silence = try silencing(store, "AgentGroupId=3070", until: Self.start + 3600, comment: "queue closed for training")
        let evaluator = try evaluatorSeeingNoAgentsOnline(store)

        let fired = try evaluator.evaluate(at: Self.start)
        #expect(fired.map(\.event) == [.firing])
        #expect(try outbox(store).isEmpty)
        #expect(try history(store) == ["no-agents-online firing (silence \(silence.id))"])
        #expect(evaluator.status.first { $0.rule == "no-agents-online" }?.groups.first?.state.status == .firing)

        // Nobody was told it fired, so nobody is told it resolved.
        _ = try evaluator.evaluate(at: Self.start + 600)
        #expect(try outbox(store).isEmpty)
        #expect(
            try history(store) == [
                "no-agents-online firing (silence \(silence.id))", "no-agents-online resolved (silence \(silence.id))",
            ])
    }

    @Test func theResolveOfAnAlertThatWasSentGoesOutUnderASilence() throws {
        let store = try SessionStore.inMemory()
        let evaluator = try evaluatorSeeingNoAgentsOnline(store)
        _ = try evaluator.evaluate(at: Self.start)
        #expect(try outbox(store) == ["ops-chat: no-agents-online firing"])

        // Someone silences the queue while the alert fires: its resolve still closes it in the chat.
        try store.addSilence(
            matchers: try matchers("AgentGroupId=3070"), startsAt: Self.start + 60, endsAt: Self.start + 3600, createdBy: "li.wei",
            comment: "we know", now: Self.start + 60)
        _ = try evaluator.evaluate(at: Self.start + 600)
        #expect(try outbox(store) == ["ops-chat: no-agents-online firing", "ops-chat: no-agents-online resolved"])
        #expect(try history(store) == ["no-agents-online firing", "no-agents-online resolved"])
    }

    /// An alert that fired under a silence and still fires when the silence ends is announced
    /// once, at the next evaluation, dated from when it fired; a restart does not announce it
    /// again, and its resolve then goes out.
    @Test func anAlertThatFiredUnderASilenceIsAnnouncedOnceTheSilenceEnds() throws {
        let store = try SessionStore.inMemory()
        let silence = try silencing(store, "AgentGroupId=3070", until: Self.start + 90, comment: "queue closed for training")
        let evaluator = try evaluatorSeeingNoAgentsOnline(store)
        #expect(try evaluator.evaluate(at: Self.start).map(\.event) == [.firing])
        #expect(try evaluator.evaluate(at: Self.start + 60).isEmpty)
        #expect(try outbox(store).isEmpty)

        // The silence ended at +90 s; the alert still fires at +120 s.
        let announced = try evaluator.evaluate(at: Self.start + 120)
        #expect(
            announced.map { "\($0.event.rawValue) at \($0.at - Self.start), fired at \(($0.firedAt ?? 0) - Self.start)" } == [
                "firing at 120, fired at 0"
            ])
        #expect(try outbox(store) == ["ops-chat: no-agents-online firing"])
        let message = try #require(try store.outboxMessages().first)
        let alert = try #require(AlertMessage(receiver: message.receiver, transitions: message.transitions, rules: [:]).alerts.first)
        #expect(alert.since == Self.start)
        #expect(alert.headline.raw.hasSuffix(" — fired at \(TimeText.utc(Self.start)) while muted (silence \(silence.id))"))

        // Neither the next evaluation nor one after a restart announces it again.
        #expect(try evaluator.evaluate(at: Self.start + 180).isEmpty)
        let restarted = try Evaluator(rules: Self.rules, store: store, now: Self.start + 240)
        #expect(try restarted.evaluate(at: Self.start + 240).isEmpty)
        #expect(try outbox(store) == ["ops-chat: no-agents-online firing"])

        // Its receivers were told, so they are told it resolved.
        #expect(try restarted.evaluate(at: Self.start + 600).map(\.event) == [.resolved])
        #expect(try outbox(store) == ["ops-chat: no-agents-online firing", "ops-chat: no-agents-online resolved"])
        #expect(
            try history(store) == [
                "no-agents-online firing (silence \(silence.id))", "no-agents-online firing", "no-agents-online resolved",
            ])
    }

    /// Whether an alert was announced is read from the store: an evaluator started after the
    /// silence ended announces it, once.
    @Test func aRestartAfterTheSilenceEndedAnnouncesTheAlertOnce() throws {
        let store = try SessionStore.inMemory()
        let silence = try silencing(store, "alertname=no-agents-online", until: Self.start + 3600, comment: "maintenance")
        let evaluator = try evaluatorSeeingNoAgentsOnline(store)
        _ = try evaluator.evaluate(at: Self.start)
        _ = try store.expireSilence(id: silence.id, at: Self.start + 30)

        let restarted = try Evaluator(rules: Self.rules, store: store, now: Self.start + 60)
        #expect(try restarted.evaluate(at: Self.start + 60).map(\.event) == [.firing])
        #expect(try Evaluator(rules: Self.rules, store: store, now: Self.start + 120).evaluate(at: Self.start + 120).isEmpty)
        #expect(try outbox(store) == ["ops-chat: no-agents-online firing"])
    }

    /// An alert whose firing was sent before a silence began is not announced again when it ends.
    @Test func anAlertSentBeforeASilenceIsNotAnnouncedAgainWhenItEnds() throws {
        let store = try SessionStore.inMemory()
        let evaluator = try evaluatorSeeingNoAgentsOnline(store)
        _ = try evaluator.evaluate(at: Self.start)
        try store.addSilence(
            matchers: try matchers("AgentGroupId=3070"), startsAt: Self.start + 30, endsAt: Self.start + 90, createdBy: "li.wei",
            comment: "we know", now: Self.start + 30)
        for offset in [60, 120, 180] { #expect(try evaluator.evaluate(at: Self.start + offset).isEmpty) }
        #expect(try outbox(store) == ["ops-chat: no-agents-online firing"])
    }

    /// A warning held back by a critical of the same queue is announced once the critical
    /// resolves while the warning still fires, in the same message as that resolve; then its own
    /// resolve goes out.
    @Test func anInhibitedAlertIsAnnouncedOnceTheInhibitingAlertResolves() throws {
        let store = try SessionStore.inMemory()
        let evaluator = try evaluatorSeeingNoAgentsOnline(store, router: try criticalHoldsBackWarnings())
        evaluator.apply(
            try store.ingest([session("q1", at: Self.start - 20, status: "UserAbandonedDuringQueueing")], source: "cn", now: Self.start).changes)
        _ = try evaluator.evaluate(at: Self.start)
        #expect(try outbox(store) == ["ops-chat: no-agents-online firing"])
        evaluator.apply(
            try store.ingest([session("q2", at: Self.start + 200, status: "UserAbandonedDuringQueueing")], source: "cn", now: Self.start + 240)
                .changes)
        #expect(try evaluator.evaluate(at: Self.start + 240).isEmpty)

        // At +300 s the critical's session has left its window; the warning's second one has not.
        let transitions = try evaluator.evaluate(at: Self.start + 300)
        #expect(transitions.map { "\($0.rule) \($0.event.rawValue)" } == ["no-agents-online resolved", "queue-abandoned firing"])
        #expect(transitions.last?.firedAt == Self.start)
        #expect(transitions.last?.reason == "fired at \(TimeText.utc(Self.start)) while muted (inhibited by no-agents-online)")
        #expect(
            try store.outboxMessages().map { $0.transitions.map { "\($0.rule) \($0.event.rawValue)" } }.last
                == transitions.map { "\($0.rule) \($0.event.rawValue)" })

        #expect(try evaluator.evaluate(at: Self.start + 360).isEmpty)
        #expect(try evaluator.evaluate(at: Self.start + 600).map { "\($0.rule) \($0.event.rawValue)" } == ["queue-abandoned resolved"])
        #expect(
            try outbox(store) == [
                "ops-chat: no-agents-online firing", "ops-chat: no-agents-online resolved", "ops-chat: queue-abandoned firing",
                "ops-chat: queue-abandoned resolved",
            ])
    }

    @Test func aFiringCriticalHoldsBackTheWarningOfTheSameQueue() throws {
        let store = try SessionStore.inMemory()
        let evaluator = try Evaluator(rules: Self.rules, router: try criticalHoldsBackWarnings(), store: store, now: Self.start - 60)
        let sessions = [
            session("n1", at: Self.start - 30, status: "NoAgentsOnline"),
            session("q1", at: Self.start - 20, status: "UserAbandonedDuringQueueing"),
            session("q2", at: Self.start - 10, queue: "4000", status: "UserAbandonedDuringQueueing"),
        ]
        evaluator.apply(try store.ingest(sessions, source: "cn", now: Self.start).changes)

        let transitions = try evaluator.evaluate(at: Self.start)
        #expect(transitions.map { "\($0.rule) \($0.event.rawValue)" }.count == 3)
        #expect(try outbox(store) == ["ops-chat: no-agents-online firing", "ops-chat: queue-abandoned firing"])
        #expect(try store.outboxMessages().first?.transitions.map(\.group.labels.first?.value) == ["3070", "4000"])
        #expect(
            try history(store) == [
                "no-agents-online firing", "queue-abandoned firing (inhibited by no-agents-online)", "queue-abandoned firing",
            ])
    }

    @Test func routesAddReceiversToTheRulesOwn() throws {
        let store = try SessionStore.inMemory()
        let router = AlertRouter(routes: [
            Route(matchers: try matchers("severity=critical", "AgentGroupId=~30.*"), receivers: ["oncall-email"]),
            Route(matchers: [], receivers: ["ops-chat", "archive"]),
        ])
        let evaluator = try Evaluator(rules: Self.rules, router: router, store: store, now: Self.start - 60)
        let sessions = [
            session("n1", at: Self.start - 30, status: "NoAgentsOnline"),
            session("q1", at: Self.start - 20, status: "UserAbandonedDuringQueueing"),
        ]
        evaluator.apply(try store.ingest(sessions, source: "cn", now: Self.start).changes)
        _ = try evaluator.evaluate(at: Self.start)
        #expect(
            try outbox(store) == [
                "ops-chat: no-agents-online firing", "ops-chat: queue-abandoned firing", "oncall-email: no-agents-online firing",
                "archive: queue-abandoned firing",
            ])
    }

    /// A reload with a new router routes from then on, including the resolves the reload itself
    /// produces for a removed rule.
    @Test func aReloadSwapsTheRoutes() throws {
        let store = try SessionStore.inMemory()
        let evaluator = try evaluatorSeeingNoAgentsOnline(store)
        _ = try evaluator.evaluate(at: Self.start)
        #expect(try outbox(store) == ["ops-chat: no-agents-online firing"])

        let router = AlertRouter(routes: [Route(matchers: try matchers("alertname=no-agents-online"), receivers: ["oncall-email"])])
        let outcome = try evaluator.reload(rules: Self.rules.filter { $0.name != "no-agents-online" }, router: router, now: Self.start + 60)
        #expect(outcome.removed == ["no-agents-online"])
        #expect(
            try outbox(store) == [
                "ops-chat: no-agents-online firing", "ops-chat: no-agents-online resolved", "oncall-email: no-agents-online resolved",
            ])
    }
}
