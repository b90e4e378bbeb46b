import Foundation
import GRDB
import Rules

extension SessionStore {
    /// Adds a silence with a new random id and returns it.
    ///
    /// - Throws: ``SilenceError`` (`invalid`) when there is no matcher, when the matchers would
    ///   also match alerts that have none of their labels (every matcher matches the empty
    ///   value), when it ends before it starts or has already ended at `now`, or when the author or
    ///   the comment is empty; ``StoreError`` when the database fails.
    @discardableResult
    public func addSilence(
        matchers: [LabelMatcher], startsAt: Int, endsAt: Int, createdBy: String, comment: String, now: Int
    ) throws -> Silence {
        func invalid(_ message: String) -> SilenceError { SilenceError(code: .invalid, message: message) }
        guard !matchers.isEmpty else { throw invalid("a silence needs at least one matcher") }
        guard !matchers.matches([:]) else {
            throw invalid(
                "the matchers \(matchers.map(\.description).joined(separator: ", ")) would silence every alert without those labels; "
                    + "add one that needs a value, such as alertname=NAME")
        }
        guard endsAt > startsAt else { throw invalid("a silence must end after it starts") }
        guard endsAt > now else { throw invalid("the silence would already be over") }
        guard !createdBy.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw invalid("a silence needs an author") }
        guard !comment.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw invalid("a silence needs a comment") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(matchers), as: UTF8.self)
        return try write { db in
            // Ids are short enough to type; draw again on the rare clash.
            var id = Self.newSilenceID()
            while try Bool.fetchOne(db, sql: "SELECT 1 FROM silence WHERE id = ?", arguments: [id]) == true { id = Self.newSilenceID() }
            try db.execute(
                sql: """
                    INSERT INTO silence (id, matchers, starts_at, ends_at, created_by, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, json, startsAt, endsAt, createdBy, comment, now])
            return Silence(
                id: id, matchers: matchers, startsAt: startsAt, endsAt: endsAt, createdBy: createdBy, comment: comment, createdAt: now)
        }
    }

    /// The silences that have not ended at `now` (active and pending), or with `all` every one
    /// ever added; ordered by start, then creation.
    public func silences(at now: Int, all: Bool = false) throws -> [Silence] {
        let path = self.path
        return try read { db in
            let filter = all ? "" : "WHERE ends_at > ? AND (expired_at IS NULL OR expired_at > ?)"
            let arguments: StatementArguments = all ? [] : [now, now]
            return try Row.fetchAll(db, sql: "SELECT * FROM silence \(filter) ORDER BY starts_at, created_at, id", arguments: arguments)
                .map { try Self.decodeSilence($0, path: path) }
        }
    }

    /// The silence with this id, if there is one.
    public func silence(id: String) throws -> Silence? {
        let path = self.path
        return try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM silence WHERE id = ?", arguments: [id]).map { try Self.decodeSilence($0, path: path) }
        }
    }

    /// Ends silence `id` at `now` and returns it as it is afterwards.
    ///
    /// - Throws: ``SilenceError`` (`unknown`) when no silence has that id, (`alreadyExpired`)
    ///   when it has already ended or was expired before; ``StoreError`` when the database fails.
    @discardableResult
    public func expireSilence(id: String, at now: Int) throws -> Silence {
        enum Outcome: Sendable {
            case expired(Silence)
            case unknown
            case alreadyOver(Silence)
        }
        let path = self.path
        let outcome = try write { db -> Outcome in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM silence WHERE id = ?", arguments: [id]) else { return .unknown }
            var silence = try Self.decodeSilence(row, path: path)
            guard silence.state(at: now) != .expired else { return .alreadyOver(silence) }
            try db.execute(sql: "UPDATE silence SET expired_at = ? WHERE id = ?", arguments: [now, id])
            silence.expiredAt = now
            return .expired(silence)
        }
        switch outcome {
        case .expired(let silence):
            return silence
        case .unknown:
            throw SilenceError(code: .unknown, message: "no silence has the id `\(id)`")
        case .alreadyOver(let silence):
            let how = silence.expiredAt.map { $0 < silence.endsAt } == true ? "was already expired" : "already ended"
            throw SilenceError(code: .alreadyExpired, message: "silence \(id) \(how) at \(Self.isoTime(silence.effectiveEnd))")
        }
    }

    /// 12 random lowercase hex digits.
    private static func newSilenceID() -> String {
        let value = UInt64.random(in: 0..<(1 << 48))
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 12 - hex.count) + hex
    }

    private static func isoTime(_ unix: Int) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(unix)))
    }

    private static func decodeSilence(_ row: Row, path: String) throws -> Silence {
        let json: String = row["matchers"]
        let id: String = row["id"]
        let matchers: [LabelMatcher]
        do {
            matchers = try JSONDecoder().decode([LabelMatcher].self, from: Data(json.utf8))
        } catch {
            throw StoreError(code: .corrupt, path: path, message: "the matchers of silence \(id) cannot be read: \(error)")
        }
        return Silence(
            id: id, matchers: matchers, startsAt: row["starts_at"], endsAt: row["ends_at"], createdBy: row["created_by"],
            comment: row["comment"], createdAt: row["created_at"], expiredAt: row["expired_at"])
    }
}
