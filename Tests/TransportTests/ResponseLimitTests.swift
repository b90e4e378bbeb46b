import Testing
import Transport

struct ResponseLimitTests {
    @Test func acceptsABodyExactlyAtTheLimit() async throws {
        try await TestServer.with { server in
            let client = CurlHTTPClient(configuration: .init(maxResponseBytes: 4096))
            let response = try await client.send(HTTPRequest(url: server.url("/bytes/4096")))
            #expect(response.body.count == 4096)
        }
    }

    @Test func refusesADeclaredLengthAboveTheLimit() async throws {
        try await TestServer.with { server in
            let client = CurlHTTPClient(configuration: .init(maxResponseBytes: 4096))
            let error = await #expect(throws: TransportError.self) { try await client.send(HTTPRequest(url: server.url("/bytes/4097"))) }
            #expect(error?.kind == .responseTooLarge(limit: 4096))
            #expect(error?.isTransient == false)
        }
    }

    @Test func appliesTheLimitToTheDecodedBody() async throws {
        try await TestServer.with { server in
            let client = CurlHTTPClient(configuration: .init(maxResponseBytes: 1000))
            let error = await #expect(throws: TransportError.self) { try await client.send(HTTPRequest(url: server.url("/gzip"))) }
            #expect(error?.kind == .responseTooLarge(limit: 1000))
        }
    }

    @Test func abortsAStreamedBodyThatGrowsPastTheLimit() async throws {
        try await TestServer.with { server in
            let client = CurlHTTPClient(configuration: .init(maxResponseBytes: 10_000))
            let error = await #expect(throws: TransportError.self) {
                try await client.send(HTTPRequest(url: server.url("/stream?chunks=50&size=1000")))
            }
            #expect(error?.kind == .responseTooLarge(limit: 10_000))
            let ok = try await client.send(HTTPRequest(url: server.url("/stream?chunks=10&size=1000")))
            #expect(ok.body.count == 10_000)
        }
    }
}
