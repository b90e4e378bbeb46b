/// The `EndStatus` values the vendor documents. Rules may name others (new values appear), but a
/// value not in this list is reported as a warning, since it is usually a typo.
public enum KnownEndStatus {
    /// The documented values, in the vendor's order.
    public static let values = [
        "AgentEndedSession", "UserEndedSession", "UserTimeout", "AgentTimeout", "ChatbotReception", "NoAgentsOnline",
        "TimeoutTransfer", "ManualTransfer", "UserAbandonedDuringQueueing",
    ]
}
