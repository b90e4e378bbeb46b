/// A few facts about one session behind an alert, enough for a message to point at it.
public struct SessionSample: Sendable, Hashable, Codable {
    /// The source the session came from.
    public var source: String
    /// `SessionId`.
    public var sessionID: String
    /// `AgentId`; empty when no agent served the chat.
    public var agentID: String
    /// `EndStatus`.
    public var endStatus: String
    /// `SatisfactionSelected`, or `nil` when not rated.
    public var satisfaction: Int?
    /// `Duration` in seconds.
    public var duration: Int
    /// `Timestamp`, Unix seconds.
    public var timestamp: Int

    /// Creates a session sample.
    public init(_ session: Session) {
        self.init(session, status: StatusCode.code(of: session.endStatus))
    }

    /// A sample of `session` whose `EndStatus` has the ``StatusCode`` `status`: a documented
    /// value is shared instead of copied.
    init(_ session: Session, status: Int) {
        source = session.source
        sessionID = session.sessionID
        agentID = session.agentID
        endStatus = status > 0 ? KnownEndStatus.values[status - 1] : session.endStatus
        satisfaction = session.satisfaction
        duration = session.duration
        timestamp = session.timestamp
    }

    /// Makes this sample one of `session` (see ``init(_:status:)``), in place.
    @inline(__always)
    mutating func overwrite(with session: Session, status: Int) {
        source = session.source
        sessionID = session.sessionID
        agentID = session.agentID
        endStatus = status > 0 ? KnownEndStatus.values[status - 1] : session.endStatus
        satisfaction = session.satisfaction
        duration = session.duration
        timestamp = session.timestamp
    }
}
