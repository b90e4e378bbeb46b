/// The window a `spike` (or a compared `stat`) measures against.
public enum Reference: String, Sendable, Hashable, Codable, CaseIterable {
    /// The window just before the current one.
    case previousWindow = "previous_window"
    /// The same window seven days earlier.
    case lastWeek = "last_week"

    /// How far back the reference window ends, given the rule's window, in seconds.
    public func offset(window: Int) -> Int {
        switch self {
        case .previousWindow: window
        case .lastWeek: 7 * 86_400
        }
    }
}
