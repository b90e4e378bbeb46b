import Foundation
import Rules
import Store
import Testing

/// Reading the store in time order for a backtest: one pass, every source merged by time.
struct SessionReplayTests {
    private func session(_ id: String, at timestamp: Int) -> Session {
        Session(
            source: "", sessionID: id, agentGroupID: "3067", agentGroupName: "Online customer service", agentID: "a@example.com",
            channelType: "SDK", clientUserID: "42", clientUserNickName: "小王", duration: 61, endStatus: "AgentEndedSession",
            satisfaction: nil, timestamp: timestamp)
    }

    @Test func mergesEverySourceInTimeOrderWithinTheRange() throws {
        let store = try SessionStore.inMemory()
        try store.ingest((0..<50).map { session("cn-\($0)", at: 1000 + $0 * 7) }, source: "cn", now: 1)
        try store.ingest((0..<40).map { session("sg-\($0)", at: 1003 + $0 * 11) }, source: "sg", now: 1)

        var chunks: [[Session]] = []
        try store.forEachSession(source: nil, from: 1010, to: 1300, chunkSize: 16) { chunks.append($0) }

        let replayed = chunks.flatMap { $0 }
        let expected = (try store.sessions(source: "cn", from: 1010, to: 1300) + store.sessions(source: "sg", from: 1010, to: 1300))
        #expect(replayed.count == expected.count)
        #expect(Set(replayed.map(\.sessionID)) == Set(expected.map(\.sessionID)))
        #expect(replayed.map(\.timestamp) == replayed.map(\.timestamp).sorted())
        #expect(chunks.dropLast().allSatisfy { $0.count == 16 })
        #expect(Set(replayed.map(\.source)) == ["cn", "sg"])
    }

    @Test func replayHandsOverOneSessionAtATimeInTheSameOrderAsTheChunks() throws {
        let store = try SessionStore.inMemory()
        // Sessions of both sources at the same second come by source, then by SessionId.
        try store.ingest([session("b", at: 200), session("a", at: 200), session("c", at: 100)], source: "sg", now: 1)
        try store.ingest([session("d", at: 200), session("e", at: 50), session("f", at: 999)], source: "cn", now: 1)

        var replayed: [String] = []
        try store.replay(source: nil, from: 0, to: 500) { replayed.append("\($0.source)/\($0.sessionID)@\($0.timestamp)") }
        var chunked: [String] = []
        try store.forEachSession(source: nil, from: 0, to: 500, chunkSize: 2) { chunk in
            chunked += chunk.map { "\($0.source)/\($0.sessionID)@\($0.timestamp)" }
        }

        #expect(replayed == ["cn/e@50", "sg/c@100", "cn/d@200", "sg/a@200", "sg/b@200"])
        #expect(chunked == replayed)
    }

    @Test func readsOneSourceWhenNamed() throws {
        let store = try SessionStore.inMemory()
        try store.ingest([session("a", at: 100), session("b", at: 50)], source: "cn", now: 1)
        try store.ingest([session("c", at: 75)], source: "sg", now: 1)

        var replayed: [String] = []
        try store.forEachSession(source: "cn", from: 0, to: 1000) { replayed += $0.map(\.sessionID) }

        #expect(replayed == ["b", "a"])
    }
}
