import Testing
import Transport

struct TimeoutAndCancellationTests {
    @Test func aSlowBodyHitsTheTotalTimeout() async throws {
        try await TestServer.with { server in
            let client = CurlHTTPClient(configuration: .init(timeout: .milliseconds(500)))
            let start = ContinuousClock.now
            let error = await #expect(throws: TransportError.self) {
                try await client.send(HTTPRequest(url: server.url("/stream?chunks=100&size=10&intervalMs=100")))
            }
            let elapsed = ContinuousClock.now - start
            #expect(error?.kind == .timedOut)
            #expect(error?.curlCode == 28)
            #expect(error?.isTransient == true)
            #expect(elapsed >= .milliseconds(450))
            #expect(elapsed < .seconds(5))
        }
    }

    @Test func aSlowHeaderHitsTheTotalTimeout() async throws {
        try await TestServer.with { server in
            let client = CurlHTTPClient(configuration: .init(timeout: .milliseconds(300)))
            let start = ContinuousClock.now
            let error = await #expect(throws: TransportError.self) {
                try await client.send(HTTPRequest(url: server.url("/sleep?ms=3000")))
            }
            #expect(error?.kind == .timedOut)
            #expect(ContinuousClock.now - start < .seconds(3))
        }
    }

    @Test func cancellingTheCallingTaskAbortsTheTransfer() async throws {
        try await TestServer.with { server in
            let client = CurlHTTPClient()
            let url = server.url("/stream?chunks=100&size=10&intervalMs=100")
            let request = Task { try await client.send(HTTPRequest(url: url)) }
            try await Task.sleep(for: .milliseconds(300))
            let cancelledAt = ContinuousClock.now
            request.cancel()
            let result = await request.result
            let latency = ContinuousClock.now - cancelledAt
            #expect(throws: TransportError.self) { try result.get() }
            if case .failure(let error as TransportError) = result {
                #expect(error.kind == .cancelled)
                #expect(error.isTransient == false)
            }
            #expect(latency < .seconds(1))
            let after = try await client.send(HTTPRequest(url: server.url("/echo")))
            #expect(after.status == 200)
        }
    }

    @Test func anAlreadyCancelledTaskDoesNotSend() async throws {
        try await TestServer.with { server in
            let client = CurlHTTPClient()
            let url = server.url("/sleep?ms=2000")
            let request = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.send(HTTPRequest(url: url))
            }
            let result = await request.result
            if case .failure(let error as TransportError) = result {
                #expect(error.kind == .cancelled)
            } else {
                Issue.record("expected a cancellation error, got \(result)")
            }
        }
    }

    @Test func cancellationsAtRandomMomentsLeaveTheClientUsable() async throws {
        try await TestServer.with { server in
            let client = CurlHTTPClient()
            let url = server.url("/stream?chunks=5&size=100&intervalMs=20")
            let outcomes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<60 {
                    group.addTask {
                        let request = Task { try await client.send(HTTPRequest(url: url)) }
                        try? await Task.sleep(for: .milliseconds(Int.random(in: 0...150)))
                        request.cancel()
                        switch await request.result {
                        case .success(let response) where response.body.count == 500:
                            return "completed"
                        case .failure(let error as TransportError) where error.kind == .cancelled:
                            return "cancelled"
                        case let other:
                            return "unexpected: \(other)"
                        }
                    }
                }
                var outcomes: [String] = []
                for await outcome in group {
                    outcomes.append(outcome)
                }
                return outcomes
            }
            #expect(outcomes.count == 60)
            #expect(outcomes.allSatisfy { $0 == "completed" || $0 == "cancelled" }, "\(outcomes.filter { $0.hasPrefix("unexpected") })")
            let after = try await client.send(HTTPRequest(url: server.url("/echo")))
            #expect(after.status == 200)
        }
    }
}
