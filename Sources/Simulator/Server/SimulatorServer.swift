import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// Serves a ``DeskSimulator`` over HTTP on a loopback port.
public enum SimulatorServer {
    /// Largest request body the simulator reads.
    static let maxBodyBytes = 64 * 1024

    /// The simulator as a `Service`, for a `ServiceGroup`: it serves until the group shuts down
    /// gracefully.
    ///
    /// - Parameters:
    ///   - host: the address to bind; loopback by default.
    ///   - port: the port; 0 picks a free one.
    ///   - onRunning: called once with the port the server listens on.
    public static func service(
        _ simulator: DeskSimulator, host: String = "127.0.0.1", port: Int, logger: Logger = Logger(label: "deskwatch.simulator"),
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some Service {
        let router = Router()
        router.on("/**", method: .post) { request, _ in try await respond(simulator, request) }
        router.on("/**", method: .get) { request, _ in try await respond(simulator, request) }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "deskwatch-simulator"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// Runs the simulator until SIGINT or SIGTERM.
    public static func run(
        _ simulator: DeskSimulator, host: String = "127.0.0.1", port: Int, logger: Logger = Logger(label: "deskwatch.simulator"),
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: [service(simulator, host: host, port: port, logger: logger, onRunning: onRunning)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }

    /// Starts the simulator on a free loopback port, runs `body` with its base URL
    /// (`http://127.0.0.1:PORT`), and shuts the server down gracefully when `body` returns or
    /// throws.
    public static func withRunning<T: Sendable>(
        _ simulator: DeskSimulator, logger: Logger = Logger(label: "deskwatch.simulator", factory: { _ in SwiftLogNoOpLogHandler() }),
        _ body: (String) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    service(simulator, port: 0, logger: logger) { port in
                        continuation.yield(port)
                        continuation.finish()
                    }
                ],
                logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                // If the server never starts (the port cannot be bound), end the wait for it.
                defer { continuation.finish() }
                try await group.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                tasks.cancelAll()
                throw CancellationError()
            }
            do {
                let result = try await body("http://127.0.0.1:\(port)")
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                tasks.cancelAll()
                throw error
            }
        }
    }

    private static func respond(_ simulator: DeskSimulator, _ request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: maxBodyBytes)
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let reply = await simulator.handle(
            method: request.method.rawValue, path: request.uri.path, query: query, body: Array(buffer: body))
        if reply.delay > .zero { try await Task.sleep(for: reply.delay) }
        return Response(
            status: .init(code: reply.status),
            headers: [.contentType: reply.contentType],
            body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }
}
