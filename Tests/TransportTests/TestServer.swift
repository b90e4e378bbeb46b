import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A real HTTP/1.1 peer on 127.0.0.1 for the transport tests: a Hummingbird server running in this process.
///
/// Routes:
/// - `/echo` (any method): 200 with the request body; the method, query and every request header come back as
///   `x-echo-method`, `x-echo-query` and `x-echo-<name>` header fields.
/// - `/headers`: 200 with `X-One: 1` and two `Set-Cookie` fields.
/// - `/status/{code}`: that status, with a short body.
/// - `/bytes/{count}`: `count` bytes with a `Content-Length`.
/// - `/stream?chunks=&size=&intervalMs=`: a chunked body of `chunks` chunks of `size` bytes, one every `intervalMs`.
/// - `/sleep?ms=`: waits, then 200.
/// - `/gzip`: 200 with `Content-Encoding: gzip` and a body that decodes to `"hello gzip "` 100 times.
/// - `/peer`: 200 with the client's source port as the body.
/// - `/redirect?to=`: 302 to `to`; `/redirect-loop`: 302 to itself.
struct TestServer: Sendable {
    /// The port the server listens on.
    let port: Int

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `baseURL` + `path`.
    func url(_ path: String) -> String { baseURL + path }

    /// Runs `body` against the shared server, starting it on a free port first if this is the first use.
    ///
    /// One server serves the whole test process and is never stopped: stopping a Hummingbird server by
    /// cancelling it while connections are still being accepted can trap inside SwiftNIO, and the abrupt
    /// disconnects these tests make (timeouts, cancellations, size limits) make that likely. Tests only
    /// depend on their own requests, so sharing the server is safe.
    static func with<T: Sendable>(_ body: @Sendable (TestServer) async throws -> T) async throws -> T {
        try await body(TestServer(port: shared.value))
    }

    private static let shared = Task<Int, any Error> {
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "transport-tests.server")
        logger.logLevel = .critical
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
            },
            logger: logger
        )
        Task {
            defer { portContinuation.finish() }
            try await app.run()
        }
        for await port in ports where port > 0 {
            return port
        }
        throw TestServerError.didNotStart
    }

    private static func makeRouter() -> Router<PeerRequestContext> {
        let router = Router(context: PeerRequestContext.self)
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete, .head] {
            router.on("/echo", method: method) { request, _ -> Response in
                let body = try await request.body.collect(upTo: 16 << 20)
                var headers: HTTPFields = [:]
                headers.append(HTTPField(name: echoName("method"), value: request.method.rawValue))
                headers.append(HTTPField(name: echoName("query"), value: request.uri.query ?? ""))
                for field in request.headers {
                    headers.append(HTTPField(name: echoName(field.name.canonicalName), value: field.value))
                }
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
            }
        }
        router.get("/headers") { _, _ -> Response in
            var headers: HTTPFields = [:]
            headers.append(HTTPField(name: fieldName("X-One"), value: "1"))
            headers.append(HTTPField(name: .setCookie, value: "a=1"))
            headers.append(HTTPField(name: .setCookie, value: "b=2"))
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "headers")))
        }
        router.get("/status/{code}") { _, context -> Response in
            let code = try context.parameters.require("code", as: Int.self)
            return Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "status \(code)")))
        }
        router.get("/bytes/{count}") { _, context -> Response in
            let count = try context.parameters.require("count", as: Int.self)
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: count)))
        }
        router.get("/stream") { request, _ -> Response in
            let chunks = request.uri.queryParameters.get("chunks", as: Int.self) ?? 1
            let size = request.uri.queryParameters.get("size", as: Int.self) ?? 1
            let interval = request.uri.queryParameters.get("intervalMs", as: Int.self) ?? 0
            return Response(
                status: .ok,
                body: ResponseBody { writer in
                    for _ in 0..<chunks {
                        try await writer.write(ByteBuffer(repeating: UInt8(ascii: "y"), count: size))
                        if interval > 0 {
                            try await Task.sleep(for: .milliseconds(interval))
                        }
                    }
                    try await writer.finish(nil)
                }
            )
        }
        router.get("/sleep") { request, _ -> Response in
            let milliseconds = request.uri.queryParameters.get("ms", as: Int.self) ?? 0
            try await Task.sleep(for: .milliseconds(milliseconds))
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "slept")))
        }
        router.get("/gzip") { request, _ -> Response in
            var headers: HTTPFields = [:]
            headers.append(HTTPField(name: .contentEncoding, value: "gzip"))
            headers.append(HTTPField(name: echoName("accept-encoding"), value: request.headers[.acceptEncoding] ?? ""))
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: gzipBody)))
        }
        router.get("/peer") { _, context -> Response in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "\(context.remoteAddress?.port ?? -1)")))
        }
        router.get("/redirect") { request, _ -> Response in
            let target = request.uri.queryParameters.get("to") ?? "/echo"
            return Response(status: .found, headers: [.location: target], body: .init(byteBuffer: ByteBuffer(string: "moved")))
        }
        router.get("/redirect-loop") { _, _ -> Response in
            Response(status: .found, headers: [.location: "/redirect-loop"])
        }
        return router
    }

    /// `"hello gzip "` repeated 100 times, gzip-compressed (41 bytes).
    private static let gzipBody: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57, 0x48, 0xaf, 0xca, 0x2c, 0x50,
        0xc8, 0x18, 0x65, 0x8e, 0x32, 0x47, 0x99, 0xa3, 0x4c, 0x72, 0x99, 0x00, 0x4c, 0x56, 0xd7, 0x0f, 0x4c, 0x04, 0x00, 0x00,
    ]

    private static func echoName(_ name: String) -> HTTPField.Name {
        fieldName("x-echo-" + name.lowercased())
    }

    private static func fieldName(_ name: String) -> HTTPField.Name {
        HTTPField.Name(name) ?? .via
    }
}

/// Why a ``TestServer`` could not be used.
enum TestServerError: Error {
    case didNotStart
}

/// A request context that also records the client's address, so tests can see connection reuse.
struct PeerRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
