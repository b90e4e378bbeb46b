import Rules

/// What one notification to one receiver says: one or more alerts (grouped), each with what
/// happened in numbers, since when, the queue or agent, a short sample of sessions, and on
/// resolve how long it lasted.
///
/// Every piece of text that can hold data from the API is an ``UntrustedText``; target renderers
/// escape it for their markup. Build one with ``init(receiver:transitions:rules:externalURL:)``.
public struct AlertMessage: Sendable, Hashable {
    /// Whether the message announces a problem or its end.
    public enum Status: String, Sendable, Hashable, Codable {
        /// At least one alert is firing (or an `each` rule reported sessions).
        case firing
        /// Every alert in the message resolved.
        case resolved
    }

    /// A stable id, the same for the same transitions, for de-duplication downstream.
    public var id: String
    /// The receiver's configured name.
    public var receiver: String
    /// Firing or resolved.
    public var status: Status
    /// The highest severity among the alerts.
    public var severity: Severity
    /// A short title, e.g. `abandonment-high: Online customer service`.
    public var title: UntrustedText
    /// The alerts, most severe first.
    public var alerts: [Alert]
    /// The status page, when `external_url` is configured (an absolute `http`/`https` URL).
    public var externalURL: String?

    /// Creates a message from its parts.
    public init(
        id: String, receiver: String, status: Status, severity: Severity, title: UntrustedText, alerts: [Alert], externalURL: String? = nil
    ) {
        self.id = id
        self.receiver = receiver
        self.status = status
        self.severity = severity
        self.title = title
        self.alerts = alerts
        self.externalURL = externalURL
    }
}
