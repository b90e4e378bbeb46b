import DeskAPI
import Foundation

/// Generates the sessions of a scenario, minute by minute, deterministically: the sessions of a
/// minute depend only on the seed, the scenario and the minute, so any time range can be
/// produced on demand and always comes out the same.
public struct TrafficGenerator: Sendable {
    public let scenario: Scenario
    /// Simulated Unix time at which the simulator started.
    public let start: Int
    /// Traffic exists from here on.
    public let earliest: Int
    private let incidents: [(incident: Scenario.Incident, from: Int, until: Int)]
    private let queueWeights: [Double]
    private let channelNames: [String]
    private let channelWeights: [Double]
    private let statusNames: [EndStatus]
    private let statusWeights: [Double]

    public static let bucketSeconds = 60

    public init(scenario: Scenario, start: Int) {
        self.scenario = scenario
        self.start = start
        self.earliest = start - Int(scenario.history.seconds)
        incidents = scenario.incidents.map { incident in
            let from = incident.start.resolve(start: start)
            return (incident, from, from + Int(incident.duration.seconds))
        }
        queueWeights = scenario.queues.map(\.weight)
        let channels = scenario.channels.sorted { $0.key < $1.key }
        channelNames = channels.map(\.key)
        channelWeights = channels.map(\.value)
        let statuses = scenario.endStatus.sorted { $0.key < $1.key }
        statusNames = statuses.map { EndStatus($0.key) }
        statusWeights = statuses.map(\.value)
    }

    /// The index of the minute that holds `time`.
    public static func bucket(of time: Int) -> Int { Int((Double(time) / Double(bucketSeconds)).rounded(.down)) }

    /// Every session whose `Timestamp` falls in minute `bucket`, in timestamp order.
    public func sessions(inBucket bucket: Int) -> [SimulatedSession] {
        let bucketStart = bucket * Self.bucketSeconds
        guard bucketStart + Self.bucketSeconds > earliest, !scenario.queues.isEmpty else { return [] }
        var rng = SplitMix64(seed: scenario.seed, stream: 1, index: UInt64(bitPattern: Int64(bucket)))
        let middle = bucketStart + Self.bucketSeconds / 2
        let baseRate = scenario.traffic.perHour / 60 * curve(at: middle)
        var sessions: [SimulatedSession] = []
        // Each queue draws its own count, so incidents can change one queue's volume.
        for (queueIndex, queue) in scenario.queues.enumerated() {
            let share = queueWeights[queueIndex] / max(queueWeights.reduce(0, +), 1e-9)
            let factor = volumeFactor(queue: queue.id, at: middle)
            let count = rng.poisson(baseRate * share * factor)
            for index in 0..<count {
                let timestamp = bucketStart + Int(rng.next() % UInt64(Self.bucketSeconds))
                guard timestamp >= earliest else { continue }
                sessions.append(session(queue: queue, at: timestamp, bucket: bucket, ordinal: queueIndex * 10_000 + index, rng: &rng))
            }
        }
        sessions.sort { ($0.record.timestamp, $0.record.sessionID) < ($1.record.timestamp, $1.record.sessionID) }
        return sessions
    }

    private func curve(at time: Int) -> Double {
        let values = scenario.traffic.curve
        guard values.count == 24 else { return 1 }
        let local = time + scenario.traffic.utcOffsetHours * 3600
        let hour = ((local % 86_400) + 86_400) % 86_400 / 3600
        return values[hour]
    }

    private func activeIncidents(at time: Int) -> some Sequence<Scenario.Incident> {
        incidents.lazy.filter { $0.from <= time && time < $0.until }.map(\.incident)
    }

    private func volumeFactor(queue: String, at time: Int) -> Double {
        var factor = 1.0
        for incident in activeIncidents(at: time) where incident.queue == nil || incident.queue == queue {
            switch incident.kind {
            case .outage: factor = 0
            case .volumeSpike: factor *= incident.factor
            default: break
            }
        }
        return factor
    }

    private func session(queue: Scenario.Queue, at timestamp: Int, bucket: Int, ordinal: Int, rng: inout SplitMix64) -> SimulatedSession {
        let agents = queue.agents
        var agent = agents.isEmpty ? "" : agents[Int(rng.next() % UInt64(agents.count))]
        var status = statusNames.isEmpty ? EndStatus.agentEndedSession : statusNames[rng.pick(weights: statusWeights)]
        var stars = scenario.ratings.stars
        for incident in activeIncidents(at: timestamp) {
            let hit = rng.unit() < incident.share
            switch incident.kind {
            case .noAgents where incident.queue == queue.id && hit: status = .noAgentsOnline
            case .abandonment where incident.queue == queue.id && hit: status = .userAbandonedDuringQueueing
            case .ratingsCollapse where incident.agent == agent && hit: stars = [6, 3, 1, 0, 0]
            default: break
            }
        }
        let served = ![EndStatus.noAgentsOnline, .userAbandonedDuringQueueing, .chatbotReception, .timeoutTransfer].contains(status)
        if !served { agent = "" }

        let median = max(1, scenario.duration.median.seconds)
        var duration = Int((median * exp(scenario.duration.spread * rng.normal())).rounded())
        if status == .noAgentsOnline { duration = Int(rng.next() % 20) }
        if status == .userAbandonedDuringQueueing { duration = 20 + Int(rng.next() % 280) }
        if status == .chatbotReception { duration = 30 + Int(rng.next() % 240) }

        var rating: Int?
        if served || status == .chatbotReception, rng.unit() < scenario.ratings.rated {
            rating = rng.pick(weights: stars) + 1
        }
        let userNumber = rng.next() % 90_000_000 + 10_000_000
        let record = SessionRecord(
            sessionID: Self.sessionID(rng: &rng),
            agentGroupID: queue.id,
            agentGroupName: queue.name,
            agentID: agent,
            channelType: channelNames.isEmpty ? "SDK" : channelNames[rng.pick(weights: channelWeights)],
            clientUserID: String(userNumber),
            clientUserNickName: Self.nicknames[Int(userNumber % UInt64(Self.nicknames.count))],
            duration: max(0, duration),
            endStatus: status,
            satisfaction: rating,
            timestamp: timestamp)

        let lag = scenario.publicationLag
        var delay = lag.minimum.seconds + rng.unit() * max(0, lag.maximum.seconds - lag.minimum.seconds)
        if lag.lateShare > 0, rng.unit() < lag.lateShare {
            delay = max(delay, rng.unit() * lag.lateMaximum.seconds)
        }
        let visibleAt = timestamp + Int(delay.rounded())
        var ratedAt: Int?
        if rating != nil, scenario.ratings.lateShare > 0, rng.unit() < scenario.ratings.lateShare {
            ratedAt = visibleAt + 1 + Int(rng.unit() * max(1, scenario.ratings.lateAfter.seconds))
        }
        return SimulatedSession(record: record, visibleAt: visibleAt, ratedAt: ratedAt)
    }

    /// A UUID-shaped id, like the API's.
    private static func sessionID(rng: inout SplitMix64) -> String {
        let high = rng.next()
        let low = rng.next()
        func hex(_ value: UInt64, _ digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        return "\(hex(high >> 32, 8))-\(hex((high >> 16) & 0xFFFF, 4))-4\(hex(high & 0xFFF, 3))-"
            + "\(hex(0x8 | (low >> 62), 1))\(hex((low >> 48) & 0xFFF, 3))-\(hex(low & 0xFFFF_FFFF_FFFF, 12))"
    }

    /// End-user nicknames, including the kinds of text a notifier must escape.
    static let nicknames = [
        "Shannong", "小王", "Lena", "@all", "<b>bold</b>", "Ahmed", "佐藤", "<!channel>", "[click](https://evil.example)", "Olga",
        "Bob\r\nBcc: victim@example.com", "@everyone", "José", "‮dlrow", "🙂 Mia", "Nguyễn", "*star*", "Chen_Jing", "Ivan", "María",
    ]
}
