import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The status server: `/healthz`, `/readyz`, `/metrics`, the JSON API under `/api/v1/` and the
/// HTML page at `/`.
public enum StatusServer {
    /// The server as a `Service`.
    public static func service(
        _ daemon: MonitorDaemon, config: StatusConfig, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some Service {
        let router = Router()
        let api = StatusAPI(daemon: daemon, token: config.token)
        router.get("/healthz") { _, _ in text("ok\n") }
        router.get("/readyz") { _, _ in
            let problems = daemon.readiness()
            return problems.isEmpty ? text("ready\n") : text(problems.joined(separator: "\n") + "\n", status: .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            reply(.init(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: Data(daemon.metrics.exposition().utf8)))
        }
        router.get("/") { _, _ in reply(try api.page()) }
        router.get("/api/v1/:resource") { _, context in
            reply(try api.get(context.parameters.get("resource") ?? ""))
        }
        router.on("/api/v1/silences", method: .post) { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            return reply(try api.addSilence(authorization: request.headers[.authorization], body: Data(body.readableBytesView)))
        }
        router.on("/api/v1/silences/:id", method: .delete) { request, context in
            reply(try api.expireSilence(authorization: request.headers[.authorization], id: context.parameters.get("id") ?? ""))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "deskwatch"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? config.port
                logger.info("status server listening", metadata: ["address": "http://\(config.host):\(port)/"])
                await onRunning(port)
            },
            logger: logger)
    }

    private static func text(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    private static func reply(_ answer: StatusAPI.Answer) -> Response {
        var headers: HTTPFields = [.contentType: answer.contentType, .cacheControl: "no-store"]
        if answer.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
