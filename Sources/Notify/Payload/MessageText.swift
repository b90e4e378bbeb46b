import Rules

/// The wording of a message, shared by the text-based targets: a header line, then per alert the
/// headline, since when (or how long it lasted), the queue or agent and a sample of sessions, then
/// the link to the status page.
public enum MessageText {
    /// An emoji for `severity`, or a check mark once resolved.
    public static func emoji(_ severity: Severity, resolved: Bool) -> String {
        if resolved { return "✅" }
        switch severity {
        case .critical: return "🔴"
        case .warning: return "🟠"
        case .info: return "🔵"
        }
    }

    /// `FIRING` or `RESOLVED`.
    public static func statusWord(_ status: AlertMessage.Status) -> String { status == .resolved ? "RESOLVED" : "FIRING" }

    /// `🔴 FIRING critical: title`, escaped with `markup`, without bold.
    public static func summaryLine(_ message: AlertMessage, markup: Markup, cap: Int = TextSanitizer.defaultCap) -> String {
        let resolved = message.status == .resolved
        return "\(emoji(message.severity, resolved: resolved)) \(statusWord(message.status)) \(message.severity.rawValue): "
            + markup.escape(message.title, cap)
    }

    /// The header line with the title in bold.
    public static func header(_ message: AlertMessage, markup: Markup, detail: Detail) -> String {
        let resolved = message.status == .resolved
        return "\(emoji(message.severity, resolved: resolved)) \(statusWord(message.status)) \(message.severity.rawValue): "
            + markup.bold(markup.escape(message.title, detail.fieldCap))
    }

    /// The lines of the body below the header, at `detail`; the status page link is added with
    /// `markup.link` when `includeLink` is set and the markup has links.
    public static func bodyLines(_ message: AlertMessage, markup: Markup, detail: Detail, includeLink: Bool = true) -> [String] {
        var lines: [String] = []
        let shown = message.alerts.prefix(max(detail.alerts, 1))
        for alert in shown {
            lines += alertLines(alert, markup: markup, detail: detail, showRule: message.alerts.count > 1)
        }
        let hidden = message.alerts.count - shown.count
        if hidden > 0 { lines.append("… and \(hidden) more alert\(hidden == 1 ? "" : "s")") }
        if includeLink, let url = message.externalURL, let link = markup.link {
            lines.append(link("Status page", url))
        }
        return lines
    }

    /// The lines about one alert.
    public static func alertLines(_ alert: AlertMessage.Alert, markup: Markup, detail: Detail, showRule: Bool) -> [String] {
        var lines: [String] = []
        let cap = detail.fieldCap
        if showRule {
            lines.append(
                "\(emoji(alert.severity, resolved: alert.isResolved)) " + markup.bold(markup.escape(alert.rule, cap)) + " (\(alert.event.rawValue))")
        }
        lines.append(markup.escape(alert.headline, cap * 2))
        if let lasted = alert.lasted {
            lines.append("Lasted \(TimeText.duration(lasted)) (since \(TimeText.utc(alert.since)))")
        } else {
            lines.append("Since \(TimeText.utc(alert.since))")
        }
        if !alert.display.isEmpty {
            lines.append(alert.display.map { "\($0.name): " + markup.escape($0.value, cap) }.joined(separator: " · "))
        }
        let samples = alert.sample.prefix(max(detail.samples, 0))
        if !samples.isEmpty {
            lines.append("Sessions (\(samples.count) of \(alert.sessionCount)):")
            for sample in samples { lines.append("• " + sampleText(sample, markup: markup, cap: cap)) }
        }
        let hidden = alert.sessionCount - samples.count
        if hidden > 0 { lines.append("… and \(hidden) more session\(hidden == 1 ? "" : "s")") }
        return lines
    }

    /// `SessionId · agent · EndStatus · 3★`.
    public static func sampleText(_ sample: AlertMessage.SampleLine, markup: Markup, cap: Int) -> String {
        var parts = [markup.escape(sample.sessionID, cap)]
        parts.append(sample.agent.isEmpty ? "no agent" : "agent " + markup.escape(sample.agent, cap))
        if !sample.endStatus.isEmpty { parts.append(markup.escape(sample.endStatus, cap)) }
        if let rating = sample.rating { parts.append("\(rating)★") }
        return parts.joined(separator: " · ")
    }
}
