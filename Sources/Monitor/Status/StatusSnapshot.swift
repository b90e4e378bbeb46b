import DeskAPI
import Foundation
import Rules
import Store

/// What the status page and API show, read at one moment from the daemon and the store.
public struct StatusSnapshot: Sendable, Codable {
    /// One group of one rule: its state and its value against the threshold.
    public struct GroupRow: Sendable, Codable {
        public var group: String
        public var labels: [String: String]
        public var state: String
        public var activeSince: Int?
        public var firedAt: Int?
        public var value: String
        public var threshold: String
        public var verdict: String
    }

    /// One rule with its groups.
    public struct RuleRow: Sendable, Codable {
        public var name: String
        public var severity: String
        public var description: String
        public var groups: [GroupRow]
        /// The rule's highest group value per 5 minutes over the last 24 hours (oldest first);
        /// `nil` where there was no value.
        public var history: [Double?]
    }

    /// A pending or firing alert.
    public struct AlertRow: Sendable, Codable {
        public var rule: String
        public var severity: String
        public var group: String
        public var labels: [String: String]
        public var state: String
        public var activeSince: Int?
        public var firedAt: Int?
        public var value: String
        public var threshold: String
    }

    /// One source's health.
    public struct SourceRow: Sendable, Codable {
        public var name: String
        public var lastSuccessfulPoll: Int?
        public var lagSeconds: Int?
        public var lastError: String?
        public var lastErrorAt: Int?
        public var polls: Int
        public var failedPolls: Int
        public var recordsNew: Int
        public var recordsUpdated: Int
        public var apiCalls: [String: Int]
    }

    /// One alert event.
    public struct TransitionRow: Sendable, Codable {
        public var at: Int
        public var rule: String
        public var group: String
        public var event: String
        public var state: String
        public var value: String
        public var threshold: String
    }

    /// A message given up.
    public struct DeadLetterRow: Sendable, Codable {
        public var receiver: String
        public var createdAt: Int
        public var finishedAt: Int?
        public var attempts: Int
        public var error: String
        public var alerts: Int
    }

    public var now: Int
    public var startedAt: Int
    public var version: String
    public var alerts: [AlertRow]
    public var rules: [RuleRow]
    public var sources: [SourceRow]
    public var transitions: [TransitionRow]
    public var deadLetters: [DeadLetterRow]
    public var outboxDepth: Int
    public var reloadError: String?
    public var lastReload: Int?
}

extension MonitorDaemon {
    /// Reads everything the page and the API show.
    public func snapshot() throws -> StatusSnapshot {
        let now = clock.now()
        let status = evaluator.status
        let descriptions = Dictionary(evaluator.rules.map { ($0.name, $0.description) }, uniquingKeysWith: { first, _ in first })
        let history = valueHistory.series(now: now)
        var alerts: [StatusSnapshot.AlertRow] = []
        var rules: [StatusSnapshot.RuleRow] = []
        for rule in status {
            var groups: [StatusSnapshot.GroupRow] = []
            for group in rule.groups {
                let labels = Dictionary(group.group.labels.map { ($0.field.rawValue, $0.value) }, uniquingKeysWith: { first, _ in first })
                let row = StatusSnapshot.GroupRow(
                    group: group.group.description, labels: labels, state: group.state.status.rawValue, activeSince: group.state.activeSince,
                    firedAt: group.state.firedAt, value: group.measurement?.valueText ?? "n/a", threshold: group.measurement?.threshold ?? "",
                    verdict: group.measurement?.verdict.rawValue ?? "no_verdict")
                groups.append(row)
                if group.state.status == .pending || group.state.status == .firing {
                    alerts.append(
                        StatusSnapshot.AlertRow(
                            rule: rule.rule, severity: rule.severity.rawValue, group: row.group, labels: labels, state: row.state,
                            activeSince: row.activeSince, firedAt: row.firedAt, value: row.value, threshold: row.threshold))
                }
            }
            rules.append(
                StatusSnapshot.RuleRow(
                    name: rule.rule, severity: rule.severity.rawValue, description: descriptions[rule.rule] ?? rule.description, groups: groups,
                    history: history[rule.rule] ?? Array(repeating: nil, count: ValueHistory.points)))
        }
        let severityOrder = ["critical": 0, "warning": 1, "info": 2]
        alerts.sort { left, right in
            let l = (left.state == "firing" ? 0 : 1, severityOrder[left.severity] ?? 3)
            let r = (right.state == "firing" ? 0 : 1, severityOrder[right.severity] ?? 3)
            return l != r ? l < r : (left.rule, left.group) < (right.rule, right.group)
        }
        let sources = health.snapshot.map { health in
            StatusSnapshot.SourceRow(
                name: health.source, lastSuccessfulPoll: health.lastSuccessfulPoll, lagSeconds: health.lag(now: now),
                lastError: health.lastError?.message, lastErrorAt: health.lastError?.time, polls: health.polls, failedPolls: health.failedPolls,
                recordsNew: health.inserted, recordsUpdated: health.updated, apiCalls: health.apiCalls)
        }
        let transitions = try store.transitions(from: now - 86_400, to: .max, limit: 1000).suffix(50).reversed().map { transition in
            StatusSnapshot.TransitionRow(
                at: transition.at, rule: transition.rule, group: transition.group.description, event: transition.event.rawValue,
                state: transition.to.rawValue, value: transition.measurement.valueText, threshold: transition.measurement.threshold)
        }
        let dead = try store.outboxMessages(state: .dead, limit: 1000).suffix(20).reversed().map { message in
            StatusSnapshot.DeadLetterRow(
                receiver: message.receiver, createdAt: message.createdAt, finishedAt: message.finishedAt, attempts: message.attempts,
                error: message.lastError ?? "", alerts: message.transitions.count)
        }
        let reload = reloadStatus
        return StatusSnapshot(
            now: now, startedAt: startedAt, version: DeskwatchVersion.current, alerts: alerts, rules: rules, sources: sources,
            transitions: Array(transitions), deadLetters: Array(dead), outboxDepth: try store.outboxDepth(), reloadError: reload.error,
            lastReload: reload.lastSuccess)
    }

    /// Why the monitor is not ready, or nothing when it is: every source polled successfully
    /// within three of its poll intervals (at least a minute), and an evaluation saved to the
    /// store within three evaluation intervals (at least 90 seconds).
    public func readiness(evaluateEvery: Duration = .seconds(30)) -> [String] {
        let now = clock.now()
        var problems: [String] = []
        for (poller, every) in pollers {
            let allowed = max(60, Int(every.seconds) * 3)
            guard let last = health.health(of: poller.source).lastSuccessfulPoll else {
                problems.append("source \(poller.source) has not been polled successfully yet")
                continue
            }
            if now - last > allowed { problems.append("source \(poller.source) last polled successfully \(now - last)s ago") }
        }
        if let saved = lastEvaluationSaved {
            if now - saved > max(90, Int(evaluateEvery.seconds) * 3) {
                problems.append("the last evaluation was saved \(now - saved)s ago (is the store writable?)")
            }
        } else {
            problems.append("no evaluation saved to the store yet")
        }
        return problems
    }
}
