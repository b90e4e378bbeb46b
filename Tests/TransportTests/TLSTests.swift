import TestPeers
import Testing
import Transport

@Suite(.enabled(if: TLSPeer.shouldRun, "needs python3 and openssl on PATH (required when CI=true)"))
struct TLSTests {
    @Test func aSelfSignedPeerIsRejectedByDefault() async throws {
        try await TLSPeer.with { peer in
            let error = await #expect(throws: TransportError.self) { try await CurlHTTPClient().send(HTTPRequest(url: peer.url)) }
            #expect(error?.kind == .tls)
            #expect(error?.isTransient == false)
        }
    }

    @Test func aSelfSignedPeerIsAcceptedWithItsCertificateAsCAFile() async throws {
        try await TLSPeer.with { peer in
            let client = CurlHTTPClient(configuration: .init(caFile: peer.certificatePath))
            let response = try await client.send(HTTPRequest(url: peer.url))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "tls ok")
        }
    }

    @Test func theHostNameIsVerifiedEvenWithTheRightCA() async throws {
        try await TLSPeer.with { peer in
            let client = CurlHTTPClient(configuration: .init(caFile: peer.certificatePath))
            let error = await #expect(throws: TransportError.self) {
                try await client.send(HTTPRequest(url: "https://localhost:\(peer.port)/"))
            }
            #expect(error?.kind == .tls)
        }
    }
}
