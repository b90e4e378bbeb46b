import Foundation
import Testing
import Transport

struct RequestValidationTests {
    @Test(arguments: [
        HTTPRequest(method: "GE T", url: "http://127.0.0.1:9/"),
        HTTPRequest(method: "", url: "http://127.0.0.1:9/"),
        HTTPRequest(method: "HEAD", url: "http://127.0.0.1:9/", body: Data("x".utf8)),
        HTTPRequest(url: "ftp://127.0.0.1/file"),
        HTTPRequest(url: "file:///etc/hostname"),
        HTTPRequest(url: "http://127.0.0.1:9/a b"),
        HTTPRequest(url: "http://127.0.0.1:9/\r\nX-Injected: 1"),
        HTTPRequest(url: "http://127.0.0.1:9/", headers: [HTTPHeader(name: "X-Bad", value: "1\r\nX-Injected: 2")]),
        HTTPRequest(url: "http://127.0.0.1:9/", headers: [HTTPHeader(name: "Bad Name", value: "1")]),
    ])
    func rejectsMalformedRequestsWithoutSendingThem(request: HTTPRequest) async {
        let error = await #expect(throws: TransportError.self) { try await CurlHTTPClient().send(request) }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.isTransient == false)
    }

    @Test func rejectsAURLThatCurlCannotParse() async {
        let error = await #expect(throws: TransportError.self) {
            try await CurlHTTPClient().send(HTTPRequest(url: "http://[::1/"))
        }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.curlCode == 3)
    }
}
