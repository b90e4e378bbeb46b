import DeskAPI
import Testing

/// The reference's error table, code by code.
struct FailureClassTests {
    @Test(arguments: [141002, 60008])
    func retriesTransientErrors(code: Int) {
        #expect(FailureClass.forAPIError(code: code) == .retry)
    }

    @Test(arguments: [141009, 60007, 60011, 60018, 60019])
    func slowsDownOnRateLimits(code: Int) {
        #expect(FailureClass.forAPIError(code: code) == .slowDown(minimumWait: .seconds(2)))
    }

    @Test func waitsAtLeastAMinuteAfterSignatureRateLimiting() {
        #expect(FailureClass.forAPIError(code: 70050) == .slowDown(minimumWait: .seconds(60)))
    }

    @Test(arguments: [70001, 60004, 60005])
    func renewsTheSignatureOnceForSignatureErrors(code: Int) {
        #expect(FailureClass.forAPIError(code: code) == .renewSignature)
    }

    @Test(arguments: [
        (141000, "sdkappid"), (60006, "sdkappid"), (60010, "identifier"), (70003, "secret_key"), (70009, "secret_key"),
        (70013, "identifier"), (70014, "sdkappid"), (70016, "region"), (70020, "region"), (60021, "sdkappid"),
    ])
    func namesTheSettingToFixForConfigurationErrors(code: Int, setting: String) {
        guard case .configuration(let named, _) = FailureClass.forAPIError(code: code) else {
            Issue.record("\(code) is not a configuration error")
            return
        }
        #expect(named == setting)
    }

    @Test(arguments: [141004, 60002, 60003, 60009, 999_999])
    func doesNotHammerOnRejectedRequests(code: Int) {
        #expect(!FailureClass.forAPIError(code: code).isRetryable)
    }

    @Test func classifiesHTTPStatuses() {
        #expect(FailureClass.forHTTPStatus(500) == .retry)
        #expect(FailureClass.forHTTPStatus(503) == .retry)
        #expect(FailureClass.forHTTPStatus(429) == .slowDown(minimumWait: .seconds(2)))
        #expect(!FailureClass.forHTTPStatus(404).isRetryable)
    }

    @Test func backoffGrowsExponentiallyWithJitterUpToTheCap() {
        let policy = RetryPolicy(maxAttempts: 10, initialBackoff: .seconds(1), maximumBackoff: .seconds(8))
        var rng = SystemRandomNumberGenerator()
        for retry in 1...8 {
            let ceiling = policy.ceilingBackoff(forRetry: retry)
            #expect(ceiling == .seconds(min(8, 1 << (retry - 1))))
            for _ in 0..<50 {
                let delay = policy.backoff(forRetry: retry, using: &rng)
                #expect(delay >= ceiling / 2 && delay <= ceiling)
            }
        }
    }

    @Test func paceHalvesOnRateLimitAndRecoversStepByStep() {
        var pace = PaceSchedule(rate: 10)
        let start = ContinuousClock.now
        #expect(pace.reserve(now: start) == .zero)
        #expect(pace.reserve(now: start) == .milliseconds(100))
        pace.slowDown(now: start, minimumWait: .seconds(2))
        #expect(pace.rate == 5)
        #expect(pace.reserve(now: start) >= .seconds(2))
        for _ in 0..<PaceSchedule.recoveryStep { pace.recordSuccess() }
        #expect(pace.rate == 7.5)
        for _ in 0..<PaceSchedule.recoveryStep { pace.recordSuccess() }
        #expect(pace.rate == 10)
    }
}
