import Foundation
import GRDB
import Rules

extension SessionStore {
    /// Writes messages to the outbox inside an open transaction (the one that saves the alert
    /// state, so a transition and its messages are committed together or not at all).
    static func enqueue(_ messages: [NewOutboxMessage], in db: Database) throws {
        guard !messages.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO outbox (message_id, receiver, transitions, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (message_id) DO NOTHING
                """)
        for message in messages {
            let transitions = String(decoding: try encoder.encode(message.transitions), as: UTF8.self)
            try statement.execute(arguments: [message.messageID, message.receiver, transitions, message.createdAt, message.createdAt])
        }
    }

    /// For each receiver, its oldest pending message, if that one is due at `now`. A receiver's
    /// later messages wait behind it, so a resolve never overtakes its firing.
    public func dueMessages(now: Int) throws -> [OutboxMessage] {
        let path = self.path
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM outbox WHERE id IN (SELECT min(id) FROM outbox WHERE state = 'pending' GROUP BY receiver)
                        AND next_attempt_at <= ? ORDER BY id
                    """,
                arguments: [now]
            ).map { try Self.decodeOutbox($0, path: path) }
        }
    }

    /// Every message of the outbox for `receiver` (or all), oldest first, at most `limit`.
    public func outboxMessages(receiver: String? = nil, state: OutboxMessage.State? = nil, limit: Int = 1000) throws -> [OutboxMessage] {
        let path = self.path
        return try read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let receiver {
                conditions.append("receiver = ?")
                _ = arguments.append(contentsOf: [receiver])
            }
            if let state {
                conditions.append("state = ?")
                _ = arguments.append(contentsOf: [state.rawValue])
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            _ = arguments.append(contentsOf: [limit])
            return try Row.fetchAll(db, sql: "SELECT * FROM outbox \(filter) ORDER BY id LIMIT ?", arguments: arguments)
                .map { try Self.decodeOutbox($0, path: path) }
        }
    }

    /// Messages waiting to be delivered.
    public func outboxDepth() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE state = 'pending'") ?? 0 }
    }

    /// The target accepted message `id`.
    public func markDelivered(_ id: Int64, at now: Int) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE outbox SET state = 'delivered', attempts = attempts + 1, finished_at = ?, last_error = NULL WHERE id = ?",
                arguments: [now, id])
        }
    }

    /// Message `id` failed in a way that may pass: try again at `nextAttemptAt`.
    public func markForRetry(_ id: Int64, error: String, nextAttemptAt: Int) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                arguments: [error, nextAttemptAt, id])
        }
    }

    /// Message `id` cannot be delivered: keep it as a dead letter with the target's own words.
    public func markDead(_ id: Int64, error: String, at now: Int) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ?, finished_at = ? WHERE id = ?",
                arguments: [error, now, id])
        }
    }

    private static func decodeOutbox(_ row: Row, path: String) throws -> OutboxMessage {
        let json: String = row["transitions"]
        let transitions: [Transition]
        do {
            transitions = try JSONDecoder().decode([Transition].self, from: Data(json.utf8))
        } catch {
            throw StoreError(code: .corrupt, path: path, message: "outbox message \(row["id"] as Int64) cannot be read: \(error)")
        }
        return OutboxMessage(
            id: row["id"], messageID: row["message_id"], receiver: row["receiver"], transitions: transitions, createdAt: row["created_at"],
            nextAttemptAt: row["next_attempt_at"], attempts: row["attempts"],
            state: OutboxMessage.State(rawValue: row["state"]) ?? .pending, lastError: row["last_error"], finishedAt: row["finished_at"])
    }
}
