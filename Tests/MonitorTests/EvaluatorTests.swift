import Monitor
import Rules
import Store
import Testing

/// The engine as the monitor runs it: alert state saved with each evaluation and restored at
/// start.
struct EvaluatorTests {
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
                keep_firing_for: 10m
                repeat_every: 30m
                notify: [ops-chat, leads-mail]
              - name: low-ratings
                severity: warning
                window: 1h
                delay: 0s
                condition:
                  stat: {field: SatisfactionSelected, statistic: mean, below: 3, min_sample: 1}
            """
        let set = RuleSet.load([RuleSource(file: "test.yaml", text: text)])
        precondition(!set.hasErrors, "\(set.diagnostics)")
        return set.rules
    }()

    private func session(_ id: String, at timestamp: Int, status: String = "AgentEndedSession", rating: Int? = nil) -> Session {
        Session(
            source: "cn", sessionID: id, agentGroupID: "3067", agentGroupName: "Online customer service", agentID: "a@example.com",
            endStatus: status, satisfaction: rating, timestamp: timestamp)
    }

    private func events(_ transitions: [Transition], rule: String = "no-agents-online") -> [String] {
        transitions.filter { $0.rule == rule }.map(\.event.rawValue)
    }

    @Test func theRulesUnderTestLoad() {
        #expect(Self.rules.map(\.name) == ["no-agents-online", "low-ratings"])
    }

    @Test func aRestartNeitherForgetsNorReannouncesAFiringAlert() throws {
        let store = try SessionStore.inMemory()
        let burst = (0..<3).map { session("n\($0)", at: Self.start - 100 + $0, status: "NoAgentsOnline") }
        let result = try store.ingest(burst, source: "cn", now: Self.start)

        // Given an evaluator that saw the burst and fired
        let first = try Evaluator(rules: Self.rules, store: store, now: Self.start - 200)
        first.apply(result.changes)
        #expect(events(try first.evaluate(at: Self.start)) == ["firing"])

        // When the process restarts and evaluates again a minute later
        let restarted = try Evaluator(rules: Self.rules, store: store, now: Self.start + 60)
        let afterRestart = try restarted.evaluate(at: Self.start + 60)

        // Then the alert is still firing and nobody is told again
        #expect(events(afterRestart).isEmpty)
        let status = restarted.status.first { $0.rule == "no-agents-online" }
        #expect(status?.groups.first?.state.status == .firing)

        // And it resolves once the burst is out of the window for keep_firing_for
        var resolved: [String] = []
        for minute in 2...20 { resolved += events(try restarted.evaluate(at: Self.start + minute * 60)) }
        #expect(resolved == ["resolved"])
        #expect(try store.transitions().filter { $0.rule == "no-agents-online" }.map(\.event.rawValue) == ["firing", "resolved"])

        // Each receiver got one message for the firing and one for the resolve, in that order,
        // and the restart added none.
        for receiver in ["ops-chat", "leads-mail"] {
            let messages = try store.outboxMessages(receiver: receiver)
            #expect(messages.map { $0.transitions.map(\.event.rawValue) } == [["firing"], ["resolved"]])
            #expect(messages.allSatisfy { $0.state == .pending })
        }
    }

    /// A reload that changes one rule keeps the other's firing alert (no new message) and fills
    /// the changed rule's windows from the store, so it judges at once.
    @Test func aReloadKeepsUnchangedRulesAndRebuildsChangedOnesFromTheStore() throws {
        let store = try SessionStore.inMemory()
        let sessions = [
            session("n1", at: Self.start - 100, status: "NoAgentsOnline"), session("r1", at: Self.start - 200, rating: 3),
            session("r2", at: Self.start - 300, rating: 4),
        ]
        let evaluator = try Evaluator(rules: Self.rules, store: store, now: Self.start - 400)
        evaluator.apply(try store.ingest(sessions, source: "cn", now: Self.start).changes)
        let before = try evaluator.evaluate(at: Self.start)
        #expect(events(before) == ["firing"])
        #expect(events(before, rule: "low-ratings").isEmpty)

        let stricter = Self.rules.map { rule -> Rule in
            guard rule.name == "low-ratings" else { return rule }
            let text = """
                rules:
                  - name: low-ratings
                    severity: warning
                    window: 1h
                    delay: 0s
                    condition:
                      stat: {field: SatisfactionSelected, statistic: mean, below: 4, min_sample: 1}
                """
            return RuleSet.load([RuleSource(file: "test.yaml", text: text)]).rules[0]
        }
        let outcome = try evaluator.reload(rules: stricter, now: Self.start + 60)
        #expect(outcome.kept == ["no-agents-online"])
        #expect(outcome.rebuilt == ["low-ratings"])
        #expect(outcome.resolved.isEmpty)

        let after = try evaluator.evaluate(at: Self.start + 60)
        #expect(events(after).isEmpty)
        #expect(events(after, rule: "low-ratings") == ["firing"])
        #expect(evaluator.status.first { $0.rule == "no-agents-online" }?.groups.first?.state.status == .firing)
    }

    @Test func aRestartWarmsTheWindowsFromTheStore() throws {
        let store = try SessionStore.inMemory()
        try store.ingest([session("n1", at: Self.start - 30, status: "NoAgentsOnline")], source: "cn", now: Self.start)
        let evaluator = try Evaluator(rules: Self.rules, store: store, now: Self.start)
        #expect(events(try evaluator.evaluate(at: Self.start)) == ["firing"])
    }

    @Test func aLateRatingCorrectsTheWindow() throws {
        let store = try SessionStore.inMemory()
        let evaluator = try Evaluator(rules: Self.rules, store: store, now: Self.start)
        evaluator.apply(try store.ingest([session("r1", at: Self.start - 60, rating: 5)], source: "cn", now: Self.start).changes)
        #expect(events(try evaluator.evaluate(at: Self.start), rule: "low-ratings").isEmpty)

        // The same chat comes back with a changed rating: the old 5 must leave the mean.
        let changed = try store.ingest([session("r1", at: Self.start - 60, rating: 1)], source: "cn", now: Self.start + 60)
        #expect(changed.updated == 1)
        evaluator.apply(changed.changes)
        #expect(events(try evaluator.evaluate(at: Self.start + 60), rule: "low-ratings") == ["firing"])
        let measurement = evaluator.status.first { $0.rule == "low-ratings" }?.groups.first?.measurement
        #expect(measurement?.value == 1)
    }
}
