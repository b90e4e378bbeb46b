import Foundation
import GRDB
import Rules

extension SessionStore {
    /// Saves the outcome of one evaluation in one transaction: the engine's alert state, the
    /// transitions it produced (kept as history, each once by its id), the messages they cause
    /// (the outbox), and the evaluation time. `muted` gives, by transition id, why a notifying
    /// transition was not sent (a silence, an inhibiting alert); it is kept with the history.
    ///
    /// A restart restores this state, so an alert that was firing stays firing and is not
    /// announced again; a crash before the commit loses the whole evaluation, which the next
    /// one repeats; a crash after it leaves the messages in the outbox for the dispatcher.
    public func saveEvaluation(
        state: EngineState, transitions: [Transition], outbox: [NewOutboxMessage] = [], muted: [String: String] = [:], evaluatedAt: Int
    ) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let rows = try state.rules.map { entry in (entry, String(decoding: try encoder.encode(entry), as: UTF8.self)) }
        let history = try transitions.map { ($0, String(decoding: try encoder.encode($0), as: UTF8.self)) }
        try write { db in
            try db.execute(sql: "DELETE FROM alert_state")
            let insertState = try db.cachedStatement(sql: "INSERT INTO alert_state (rule, definition_hash, state, updated_at) VALUES (?, ?, ?, ?)")
            for (entry, json) in rows {
                try insertState.execute(arguments: [entry.rule, entry.definitionHash, json, evaluatedAt])
            }
            let insertTransition = try db.cachedStatement(
                sql: """
                    INSERT INTO alert_transition (transition_id, rule, alert_group, event, severity, at, body, muted_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (transition_id) DO NOTHING
                    """)
            for (transition, json) in history {
                try insertTransition.execute(arguments: [
                    transition.id, transition.rule, transition.group.description, transition.event.rawValue, transition.severity.rawValue,
                    transition.at, json, muted[transition.id],
                ])
            }
            try Self.enqueue(outbox, in: db)
            try db.execute(
                sql: "INSERT INTO monitor_meta (key, value) VALUES ('last_evaluation', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                arguments: [evaluatedAt])
        }
    }

    /// The alert state saved by the last evaluation (empty before the first).
    public func loadEngineState() throws -> EngineState {
        let rows: [String] = try read { db in try String.fetchAll(db, sql: "SELECT state FROM alert_state ORDER BY rule") }
        let decoder = JSONDecoder()
        do {
            return EngineState(rules: try rows.map { try decoder.decode(EngineState.RuleEntry.self, from: Data($0.utf8)) })
        } catch {
            throw StoreError(code: .corrupt, path: path, message: "the saved alert state cannot be read (\(error)); move the file aside")
        }
    }

    /// When the last evaluation ran, or `nil` before the first.
    public func lastEvaluation() throws -> Int? {
        try read { db in try Int.fetchOne(db, sql: "SELECT value FROM monitor_meta WHERE key = 'last_evaluation'") }
    }

    /// Transitions with `at` in `from...to`, oldest first, at most `limit`.
    public func transitions(from: Int = .min, to: Int = .max, limit: Int = 1000) throws -> [Transition] {
        let rows: [String] = try read { db in
            try String.fetchAll(
                db, sql: "SELECT body FROM alert_transition WHERE at BETWEEN ? AND ? ORDER BY at, id LIMIT ?", arguments: [from, to, limit])
        }
        let decoder = JSONDecoder()
        return rows.compactMap { try? decoder.decode(Transition.self, from: Data($0.utf8)) }
    }

    /// Transitions with `at` in `from...to`, oldest first, at most `limit`, each with why it was
    /// not sent when it was muted.
    public func transitionHistory(from: Int = .min, to: Int = .max, limit: Int = 1000) throws -> [(transition: Transition, mutedBy: String?)] {
        try history(
            sql: "SELECT body, muted_by FROM alert_transition WHERE at BETWEEN ? AND ? ORDER BY at, id LIMIT ?", arguments: [from, to, limit])
    }

    /// The transitions `sql` selects (`body` and `muted_by`), each with why it was muted.
    private func history(sql: String, arguments: StatementArguments) throws -> [(transition: Transition, mutedBy: String?)] {
        let rows: [(body: String, mutedBy: String?)] = try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { ($0["body"], $0["muted_by"]) }
        }
        let decoder = JSONDecoder()
        return rows.compactMap { row in
            (try? decoder.decode(Transition.self, from: Data(row.body.utf8))).map { ($0, row.mutedBy) }
        }
    }

    /// Whether receivers were told about the alert of `transition` (a resolve, or an event of an
    /// alert still firing): a firing or repeated transition of the same rule and group since it
    /// fired (`firedAt`) up to `transition.at` was recorded without being muted. A resolve goes
    /// out when they were, so no alert is left open in their chats.
    public func wasAnnounced(_ transition: Transition) throws -> Bool {
        guard let firedAt = transition.firedAt else { return false }
        let bodies: [String] = try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT body FROM alert_transition
                    WHERE rule = ? AND at BETWEEN ? AND ? AND event IN ('firing', 'repeated') AND muted_by IS NULL
                    """,
                arguments: [transition.rule, firedAt, transition.at])
        }
        let decoder = JSONDecoder()
        return bodies.contains { body in
            (try? decoder.decode(Transition.self, from: Data(body.utf8)))?.group.labels == transition.group.labels
        }
    }

    /// The firing transitions at `since` or later that were recorded muted, oldest first, each
    /// with why: the alerts whose receivers were not told when they fired.
    public func mutedFirings(since: Int) throws -> [(transition: Transition, mutedBy: String)] {
        try history(
            sql: "SELECT body, muted_by FROM alert_transition WHERE at >= ? AND event = 'firing' AND muted_by IS NOT NULL ORDER BY at, id",
            arguments: [since]
        ).map { ($0.transition, $0.mutedBy ?? "") }
    }

    /// The oldest `Timestamp` stored (every source), or `nil` when the store holds no session.
    public func oldestTimestamp() throws -> Int? {
        try read { db in
            // Per source, so that each minimum is one lookup in the (source, timestamp) index.
            try Self.storedSources(db).compactMap { source in
                try Int.fetchOne(db, sql: "SELECT min(timestamp) FROM session WHERE source = ?", arguments: [source])
            }.min()
        }
    }

    /// Every stored session with a `Timestamp` in `from...to`, of every source, in time order.
    public func allSessions(from: Int, to: Int) throws -> [Session] {
        var sessions: [Session] = []
        try forEachSession(source: nil, from: from, to: to) { sessions += $0 }
        return sessions
    }
}
