import Rules

extension AlertMessage {
    /// One session of a sample: SessionId, agent, end status, rating.
    public struct SampleLine: Sendable, Hashable {
        /// `SessionId`.
        public var sessionID: UntrustedText
        /// `AgentId`; empty when no agent served the chat.
        public var agent: UntrustedText
        /// `EndStatus`.
        public var endStatus: UntrustedText
        /// `SatisfactionSelected`, if rated.
        public var rating: Int?
        /// `Timestamp`, Unix seconds.
        public var timestamp: Int

        /// Creates a sample line.
        public init(sessionID: UntrustedText, agent: UntrustedText = "", endStatus: UntrustedText = "", rating: Int? = nil, timestamp: Int = 0) {
            self.sessionID = sessionID
            self.agent = agent
            self.endStatus = endStatus
            self.rating = rating
            self.timestamp = timestamp
        }

        /// A line for `sample`.
        public init(_ sample: SessionSample) {
            self.init(
                sessionID: UntrustedText(sample.sessionID), agent: UntrustedText(sample.agentID), endStatus: UntrustedText(sample.endStatus),
                rating: sample.satisfaction, timestamp: sample.timestamp)
        }
    }
}
