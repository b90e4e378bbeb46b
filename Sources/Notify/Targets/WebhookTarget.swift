import Foundation
import Rules
import Transport

/// A generic webhook: a JSON body in the versioned deskwatch format or shaped like
/// Alertmanager's webhook (version 4), extra headers, and an optional
/// `X-Deskwatch-Signature: sha256=<hex>` HMAC-SHA256 over the exact body bytes.
///
/// The deskwatch format, version `"1"`:
/// ```
/// {"version":"1","id":"…","receiver":"…","status":"firing|resolved","severity":"info|warning|critical",
///  "title":"…","externalURL":"…"|null,"sentAt":"RFC 3339","truncatedAlerts":0,
///  "alerts":[{"id":"…","key":"…","rule":"…","event":"firing|repeated|resolved|reported",
///             "status":"firing|resolved","severity":"…","summary":"…","value":"15%","threshold":"> 10%",
///             "startsAt":"RFC 3339","endsAt":"RFC 3339"|null,"lastedSeconds":int|null,
///             "labels":{"AgentGroupId":"g1"},"display":{"Queue":"Online customer service (g1)"},
///             "sessionCount":12,"truncatedSessions":2,
///             "sessions":[{"sessionId":"…","agentId":"…","endStatus":"…","rating":int|null,"timestamp":"RFC 3339"}]}]}
/// ```
/// Text values are cleaned of controls and bidi overrides and capped, but not escaped for any
/// markup: the receiver escapes for its own display. `sentAt` is inside the signed body, so a
/// receiver can refuse replays.
///
/// A body template replaces the format: it renders the whole body from the ``TemplateContext``
/// with values escaped for the inside of JSON strings. The rendered body must parse as JSON and
/// fit the limit (at some level of detail), else the format's body is sent and the error
/// reported.
public struct WebhookTarget: Sendable {
    /// The body format.
    public enum Format: String, Sendable, Hashable {
        /// The deskwatch format, version 1.
        case deskwatch
        /// Alertmanager's webhook payload, version 4.
        case alertmanager
    }

    /// The URL (may hold a token).
    public var url: Secret
    /// The body format.
    public var format: Format
    /// The signing secret, if any.
    public var secret: Secret?
    /// Extra headers, from the configuration.
    public var headers: [HTTPHeader]
    /// The body limit, in bytes.
    public var bodyLimit: Int
    /// The receiver's template for the whole JSON body, in place of `format`.
    public var bodyTemplate: MessageTemplate?

    /// The header that carries the signature.
    public static let signatureHeader = "X-Deskwatch-Signature"

    /// Creates a webhook target.
    public init(
        url: Secret, format: Format = .deskwatch, secret: Secret? = nil, headers: [HTTPHeader] = [], bodyLimit: Int = 256 * 1024,
        bodyTemplate: MessageTemplate? = nil
    ) {
        self.url = url
        self.format = format
        self.secret = secret
        self.headers = headers
        self.bodyLimit = bodyLimit
        self.bodyTemplate = bodyTemplate
    }

    /// The request for `message`; `now` is `sentAt`.
    public func render(_ message: AlertMessage, now: Int) -> HTTPRequest {
        renderReporting(message, now: now).request
    }

    /// The request for `message`, with the body template's error when the format's body was
    /// used.
    public func renderReporting(_ message: AlertMessage, now: Int) -> RenderedRequest {
        RenderedRequest.using(bodyTemplate) { template throws(TemplateError) in
            request(data: try template.fitJSON(message, now: now, fits: { $0.count <= bodyLimit }))
        } otherwise: {
            let body = Detail.fit(message, fits: { $0.data.count <= bodyLimit }) { detail in
                format == .deskwatch ? Self.deskwatch(message, detail: detail, now: now) : Self.alertmanager(message, detail: detail)
            }
            return request(data: body.data)
        }
    }

    private func request(data: Data) -> HTTPRequest {
        var extra = headers
        if let secret, !secret.isEmpty {
            extra.append(HTTPHeader(name: Self.signatureHeader, value: Signature.webhook(secret: secret, body: data)))
        }
        return .json(url: url.reveal(), data: data, headers: extra)
    }

    static func deskwatch(_ message: AlertMessage, detail: Detail, now: Int) -> JSONValue {
        let shown = message.alerts.prefix(max(detail.alerts, 1))
        let alerts: [JSONValue] = shown.map { alert in
            let sessions = alert.sample.prefix(max(detail.samples, 0))
            let times = AlertmanagerShape.times(of: alert, firingEndsAt: nil)
            return .object([
                ("id", .string(Escape.plain(UntrustedText(alert.id), cap: 1000))), ("key", .string(alert.key)),
                ("rule", .string(Escape.plain(alert.rule, cap: detail.fieldCap))), ("event", .string(alert.event.rawValue)),
                ("status", .string(alert.isResolved ? "resolved" : "firing")), ("severity", .string(alert.severity.rawValue)),
                ("summary", .string(Escape.plain(alert.headline, cap: detail.fieldCap * 2))), ("value", .string(alert.value)),
                ("threshold", .string(alert.threshold)), ("startsAt", .string(times.startsAt)), ("endsAt", .optional(times.endsAt)),
                ("lastedSeconds", alert.lasted.map(JSONValue.int) ?? .null),
                (
                    "labels",
                    .object(alert.labels.map { ($0.field.rawValue, .string(Escape.plain(UntrustedText($0.value), cap: detail.fieldCap))) })
                ),
                ("display", .object(alert.display.map { ($0.name, .string(Escape.plain($0.value, cap: detail.fieldCap))) })),
                ("sessionCount", .int(alert.sessionCount)), ("truncatedSessions", .int(alert.sessionCount - sessions.count)),
                (
                    "sessions",
                    .array(
                        sessions.map { session in
                            .object([
                                ("sessionId", .string(Escape.plain(session.sessionID, cap: detail.fieldCap))),
                                ("agentId", .string(Escape.plain(session.agent, cap: detail.fieldCap))),
                                ("endStatus", .string(Escape.plain(session.endStatus, cap: detail.fieldCap))),
                                ("rating", session.rating.map(JSONValue.int) ?? .null), ("timestamp", .string(TimeText.rfc3339(session.timestamp))),
                            ])
                        })
                ),
            ])
        }
        return .object([
            ("version", .string("1")), ("id", .string(message.id)), ("receiver", .string(message.receiver)),
            ("status", .string(message.status.rawValue)), ("severity", .string(message.severity.rawValue)),
            ("title", .string(Escape.plain(message.title, cap: detail.fieldCap))), ("externalURL", .optional(message.externalURL)),
            ("sentAt", .string(TimeText.rfc3339(now))), ("truncatedAlerts", .int(message.alerts.count - shown.count)), ("alerts", .array(alerts)),
        ])
    }

    static func alertmanager(_ message: AlertMessage, detail: Detail) -> JSONValue {
        let shown = message.alerts.prefix(max(detail.alerts, 1))
        let labelSets = shown.map { AlertmanagerShape.labels(of: $0) }
        let alerts: [JSONValue] = zip(shown, labelSets).map { alert, labels in
            let times = AlertmanagerShape.times(of: alert, firingEndsAt: nil)
            return .object([
                ("status", .string(alert.isResolved ? "resolved" : "firing")), ("labels", .object(labels)),
                ("annotations", .object(AlertmanagerShape.annotations(of: alert, samples: detail.samples))),
                ("startsAt", .string(times.startsAt)), ("endsAt", .string(times.endsAt ?? AlertmanagerShape.zeroTime)),
                ("generatorURL", .string(AlertmanagerShape.generatorURL(message))), ("fingerprint", .string(alert.key)),
            ])
        }
        // Labels every shown alert has with the same value.
        let common = (labelSets.first ?? []).filter { name, value in labelSets.allSatisfy { set in set.contains { $0.0 == name && $0.1 == value } } }
        let receiver = message.receiver.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return .object([
            ("version", .string("4")), ("groupKey", .string("{}:{receiver=\"\(receiver)\"}")),
            ("truncatedAlerts", .int(message.alerts.count - shown.count)), ("status", .string(message.status.rawValue)),
            ("receiver", .string(message.receiver)), ("groupLabels", .object([])), ("commonLabels", .object(common)),
            ("commonAnnotations", .object([])), ("externalURL", .string(message.externalURL ?? "")), ("alerts", .array(alerts)),
        ])
    }
}
