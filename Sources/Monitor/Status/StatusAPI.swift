import ConfigSupport
import Foundation
import Logging
import Notify
import Rules
import Store
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
        case "silences":
            return try .json(["silences": try daemon.store.silences(at: daemon.clock.now()).map { SilenceRow($0, now: daemon.clock.now()) }])
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

    /// A silence as the API shows it.
    struct SilenceRow: Encodable {
        var id: String
        var matchers: [String]
        var startsAt: String
        var endsAt: String
        var createdBy: String
        var comment: String
        var state: String

        init(_ silence: Silence, now: Int) {
            id = silence.id
            matchers = silence.matchers.map(\.description)
            startsAt = TimeText.rfc3339(silence.startsAt)
            endsAt = TimeText.rfc3339(silence.effectiveEnd)
            createdBy = silence.createdBy
            comment = silence.comment
            state = silence.state(at: now).rawValue
        }
    }

    /// The body of `POST /api/v1/silences`: `matchers` (required), `createdBy` and `comment`
    /// (required), `startsAt` (RFC 3339 or Unix seconds; default now) and either `endsAt` or
    /// `duration` (`2h`).
    struct NewSilence: Decodable {
        var matchers: [String]
        var createdBy: String
        var comment: String
        var startsAt: String?
        var endsAt: String?
        var duration: String?
    }

    /// `POST /api/v1/silences`.
    public func addSilence(authorization: String?, body: Data) throws -> Answer {
        if let refusal = refusal(authorization) { return refusal }
        let request: NewSilence
        do {
            request = try JSONDecoder().decode(NewSilence.self, from: body)
        } catch {
            return .error(
                "the body must be a JSON object with matchers (a list of strings), createdBy, comment, and endsAt or duration: \(Self.describe(error))",
                status: 400)
        }
        let now = daemon.clock.now()
        var matchers: [LabelMatcher] = []
        for text in request.matchers {
            do {
                matchers.append(try LabelMatcher(parsing: text))
            } catch {
                return .error("matcher \(text.debugDescription): \(error)", status: 400)
            }
        }
        guard let start = request.startsAt.map(Self.time) ?? now else {
            return .error("startsAt is not a time (RFC 3339 or Unix seconds)", status: 400)
        }
        let end: Int
        switch (request.endsAt, request.duration) {
        case (let text?, nil):
            guard let time = Self.time(text) else { return .error("endsAt is not a time (RFC 3339 or Unix seconds)", status: 400) }
            end = time
        case (nil, let text?):
            guard let duration = try? DurationParser.parse(text), duration > .zero else {
                return .error("duration \(text.debugDescription) is not a duration such as 30m or 2h", status: 400)
            }
            end = start + Int(duration.components.seconds)
        default:
            return .error("give either endsAt or duration", status: 400)
        }
        do {
            let silence = try daemon.store.addSilence(
                matchers: matchers, startsAt: start, endsAt: end, createdBy: request.createdBy, comment: request.comment, now: now)
            daemon.logger.notice("silence added through the API", metadata: ["silence": "\(silence.id)", "by": "\(silence.createdBy)"])
            return try .json(SilenceRow(silence, now: now), status: 201)
        } catch let error as SilenceError {
            return .error(error.message, status: 400)
        }
    }

    /// `DELETE /api/v1/silences/ID`.
    public func expireSilence(authorization: String?, id: String) throws -> Answer {
        if let refusal = refusal(authorization) { return refusal }
        do {
            let now = daemon.clock.now()
            let silence = try daemon.store.expireSilence(id: id, at: now)
            daemon.logger.notice("silence expired through the API", metadata: ["silence": "\(silence.id)"])
            return try .json(SilenceRow(silence, now: now))
        } catch let error as SilenceError {
            return .error(error.message, status: error.code == .unknown ? 404 : 409)
        }
    }

    /// Unix seconds, or RFC 3339.
    static func time(_ text: String) -> Int? {
        if let seconds = Int(text) { return seconds }
        return (try? Date(text, strategy: .iso8601)).map { Int($0.timeIntervalSince1970) }
    }

    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _): "\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "\(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
        case .dataCorrupted: "it is not valid JSON"
        default: "\(error)"
        }
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
