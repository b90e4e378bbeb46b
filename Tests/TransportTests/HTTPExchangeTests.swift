import Foundation
import Testing
import Transport

struct HTTPExchangeTests {
    @Test func getReturnsStatusHeadersAndBody() async throws {
        try await TestServer.with { server in
            let client = CurlHTTPClient()
            let response = try await client.send(
                HTTPRequest(url: server.url("/echo?a=1&b=two"), headers: [HTTPHeader(name: "X-Trace", value: "abc 123")])
            )
            #expect(response.status == 200)
            #expect(response.body.isEmpty)
            #expect(response.header("x-echo-method") == "GET")
            #expect(response.header("x-echo-query") == "a=1&b=two")
            #expect(response.header("x-echo-x-trace") == "abc 123")
            #expect(response.header("x-echo-user-agent") == "deskwatch")
        }
    }

    @Test func postSendsTheBodyAndHeaders() async throws {
        try await TestServer.with { server in
            let client = CurlHTTPClient(configuration: .init(userAgent: "deskwatch-test/1"))
            let payload = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0) })
            let response = try await client.send(
                HTTPRequest(
                    method: "POST",
                    url: server.url("/echo"),
                    headers: [HTTPHeader(name: "Content-Type", value: "application/octet-stream")],
                    body: payload
                )
            )
            #expect(response.status == 200)
            #expect(response.body == payload)
            #expect(response.header("x-echo-method") == "POST")
            #expect(response.header("x-echo-content-type") == "application/octet-stream")
            #expect(response.header("x-echo-content-length") == "100000")
            #expect(response.header("x-echo-user-agent") == "deskwatch-test/1")
            #expect(response.header("x-echo-expect") == nil)
        }
    }

    @Test(arguments: ["PUT", "PATCH", "DELETE"])
    func otherMethodsSendTheirBody(method: String) async throws {
        try await TestServer.with { server in
            let response = try await CurlHTTPClient().send(HTTPRequest(method: method, url: server.url("/echo"), body: Data("{\"x\":1}".utf8)))
            #expect(response.header("x-echo-method") == method)
            #expect(String(decoding: response.body, as: UTF8.self) == "{\"x\":1}")
        }
    }

    @Test func postWithoutBodySendsAnEmptyOne() async throws {
        try await TestServer.with { server in
            let response = try await CurlHTTPClient().send(HTTPRequest(method: "POST", url: server.url("/echo")))
            #expect(response.status == 200)
            #expect(response.header("x-echo-content-length") == "0")
        }
    }

    @Test func headReturnsHeadersWithoutBody() async throws {
        try await TestServer.with { server in
            let response = try await CurlHTTPClient().send(HTTPRequest(method: "HEAD", url: server.url("/echo")))
            #expect(response.status == 200)
            #expect(response.header("x-echo-method") == "HEAD")
            #expect(response.body.isEmpty)
        }
    }

    @Test func responseHeadersKeepOrderAndDuplicates() async throws {
        try await TestServer.with { server in
            let response = try await CurlHTTPClient().send(HTTPRequest(url: server.url("/headers")))
            #expect(response.header("X-ONE") == "1")
            #expect(response.header("set-cookie") == "b=2")
            #expect(response.headers.filter { $0.name.lowercased() == "set-cookie" }.map(\.value) == ["a=1", "b=2"])
            #expect(response.header("content-length") == "7")
            #expect(response.header("x-missing") == nil)
            #expect(!response.headers.contains { $0.name.hasPrefix("HTTP/") })
        }
    }

    @Test(arguments: [204, 400, 404, 429, 500, 503])
    func nonSuccessStatusesAreResponses(status: Int) async throws {
        try await TestServer.with { server in
            let response = try await CurlHTTPClient().send(HTTPRequest(url: server.url("/status/\(status)")))
            #expect(response.status == status)
            if status != 204 {
                #expect(String(decoding: response.body, as: UTF8.self) == "status \(status)")
            }
        }
    }

    @Test func compressedResponsesAreDecoded() async throws {
        try await TestServer.with { server in
            let response = try await CurlHTTPClient().send(HTTPRequest(url: server.url("/gzip")))
            #expect(response.header("x-echo-accept-encoding")?.contains("gzip") == true)
            #expect(String(decoding: response.body, as: UTF8.self) == String(repeating: "hello gzip ", count: 100))
        }
    }

    @Test func sequentialRequestsReuseTheConnection() async throws {
        try await TestServer.with { server in
            let client = CurlHTTPClient()
            var ports: Set<String> = []
            for _ in 0..<5 {
                let response = try await client.send(HTTPRequest(url: server.url("/peer")))
                ports.insert(String(decoding: response.body, as: UTF8.self))
            }
            #expect(ports.count == 1)
        }
    }
}
