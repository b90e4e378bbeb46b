import ConfigSupport
import Foundation

/// The compact notation for sessions in rule tests:
///
///     <time>[..<time> every <step>] [*<count>] key=value …
///
/// `10m queue=g1 status=UserAbandonedDuringQueueing`, `0m..59m every 2m *3 queue=g1 agent=a1`.
/// Times are offsets from the test's `start` (`-7d` for last week). Keys are field names
/// (`AgentGroupId`, `EndStatus`, …) or the short forms `queue`, `queue_name`, `agent`, `status`,
/// `rating`, `duration` (seconds or `5m`), `channel`, `user`, `nick`, `id`, `source`, plus
/// `arrives=<time>` for a record that shows up late. Without `id`, sessions are numbered `s1`,
/// `s2`, …; repeat an `id` with `arrives` to change a record (a late rating).
public enum SessionNotation {
    /// Why a line cannot be read.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        /// What is wrong.
        public var message: String
        /// How to write it instead.
        public var hint: String?
        public var description: String { hint.map { "\(message) (hint: \($0))" } ?? message }
    }

    static let aliases: [String: SessionField] = [
        "queue": .agentGroupID, "queue_name": .agentGroupName, "agent": .agentID, "status": .endStatus, "rating": .satisfaction,
        "duration": .duration, "channel": .channelType, "user": .clientUserID, "nick": .clientUserNickName, "id": .sessionID,
        "source": .source,
    ]

    /// Reads a time offset such as `0`, `90s`, `1h5m` or `-7d`, in seconds.
    public static func offset(_ text: String) throws(ParseError) -> Int {
        var body = Substring(text)
        let negative = body.hasPrefix("-")
        if negative || body.hasPrefix("+") { body = body.dropFirst() }
        if body == "0" { return 0 }
        do {
            let duration = try DurationParser.parse(String(body))
            let seconds = Int(duration.components.seconds)
            return negative ? -seconds : seconds
        } catch {
            throw ParseError(message: "`\(text)` is not a time offset: \(error.message)", hint: "write 0m, 90s, 1h5m or -7d")
        }
    }

    /// Writes an offset the way ``offset(_:)`` reads it.
    public static func format(offset: Int) -> String {
        offset < 0 ? "-" + DurationParser.format(.seconds(-offset)) : DurationParser.format(.seconds(offset))
    }

    /// The sessions of one line. `nextID` numbers sessions without an `id`.
    public static func sessions(_ line: String, start: Int, nextID: inout Int) throws(ParseError) -> [RuleTestCase.Feed] {
        var tokens = tokenize(line)
        guard !tokens.isEmpty else { throw ParseError(message: "empty session line", hint: "for example: 10m queue=g1 status=UserEndedSession") }
        let timeToken = tokens.removeFirst()
        var times: [Int]
        if let range = timeToken.range(of: "..") {
            let first = try offset(String(timeToken[..<range.lowerBound]))
            let last = try offset(String(timeToken[range.upperBound...]))
            guard tokens.first == "every", tokens.count >= 2 else {
                throw ParseError(message: "a range of times needs `every <step>`", hint: "0m..59m every 1m")
            }
            tokens.removeFirst()
            let step = try offset(tokens.removeFirst())
            guard step > 0 else { throw ParseError(message: "the step must be longer than 0s") }
            guard last >= first else { throw ParseError(message: "`\(timeToken)` ends before it starts") }
            guard (last - first) / step < 100_000 else { throw ParseError(message: "`\(timeToken) every \(step)s` makes too many sessions") }
            times = Array(stride(from: first, through: last, by: step))
        } else {
            times = [try offset(timeToken)]
        }
        var copies = 1
        if let first = tokens.first, first.hasPrefix("*") {
            tokens.removeFirst()
            guard let count = Int(first.dropFirst()), count > 0, count <= 10_000 else {
                throw ParseError(message: "`\(first)` is not a count", hint: "*3 for three sessions at each time")
            }
            copies = count
        }
        var template = Session(source: "test", sessionID: "", timestamp: 0)
        var arrival: Int?
        var fixedID: String?
        for token in tokens {
            guard let equals = token.firstIndex(of: "=") else {
                throw ParseError(message: "`\(token)` is not key=value", hint: "for example status=UserEndedSession")
            }
            let key = String(token[..<equals])
            let value = String(token[token.index(after: equals)...])
            if key == "arrives" {
                arrival = start + (try offset(value))
                continue
            }
            guard let field = aliases[key] ?? SessionField(rawValue: key) else {
                let names = Array(aliases.keys).sorted() + SessionField.allCases.map(\.rawValue) + ["arrives"]
                throw ParseError(
                    message: "unknown key `\(key)`", hint: Suggestion.didYouMean(key, among: names) ?? "keys: \(names.joined(separator: ", "))")
            }
            try set(field, value, on: &template)
            if field == .sessionID { fixedID = value }
        }
        if fixedID != nil, times.count * copies > 1 {
            throw ParseError(message: "`id` names one session, but the line makes \(times.count * copies)")
        }
        var feeds: [RuleTestCase.Feed] = []
        for time in times {
            for _ in 0..<copies {
                var session = template
                session.timestamp = start + time
                if fixedID == nil {
                    session.sessionID = "s\(nextID)"
                    nextID += 1
                }
                feeds.append(RuleTestCase.Feed(session: session, arrival: max(arrival ?? session.timestamp, session.timestamp)))
            }
        }
        return feeds
    }

    private static func set(_ field: SessionField, _ value: String, on session: inout Session) throws(ParseError) {
        switch field {
        case .source: session.source = value
        case .sessionID: session.sessionID = value
        case .agentGroupID: session.agentGroupID = value
        case .agentGroupName: session.agentGroupName = value
        case .agentID: session.agentID = value
        case .channelType: session.channelType = value
        case .clientUserID: session.clientUserID = value
        case .clientUserNickName: session.clientUserNickName = value
        case .endStatus: session.endStatus = value
        case .satisfaction:
            if value == "none" || value.isEmpty {
                session.satisfaction = nil
            } else {
                guard let rating = Int(value) else { throw ParseError(message: "rating `\(value)` is not a number", hint: "1 to 5, or none") }
                session.satisfaction = rating
            }
        case .duration:
            if let seconds = Int(value) {
                session.duration = seconds
            } else {
                session.duration = try offset(value)
            }
        case .timestamp:
            throw ParseError(message: "set the time at the start of the line, not with Timestamp=")
        }
    }

    private static func tokenize(_ line: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
            } else if character == " " || character == "\t", !quoted {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}
