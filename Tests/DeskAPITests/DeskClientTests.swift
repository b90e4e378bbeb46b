import DeskAPI
import Foundation
import Simulator
import Testing
import Transport

/// The client against the simulator over real loopback HTTP.
struct DeskClientTests {
    @Test func pagesThroughMoreThanAThousandRecordsAndGetsEachExactlyOnce() async throws {
        let simulator = Fixture.simulator(perHour: 600)
        let start = Fixture.now - 3 * 3600
        let expected = simulator.visibleRecords(start: start, end: Fixture.now)
        #expect(expected.count > 1000)

        let read = try await SimulatorServer.withRunning(simulator) { url in
            try await Fixture.client(url).readRange(start: start, end: Fixture.now)
        }

        #expect(read.records == expected)
        #expect(Set(read.records.map(\.sessionID)).count == read.records.count)
        #expect(read.pages == (expected.count + 99) / 100)
        #expect(read.passes == 1)
        #expect(read.isComplete)
    }

    @Test func rereadsARangeThatGrewWhilePagingAndMissesNothing() async throws {
        let simulator = Fixture.simulator(perHour: 600)
        let start = Fixture.now - 3600
        // While the third page is requested, 150 late records appear at the start of the range,
        // pushing everything behind them past the pages already read.
        let late = (0..<150).map { index in
            SimulatedSession(
                record: SessionRecord(
                    sessionID: String(format: "late-%03d", index), agentGroupID: "3067", endStatus: .userEndedSession, timestamp: start),
                visibleAt: Fixture.now)
        }
        simulator.setRequestHook { number, _ in
            if number == 3 { simulator.add(late) }
        }

        let read = try await SimulatorServer.withRunning(simulator) { url in
            try await Fixture.client(url).readRange(start: start, end: Fixture.now)
        }

        let expected = simulator.visibleRecords(start: start, end: Fixture.now)
        #expect(read.records == expected)
        #expect(read.passes == 2)
        #expect(read.isComplete)
    }

    @Test func retriesEveryTransientFaultAndStillGetsThePage() async throws {
        let simulator = Fixture.simulator()
        simulator.enqueueFaults([.apiError(141002), .httpStatus(500), .truncated, .garbage, .httpStatus(503)])
        let events = EventLog()

        let page = try await SimulatorServer.withRunning(simulator) { url in
            let client = DeskClient(
                source: Fixture.source(url), http: CurlHTTPClient(),
                retryPolicy: RetryPolicy(maxAttempts: 6, initialBackoff: .milliseconds(1), maximumBackoff: .milliseconds(5)),
                observe: { events.record($0) })
            return try await client.fetchPage(CDRListQuery(startTimestamp: Fixture.now - 600, endTimestamp: Fixture.now))
        }

        #expect(page.isSuccess)
        #expect(page.records == Array(simulator.visibleRecords(start: Fixture.now - 600, end: Fixture.now).prefix(100)))
        #expect(events.callResults == ["141002", "http_500", "invalid_response", "invalid_response", "http_503", "ok"])
        #expect(events.retries == Array(repeating: .retry, count: 5))
    }

    @Test func givesUpAfterTheLastAttemptWithAnExcerptOfTheInvalidBody() async throws {
        let simulator = Fixture.simulator()
        simulator.enqueueFaults(Array(repeating: .garbage, count: 10))

        let error = try await SimulatorServer.withRunning(simulator) { url in
            await #expect(throws: DeskAPIError.self) {
                try await Fixture.client(url).fetchPage(CDRListQuery(startTimestamp: 0, endTimestamp: Fixture.now))
            }
        }

        let text = try #require(error).description
        #expect(text.contains("invalid response"))
        #expect(text.contains("<html><body>502 Bad Gateway"))
        #expect(text.contains("(4 attempts)"))
        #expect(simulator.requestCount == 4)
    }

    @Test func slowsDownWhenRateLimited() async throws {
        let simulator = Fixture.simulator()
        simulator.enqueueFaults([.apiError(141009), .apiError(60007)])
        let events = EventLog()

        let client = try await SimulatorServer.withRunning(simulator) { url in
            let client = Fixture.client(url, events: events)
            _ = try await client.fetchPage(CDRListQuery(startTimestamp: Fixture.now - 60, endTimestamp: Fixture.now))
            return client
        }

        #expect(events.retries == [.slowDown(minimumWait: .seconds(2)), .slowDown(minimumWait: .seconds(2))])
        #expect(client.currentPace == 250)
    }

    @Test func renewsAnExpiredUserSigOnceAndCarriesOn() async throws {
        let simulator = Fixture.simulator()
        simulator.enqueueFaults([.apiError(70001)])
        let events = EventLog()

        let page = try await SimulatorServer.withRunning(simulator) { url in
            try await Fixture.client(url, events: events).fetchPage(CDRListQuery(startTimestamp: Fixture.now - 60, endTimestamp: Fixture.now))
        }

        #expect(page.isSuccess)
        #expect(events.renewals == 1)
    }

    @Test func stopsWhenARenewedUserSigIsStillExpired() async throws {
        // The client's clock is a year behind, so every UserSig it makes has already expired.
        let simulator = Fixture.simulator()
        let yearAgo = Int(Date().timeIntervalSince1970) - 365 * 86_400

        let error = try await SimulatorServer.withRunning(simulator) { url in
            await #expect(throws: DeskAPIError.self) {
                try await Fixture.client(url, wallClock: { yearAgo }).fetchPage(CDRListQuery(startTimestamp: 0, endTimestamp: 1))
            }
        }

        let failure = try #require(error)
        #expect(failure.apiCode == 70001)
        #expect(failure.attempts == 2)
        #expect(failure.description.contains("clock"))
    }

    @Test func namesTheSettingToFixWhenTheKeyIsWrong() async throws {
        let simulator = Fixture.simulator()
        let error = try await SimulatorServer.withRunning(simulator) { url in
            await #expect(throws: DeskAPIError.self) {
                try await Fixture.client(url, key: "not-the-key").fetchPage(CDRListQuery(startTimestamp: 0, endTimestamp: 1))
            }
        }
        let failure = try #require(error)
        #expect(failure.apiCode == 70009)
        #expect(failure.attempts == 1)
        #expect(failure.description.contains("Fix `secret_key` of source 'test'"))
    }

    @Test func namesTheSettingToFixForAWrongAppIDOrIdentifier() async throws {
        let simulator = Fixture.simulator()
        try await SimulatorServer.withRunning(simulator) { url in
            let wrongApp = await #expect(throws: DeskAPIError.self) {
                try await Fixture.client(url, appID: 1_400_000_001).fetchPage(CDRListQuery(startTimestamp: 0, endTimestamp: 1))
            }
            #expect(wrongApp?.apiCode == 70016)
            #expect(wrongApp?.description.contains("Fix `region`") == true)

            let notAdmin = await #expect(throws: DeskAPIError.self) {
                try await Fixture.client(url, identifier: "visitor").fetchPage(CDRListQuery(startTimestamp: 0, endTimestamp: 1))
            }
            #expect(notAdmin?.apiCode == 60010)
            #expect(notAdmin?.description.contains("Fix `identifier`") == true)
        }
    }

    @Test func reportsARejectedParameterWithoutRetrying() async throws {
        let simulator = Fixture.simulator()
        let error = try await SimulatorServer.withRunning(simulator) { url in
            await #expect(throws: DeskAPIError.self) {
                try await Fixture.client(url).fetchPage(CDRListQuery(startTimestamp: 10, endTimestamp: 5))
            }
        }
        #expect(error?.apiCode == 141004)
        #expect(error?.attempts == 1)
        #expect(error?.description.contains("StartTimestamp is after EndTimestamp") == true)
    }

    @Test func aSlowServerHitsTheTimeoutAndTheRetrySucceeds() async throws {
        let simulator = Fixture.simulator()
        simulator.enqueueFaults([.slow(.seconds(8))])
        let events = EventLog()

        let (page, elapsed) = try await SimulatorServer.withRunning(simulator) { url in
            let started = ContinuousClock.now
            let page = try await Fixture.client(url, timeout: .seconds(2), events: events)
                .fetchPage(CDRListQuery(startTimestamp: Fixture.now - 60, endTimestamp: Fixture.now))
            return (page, ContinuousClock.now - started)
        }

        #expect(page.isSuccess)
        #expect(events.callResults.first == "transport_timeout")
        #expect(events.callResults.last == "ok")
        /// The client gave up on the slow answer instead of waiting the 8 seconds for it.
        #expect(elapsed < .seconds(7))
    }

    @Test func connectionRefusedIsRetriedThenReportedWithTheRedactedURL() async throws {
        let log = CapturedLog()
        let client = Fixture.client("http://127.0.0.1:1", log: log)
        let error = await #expect(throws: DeskAPIError.self) {
            try await client.fetchPage(CDRListQuery(startTimestamp: 0, endTimestamp: 1))
        }
        let text = try #require(error).description
        #expect(text.contains("usersig=REDACTED"))
        #expect(text.contains("(4 attempts)"))
    }

    @Test func theUserSigNeverAppearsInLogsOrErrors() async throws {
        let simulator = Fixture.simulator()
        simulator.enqueueFaults([.apiError(141002), .garbage, .httpStatus(500), .apiError(70001), .apiError(70009)])
        let log = CapturedLog()
        let fixedTime = Int(Date().timeIntervalSince1970)
        let issuer = UserSigIssuer(sdkAppID: Fixture.appID, secretKey: Fixture.key)
        let userSig = issuer.sign(identifier: "admin", expire: 86_400, time: fixedTime)

        let error = try await SimulatorServer.withRunning(simulator) { url in
            await #expect(throws: DeskAPIError.self) {
                try await Fixture.client(url, log: log, wallClock: { fixedTime }).fetchPage(CDRListQuery(startTimestamp: 0, endTimestamp: 1))
            }
        }

        let texts = log.all + [try #require(error).description, "\(try #require(error))"]
        #expect(log.all.count >= 3)
        for text in texts {
            #expect(!text.contains(userSig))
            #expect(!text.contains(String(userSig.prefix(24))))
            #expect(!text.contains(Fixture.key))
        }
    }
}
