import Foundation
import Rules
import Testing

/// The alert state machine at its boundaries.
struct AlertStateTests {
    func run(_ holds: [(minute: Int, holds: Bool)], timing: AlertTiming) -> [String] {
        var state = AlertState()
        return holds.compactMap { step in
            state.step(holds: step.holds, at: step.minute * 60, timing: timing).map { "\($0.rawValue)@\(step.minute)" }
        }
    }

    @Test func withoutForItFiresAtTheFirstHoldingEvaluation() {
        #expect(run([(0, false), (1, true)], timing: AlertTiming()) == ["firing@1"])
    }

    @Test func firesExactlyWhenForHasPassed() {
        let timing = AlertTiming(pendingFor: 300)
        #expect(run((0...5).map { ($0, true) }, timing: timing) == ["pending@0", "firing@5"])
        #expect(run((0...4).map { ($0, true) }, timing: timing) == ["pending@0"])
    }

    @Test func pendingIsCancelledWhenTheConditionStops() {
        let timing = AlertTiming(pendingFor: 300)
        #expect(run([(0, true), (1, true), (2, false), (3, true)], timing: timing) == ["pending@0", "cancelled@2", "pending@3"])
    }

    @Test func resolvesAtTheFirstClearEvaluationWithoutKeepFiringFor() {
        #expect(run([(0, true), (1, true), (2, false)], timing: AlertTiming()) == ["firing@0", "resolved@2"])
    }

    @Test func keepFiringForCountsFromTheLastHoldingEvaluation() {
        let timing = AlertTiming(keepFiringFor: 600)
        let steps: [(Int, Bool)] = [(0, true), (1, false), (5, true), (6, false), (15, false), (16, false)]
        #expect(run(steps, timing: timing) == ["firing@0", "resolved@15"])
    }

    @Test func flappingInsideKeepFiringForStaysOneAlert() {
        let timing = AlertTiming(keepFiringFor: 600)
        let steps = (0...30).map { ($0, $0 % 3 == 0) }
        #expect(run(steps, timing: timing) == ["firing@0"])
    }

    @Test func repeatsEveryIntervalWhileFiringIncludingDuringKeepFiringFor() {
        let timing = AlertTiming(keepFiringFor: 1200, repeatEvery: 600)
        let steps = (0...40).map { ($0, $0 <= 15) }
        #expect(run(steps, timing: timing) == ["firing@0", "repeated@10", "repeated@20", "repeated@30", "resolved@35"])
    }

    @Test func endResolvesAFiringAlertAndCancelsAPendingOne() {
        var firing = AlertState()
        _ = firing.step(holds: true, at: 0, timing: AlertTiming())
        #expect(firing.end(at: 60) == .resolved)
        #expect(firing.status == .inactive)
        #expect(firing.resolvedAt == 60)
        var pending = AlertState()
        _ = pending.step(holds: true, at: 0, timing: AlertTiming(pendingFor: 300))
        #expect(pending.end(at: 60) == .cancelled)
        var inactive = AlertState()
        #expect(inactive.end(at: 60) == nil)
    }

    /// A restored state continues where it stopped: no second "firing" after a restart.
    @Test func stateSurvivesEncodingWithoutReannouncing() throws {
        var state = AlertState()
        let timing = AlertTiming(repeatEvery: 3600)
        _ = state.step(holds: true, at: 0, timing: timing)
        let data = try JSONEncoder().encode(state)
        var restored = try JSONDecoder().decode(AlertState.self, from: data)
        #expect(restored == state)
        #expect(restored.step(holds: true, at: 60, timing: timing) == nil)
        #expect(restored.step(holds: true, at: 3600, timing: timing) == .repeated)
    }
}
