import Testing
import Transport

struct RedirectTests {
    @Test func redirectsAreNotFollowedByDefault() async throws {
        try await TestServer.with { server in
            let response = try await CurlHTTPClient().send(HTTPRequest(url: server.url("/redirect?to=/echo")))
            #expect(response.status == 302)
            #expect(response.header("location") == "/echo")
            #expect(String(decoding: response.body, as: UTF8.self) == "moved")
        }
    }

    @Test func redirectsAreFollowedWhenAllowed() async throws {
        try await TestServer.with { server in
            let client = CurlHTTPClient(configuration: .init(maxRedirects: 3))
            let response = try await client.send(HTTPRequest(url: server.url("/redirect?to=/echo%3Ffrom%3Dredirect")))
            #expect(response.status == 200)
            #expect(response.header("x-echo-query") == "from=redirect")
            #expect(response.header("location") == nil)
        }
    }

    @Test func aRedirectLoopStopsAtTheLimit() async throws {
        try await TestServer.with { server in
            let client = CurlHTTPClient(configuration: .init(maxRedirects: 2))
            let error = await #expect(throws: TransportError.self) { try await client.send(HTTPRequest(url: server.url("/redirect-loop"))) }
            #expect(error?.kind == .tooManyRedirects)
        }
    }

    @Test func redirectsToOtherProtocolsAreRefused() async throws {
        try await TestServer.with { server in
            let client = CurlHTTPClient(configuration: .init(maxRedirects: 3))
            let error = await #expect(throws: TransportError.self) {
                try await client.send(HTTPRequest(url: server.url("/redirect?to=file:///etc/hostname")))
            }
            #expect(error?.kind == .invalidRequest)
        }
    }
}
