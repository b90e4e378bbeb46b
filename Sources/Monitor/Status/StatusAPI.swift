import Foundation
import Transport

/// The answers of the status server, as data: what each route returns, so that they can be
/// checked without a socket.
public struct StatusAPI: Sendable {
    /// An HTTP answer.
    public struct Answer: Sendable {
        public var status: Int
        public var contentType: String
        public var body: Data

        public init(status: Int, contentType: String, body: Data) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }

        static func json(_ value: some Encodable, status: Int = 200) throws -> Answer {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Answer(status: status, contentType: "application/json", body: try encoder.encode(value))
        }

        /// `{"error": "…"}`.
        static func error(_ message: String, status: Int) -> Answer {
            (try? json(["error": message], status: status)) ?? Answer(status: status, contentType: "text/plain", body: Data(message.utf8))
        }
    }

    public let daemon: MonitorDaemon
    /// The bearer token that allows changing silences.
    public let token: Secret?

    public init(daemon: MonitorDaemon, token: Secret?) {
        self.daemon = daemon
        self.token = token
    }

    /// The HTML page.
    public func page() throws -> Answer {
        Answer(status: 200, contentType: "text/html; charset=utf-8", body: Data(StatusPage.render(try daemon.snapshot()).utf8))
    }

    /// `GET /api/v1/RESOURCE`.
    public func get(_ resource: String) throws -> Answer {
        switch resource {
        case "alerts": return try .json(["alerts": try daemon.snapshot().alerts])
        case "rules": return try .json(["rules": try daemon.snapshot().rules])
        case "sources": return try .json(["sources": try daemon.snapshot().sources])
        case "status": return try .json(try daemon.snapshot())
        case "silences": return try .json(["silences": [String]()])
        default:
            return .error("no such resource: /api/v1/\(resource) (there are alerts, rules, sources, silences, status)", status: 404)
        }
    }

    /// Whether `authorization` carries the configured token; the answer to give when not.
    func refusal(_ authorization: String?) -> Answer? {
        guard let token else {
            return .error("changing silences through the API is off: set status.token_file in the configuration", status: 403)
        }
        guard let authorization, authorization.hasPrefix("Bearer "),
            Self.constantTimeEqual(Array(authorization.dropFirst(7).utf8), Array(token.reveal().utf8))
        else {
            return .error("a valid `Authorization: Bearer <token>` header is required", status: 401)
        }
        return nil
    }

    /// `POST /api/v1/silences`.
    public func addSilence(authorization: String?, body: Data) throws -> Answer {
        if let refusal = refusal(authorization) { return refusal }
        return .error("silences are not available yet", status: 501)
    }

    /// `DELETE /api/v1/silences/ID`.
    public func expireSilence(authorization: String?, id: String) throws -> Answer {
        if let refusal = refusal(authorization) { return refusal }
        return .error("silences are not available yet", status: 501)
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
