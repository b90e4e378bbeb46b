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

    @Test func sessionsOfTheSameSecondComeBySourceThenBySessionID() throws {
        let store = try SessionStore.inMemory()
        // Stored out of `SessionId` order, so the order cannot come from the order they were stored in.
        try store.ingest(["m", "z", "a", "k"].map { session($0, at: 500) } + [session("y", at: 501), session("b", at: 499)], source: "sg", now: 1)
        try store.ingest(["q", "c"].map { session($0, at: 500) }, source: "cn", now: 1)

        var replayed: [String] = []
        try store.forEachSession(source: nil, from: 0, to: 1000, chunkSize: 3) { replayed += $0.map { "\($0.source)/\($0.sessionID)" } }

        #expect(replayed == ["sg/b", "cn/c", "cn/q", "sg/a", "sg/k", "sg/m", "sg/z", "sg/y"])
        #expect(try store.sessions(source: "sg", from: 0, to: 1000).map(\.sessionID) == ["b", "a", "k", "m", "z", "y"])
    }

    @Test func anErrorOfTheCallerStopsTheReadAndTheStoreReadsOn() throws {
        struct Stop: Error {}
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SessionStore.open(path: folder.appendingPathComponent("state.sqlite").path)
        try store.ingest((0..<100).map { session("s-\($0)", at: $0) }, source: "cn", now: 1)

        var calls = 0
        #expect(throws: Stop.self) {
            try store.forEachSession(source: nil, from: 0, to: 1000, chunkSize: 10) { _ in
                calls += 1
                throw Stop()
            }
        }
        #expect(calls == 1)

        var replayed: [Int] = []
        try store.forEachSession(source: "cn", from: 0, to: 1000, chunkSize: 10) { replayed += $0.map(\.timestamp) }
        #expect(replayed == Array(0..<100))
        try store.ingest([session("late", at: 5)], source: "cn", now: 2)
        #expect(try store.sessionCount() == 101)
    }

    @Test func theOldestTimestampIsTheEarliestOfEverySource() throws {
        let store = try SessionStore.inMemory()
        #expect(try store.oldestTimestamp() == nil)
        try store.ingest([session("a", at: 300), session("b", at: 200)], source: "cn", now: 1)
        try store.ingest([session("c", at: 150), session("d", at: 900)], source: "sg", now: 1)
        try store.ingest([session("e", at: 400)], source: "us", now: 1)
        #expect(try store.oldestTimestamp() == 150)
    }
}
