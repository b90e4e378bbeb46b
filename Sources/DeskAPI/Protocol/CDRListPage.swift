import Foundation

/// One decoded response of `describe_im_cdr_list`.
///
/// The API answers HTTP 200 for its own failures too; ``actionStatus`` and ``errorCode`` say
/// whether the call worked. ``records`` and ``totalCount`` are meaningful only when it did.
public struct CDRListPage: Sendable, Equatable {
    public var actionStatus: String
    public var errorCode: Int
    public var errorInfo: String
    public var totalCount: Int
    public var records: [SessionRecord]

    public init(actionStatus: String = "OK", errorCode: Int = 0, errorInfo: String = "", totalCount: Int, records: [SessionRecord]) {
        self.actionStatus = actionStatus
        self.errorCode = errorCode
        self.errorInfo = errorInfo
        self.totalCount = totalCount
        self.records = records
    }

    /// A failed call: `ActionStatus` FAIL with a code and message.
    public static func failure(code: Int, info: String) -> CDRListPage {
        CDRListPage(actionStatus: "FAIL", errorCode: code, errorInfo: info, totalCount: 0, records: [])
    }

    /// Whether the API reported success.
    public var isSuccess: Bool { actionStatus == "OK" && errorCode == 0 }
}

extension CDRListPage: Codable {
    enum CodingKeys: String, CodingKey {
        case actionStatus = "ActionStatus"
        case errorCode = "ErrorCode"
        case errorInfo = "ErrorInfo"
        case totalCount = "TotalCount"
        case records = "IMCdrList"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        errorCode = try c.lenientInt(forKey: .errorCode) ?? 0
        actionStatus = try c.decodeIfPresent(String.self, forKey: .actionStatus) ?? (errorCode == 0 ? "OK" : "FAIL")
        errorInfo = try c.decodeIfPresent(String.self, forKey: .errorInfo) ?? ""
        totalCount = try c.lenientInt(forKey: .totalCount) ?? 0
        records = try c.decodeIfPresent([SessionRecord].self, forKey: .records) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(actionStatus, forKey: .actionStatus)
        try c.encode(errorCode, forKey: .errorCode)
        try c.encode(errorInfo, forKey: .errorInfo)
        if isSuccess {
            try c.encode(totalCount, forKey: .totalCount)
            try c.encode(records, forKey: .records)
        }
    }
}
