/// The fields of a ``Session`` that rules can name, spelled as the API spells them (plus
/// `Source`).
public enum SessionField: String, Sendable, CaseIterable, Codable {
    case source = "Source"
    case sessionID = "SessionId"
    case agentGroupID = "AgentGroupId"
    case agentGroupName = "AgentGroupName"
    case agentID = "AgentId"
    case channelType = "ChannelType"
    case clientUserID = "ClientUserId"
    case clientUserNickName = "ClientUserNickName"
    case duration = "Duration"
    case endStatus = "EndStatus"
    case satisfaction = "SatisfactionSelected"
    case timestamp = "Timestamp"

    /// Whether the field holds a number (`Duration`, `SatisfactionSelected`, `Timestamp`).
    public var isNumeric: Bool {
        switch self {
        case .duration, .satisfaction, .timestamp: true
        default: false
        }
    }

    /// The field that holds this one's display name, if any (`AgentGroupName` for `AgentGroupId`).
    public var displayField: SessionField? {
        self == .agentGroupID ? .agentGroupName : nil
    }
}

extension Session {
    /// The text of a string field (numbers as decimal text; an unrated rating as empty).
    public func text(_ field: SessionField) -> String {
        switch field {
        case .source: source
        case .sessionID: sessionID
        case .agentGroupID: agentGroupID
        case .agentGroupName: agentGroupName
        case .agentID: agentID
        case .channelType: channelType
        case .clientUserID: clientUserID
        case .clientUserNickName: clientUserNickName
        case .duration: String(duration)
        case .endStatus: endStatus
        case .satisfaction: satisfaction.map(String.init) ?? ""
        case .timestamp: String(timestamp)
        }
    }

    /// The value of a numeric field; `nil` for a string field or an unrated rating.
    public func number(_ field: SessionField) -> Int? {
        switch field {
        case .duration: duration
        case .satisfaction: satisfaction
        case .timestamp: timestamp
        default: nil
        }
    }
}

extension Session {
    /// Whether the text of `field` equals `value`, without copying the field (the matching hot
    /// path). Numbers compare by their decimal text; an unrated rating as empty.
    @inline(__always)
    public func text(_ field: SessionField, equals value: String) -> Bool {
        switch field {
        case .source: source == value
        case .sessionID: sessionID == value
        case .agentGroupID: agentGroupID == value
        case .agentGroupName: agentGroupName == value
        case .agentID: agentID == value
        case .channelType: channelType == value
        case .clientUserID: clientUserID == value
        case .clientUserNickName: clientUserNickName == value
        case .endStatus: endStatus == value
        case .duration, .satisfaction, .timestamp: text(field) == value
        }
    }
}
