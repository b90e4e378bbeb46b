import DeskAPI
import Foundation
import Simulator
import Testing

/// The simulator's answers, checked without HTTP (``DeskSimulator/handle``) where the request
/// rules are concerned, and its traffic for determinism and incidents.
struct SimulatorTests {
    static let key = "sim-test-key"
    static let now = 1_764_028_800

    private func simulator(_ configure: (inout Scenario) -> Void = { _ in }) -> DeskSimulator {
        var scenario = Scenario(application: .init(sdkAppID: 1_400_000_000, identifiers: ["admin"], secretKey: Self.key), seed: 3)
        configure(&scenario)
        return DeskSimulator(scenario: scenario, clock: SimulatedClock(fixedAt: Self.now))
    }

    private func query(sdkappid: Int = 1_400_000_000, identifier: String = "admin", key: String = SimulatorTests.key, time: Int? = nil) -> [String:
        String]
    {
        let userSig = UserSigIssuer(sdkAppID: sdkappid, secretKey: key).sign(
            identifier: identifier, expire: 3600, time: time ?? Int(Date().timeIntervalSince1970))
        return ["sdkappid": String(sdkappid), "identifier": identifier, "usersig": userSig, "random": "12345", "contenttype": "json"]
    }

    private func call(_ simulator: DeskSimulator, query: [String: String]? = nil, body: String) async throws -> CDRListPage {
        let reply = await simulator.handle(method: "POST", path: DeskSource.path, query: query ?? self.query(), body: Array(body.utf8))
        #expect(reply.status == 200)
        return try JSONDecoder().decode(CDRListPage.self, from: Data(reply.body))
    }

    @Test func sameSeedGivesTheSameRecordsAndAnotherSeedDoesNot() {
        let first = simulator().visibleRecords(start: Self.now - 86_400, end: Self.now)
        let again = simulator().visibleRecords(start: Self.now - 86_400, end: Self.now)
        let other = simulator { $0.seed = 4 }.visibleRecords(start: Self.now - 86_400, end: Self.now)
        #expect(first.count > 2000)
        #expect(first == again)
        #expect(first != other)
    }

    @Test func pagesByOffsetAndLimitWithTheTotalCount() async throws {
        let simulator = simulator()
        let all = simulator.visibleRecords(start: Self.now - 3600, end: Self.now)
        let page = try await call(simulator, body: #"{"StartTimestamp":\#(Self.now - 3600),"EndTimestamp":\#(Self.now),"Limit":50,"Offset":40}"#)
        #expect(page.totalCount == all.count)
        #expect(page.records == Array(all[40..<90]))
        let defaultLimit = try await call(simulator, body: #"{"StartTimestamp":\#(Self.now - 3600),"EndTimestamp":\#(Self.now)}"#)
        #expect(defaultLimit.records.count == 20)
    }

    @Test(arguments: [
        (#"{"StartTimestamp":10,"EndTimestamp":5,"Limit":10}"#, 141004, "after"),
        (#"{"StartTimestamp":1,"EndTimestamp":5,"Limit":101}"#, 141004, "Limit"),
        (#"{"EndTimestamp":5}"#, 141004, "required"),
        (#"{"StartTimestamp":"yesterday","EndTimestamp":5}"#, 141004, "integers"),
        (#"{"StartTimestamp":1,"EndTimestamp":5,"Offset":-1}"#, 141004, "Offset"),
        ("not json", 60003, "JSON"),
    ])
    func refusesInvalidBodies(body: String, code: Int, mentions: String) async throws {
        let page = try await call(simulator(), body: body)
        #expect(page.actionStatus == "FAIL")
        #expect(page.errorCode == code)
        #expect(page.errorInfo.contains(mentions))
    }

    @Test func checksTheQueryParametersAndTheUserSig() async throws {
        let simulator = simulator()
        let body = #"{"StartTimestamp":1,"EndTimestamp":5}"#
        var missing = query()
        missing["random"] = nil
        #expect(try await call(simulator, query: missing, body: body).errorCode == 60002)
        #expect(try await call(simulator, query: query(key: "wrong"), body: body).errorCode == 70009)
        #expect(try await call(simulator, query: query(time: 1_000_000_000), body: body).errorCode == 70001)
        #expect(try await call(simulator, query: query(identifier: "guest"), body: body).errorCode == 60010)
        #expect(try await call(simulator, query: query(sdkappid: 1_400_000_009), body: body).errorCode == 70016)
        var otherIdentifier = query()
        otherIdentifier["identifier"] = "root"
        #expect(try await call(simulator, query: otherIdentifier, body: body).errorCode == 70013)
        var garbled = query()
        garbled["usersig"] = "not-a-usersig"
        #expect(try await call(simulator, query: garbled, body: body).errorCode == 70003)
    }

    @Test func recordsAppearOnlyAfterTheirPublicationLag() {
        let simulator = simulator { $0.publicationLag = .init(minimum: .seconds(60), maximum: .seconds(300)) }
        let everything = simulator.visibleRecords(start: Self.now - 3600, end: Self.now, at: Self.now + 3600)
        let visibleNow = simulator.visibleRecords(start: Self.now - 3600, end: Self.now)
        #expect(visibleNow.count < everything.count)
        #expect(visibleNow.allSatisfy { $0.timestamp <= Self.now - 60 })
        #expect(everything.filter { $0.timestamp <= Self.now - 300 }.allSatisfy { record in visibleNow.contains(record) })
    }

    @Test func lateRatingsChangeARecordThatWasAlreadyVisible() {
        let simulator = simulator { $0.ratings = .init(rated: 1, lateShare: 1, lateAfter: .seconds(600)) }
        let before = simulator.visibleRecords(start: Self.now - 600, end: Self.now)
        let after = simulator.visibleRecords(start: Self.now - 600, end: Self.now, at: Self.now + 1200)
        #expect(Set(before.map(\.sessionID)) == Set(after.map(\.sessionID)))
        #expect(before.filter { $0.satisfaction != nil }.count < after.filter { $0.satisfaction != nil }.count)
    }

    @Test func aNoAgentsIncidentFloodsItsQueueWithNoAgentsOnline() {
        let simulator = simulator {
            $0.incidents = [.init(kind: .noAgents, start: .relative(-1800), duration: .seconds(1800), queue: "3067", share: 0.9)]
        }
        let during = simulator.visibleRecords(start: Self.now - 1800, end: Self.now).filter { $0.agentGroupID == "3067" }
        let before = simulator.visibleRecords(start: Self.now - 7200, end: Self.now - 1801).filter { $0.agentGroupID == "3067" }
        let share = { (records: [SessionRecord]) in Double(records.filter { $0.endStatus == .noAgentsOnline }.count) / Double(max(1, records.count)) }
        #expect(share(during) > 0.8)
        #expect(share(before) < 0.1)
        #expect(during.filter { $0.endStatus == .noAgentsOnline }.allSatisfy { $0.agentID.isEmpty })
    }

    @Test func anOutageHasNoTraffic() {
        let simulator = simulator { $0.incidents = [.init(kind: .outage, start: .relative(-900), duration: .seconds(900))] }
        #expect(simulator.visibleRecords(start: Self.now - 900, end: Self.now).isEmpty)
        #expect(!simulator.visibleRecords(start: Self.now - 1800, end: Self.now - 901).isEmpty)
    }

    @Test func theShippedScenariosLoad() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../contrib/scenarios").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 5)
        for file in files {
            let scenario = try Scenario.load(path: folder.appendingPathComponent(file).path)
            let simulator = DeskSimulator(scenario: scenario, secretKey: "k", clock: SimulatedClock(fixedAt: Self.now))
            #expect(!simulator.visibleRecords(start: Self.now - 86_400, end: Self.now).isEmpty, "\(file) has no traffic")
        }
    }

    @Test func aScenarioWithAnUnknownKeyIsRefusedWithItsName() {
        #expect {
            try Scenario.parse(yaml: "seed: 1\ntrafic:\n  per_hour: 5\n", file: "s.yaml")
        } throws: { error in
            "\(error)".contains("s.yaml:2") && "\(error)".contains("trafic")
        }
        #expect {
            try Scenario.parse(yaml: "incidents:\n  - {kind: meteor, start: now, for: 5m}\n", file: "s.yaml")
        } throws: { error in
            "\(error)".contains("meteor") && "\(error)".contains("no_agents")
        }
    }
}
