/// The JSON body of a `describe_im_cdr_list` request.
public struct CDRListQuery: Sendable, Equatable, Codable {
    /// Start of the range, Unix seconds.
    public var startTimestamp: Int
    /// End of the range, Unix seconds.
    public var endTimestamp: Int
    /// Page size; the API allows at most ``maxLimit``.
    public var limit: Int
    /// How many records of the result set to skip.
    public var offset: Int
    /// Restrict the result to one end user.
    public var clientUserID: String?

    /// The largest page the API serves.
    public static let maxLimit = 100

    public init(startTimestamp: Int, endTimestamp: Int, limit: Int = CDRListQuery.maxLimit, offset: Int = 0, clientUserID: String? = nil) {
        self.startTimestamp = startTimestamp
        self.endTimestamp = endTimestamp
        self.limit = limit
        self.offset = offset
        self.clientUserID = clientUserID
    }

    enum CodingKeys: String, CodingKey {
        case startTimestamp = "StartTimestamp"
        case endTimestamp = "EndTimestamp"
        case limit = "Limit"
        case offset = "Offset"
        case clientUserID = "ClientUserId"
    }
}
