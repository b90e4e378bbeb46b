import Foundation
import Rules
import Testing

/// Persistence and reload: state of unchanged rules survives, changed rules start over.
struct EngineReloadTests {
    let busy = makeRule("window: 10m\ndelay: 0s\ncondition: {count: {at_least: 2}}\nrepeat_every: 1h", name: "busy")
    let quiet = makeRule("window: 10m\ndelay: 0s\ncondition: {count: {below: 1}}", name: "quiet")

    func firingEngine() -> Engine {
        var engine = Engine(rules: [busy, quiet])
        engine.upsert([chat("a", minute: 1), chat("b", minute: 2)])
        _ = engine.evaluate(at: at(5))
        return engine
    }

    @Test func definitionHashIgnoresWhereTheRuleWasReadFrom() {
        var moved = busy
        moved.origin = Rule.Origin(file: "other.yaml", line: 40)
        #expect(moved.definitionHash == busy.definitionHash)
        var changed = busy
        changed.window = 1200
        #expect(changed.definitionHash != busy.definitionHash)
        #expect(busy.definitionHash.count == 16)
    }

    @Test func reloadKeepsWindowsAndStateOfUnchangedRules() {
        var engine = firingEngine()
        let outcome = engine.reload(rules: [busy, quiet], at: at(6))
        #expect(outcome.kept == ["busy", "quiet"])
        #expect(outcome.rebuilt.isEmpty)
        #expect(engine.evaluate(at: at(6)).isEmpty)
        #expect(engine.status.first?.groups.first?.state.status == .firing)
    }

    @Test func reloadStartsChangedRulesOverAndBackfillRebuildsThem() {
        var engine = firingEngine()
        var stricter = busy
        stricter.condition = .count(CountCondition(bound: Bound(.atLeast, 3)))
        let outcome = engine.reload(rules: [stricter, quiet], at: at(6))
        #expect(outcome.kept == ["quiet"])
        #expect(outcome.rebuilt == ["busy"])
        #expect(outcome.removed.isEmpty)
        #expect(outcome.resolved.map(\.reason) == ["rule changed"])
        #expect(outcome.resolved.map(\.firedAt) == [at(5)])
        engine.backfill([chat("a", minute: 1), chat("b", minute: 2)], rules: ["busy"])
        engine.upsert(chat("c", minute: 3))
        #expect(events(engine.evaluate(at: at(6))) == ["firing@6"])
        #expect(engine.status.first?.groups.first?.measurement?.value == 3)
    }

    @Test func reloadReportsRemovedRules() {
        var engine = firingEngine()
        let outcome = engine.reload(rules: [quiet], at: at(6))
        #expect(outcome.removed == ["busy"])
        #expect(outcome.resolved.map(\.description) == ["busy [all] resolved: n/a — rule removed"])
        #expect(engine.rules.map(\.name) == ["quiet"])
    }

    /// After a restart the windows are rebuilt from the store and the saved state restored: an
    /// alert that was already announced is not announced again.
    @Test func restartWithSavedStateDoesNotReannounce() throws {
        let engine = firingEngine()
        let saved = try JSONEncoder().encode(engine.state)
        var restarted = Engine(rules: [busy, quiet])
        restarted.upsert([chat("a", minute: 1), chat("b", minute: 2)])
        restarted.restore(try JSONDecoder().decode(EngineState.self, from: saved))
        #expect(restarted.evaluate(at: at(6)).isEmpty)
        let later = restarted.evaluate(at: at(65))
        #expect(later.map(\.rule) == ["busy", "quiet"])
        #expect(events(later) == ["resolved@65", "firing@65"])
    }

    @Test func savedStateOfAChangedRuleIsIgnored() {
        let engine = firingEngine()
        var changed = busy
        changed.window = 1200
        var restarted = Engine(rules: [changed])
        restarted.upsert([chat("a", minute: 1), chat("b", minute: 2)])
        restarted.restore(engine.state)
        #expect(events(restarted.evaluate(at: at(6))) == ["firing@6"])
    }

    @Test func stateListsOnlyGroupsThatAreNotPlainlyInactive() {
        let engine = firingEngine()
        #expect(engine.state.rules.map(\.groups.count) == [1, 0])
        #expect(engine.snapshot.state == engine.state)
        #expect(engine.snapshot.status.map(\.rule) == ["busy", "quiet"])
    }

    @Test func statusShowsFiringGroupsFirstWithValueAndThreshold() {
        let grouped = makeRule("group_by: [AgentGroupId]\nwindow: 10m\ndelay: 0s\ncondition: {count: {at_least: 2}}")
        var engine = Engine(rules: [grouped])
        engine.upsert([chat("a", minute: 1, queue: "g1"), chat("b", minute: 1, queue: "g2"), chat("c", minute: 2, queue: "g2")])
        _ = engine.evaluate(at: at(5))
        let groups = engine.status.first?.groups ?? []
        #expect(groups.map(\.group.description) == ["AgentGroupId=g2", "AgentGroupId=g1"])
        #expect(groups.map { $0.measurement?.threshold } == ["≥ 2", "≥ 2"])
        #expect(groups.map { $0.measurement?.value } == [2, 1])
    }

    @Test func historyStartMakesAPreviousWindowComparable() {
        let spike = makeRule("window: 10m\ndelay: 0s\ncondition: {spike: {compared_to: previous_window, factor: 2}}")
        var engine = Engine(rules: [spike])
        engine.upsert((1...4).map { chat("\($0)", minute: $0) })
        _ = engine.evaluate(at: at(10))
        #expect(engine.firstMeasurement?.verdict == .noVerdict)
        engine.setHistoryStart(at(-60))
        #expect(events(engine.evaluate(at: at(11))) == ["firing@11"])
    }

    @Test func transitionCarriesValueThresholdSampleAndTime() {
        var engine = Engine(rules: [busy])
        engine.upsert([chat("a", minute: 1, agent: "x", status: "AgentTimeout"), chat("b", minute: 2, agent: "y")])
        let transition = engine.evaluate(at: at(5)).first
        #expect(transition?.description == "busy [all] firing: 2 (threshold ≥ 2)")
        #expect(transition?.sample.map(\.agentID) == ["x", "y"])
        #expect(transition?.sample.map(\.endStatus) == ["AgentTimeout", "UserEndedSession"])
        #expect(transition?.at == at(5))
        #expect(transition?.firedAt == at(5))
        #expect(transition?.severity == .warning)
    }
}
