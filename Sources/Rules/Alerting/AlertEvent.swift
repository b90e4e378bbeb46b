/// What happened to an alert at an evaluation.
public enum AlertEvent: String, Sendable, Hashable, Codable, CaseIterable {
    /// The condition started holding; the alert waits for `for` (no message).
    case pending
    /// The condition stopped holding before `for` passed (no message).
    case cancelled
    /// The alert fires (message).
    case firing
    /// The alert is still firing and `repeat_every` has passed (message).
    case repeated
    /// The alert stopped firing (message).
    case resolved
    /// An `each` rule reports the sessions that matched since the last evaluation (message).
    case reported

    /// Whether receivers get a message.
    public var notifies: Bool {
        switch self {
        case .pending, .cancelled: false
        case .firing, .repeated, .resolved, .reported: true
        }
    }
}
