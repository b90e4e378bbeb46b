import Foundation
import Monitor
import Rules

/// Prints a backtest as it runs: the timeline of alert events, then the summary per rule, as
/// text or as one JSON object (`{"transitions": [...], "summary": {...}}`) written piece by piece
/// so that a long timeline is never held in memory.
final class BacktestPrinter {
    private let format: BacktestCommand.Format
    private let dates = ISO8601DateFormatter()
    private let encoder: JSONEncoder
    private var buffer = Data()
    private var first = true

    init(format: BacktestCommand.Format) {
        self.format = format
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    /// One alert event in the JSON timeline.
    struct Entry: Encodable {
        var time: String
        var rule: String
        var severity: Severity
        var group: String
        var labels: [String: String]
        var event: AlertEvent
        var from: AlertState.Status
        var to: AlertState.Status
        var value: String
        var threshold: String
        var reason: String?
        var firedAt: String?
        var sessionCount: Int?
        var measurement: Rules.Measurement
    }

    func start() {
        if format == .json { write("{\"transitions\":[") }
    }

    func print(_ transition: Transition) {
        switch format {
        case .text:
            var line = "\(time(transition.at))  \(transition.rule)  \(transition.group)  \(transition.event.rawValue)  "
            if transition.event == .reported {
                let count = max(transition.sessionCount, transition.sample.count)
                line += count == 1 ? "1 session" : "\(count) sessions"
            } else {
                line += transition.measurement.valueText
                let threshold = transition.measurement.threshold
                if !threshold.isEmpty { line += " vs \(threshold)" }
            }
            if let reason = transition.reason ?? transition.measurement.note { line += " (\(reason))" }
            write(line + "\n")
        case .json:
            let entry = Entry(
                time: time(transition.at), rule: transition.rule, severity: transition.severity, group: transition.group.description,
                labels: Dictionary(transition.group.labels.map { ($0.field.rawValue, $0.value) }, uniquingKeysWith: { $1 }),
                event: transition.event, from: transition.from, to: transition.to, value: transition.measurement.valueText,
                threshold: transition.measurement.threshold, reason: transition.reason ?? transition.measurement.note,
                firedAt: transition.firedAt.map(time), sessionCount: transition.event == .reported ? transition.sessionCount : nil,
                measurement: transition.measurement)
            guard let data = try? encoder.encode(entry) else { return }
            write(first ? "\n" : ",\n")
            first = false
            buffer.append(data)
            if buffer.count >= 1 << 16 { flush() }
        }
    }

    func finish(_ summary: BacktestSummary) {
        switch format {
        case .text:
            if summary.evaluations > 0, summary.rules.allSatisfy({ $0.fired == 0 && $0.reported == 0 && $0.pending == 0 }) {
                write("no alerts\n")
            }
            write(
                "\nsummary: \(time(summary.from)) to \(time(summary.to)), \(summary.evaluations) evaluations, "
                    + "\(summary.records) records\n")
            let width = summary.rules.map(\.rule.count).max() ?? 0
            for rule in summary.rules {
                write("  \(rule.rule.padding(toLength: width, withPad: " ", startingAt: 0))  \(Self.describe(rule))\n")
            }
        case .json:
            write("\n],\"summary\":")
            if let data = try? encoder.encode(summary) { buffer.append(data) }
            write("}\n")
        }
        flush()
    }

    /// What one rule did, in a sentence.
    static func describe(_ rule: BacktestSummary.RuleSummary) -> String {
        var parts: [String] = []
        if rule.fired > 0 {
            let times = rule.fired == 1 ? "once" : "\(rule.fired) times"
            let groups = rule.groupsFired == 1 ? "1 group" : "\(rule.groupsFired) groups"
            let firing = "firing \(duration(rule.firingSeconds)) in all (longest \(duration(rule.longestFiringSeconds)))"
            parts.append("fired \(times) in \(groups), \(firing)")
            if rule.firingAtEnd > 0 { parts.append("\(rule.firingAtEnd) still firing at the end") }
        }
        if rule.reported > 0 { parts.append("\(rule.reported) reports of \(rule.reportedSessions) sessions") }
        if rule.cancelled > 0 { parts.append("\(rule.cancelled) pending cancelled before `for` passed") }
        if parts.isEmpty { parts.append(rule.pending > 0 ? "pending \(rule.pending) times, never fired" : "did not fire") }
        if rule.messages > 0 { parts.append("\(rule.messages) \(rule.messages == 1 ? "message" : "messages")") }
        return "(\(rule.severity.rawValue)) " + parts.joined(separator: ", ")
    }

    /// `1d2h`, `1h30m`, `45m`, `0m`.
    static func duration(_ seconds: Int) -> String {
        let minutes = seconds / 60
        let (days, hours, rest) = (minutes / 1440, minutes % 1440 / 60, minutes % 60)
        var text = ""
        if days > 0 { text += "\(days)d" }
        if hours > 0 { text += "\(hours)h" }
        if rest > 0 || text.isEmpty { text += "\(rest)m" }
        return text
    }

    private func time(_ unix: Int) -> String { dates.string(from: Date(timeIntervalSince1970: TimeInterval(unix))) }

    private func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Writes what is buffered to standard output.
    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
