import Monitor
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

    @Test func aSilencedAlertIsRecordedButNotSentAndNeitherIsItsResolve() throws {
        let store = try SessionStore.inMemory()
        let silence = try store.addSilence(
            matchers: try matchers("AgentGroupId=3070"), startsAt: Self.start - 60, endsAt: Self.start + 3600, createdBy: "li.wei",
            comment: "queue closed for training", now: Self.start - 60)
        let evaluator = try Evaluator(rules: Self.rules, store: store, now: Self.start - 60)
        evaluator.apply(try store.ingest([session("n1", at: Self.start - 30, status: "NoAgentsOnline")], source: "cn", now: Self.start).changes)

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
        let evaluator = try Evaluator(rules: Self.rules, store: store, now: Self.start - 60)
        evaluator.apply(try store.ingest([session("n1", at: Self.start - 30, status: "NoAgentsOnline")], source: "cn", now: Self.start).changes)
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

    @Test func aFiringCriticalHoldsBackTheWarningOfTheSameQueue() throws {
        let store = try SessionStore.inMemory()
        let router = AlertRouter(inhibitRules: [
            InhibitRule(source: try matchers("severity=critical"), target: try matchers("severity=warning"), equal: ["AgentGroupId"])
        ])
        let evaluator = try Evaluator(rules: Self.rules, router: router, store: store, now: Self.start - 60)
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
        let evaluator = try Evaluator(rules: Self.rules, store: store, now: Self.start - 60)
        evaluator.apply(try store.ingest([session("n1", at: Self.start - 30, status: "NoAgentsOnline")], source: "cn", now: Self.start).changes)
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
