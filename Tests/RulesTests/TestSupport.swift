import ConfigSupport
import Rules
import Testing

/// Monday 2026-03-02 00:00:00 UTC.
let monday = 1_772_409_600

/// Reads one rule from the YAML of its keys (without `name`), failing the test on any diagnostic.
func makeRule(_ keys: String, name: String = "r", sourceLocation: SourceLocation = #_sourceLocation) -> Rule {
    let indented = keys.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
    let set = RuleSet.load([RuleSource(file: "test.yaml", text: "rules:\n  - name: \(name)\n\(indented)\n")])
    #expect(set.diagnostics.map(\.description) == [], sourceLocation: sourceLocation)
    return set.rules.first ?? Rule(name: name, condition: .absent(AbsentCondition()))
}

/// A session that ended at `minute` minutes after ``monday`` (plus `second`).
func chat(
    _ id: String, minute: Int, second: Int = 0, queue: String = "g1", queueName: String = "", agent: String = "a1",
    status: String = "UserEndedSession", rating: Int? = nil, duration: Int = 120
) -> Session {
    Session(
        source: "test", sessionID: id, agentGroupID: queue, agentGroupName: queueName, agentID: agent, duration: duration,
        endStatus: status, satisfaction: rating, timestamp: monday + minute * 60 + second)
}

/// The evaluation time `minute` minutes after ``monday``.
func at(_ minute: Int) -> Int { monday + minute * 60 }

/// `event@minute` for each transition, for compact expectations.
func events(_ transitions: [Transition]) -> [String] {
    transitions.map { "\($0.event.rawValue)@\(($0.at - monday) / 60)" }
}

extension Engine {
    /// Evaluates every minute from `first` to `last` and returns all transitions.
    mutating func run(minutes: ClosedRange<Int>) -> [Transition] {
        minutes.flatMap { evaluate(at: at($0)) }
    }

    /// The last measurement of the first group of the first rule.
    var firstMeasurement: Measurement? { status.first?.groups.first?.measurement }
}
