import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A receiver on 127.0.0.1 that speaks HTTP/1.1 over plain sockets and answers each path from a
/// script, one answer per request (the last one repeats): a status with headers and a body, or a
/// connection reset after the request was read, without any answer. It records every request.
///
/// Each connection is served on one thread, one at a time, and closed after the answer.
final class LoopbackReceiver: Sendable {
    /// What the receiver does with one request.
    enum Answer: Sendable {
        /// Answers with `status`, `headers` and `body`.
        case respond(status: Int, headers: [(String, String)], body: String)
        /// Resets the connection without answering.
        case reset

        /// Answers with `status` and `body`, without extra headers.
        static func status(_ status: Int, _ body: String) -> Answer { .respond(status: status, headers: [], body: body) }
    }

    /// One request as it arrived.
    struct Request: Sendable {
        /// The path, without the query.
        var path: String
        /// The body as text.
        var body: String
    }

    private let script: [String: [Answer]]
    private let requests = Mutex<[Request]>([])
    private let served = Mutex<[String: Int]>([:])

    /// A receiver that answers each path with the answers of `script` in turn; other paths get 404.
    init(_ script: [String: [Answer]]) { self.script = script }

    /// The requests received so far, in the order they arrived.
    var received: [Request] { requests.withLock { $0 } }

    /// The bodies received on `path`, in order.
    func bodies(_ path: String) -> [String] { received.filter { $0.path == path }.map(\.body) }

    /// Starts listening on a free port, runs `body` with `http://127.0.0.1:PORT`, and stops.
    func run<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
        let listener = try Listener()
        let (stopped, finish) = AsyncStream<Void>.makeStream()
        Thread { [self] in
            listener.serve { self.answer($0) }
            finish.finish()
        }.start()
        let result: Result<T, any Error>
        do {
            result = .success(try await body("http://127.0.0.1:\(listener.port)"))
        } catch {
            result = .failure(error)
        }
        listener.stop()
        for await _ in stopped {}
        return try result.get()
    }

    private func answer(_ request: Request) -> Answer {
        requests.withLock { $0.append(request) }
        let answers = script[request.path] ?? [.status(404, "no such hook")]
        let index = served.withLock { served in
            defer { served[request.path, default: 0] += 1 }
            return served[request.path, default: 0]
        }
        return answers[min(index, answers.count - 1)]
    }
}

/// Why a ``LoopbackReceiver`` could not listen.
struct LoopbackReceiverError: Error {
    var call: String
    var code: Int32
}

/// The listening socket of a ``LoopbackReceiver`` and the serving of its connections.
private final class Listener: Sendable {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw LoopbackReceiverError(call: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard bound == 0, named == 0, listen(descriptor, 64) == 0 else {
            let code = errno
            close(descriptor)
            throw LoopbackReceiverError(call: "bind/listen", code: code)
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Accepts and serves connections until ``stop()``, then closes the socket.
    func serve(_ answer: (LoopbackReceiver.Request) -> LoopbackReceiver.Answer) {
        defer { close(descriptor) }
        while true {
            let connection = accept(descriptor, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            if let request = Self.read(connection) {
                Self.write(answer(request), to: connection)
            } else {
                close(connection)
            }
        }
    }

    /// Wakes the accepting thread, which then stops.
    func stop() {
        shutdown(descriptor, Int32(SHUT_RDWR))
    }

    /// The request on `connection`: the head up to the blank line, then `Content-Length` bytes.
    private static func read(_ connection: Int32) -> LoopbackReceiver.Request? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16_384)
        let separator = Data("\r\n\r\n".utf8)
        var head: String?
        var bodyStart = 0
        var contentLength = 0
        while head == nil || data.count < bodyStart + contentLength {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            data.append(contentsOf: buffer[0..<count])
            if head == nil, let end = data.range(of: separator) {
                let text = String(decoding: data[..<end.lowerBound], as: UTF8.self)
                head = text
                bodyStart = end.upperBound
                for line in text.split(separator: "\r\n").dropFirst() {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    if parts.count == 2, parts[0].lowercased() == "content-length" {
                        contentLength = Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0
                    }
                }
            }
        }
        let target = head?.split(separator: "\r\n").first?.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        let path = String(target.prefix { $0 != "?" })
        return LoopbackReceiver.Request(path: path, body: String(decoding: data[bodyStart..<bodyStart + contentLength], as: UTF8.self))
    }

    private static func write(_ answer: LoopbackReceiver.Answer, to connection: Int32) {
        switch answer {
        case .reset:
            // A zero linger time makes close() send a reset instead of a normal end.
            var option = linger(l_onoff: 1, l_linger: 0)
            setsockopt(connection, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        case .respond(let status, let headers, let body):
            let bytes = Array(body.utf8)
            var head = "HTTP/1.1 \(status) \(reason(status))\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            let all = Array((head + "\r\n").utf8) + bytes
            var sent = 0
            while sent < all.count {
                let count = all[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, noSignal) }
                if count <= 0 { break }
                sent += count
            }
            shutdown(connection, Int32(SHUT_WR))
        }
        close(connection)
    }

    #if os(Linux)
        private static let noSignal = Int32(MSG_NOSIGNAL)
    #else
        private static let noSignal: Int32 = 0
    #endif

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 202: "Accepted"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
