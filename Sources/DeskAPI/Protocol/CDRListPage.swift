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
    /// Elements of `IMCdrList` that could not be read as records (left out of ``records``),
    /// with the reason, e.g. `[3] (SessionId a97d…): Timestamp is missing`.
    public var invalidRecords: [String] = []

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

/// One element of `IMCdrList`: a record, or why it is not one.
private enum RecordOrProblem: Decodable {
    case record(SessionRecord)
    case problem(String)

    private enum IDKey: String, CodingKey { case sessionID = "SessionId" }

    init(from decoder: any Decoder) throws {
        do {
            self = .record(try SessionRecord(from: decoder))
        } catch {
            let id = (try? decoder.container(keyedBy: IDKey.self).decode(String.self, forKey: .sessionID)).map { " (SessionId \($0))" } ?? ""
            self = .problem("\(id.isEmpty ? "" : String(id.dropFirst()) + ": ")\(DecodingProblem.describe(error))")
        }
    }
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
        let total = try c.lenientInt(forKey: .totalCount)
        if actionStatus == "OK", errorCode == 0, total == nil {
            throw DecodingError.keyNotFound(
                CodingKeys.totalCount, .init(codingPath: c.codingPath, debugDescription: "a successful answer without TotalCount"))
        }
        totalCount = total ?? 0
        records = []
        if let all = try? c.decodeIfPresent([SessionRecord].self, forKey: .records) {
            records = all
            return
        }
        // One unreadable record must not cost the page: keep the others and say which failed.
        if var list = try? c.nestedUnkeyedContainer(forKey: .records) {
            while !list.isAtEnd {
                let index = list.currentIndex
                let element = try list.decode(RecordOrProblem.self)
                switch element {
                case .record(let record): records.append(record)
                case .problem(let reason): invalidRecords.append("[\(index)] \(reason)")
                }
            }
        } else if c.contains(.records), try !c.decodeNil(forKey: .records) {
            throw DecodingError.typeMismatch(
                [SessionRecord].self, .init(codingPath: c.codingPath + [CodingKeys.records], debugDescription: "IMCdrList is not a list"))
        }
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
