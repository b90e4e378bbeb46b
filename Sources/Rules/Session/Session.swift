/// A finished chat session as the rule engine and the store see it: the API's record plus the
/// source (Desk application) it came from.
///
/// This is the domain type; the API's wire format lives in `DeskAPI` and is mapped onto this
/// one at ingestion, so rules can be read and tested without the API client.
public struct Session: Sendable, Hashable, Codable {
    /// The configured name of the source the record came from.
    public var source: String
    /// `SessionId`, unique within a source.
    public var sessionID: String
    /// `AgentGroupId`: the queue.
    public var agentGroupID: String
    /// `AgentGroupName`: the queue's display name.
    public var agentGroupName: String
    /// `AgentId`; empty when no agent served the chat.
    public var agentID: String
    /// `ChannelType`: `SDK` or `Web`.
    public var channelType: String
    /// `ClientUserId`.
    public var clientUserID: String
    /// `ClientUserNickName`: end-user text, hostile until escaped.
    public var clientUserNickName: String
    /// `Duration` in seconds.
    public var duration: Int
    /// `EndStatus`, kept as sent (new values may appear).
    public var endStatus: String
    /// `SatisfactionSelected`, 1-5, or `nil` when not rated.
    public var satisfaction: Int?
    /// `Timestamp`, Unix seconds.
    public var timestamp: Int

    public init(
        source: String, sessionID: String, agentGroupID: String = "", agentGroupName: String = "", agentID: String = "",
        channelType: String = "", clientUserID: String = "", clientUserNickName: String = "", duration: Int = 0,
        endStatus: String = "", satisfaction: Int? = nil, timestamp: Int
    ) {
        self.source = source
        self.sessionID = sessionID
        self.agentGroupID = agentGroupID
        self.agentGroupName = agentGroupName
        self.agentID = agentID
        self.channelType = channelType
        self.clientUserID = clientUserID
        self.clientUserNickName = clientUserNickName
        self.duration = duration
        self.endStatus = endStatus
        self.satisfaction = satisfaction
        self.timestamp = timestamp
    }
}
