import ConfigSupport
import DeskAPI
import Foundation
import Yams

/// A scenario file that could not be read, with the file and the key at fault.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String

    public var description: String { "\(file): \(message)" }
}

extension Scenario {
    /// Reads a scenario file.
    ///
    /// Top-level keys: `application` (`sdkappid`, `identifiers`, `secret_key`), `seed`, `clock`
    /// (`start`, `speed`), `history`, `traffic` (`per_hour`, `curve`, `utc_offset`), `queues`
    /// (`id`, `name`, `weight`, `agents`), `channels`, `end_status`, `ratings` (`rated`, `stars`,
    /// `late_share`, `late_after`), `duration` (`median`, `spread`), `publication_lag` (`min`,
    /// `max`, `late_share`, `late_max`), `incidents` (`kind`, `start`, `for`, `queue`, `agent`,
    /// `share`, `factor`), `faults` (`internal_error`, `rate_limited`, `http_500`, `slow`,
    /// `slow_delay`, `truncated`), `records`, `max_range`, `rate_limit`.
    public static func load(path: String) throws -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioError(file: path, message: "cannot read the scenario file (\(error.localizedDescription))")
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses scenario YAML; `file` is used in error messages.
    public static func parse(yaml: String, file: String = "<scenario>") throws -> Scenario {
        let document: ScenarioDocument
        do {
            if let node = try Yams.compose(yaml: yaml), case .mapping(let mapping) = node {
                let known = Set(ScenarioDocument.CodingKeys.allCases.map(\.rawValue))
                for key in mapping.keys {
                    guard let name = key.string, known.contains(name) else {
                        let line = key.mark.map { ":\($0.line)" } ?? ""
                        throw ScenarioError(
                            file: file + line, message: "unknown key `\(key.string ?? "?")`; known keys: \(known.sorted().joined(separator: ", "))")
                    }
                }
            }
            document = try YAMLDecoder().decode(ScenarioDocument.self, from: yaml)
        } catch let error as ScenarioError {
            throw error
        } catch let error as DecodingError {
            throw ScenarioError(file: file, message: Self.describe(error))
        } catch {
            throw ScenarioError(file: file, message: "\(error)")
        }
        do {
            return try document.scenario()
        } catch let error as ScenarioError {
            throw ScenarioError(file: file, message: error.message)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case .keyNotFound(let key, let context): return "`\(path(context.codingPath + [key]))` is required"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "`\(path(context.codingPath))`: \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

private func scenarioDuration(_ text: String?, _ key: String) throws -> Duration? {
    guard let text else { return nil }
    guard let value = try? DurationParser.parse(text) else {
        throw ScenarioError(file: "", message: "`\(key)`: \"\(text)\" is not a duration (write 30s, 5m, 2h, 1d)")
    }
    return value
}

private func scenarioTime(_ text: String?, _ key: String) throws -> ScenarioTime? {
    guard let text else { return nil }
    guard let value = ScenarioTime(parsing: text) else {
        throw ScenarioError(file: "", message: "`\(key)`: \"\(text)\" is not a time (write now, -10m, +1h, Unix seconds or ISO 8601)")
    }
    return value
}

private struct ScenarioDocument: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case application, seed, clock, history, traffic, queues, channels
        case endStatus = "end_status"
        case ratings, duration
        case publicationLag = "publication_lag"
        case incidents, faults, records
        case maxRange = "max_range"
        case rateLimit = "rate_limit"
    }

    struct ApplicationDoc: Decodable {
        var sdkappid: Int?
        var identifiers: [String]?
        var secret_key: String?
    }
    struct ClockDoc: Decodable {
        var start: String?
        var speed: Double?
    }
    struct TrafficDoc: Decodable {
        var per_hour: Double?
        var curve: [Double]?
        var utc_offset: Int?
    }
    struct QueueDoc: Decodable {
        var id: String
        var name: String?
        var weight: Double?
        var agents: [String]
    }
    struct RatingsDoc: Decodable {
        var rated: Double?
        var stars: [Double]?
        var late_share: Double?
        var late_after: String?
    }
    struct DurationDoc: Decodable {
        var median: String?
        var spread: Double?
    }
    struct LagDoc: Decodable {
        var min: String?
        var max: String?
        var late_share: Double?
        var late_max: String?
    }
    struct IncidentDoc: Decodable {
        var kind: String
        var start: String
        var `for`: String
        var queue: String?
        var agent: String?
        var share: Double?
        var factor: Double?
    }
    struct FaultsDoc: Decodable {
        var internal_error: Double?
        var rate_limited: Double?
        var http_500: Double?
        var slow: Double?
        var slow_delay: String?
        var truncated: Double?
    }
    struct RecordDoc: Decodable {
        var record: SessionRecord
        var visible_at: String?

        init(from decoder: any Decoder) throws {
            record = try SessionRecord(from: decoder)
            let container = try decoder.container(keyedBy: VisibleKey.self)
            visible_at = try container.decodeIfPresent(String.self, forKey: .visibleAt)
        }
        enum VisibleKey: String, CodingKey { case visibleAt = "VisibleAt" }
    }

    var application: ApplicationDoc?
    var seed: UInt64?
    var clock: ClockDoc?
    var history: String?
    var traffic: TrafficDoc?
    var queues: [QueueDoc]?
    var channels: [String: Double]?
    var endStatus: [String: Double]?
    var ratings: RatingsDoc?
    var duration: DurationDoc?
    var publicationLag: LagDoc?
    var incidents: [IncidentDoc]?
    var faults: FaultsDoc?
    var records: [RecordDoc]?
    var maxRange: String?
    var rateLimit: Double?

    func scenario() throws -> Scenario {
        var s = Scenario()
        if let app = application {
            s.application = Scenario.Application(
                sdkAppID: app.sdkappid ?? s.application.sdkAppID,
                identifiers: app.identifiers ?? s.application.identifiers,
                secretKey: app.secret_key ?? "")
        }
        s.seed = seed ?? s.seed
        if let clock {
            s.clock = Scenario.Clock(start: try scenarioTime(clock.start, "clock.start") ?? .now, speed: clock.speed ?? 1)
            guard s.clock.speed > 0, s.clock.speed.isFinite, s.clock.speed <= 1_000_000 else {
                throw ScenarioError(file: "", message: "`clock.speed` must be a positive number up to 1000000")
            }
        }
        s.history = try scenarioDuration(history, "history") ?? s.history
        if let traffic {
            s.traffic = Scenario.Traffic(perHour: traffic.per_hour ?? 120, curve: traffic.curve ?? [], utcOffsetHours: traffic.utc_offset ?? 8)
            guard s.traffic.perHour >= 0, s.traffic.perHour <= 10_000_000, s.traffic.curve.allSatisfy({ $0 >= 0 && $0 <= 1000 }) else {
                throw ScenarioError(file: "", message: "`traffic.per_hour` must be 0 to 10000000 and curve values 0 to 1000")
            }
            guard s.traffic.curve.isEmpty || s.traffic.curve.count == 24 else {
                throw ScenarioError(file: "", message: "`traffic.curve` needs 24 hourly values, has \(s.traffic.curve.count)")
            }
        }
        if let queues {
            guard !queues.isEmpty else { throw ScenarioError(file: "", message: "`queues` needs at least one queue") }
            s.queues = queues.map { Scenario.Queue(id: $0.id, name: $0.name ?? $0.id, weight: $0.weight ?? 1, agents: $0.agents) }
        }
        s.channels = channels ?? s.channels
        if let endStatus { s.endStatus = endStatus }
        if let ratings {
            s.ratings = Scenario.Ratings(
                rated: ratings.rated ?? 0.5, stars: ratings.stars ?? s.ratings.stars, lateShare: ratings.late_share ?? 0,
                lateAfter: try scenarioDuration(ratings.late_after, "ratings.late_after") ?? .seconds(600))
            guard s.ratings.stars.count == 5 else { throw ScenarioError(file: "", message: "`ratings.stars` needs 5 weights (1 star first)") }
        }
        if let d = self.duration {
            s.duration = Scenario.SessionDuration(median: try scenarioDuration(d.median, "duration.median") ?? .seconds(300), spread: d.spread ?? 0.8)
            guard (0...5).contains(s.duration.spread) else { throw ScenarioError(file: "", message: "`duration.spread` must be 0 to 5") }
        }
        if let lag = publicationLag {
            s.publicationLag = Scenario.PublicationLag(
                minimum: try scenarioDuration(lag.min, "publication_lag.min") ?? .zero,
                maximum: try scenarioDuration(lag.max, "publication_lag.max") ?? .zero,
                lateShare: lag.late_share ?? 0,
                lateMaximum: try scenarioDuration(lag.late_max, "publication_lag.late_max") ?? .zero)
        }
        s.incidents = try (incidents ?? []).enumerated().map { index, doc in
            guard let kind = Scenario.Incident.Kind(rawValue: doc.kind) else {
                let kinds = Scenario.Incident.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw ScenarioError(file: "", message: "`incidents[\(index)].kind`: unknown kind \"\(doc.kind)\" (one of \(kinds))")
            }
            guard let start = try scenarioTime(doc.start, "incidents[\(index)].start"),
                let length = try scenarioDuration(doc.for, "incidents[\(index)].for")
            else {
                throw ScenarioError(file: "", message: "`incidents[\(index)]` needs start and for")
            }
            if [.noAgents, .abandonment].contains(kind), doc.queue == nil {
                throw ScenarioError(file: "", message: "`incidents[\(index)]`: \(kind.rawValue) needs a queue")
            }
            if kind == .ratingsCollapse, doc.agent == nil {
                throw ScenarioError(file: "", message: "`incidents[\(index)]`: ratings_collapse needs an agent")
            }
            return Scenario.Incident(
                kind: kind, start: start, duration: length, queue: doc.queue, agent: doc.agent, share: doc.share ?? 1, factor: doc.factor ?? 3)
        }
        if let faults {
            s.faults = Scenario.Faults(
                internalError: faults.internal_error ?? 0, rateLimited: faults.rate_limited ?? 0, http500: faults.http_500 ?? 0,
                slow: faults.slow ?? 0, slowDelay: try scenarioDuration(faults.slow_delay, "faults.slow_delay") ?? .seconds(5),
                truncated: faults.truncated ?? 0)
        }
        s.records = try (records ?? []).enumerated().map { index, doc in
            Scenario.FixedRecord(record: doc.record, visibleAt: try scenarioTime(doc.visible_at, "records[\(index)].VisibleAt"))
        }
        s.maxRange = try scenarioDuration(maxRange, "max_range")
        s.rateLimitPerSecond = rateLimit
        return s
    }
}
