import DeskAPI
import Foundation
import Testing

/// Decoding of API pages: what the client accepts and what it refuses.
struct SessionRecordDecodingTests {
    private func page(_ json: String) throws -> CDRListPage {
        try JSONDecoder().decode(CDRListPage.self, from: Data(json.utf8))
    }

    @Test func decodesTheVendorsExampleOnceItsMissingCommasAreRestored() throws {
        let decoded = try page(
            #"{"ActionStatus": "OK","ErrorCode": 0,"ErrorInfo": "","TotalCount": 1,"IMCdrList": [{"SessionId": "a97d3e1f-a88b-403b-9b3a-7bc6554ea05d","AgentGroupId": "3067","AgentGroupName": "Online customer service","AgentId": "shannon@qq.com","ChannelType": "SDK","ClientUserId": "1299314544","ClientUserNickName": "Shannong","Duration": 10,"EndStatus": "AgentEndedSession","SatisfactionSelected": 5,"Timestamp": 1730443136}]}"#
        )
        #expect(decoded.isSuccess)
        #expect(decoded.totalCount == 1)
        #expect(
            decoded.records == [
                SessionRecord(
                    sessionID: "a97d3e1f-a88b-403b-9b3a-7bc6554ea05d", agentGroupID: "3067", agentGroupName: "Online customer service",
                    agentID: "shannon@qq.com", channelType: "SDK", clientUserID: "1299314544", clientUserNickName: "Shannong", duration: 10,
                    endStatus: .agentEndedSession, satisfaction: 5, timestamp: 1_730_443_136)
            ])
    }

    @Test func refusesTheVendorsExampleAsPrintedBecauseItIsNotJSON() {
        let asPrinted =
            #"{"ActionStatus": "OK","ErrorCode": 0,"ErrorInfo": "","TotalCount": 1,"IMCdrList": [{"SessionId": "a97d","AgentGroupName": "Online customer service""AgentId": "x","Timestamp": 1730443136}]}"#
        #expect(throws: (any Error).self) { try page(asPrinted) }
    }

    @Test func keepsUnknownEndStatusValuesAndIgnoresUnknownFields() throws {
        let decoded = try page(
            #"{"ActionStatus":"OK","ErrorCode":0,"TotalCount":1,"NewTopLevel":{"x":1},"IMCdrList":[{"SessionId":"s1","Timestamp":5,"EndStatus":"RobotHandoverFailed","BrandNewField":[1,2,3]}]}"#
        )
        let record = try #require(decoded.records.first)
        #expect(record.endStatus == EndStatus("RobotHandoverFailed"))
        #expect(!record.endStatus.isDocumented)
        #expect(EndStatus.noAgentsOnline.isDocumented)
    }

    @Test(arguments: [#""SatisfactionSelected":0,"#, "", #""SatisfactionSelected":null,"#, #""SatisfactionSelected":"0","#])
    func treatsAnAbsentOrZeroRatingAsNotRated(field: String) throws {
        let decoded = try page(#"{"ActionStatus":"OK","ErrorCode":0,"TotalCount":1,"IMCdrList":[{"SessionId":"s1",\#(field)"Timestamp":5}]}"#)
        #expect(decoded.records.first?.satisfaction == nil)
    }

    @Test func fillsMissingOptionalFieldsWithEmptyValues() throws {
        let record = try #require(
            try page(#"{"ActionStatus":"OK","ErrorCode":0,"TotalCount":1,"IMCdrList":[{"SessionId":"s1","Timestamp":5}]}"#).records.first)
        #expect(record == SessionRecord(sessionID: "s1", timestamp: 5))
    }

    @Test func acceptsNumbersSentAsStrings() throws {
        let record = try #require(
            try page(
                #"{"ActionStatus":"OK","ErrorCode":0,"TotalCount":"1","IMCdrList":[{"SessionId":"s1","Timestamp":"1730443136","Duration":"42","SatisfactionSelected":"4","AgentGroupId":3067}]}"#
            ).records.first)
        #expect(record.timestamp == 1_730_443_136)
        #expect(record.duration == 42)
        #expect(record.satisfaction == 4)
        #expect(record.agentGroupID == "3067")
    }

    /// One unreadable record must not cost the others on its page (or stall the source).
    @Test func leavesOutARecordWithoutSessionIdOrTimestampAndSaysWhich() throws {
        let decoded = try page(
            #"{"ActionStatus":"OK","ErrorCode":0,"TotalCount":4,"IMCdrList":[{"Timestamp":5},{"SessionId":"s1","Timestamp":6},{"SessionId":"s2"},{"SessionId":"s3","Timestamp":7,"Duration":"long"}]}"#
        )
        #expect(decoded.records.map(\.sessionID) == ["s1"])
        #expect(decoded.invalidRecords.count == 3)
        #expect(decoded.invalidRecords[0].hasPrefix("[0] ") && decoded.invalidRecords[0].contains("SessionId"))
        #expect(decoded.invalidRecords[1].contains("SessionId s2") && decoded.invalidRecords[1].contains("Timestamp"))
        #expect(decoded.invalidRecords[2].contains("SessionId s3") && decoded.invalidRecords[2].contains("Duration"))
    }

    @Test func refusesASuccessfulAnswerWithoutTotalCount() {
        #expect(throws: DecodingError.self) {
            try page(#"{"ActionStatus":"OK","ErrorCode":0,"IMCdrList":[{"SessionId":"s1","Timestamp":5}]}"#)
        }
    }

    @Test func readsAFailureAnswer() throws {
        let decoded = try page(#"{"ActionStatus":"FAIL","ErrorCode":141009,"ErrorInfo":"rate limited"}"#)
        #expect(!decoded.isSuccess)
        #expect(decoded.errorCode == 141009)
        #expect(FailureClass.forAPIError(code: decoded.errorCode) == .slowDown(minimumWait: .seconds(2)))
    }

    @Test func encodedRecordsUseTheAPIsFieldNamesAndDecodeBackToTheSameRecord() throws {
        let record = SessionRecord(
            sessionID: "s1", agentGroupID: "3067", agentGroupName: "VIP 专线", agentID: "a@example.com", channelType: "Web",
            clientUserID: "42", clientUserNickName: "<b>@all</b>", duration: 61, endStatus: .manualTransfer, satisfaction: nil, timestamp: 99)
        let data = try JSONEncoder().encode(record)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "SessionId", "AgentGroupId", "AgentGroupName", "AgentId", "ChannelType", "ClientUserId", "ClientUserNickName", "Duration",
                "EndStatus", "Timestamp",
            ])
        #expect(try JSONDecoder().decode(SessionRecord.self, from: data) == record)
    }
}
