import Rules
import Synchronization

/// Each rule's highest group value per 5 minutes over the last 24 hours, for the status page's
/// sparklines. Kept in memory: after a restart the lines start again.
public final class ValueHistory: Sendable {
    /// Points per line: 24 hours of 5 minutes.
    public static let points = 288
    static let step = 300

    private let values = Mutex<[String: [Int: Double]]>([:])

    public init() {}

    /// Records the values of an evaluation at `now`.
    func record(_ status: [RuleStatus], at now: Int) {
        let bucket = now / Self.step
        let oldest = bucket - Self.points + 1
        values.withLock { values in
            for rule in status {
                guard let value = rule.groups.compactMap({ $0.measurement?.value }).filter(\.isFinite).max() else { continue }
                var line = values[rule.rule] ?? [:]
                line[bucket] = max(line[bucket] ?? value, value)
                if line.count > Self.points { line = line.filter { $0.key >= oldest } }
                values[rule.rule] = line
            }
        }
    }

    /// The lines at `now`, oldest point first.
    func series(now: Int) -> [String: [Double?]] {
        let last = now / Self.step
        return values.withLock { values in
            values.mapValues { line in (last - Self.points + 1...last).map { line[$0] } }
        }
    }
}
