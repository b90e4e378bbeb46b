/// One finished chat session as the session-record API reports it (an element of `IMCdrList`).
///
/// `sessionID` and `timestamp` are required; every other field may be missing in a response and
/// then takes an empty value. `satisfaction` is `nil` when the user did not rate the chat (the
/// API omits the field or sends 0).
public struct SessionRecord: Sendable, Hashable {
    /// `SessionId`: unique per application; the key of a record.
    public var sessionID: String
    /// `AgentGroupId`: the queue (agent group).
    public var agentGroupID: String
    /// `AgentGroupName`: the queue's display name.
    public var agentGroupName: String
    /// `AgentId`: the agent who served the chat (often an email address); empty when none did.
    public var agentID: String
    /// `ChannelType`: `SDK` or `Web` (H5).
    public var channelType: String
    /// `ClientUserId`: the end user's id.
    public var clientUserID: String
    /// `ClientUserNickName`: text the end user chose. Treat it as hostile when rendering it.
    public var clientUserNickName: String
    /// `Duration`: session duration in seconds.
    public var duration: Int
    /// `EndStatus`: how the session ended.
    public var endStatus: EndStatus
    /// `SatisfactionSelected`: the 1-5 star rating, or `nil` when not rated.
    public var satisfaction: Int?
    /// `Timestamp`: the session time, Unix seconds.
    public var timestamp: Int

    public init(
        sessionID: String,
        agentGroupID: String = "",
        agentGroupName: String = "",
        agentID: String = "",
        channelType: String = "",
        clientUserID: String = "",
        clientUserNickName: String = "",
        duration: Int = 0,
        endStatus: EndStatus = "",
        satisfaction: Int? = nil,
        timestamp: Int
    ) {
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
