import Foundation
import Testing
import Transport

struct ConcurrencyTests {
    @Test func manyConcurrentRequestsAllSucceed() async throws {
        try await TestServer.with { server in
            let client = CurlHTTPClient()
            let url = server.url("/echo")
            let total = 200
            let width = 16
            let succeeded = try await withThrowingTaskGroup(of: Bool.self) { group in
                func request(_ index: Int) -> @Sendable () async throws -> Bool {
                    {
                        let body = Data("request \(index)".utf8)
                        let response = try await client.send(HTTPRequest(method: "POST", url: url, body: body))
                        return response.status == 200 && response.body == body
                    }
                }
                var started = 0
                while started < width {
                    group.addTask(operation: request(started))
                    started += 1
                }
                var succeeded = 0
                while let ok = try await group.next() {
                    if ok { succeeded += 1 }
                    if started < total {
                        group.addTask(operation: request(started))
                        started += 1
                    }
                }
                return succeeded
            }
            #expect(succeeded == total)
        }
    }

    @Test func clientsCanBeCreatedAndReleasedRepeatedly() async throws {
        try await TestServer.with { server in
            for _ in 0..<20 {
                let response = try await CurlHTTPClient().send(HTTPRequest(url: server.url("/echo")))
                #expect(response.status == 200)
            }
        }
    }
}
