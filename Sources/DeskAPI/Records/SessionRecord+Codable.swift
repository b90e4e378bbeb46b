/// Decoding and encoding with the API's own field names.
///
/// Decoding is lenient where the API's documentation is loose: unknown fields are ignored,
/// optional fields may be missing or `null`, integers may arrive as numeric strings, and a
/// `SatisfactionSelected` of 0 (or outside 1-5) means "not rated". Encoding writes every field
/// with the API's name and omits `SatisfactionSelected` when the session was not rated, so an
/// exported line decodes back to the same record.
extension SessionRecord: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
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
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sessionID = try c.decode(String.self, forKey: .sessionID)
        if sessionID.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: .sessionID, in: c, debugDescription: "SessionId is empty")
        }
        guard let timestamp = try c.lenientInt(forKey: .timestamp) else {
            throw DecodingError.keyNotFound(
                CodingKeys.timestamp, .init(codingPath: c.codingPath, debugDescription: "Timestamp is missing"))
        }
        self.timestamp = timestamp
        agentGroupID = try c.lenientString(forKey: .agentGroupID)
        agentGroupName = try c.decodeIfPresent(String.self, forKey: .agentGroupName) ?? ""
        agentID = try c.decodeIfPresent(String.self, forKey: .agentID) ?? ""
        channelType = try c.decodeIfPresent(String.self, forKey: .channelType) ?? ""
        clientUserID = try c.lenientString(forKey: .clientUserID)
        clientUserNickName = try c.decodeIfPresent(String.self, forKey: .clientUserNickName) ?? ""
        duration = try c.lenientInt(forKey: .duration) ?? 0
        endStatus = try c.decodeIfPresent(EndStatus.self, forKey: .endStatus) ?? ""
        let rating = try c.lenientInt(forKey: .satisfaction) ?? 0
        satisfaction = (1...5).contains(rating) ? rating : nil
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sessionID, forKey: .sessionID)
        try c.encode(agentGroupID, forKey: .agentGroupID)
        try c.encode(agentGroupName, forKey: .agentGroupName)
        try c.encode(agentID, forKey: .agentID)
        try c.encode(channelType, forKey: .channelType)
        try c.encode(clientUserID, forKey: .clientUserID)
        try c.encode(clientUserNickName, forKey: .clientUserNickName)
        try c.encode(duration, forKey: .duration)
        try c.encode(endStatus, forKey: .endStatus)
        try c.encodeIfPresent(satisfaction, forKey: .satisfaction)
        try c.encode(timestamp, forKey: .timestamp)
    }
}

extension KeyedDecodingContainer {
    /// An integer that may arrive as a JSON number or a numeric string; `nil` when absent or null.
    ///
    /// The common case (a JSON integer) costs one lookup; the fallbacks run only on a mismatch.
    func lenientInt(forKey key: Key) throws -> Int? {
        do {
            return try decodeIfPresent(Int.self, forKey: key)
        } catch DecodingError.typeMismatch {
            if let text = try? decode(String.self, forKey: key) {
                if text.isEmpty { return nil }
                if let value = Int(text) { return value }
            }
            if let value = try? decode(Double.self, forKey: key), value.rounded() == value, abs(value) < 1e15 {
                return Int(value)
            }
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(key.stringValue) is not an integer")
        } catch DecodingError.dataCorrupted {
            if let value = try? decode(Double.self, forKey: key), value.rounded() == value, abs(value) < 1e15 {
                return Int(value)
            }
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(key.stringValue) is not an integer")
        }
    }

    /// A string that may arrive as a JSON string or number; empty when absent or null.
    func lenientString(forKey key: Key) throws -> String {
        do {
            return try decodeIfPresent(String.self, forKey: key) ?? ""
        } catch DecodingError.typeMismatch {
            if let value = try? decode(Int.self, forKey: key) { return String(value) }
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(key.stringValue) is not a string")
        }
    }
}
