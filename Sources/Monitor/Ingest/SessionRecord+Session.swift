import DeskAPI
import Rules

extension Session {
    /// The domain session for an API record of `source`.
    public init(_ record: SessionRecord, source: String) {
        self.init(
            source: source, sessionID: record.sessionID, agentGroupID: record.agentGroupID, agentGroupName: record.agentGroupName,
            agentID: record.agentID, channelType: record.channelType, clientUserID: record.clientUserID,
            clientUserNickName: record.clientUserNickName, duration: record.duration, endStatus: record.endStatus.rawValue,
            satisfaction: record.satisfaction, timestamp: record.timestamp)
    }
}

extension SessionRecord {
    /// The API record of a stored session (for exports in the API's format).
    public init(_ session: Session) {
        self.init(
            sessionID: session.sessionID, agentGroupID: session.agentGroupID, agentGroupName: session.agentGroupName,
            agentID: session.agentID, channelType: session.channelType, clientUserID: session.clientUserID,
            clientUserNickName: session.clientUserNickName, duration: session.duration, endStatus: EndStatus(session.endStatus),
            satisfaction: session.satisfaction, timestamp: session.timestamp)
    }
}
