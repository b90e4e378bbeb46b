import Rules

/// What a ``MessageTemplate`` sees: one message, at the level of detail that fits the target.
///
/// Every text value that can hold data from the API or the configuration (rule and group names,
/// nicknames, agent ids, session ids, end statuses, the receiver's name, values and thresholds)
/// is cleaned of control characters and bidi overrides, capped, and escaped for the target's
/// markup before the template sees it: `{{title}}`, `{{{title}}}` and `{{&title}}` all insert the
/// same escaped text. For a webhook body template the values are escaped for the inside of a JSON
/// string, so `"title": "{{title}}"` stays valid JSON; numbers and booleans are bare. Fixed
/// wording (statuses, severities, times, durations, emoji) is inserted as is, and so is the
/// status page URL, which the configuration checked to be an `http`/`https` URL without markup
/// characters.
///
/// A value that is empty, zero or absent is false in a section: `{{#threshold}}…{{/threshold}}`
/// shows only when there is a threshold, `{{^externalURL}}…{{/externalURL}}` only when there is
/// no status page.
///
/// ## The message
/// | Name | Value |
/// | --- | --- |
/// | `receiver` | The receiver's configured name. |
/// | `id` | The message's stable id (the same for the same alerts). |
/// | `status` | `firing` or `resolved` (resolved when every alert in it resolved). |
/// | `statusWord` | `FIRING` or `RESOLVED`. |
/// | `isFiring`, `isResolved` | `true` or `false`, for sections. |
/// | `severity` | The highest severity: `info`, `warning` or `critical`. |
/// | `emoji` | 🔴 critical, 🟠 warning, 🔵 info; ✅ once resolved. |
/// | `title` | `abandonment-high · Online customer service (g1)`, with ` and N more` for several alerts. |
/// | `header` | The default first line: `🔴 FIRING critical: ` and the title. |
/// | `externalURL` | The configured status page, or empty. |
/// | `sentAt` | When the message is sent, in RFC 3339: `2026-11-25T13:05:00Z`. |
/// | `alertCount` | How many alerts the message holds. |
/// | `firingCount`, `resolvedCount` | How many of them fire, and how many resolved. |
/// | `alerts` | The alerts shown (most severe and still firing first), each as below. |
/// | `moreAlerts` | How many alerts were left out to fit the target's size limit (0: none). |
///
/// ## Each of `alerts`
/// | Name | Value |
/// | --- | --- |
/// | `id` | The transition's id. |
/// | `key` | A fingerprint of the rule and group, the same from firing to resolve. |
/// | `rule` | The rule's name. |
/// | `event` | `firing`, `repeated`, `resolved` or `reported`. |
/// | `status` | `firing` or `resolved`. |
/// | `isFiring`, `isResolved` | `true` or `false`. |
/// | `severity` | `info`, `warning` or `critical`. |
/// | `emoji` | As for the message, for this alert. |
/// | `summary` | What happened in one line with the numbers: `12 of 80 chats (15%) in Online customer service were abandoned in the last hour; threshold > 10%`. |
/// | `value` | The measured value: `15%`. |
/// | `threshold` | The threshold: `> 10%`; empty when the rule has none. |
/// | `since` | When the alert started firing: `2026-11-25 12:57 UTC`. |
/// | `startsAt` | The same in RFC 3339: `2026-11-25T12:57:03Z`. |
/// | `at` | When this event was evaluated: `2026-11-25 13:05 UTC`. |
/// | `lasted` | On resolve, how long it lasted: `1h 30m`; else empty. |
/// | `lastedSeconds` | The same in seconds; 0 unless resolved. |
/// | `endsAt` | On resolve, the event time in RFC 3339; else empty. |
/// | `group` | The group as people read it: `Queue: Online customer service (g1)`, labels joined with ` · `; empty for a rule without groups. |
/// | `display` | The same as a list of `name` (`Queue`, `Agent`, fixed wording) and `value`. |
/// | `labels` | The group's labels as a list of `name` (`AgentGroupId`) and `value` (`g1`). |
/// | `sessions` | A sample of the sessions behind the alert, each as below. |
/// | `sessionCount` | How many sessions are behind the alert in all. |
/// | `moreSessions` | How many of them `sessions` does not show (not sampled, or left out to fit). |
///
/// ## Each of `sessions`
/// | Name | Value |
/// | --- | --- |
/// | `sessionId` | The session's `SessionId`. |
/// | `agent` | The agent's `AgentId`; empty when no agent served the chat. |
/// | `endStatus` | The session's `EndStatus`. |
/// | `rating` | The satisfaction rating (1–5); empty when not rated. |
/// | `time` | The session's time: `2026-11-25 12:47 UTC`. |
/// | `timestamp` | The same in RFC 3339. |
/// | `line` | The default sample line: `s-1 · agent agent-7 · UserAbandonedDuringQueueing · 2★`. |
///
/// ## Mustache's own helpers
/// Inside a list: `first()`, `last()`, `index()` (from 0), `even()`, `odd()`, e.g.
/// `{{^last()}}, {{/last()}}`. On a list: `count(alerts)`, `empty(alerts)`, `first(alerts)`,
/// `last(alerts)`, `reversed(alerts)`. On a number: `plusone()`, `minusone()`, `even()`, `odd()`,
/// `equalzero()`. On text only `empty()`: a transform that changed escaped text (case, order)
/// could undo its escaping.
///
/// ## Size limits
/// A target renders the template at less and less detail (fewer sessions, fewer alerts, shorter
/// fields) until its text fits. When alerts or sessions are left out and the template does not
/// use `moreAlerts` (or lists `sessions` without using `moreSessions`), a line
/// `… and N more alerts` (or sessions) is added below the text. When even the least detail does
/// not fit, the text at the least detail is cut between lines and ends with
/// `… and N more lines`. A webhook body is never cut: when even the least detail is over the
/// limit, the default body is sent and the error reported.
///
/// ## Where the text goes
/// | Target | The template's text | Kept from the default message |
/// | --- | --- | --- |
/// | WeCom | `markdown.content` or `text.content` | Configured mentions after the text. |
/// | DingTalk | `markdown.text` | The title (summary line), configured mentions after the text. |
/// | Feishu / Lark | One `text` paragraph per line of a post, or the card's text | The title and colour, the status page link. |
/// | Slack | One mrkdwn section | The notification text, the status page link. |
/// | Teams | The first line as the coloured header, every other non-blank line a `TextBlock` | The status page action. |
/// | Discord | The embed's description | The `content` line, the embed's title, colour and link. |
/// | Telegram | `text` (HTML) | |
/// | Google Chat | `text` | The thread key. |
/// | Webhook | The whole body, which must be valid JSON | Headers and the signature over the body. |
///
/// Surrounding blank lines and spaces of the rendered text are removed. When a template renders
/// nothing but blank space (or, for a webhook, no valid JSON), the default body is sent and the
/// error reported.
public struct TemplateContext {
    let root: TemplateObject
    let lookups: TemplateLookups

    /// The context of `message` for a target writing `markup`, showing what `detail` allows;
    /// `now` (Unix seconds) is `sentAt`.
    public init(_ message: AlertMessage, markup: Markup, detail: Detail, now: Int) {
        let lookups = TemplateLookups()
        let builder = Builder(markup: markup, cap: detail.fieldCap, lookups: lookups)
        let shown = message.alerts.prefix(max(detail.alerts, 1))
        let resolved = message.status == .resolved
        let firingCount = message.alerts.filter { !$0.isResolved }.count
        root = builder.object([
            "receiver": builder.text(UntrustedText(message.receiver)),
            "id": builder.text(UntrustedText(message.id)),
            "status": builder.fixed(message.status.rawValue),
            "statusWord": builder.fixed(MessageText.statusWord(message.status)),
            "isFiring": !resolved,
            "isResolved": resolved,
            "severity": builder.fixed(message.severity.rawValue),
            "emoji": builder.fixed(MessageText.emoji(message.severity, resolved: resolved)),
            "title": builder.text(message.title),
            "header": builder.fixed(MessageText.summaryLine(message, markup: markup, cap: detail.fieldCap)),
            "externalURL": builder.fixed(message.externalURL ?? ""),
            "sentAt": builder.fixed(TimeText.rfc3339(now)),
            "alertCount": builder.count(message.alerts.count),
            "firingCount": builder.count(firingCount),
            "resolvedCount": builder.count(message.alerts.count - firingCount),
            "alerts": shown.map { builder.alert($0, samples: detail.samples) },
            "moreAlerts": builder.count(message.alerts.count - shown.count),
        ])
        self.lookups = lookups
    }

    /// Builds the values of one context, all escaped with one markup and cap.
    private struct Builder {
        let markup: Markup
        let cap: Int
        let lookups: TemplateLookups

        func text(_ value: UntrustedText, cap: Int? = nil) -> TemplateText {
            TemplateText(text: markup.escape(value, cap ?? self.cap), lookups: lookups)
        }

        func fixed(_ value: String) -> TemplateText { TemplateText(text: value, lookups: lookups) }

        func count(_ value: Int) -> TemplateCount { TemplateCount(value: value, lookups: lookups) }

        func object(_ members: [String: Any]) -> TemplateObject { TemplateObject(members: members, lookups: lookups) }

        func alert(_ alert: AlertMessage.Alert, samples: Int) -> TemplateObject {
            let sessions = alert.sample.prefix(max(samples, 0))
            let times = AlertmanagerShape.times(of: alert, firingEndsAt: nil)
            let group = alert.display.map { "\($0.name): " + markup.escape($0.value, cap) }.joined(separator: " · ")
            return object([
                "id": text(UntrustedText(alert.id)),
                "key": fixed(alert.key),
                "rule": text(alert.rule),
                "event": fixed(alert.event.rawValue),
                "status": fixed(alert.isResolved ? "resolved" : "firing"),
                "isFiring": !alert.isResolved,
                "isResolved": alert.isResolved,
                "severity": fixed(alert.severity.rawValue),
                "emoji": fixed(MessageText.emoji(alert.severity, resolved: alert.isResolved)),
                "summary": text(alert.headline, cap: cap * 2),
                "value": text(UntrustedText(alert.value)),
                "threshold": text(UntrustedText(alert.threshold)),
                "since": fixed(TimeText.utc(alert.since)),
                "startsAt": fixed(times.startsAt),
                "at": fixed(TimeText.utc(alert.at)),
                "lasted": fixed(alert.lasted.map(TimeText.duration) ?? ""),
                "lastedSeconds": count(alert.lasted ?? 0),
                "endsAt": fixed(times.endsAt ?? ""),
                "group": fixed(group),
                "display": alert.display.map { object(["name": fixed($0.name), "value": text($0.value)]) },
                "labels": alert.labels.map { object(["name": fixed($0.field.rawValue), "value": text(UntrustedText($0.value))]) },
                "sessions": sessions.map(session),
                "sessionCount": count(alert.sessionCount),
                "moreSessions": count(alert.sessionCount - sessions.count),
            ])
        }

        func session(_ sample: AlertMessage.SampleLine) -> TemplateObject {
            object([
                "sessionId": text(sample.sessionID),
                "agent": text(sample.agent),
                "endStatus": text(sample.endStatus),
                "rating": sample.rating.map { count($0) as Any } ?? fixed(""),
                "time": fixed(TimeText.utc(sample.timestamp)),
                "timestamp": fixed(TimeText.rfc3339(sample.timestamp)),
                "line": fixed(MessageText.sampleText(sample, markup: markup, cap: cap)),
            ])
        }
    }
}

extension TemplateContext {
    /// The time of the sample messages: 2026-11-01 00:00:00 UTC.
    static let sampleTime = 1_793_491_200

    /// Two messages that between them reach every part of the context: one with two alerts
    /// (one resolved), groups, samples and a status page; one with a single bare alert.
    static let samples: [AlertMessage] = {
        let now = sampleTime
        let sample = [
            AlertMessage.SampleLine(sessionID: "s-1", agent: "agent-7", endStatus: "UserAbandonedDuringQueueing", rating: 2, timestamp: now - 600),
            AlertMessage.SampleLine(sessionID: "s-2", timestamp: now - 500),
        ]
        let label = AlertGroup.Label(field: .agentGroupID, value: "g1")
        let display = [AlertMessage.DisplayLabel(name: "Queue", value: "Online customer service (g1)")]
        let firing = AlertMessage.Alert(
            id: "t-1", rule: "abandonment-high", event: .firing, severity: .critical, labels: [label], display: display,
            headline: "12 of 80 chats (15%) matched; threshold > 10%", value: "15%", threshold: "> 10%", since: now - 300, at: now,
            sample: sample, sessionCount: 12)
        let resolved = AlertMessage.Alert(
            id: "t-2", rule: "queue-long", event: .resolved, severity: .warning, labels: [label], display: display,
            headline: "Resolved after 1h 30m", value: "2", threshold: "> 5", since: now - 5400, at: now, lasted: 5400)
        let bare = AlertMessage.Alert(id: "t-3", rule: "errors", event: .reported, severity: .info, headline: "3 chats matched", since: now, at: now)
        return [
            AlertMessage(
                id: "m-1", receiver: "support", status: .firing, severity: .critical, title: "abandonment-high and 1 more",
                alerts: [firing, resolved], externalURL: "https://status.example.com"),
            AlertMessage(id: "m-2", receiver: "support", status: .firing, severity: .info, title: "errors", alerts: [bare]),
        ]
    }()
}
