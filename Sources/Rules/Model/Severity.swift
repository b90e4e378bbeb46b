/// How urgent an alert is; receivers and the status page sort and colour by it.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Worth knowing, no action needed now (for example every 1-star rating).
    case info
    /// Someone should look today.
    case warning
    /// Someone should act now.
    case critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
