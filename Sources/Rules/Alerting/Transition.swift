/// One event of one alert at one evaluation: what the router turns into a message (when
/// ``notifies``) and the store keeps as history.
public struct Transition: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The rule's name.
    public var rule: String
    /// The rule's severity.
    public var severity: Severity
    /// The group the alert is about.
    public var group: AlertGroup
    /// What happened.
    public var event: AlertEvent
    /// The state before.
    public var from: AlertState.Status
    /// The state after.
    public var to: AlertState.Status
    /// The evaluation time (Unix seconds).
    public var at: Int
    /// The value, threshold and numbers behind the event.
    public var measurement: Measurement
    /// A few sessions behind it (the most recent ones; for `each`, the sessions reported).
    public var sample: [SessionSample]
    /// For `each`: how many sessions matched in all (the sample may list fewer).
    public var sessionCount: Int
    /// Why, when it is not the condition itself (e.g. "outside schedule").
    public var reason: String?
    /// When the alert fired (for firing, repeated and resolved events).
    public var firedAt: Int?

    /// Creates a transition.
    public init(
        rule: String, severity: Severity, group: AlertGroup, event: AlertEvent, from: AlertState.Status, to: AlertState.Status, at: Int,
        measurement: Measurement, sample: [SessionSample] = [], sessionCount: Int = 0, reason: String? = nil, firedAt: Int? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.group = group
        self.event = event
        self.from = from
        self.to = to
        self.at = at
        self.measurement = measurement
        self.sample = sample
        self.sessionCount = sessionCount
        self.reason = reason
        self.firedAt = firedAt
    }

    /// Whether receivers get a message.
    public var notifies: Bool { event.notifies }

    /// A stable id for the message of this event, for de-duplication downstream.
    public var id: String { "\(rule)|\(group)|\(event.rawValue)|\(at)" }

    /// `rule [group] event: value vs threshold`.
    public var description: String {
        var text = "\(rule) [\(group)] \(event.rawValue): \(measurement.valueText)"
        if !measurement.threshold.isEmpty { text += " (threshold \(measurement.threshold))" }
        if let reason { text += " — \(reason)" }
        return text
    }
}
