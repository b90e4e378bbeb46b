/// What a rule measured for one group at one evaluation: the value against the threshold, and the
/// numbers behind it.
public struct Measurement: Sendable, Hashable, Codable {
    /// Whether the condition holds.
    public enum Verdict: String, Sendable, Hashable, Codable {
        /// The condition holds.
        case holds
        /// The condition does not hold.
        case clear
        /// Not enough data to say (too few sessions, no reference yet, outside the schedule).
        case noVerdict = "no_verdict"
    }

    /// The verdict.
    public var verdict: Verdict
    /// The measured value: a count, a share (0…1), a factor against the reference, or a statistic.
    public var value: Double?
    /// The fixed threshold, e.g. `> 10%`; empty for a comparison with a reference window.
    public var fixedThreshold: String
    /// The comparison with a reference window (spike, compared stat).
    public var comparison: Comparison?

    /// The threshold the value is compared with, e.g. `> 10%` or `≥ 2× last week (14)`.
    public var threshold: String {
        guard let comparison else { return fixedThreshold }
        let factor = NumberText.format(comparison.factor)
        guard let reference else { return "\(factor)× \(comparison.label)" }
        let shown = NumberText.format(reference)
        switch comparison.direction {
        case .up: return "≥ \(factor)× \(comparison.label) (\(shown))"
        case .down: return "≤ 1/\(factor) of \(comparison.label) (\(shown))"
        case .both: return "≥ \(factor)× or ≤ 1/\(factor) of \(comparison.label) (\(shown))"
        }
    }

    /// A comparison with a reference window, kept as numbers so that measuring does not format
    /// text.
    public struct Comparison: Sendable, Hashable, Codable {
        /// How many times larger or smaller.
        public var factor: Double
        /// Which way the change must go.
        public var direction: Direction
        /// `last week` or `the previous window`.
        public var label: String

        /// Creates a comparison.
        public init(factor: Double, direction: Direction, label: String) {
            self.factor = factor
            self.direction = direction
            self.label = label
        }
    }
    /// Sessions in the window (after `where`).
    public var total: Int
    /// Sessions matching `of` (ratio, count), or values counted (stat).
    public var matches: Int
    /// The reference count or statistic (spike, compared stat).
    public var reference: Double?
    /// The Wilson bound used for the verdict (ratio with `confidence`).
    public var confidenceBound: Double?
    /// Why there is no verdict (or why a met threshold does not count).
    public var reason: Reason?

    /// Why there is no verdict, kept as numbers so that measuring does not format text.
    public enum Reason: Sendable, Hashable, Codable, CustomStringConvertible {
        /// The rule's schedule is off.
        case outsideSchedule
        /// Fewer sessions than `min_total`.
        case tooFewSessions(Int, minimum: Int)
        /// Fewer matches than `min_matches`.
        case tooFewMatches(Int, minimum: Int)
        /// The reference window lies before the data.
        case noReference(String)
        /// Fewer sessions now than `min_current`.
        case tooFewCurrent(Int, minimum: Int)
        /// Fewer sessions in the reference window than `min_reference`.
        case tooFewInReference(Int, minimum: Int, reference: String)
        /// Fewer values than `min_sample`.
        case tooFewValues(Int, minimum: Int)
        /// Fewer values than `min_sample` now or in the reference window.
        case tooFewValuesCompared(Int, Int, minimum: Int, reference: String)

        public var description: String {
            switch self {
            case .outsideSchedule: "outside schedule"
            case .tooFewSessions(let count, let minimum): "\(count) sessions, fewer than min_total \(minimum)"
            case .tooFewMatches(let count, let minimum): "\(count) matches, fewer than min_matches \(minimum)"
            case .noReference(let label): "no data for \(label) yet"
            case .tooFewCurrent(let count, let minimum): "\(count) sessions now, fewer than min_current \(minimum)"
            case .tooFewInReference(let count, let minimum, let label): "\(count) sessions in \(label), fewer than min_reference \(minimum)"
            case .tooFewValues(let count, let minimum): "\(count) values, fewer than min_sample \(minimum)"
            case .tooFewValuesCompared(let now, let before, let minimum, let label):
                "\(now) values now, \(before) in \(label); min_sample \(minimum)"
            }
        }
    }

    /// ``reason`` in words.
    public var note: String? { reason?.description }

    /// Creates a measurement.
    public init(
        verdict: Verdict, value: Double? = nil, threshold: String = "", comparison: Comparison? = nil, total: Int = 0, matches: Int = 0,
        reference: Double? = nil,
        confidenceBound: Double? = nil, reason: Reason? = nil
    ) {
        self.verdict = verdict
        self.value = value
        self.fixedThreshold = threshold
        self.comparison = comparison
        self.total = total
        self.matches = matches
        self.reference = reference
        self.confidenceBound = confidenceBound
        self.reason = reason
    }

    /// The value as a message shows it (a share as a percentage).
    public var valueText: String {
        guard let value else { return "n/a" }
        return isShare ? NumberText.percent(value) : NumberText.format(value)
    }

    /// Whether ``value`` is a share.
    public var isShare: Bool { comparison == nil && fixedThreshold.hasSuffix("%") }
}
