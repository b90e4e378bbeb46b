import Rules

/// Labels, annotations and alert objects as Prometheus Alertmanager reads them, shared by the
/// Alertmanager target and the Alertmanager-shaped webhook payload.
public enum AlertmanagerShape {
    /// The zero time Alertmanager writes for an alert without an end.
    public static let zeroTime = "0001-01-01T00:00:00Z"

    /// `alertname`, `severity`, `receiver`-independent group labels (`AgentGroupId`, …), values
    /// cleaned and capped.
    public static func labels(of alert: AlertMessage.Alert) -> [(String, JSONValue)] {
        var labels: [(String, JSONValue)] = [("alertname", .string(Escape.plain(alert.rule))), ("severity", .string(alert.severity.rawValue))]
        for label in alert.labels { labels.append((label.field.rawValue, .string(Escape.plain(UntrustedText(label.value))))) }
        return labels
    }

    /// `summary` (the headline), `value`, `threshold`, `display` (queue / agent by name) and
    /// `sessions` (the sample, at most `samples` lines).
    public static func annotations(of alert: AlertMessage.Alert, samples: Int) -> [(String, JSONValue)] {
        var annotations: [(String, JSONValue)] = [("summary", .string(Escape.plain(alert.headline, cap: 400)))]
        if !alert.value.isEmpty { annotations.append(("value", .string(alert.value))) }
        if !alert.threshold.isEmpty { annotations.append(("threshold", .string(alert.threshold))) }
        if !alert.display.isEmpty {
            annotations.append(("display", .string(alert.display.map { "\($0.name): \(Escape.plain($0.value))" }.joined(separator: "; "))))
        }
        let shown = alert.sample.prefix(max(samples, 0))
        if !shown.isEmpty {
            var text = shown.map { MessageText.sampleText($0, markup: Markup(escape: { Escape.plain($0, cap: $1) }), cap: 100) }
            if alert.sessionCount > shown.count { text.append("… and \(alert.sessionCount - shown.count) more") }
            annotations.append(("sessions", .string(text.joined(separator: "\n"))))
        }
        return annotations
    }

    /// `startsAt` and `endsAt`: a resolved alert ends at its event; a firing one at `firingEndsAt`
    /// when given (for a router that should expire it unless it is sent again).
    public static func times(of alert: AlertMessage.Alert, firingEndsAt: Int?) -> (startsAt: String, endsAt: String?) {
        let ends = alert.isResolved ? alert.at : firingEndsAt
        return (TimeText.rfc3339(alert.since), ends.map(TimeText.rfc3339))
    }

    /// The generator URL: the status page, if configured.
    public static func generatorURL(_ message: AlertMessage) -> String { message.externalURL ?? "" }
}
