import DeskAPI
import Foundation
import Prometheus
import Rules
import Synchronization

/// The monitor's Prometheus metrics, served at `/metrics`. Every name starts with `deskwatch_`.
public final class MonitorMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    /// The alert gauges set at the last evaluation, so that groups that went away drop to 0.
    private let alertGauges = Mutex<Set<[String]>>([])

    public init(version: String) {
        gauge("build_info", labels: [("version", version)], help: "Always 1; the version in a label.").set(to: 1)
        _ = counter("reloads_total", labels: [("result", "success")], help: "Rule and receiver reloads.")
        _ = counter("reloads_total", labels: [("result", "failure")], help: "Rule and receiver reloads.")
        gauge("reload_failed", help: "1 while the last reload failed and the previous rules still run.").set(to: 0)
    }

    // MARK: - Ingestion

    /// A poll of `source` ended (`result`: `ok` or `failed`).
    func poll(source: String, result: String) {
        counter("polls_total", labels: [("source", source), ("result", result)], help: "Polls by result.")
            .increment()
    }

    /// One API call of `source` answered with `code` (`0` for success, the API's error code, or
    /// `http_503`, `network` …).
    func apiCall(source: String, code: String) {
        counter(
            "api_calls_total", labels: [("source", source), ("code", code)], help: "Desk API calls by result code."
        ).increment()
    }

    func recordsIngested(source: String, inserted: Int, updated: Int) {
        counter(
            "records_ingested_total", labels: [("source", source), ("kind", "new")], help: "Session records stored."
        ).increment(by: Int64(inserted))
        counter(
            "records_ingested_total", labels: [("source", source), ("kind", "updated")], help: "Session records stored."
        ).increment(by: Int64(updated))
    }

    /// Seconds between now and the newest record stored for `source`.
    func ingestionLag(source: String, seconds: Int?) {
        gauge(
            "ingestion_lag_seconds", labels: [("source", source)],
            help: "Age of the newest stored record per source (NaN before the first record)."
        ).set(to: seconds.map(Double.init) ?? .nan)
    }

    func lastSuccessfulPoll(source: String, at time: Int) {
        gauge(
            "last_successful_poll_timestamp_seconds", labels: [("source", source)], help: "When the last poll succeeded."
        ).set(to: Double(time))
    }

    // MARK: - Evaluation

    func evaluation(duration: Duration) {
        histogram(
            "rule_evaluation_seconds",
            buckets: [
                .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(50), .milliseconds(100),
                .milliseconds(500), .seconds(1),
            ],
            help: "Time to evaluate every rule once (engine and store)."
        ).recordNanoseconds(Int64(duration.seconds * 1_000_000_000))
    }

    /// Sets `deskwatch_alerts` per rule, state and severity from the rules' status.
    func alerts(_ status: [RuleStatus]) {
        var counts: [[String]: Int] = [:]
        for rule in status {
            for state in ["pending", "firing"] { counts[[rule.rule, state, rule.severity.rawValue], default: 0] += 0 }
            for group in rule.groups where group.state.status == .pending || group.state.status == .firing {
                counts[[rule.rule, group.state.status.rawValue, rule.severity.rawValue], default: 0] += 1
            }
        }
        let previous = alertGauges.withLock { gauges in
            defer { gauges = Set(counts.keys) }
            return gauges
        }
        for key in previous.subtracting(counts.keys) { counts[key] = 0 }
        for (key, count) in counts {
            gauge(
                "alerts", labels: [("rule", key[0]), ("state", key[1]), ("severity", key[2])],
                help: "Alert groups by rule, state and severity."
            ).set(to: Double(count))
        }
    }

    func transitions(_ transitions: [Transition]) {
        for transition in transitions {
            counter(
                "alert_transitions_total", labels: [("rule", transition.rule), ("event", transition.event.rawValue)],
                help: "Alert events by rule."
            ).increment()
        }
    }

    // MARK: - Delivery

    func delivery(receiver: String, result: String, count: Int) {
        guard count > 0 else { return }
        counter(
            "notifications_total", labels: [("receiver", receiver), ("result", result)],
            help: "Notification attempts by receiver and result (sent, retried, dead)."
        ).increment(by: Int64(count))
    }

    func templateFailure(receiver: String) {
        counter(
            "template_failures_total", labels: [("receiver", receiver)], help: "Messages sent with the default body because the template failed."
        ).increment()
    }

    func outboxDepth(_ depth: Int) {
        gauge("outbox_depth", help: "Messages waiting to be delivered.").set(to: Double(depth))
    }

    // MARK: - Reloads

    func reload(succeeded: Bool) {
        counter(
            "reloads_total", labels: [("result", succeeded ? "success" : "failure")], help: "Rule and receiver reloads."
        ).increment()
        gauge("reload_failed", help: "1 while the last reload failed and the previous rules still run.")
            .set(to: succeeded ? 0 : 1)
    }

    private func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "deskwatch", metricName: name, unitName: "", helpText: help)
    }

    private func counter(_ name: String, labels: [(String, String)] = [], help: String) -> Counter {
        registry.makeCounter(descriptor: descriptor(name, help), labels: labels)
    }

    private func gauge(_ name: String, labels: [(String, String)] = [], help: String) -> Gauge {
        registry.makeGauge(descriptor: descriptor(name, help), labels: labels)
    }

    private func histogram(_ name: String, buckets: [Duration], help: String) -> DurationHistogram {
        registry.makeDurationHistogram(descriptor: descriptor(name, help), buckets: buckets)
    }

    /// The metrics in Prometheus text format.
    public func exposition() -> String { registry.emitToString() }
}
