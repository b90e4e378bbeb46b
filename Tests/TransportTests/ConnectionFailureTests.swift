import Testing
import Transport

struct ConnectionFailureTests {
    @Test func aClosedPortFailsToConnect() async throws {
        try await ClosedPort.with { port in
            let error = await #expect(throws: TransportError.self) {
                try await CurlHTTPClient().send(HTTPRequest(url: "http://127.0.0.1:\(port)/"))
            }
            #expect(error?.kind == .couldNotConnect)
            #expect(error?.curlCode == 7)
            #expect(error?.isTransient == true)
            #expect(error?.message.isEmpty == false)
        }
    }

    @Test func anErrorDescriptionNeverShowsTheSecretsOfTheURL() async throws {
        try await ClosedPort.with { port in
            let url = "http://admin:Pa55w0rd@127.0.0.1:\(port)/v4/openim/sendmsg?sdkappid=1400000000&usersig=SECRET&key=K2"
            let error = await #expect(throws: TransportError.self) { try await CurlHTTPClient().send(HTTPRequest(url: url)) }
            let texts = [error?.description, error?.message, error?.url, error.map { String(reflecting: $0) }].compactMap { $0 }
            #expect(texts.count == 4)
            for text in texts {
                for secret in ["SECRET", "K2", "Pa55w0rd", "admin"] {
                    #expect(!text.contains(secret), "\(secret) leaked")
                }
            }
            #expect(error?.url == "http://REDACTED@127.0.0.1:\(port)/v4/openim/sendmsg?sdkappid=1400000000&usersig=REDACTED&key=REDACTED")
        }
    }

    @Test func aRequestDescriptionNeverShowsSecrets() {
        let request = HTTPRequest(
            url: "https://h/v4?usersig=SECRET&key=K2",
            headers: [HTTPHeader(name: "Authorization", value: "Bearer TOKEN")]
        )
        for text in [request.description, String(reflecting: request)] {
            #expect(!text.contains("SECRET"))
            #expect(!text.contains("K2"))
            #expect(!text.contains("TOKEN"))
        }
    }
}
