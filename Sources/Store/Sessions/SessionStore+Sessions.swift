import GRDB
import GRDBSQLite
import Rules

extension SessionStore {
    /// Stores `sessions` of `source` (inserting new ones, updating changed ones) and, in the
    /// same transaction, moves the source's cursor to `coveredUntil` (never backwards).
    ///
    /// Because the records and the cursor are committed together, a crash loses either both or
    /// neither: a restart reads again from the old cursor, and the key (`source`, `SessionId`)
    /// makes the second write of a record an update, never a duplicate.
    @discardableResult
    public func ingest(_ sessions: [Session], source: String, coveredUntil: Int? = nil, now: Int) throws -> IngestResult {
        try write { db in try Self.ingest(sessions, source: source, coveredUntil: coveredUntil, now: now, in: db) }
    }

    /// ``ingest(_:source:coveredUntil:now:)`` on the database's own queue, for async callers
    /// (the pollers), so that the caller's thread is free while SQLite writes.
    @discardableResult
    public func ingest(_ sessions: [Session], source: String, coveredUntil: Int? = nil, now: Int) async throws -> IngestResult {
        try await write { db in try Self.ingest(sessions, source: source, coveredUntil: coveredUntil, now: now, in: db) }
    }

    private static func ingest(_ sessions: [Session], source: String, coveredUntil: Int?, now: Int, in db: Database) throws -> IngestResult {
        if sessions.count >= Self.bulkIngest { try db.execute(sql: "PRAGMA cache_size = -\(Self.bulkWriterCacheKiB)") }
        var result = IngestResult()
        var start = 0
        while start < sessions.count {
            let batch = sessions[start..<min(sessions.count, start + Self.batchSize)]
            start += Self.batchSize
            let existing = try Self.existing(db, source: source, ids: batch.map(\.sessionID))
            let insert = try db.cachedStatement(sql: Self.insertSQL)
            let update = try db.cachedStatement(sql: Self.updateSQL)
            for var session in batch {
                session.source = source
                if let old = existing[session.sessionID] {
                    if old == session {
                        result.unchanged += 1
                        continue
                    }
                    try update.execute(arguments: Self.arguments(session) + [now])
                    result.updated += 1
                    result.changes.append(SessionChange(old: old, new: session))
                } else {
                    try insert.execute(arguments: Self.arguments(session) + [now, now])
                    result.inserted += 1
                    result.changes.append(SessionChange(old: nil, new: session))
                }
            }
        }
        if let coveredUntil {
            try db.execute(
                sql: """
                    INSERT INTO ingest_cursor (source, covered_until, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT (source) DO UPDATE SET
                        covered_until = max(covered_until, excluded.covered_until), updated_at = excluded.updated_at
                    """,
                arguments: [source, coveredUntil, now])
        }
        return result
    }

    /// The sessions of `source` with a `Timestamp` in `from...to`, by time then `SessionId`.
    public func sessions(source: String, from: Int, to: Int) throws -> [Session] {
        try read { db in
            var reader = try SourceSessions(db, source: source, from: from, to: to)
            var sessions: [Session] = []
            while let session = try reader.next() { sessions.append(session) }
            return sessions
        }
    }

    /// How many sessions `source` has (every source when `nil`).
    public func sessionCount(source: String? = nil) throws -> Int {
        try read { db in
            if let source { return try Int.fetchOne(db, sql: "SELECT count(*) FROM session WHERE source = ?", arguments: [source]) ?? 0 }
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM session") ?? 0
        }
    }

    /// The newest `Timestamp` stored for `source`.
    public func newestTimestamp(source: String) throws -> Int? {
        try read { db in try Int.fetchOne(db, sql: "SELECT max(timestamp) FROM session WHERE source = ?", arguments: [source]) }
    }

    /// The ingestion cursor of `source`, or `nil` before its first complete read.
    public func cursor(source: String) throws -> IngestCursor? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT covered_until, updated_at FROM ingest_cursor WHERE source = ?", arguments: [source])
            else { return nil }
            return IngestCursor(source: source, coveredUntil: row[0], updatedAt: row[1])
        }
    }

    // MARK: Rows

    static let batchSize = 500

    static let columns =
        "source, session_id, timestamp, agent_group_id, agent_group_name, agent_id, channel_type, client_user_id, "
        + "client_user_nickname, duration, end_status, satisfaction"

    static let insertSQL =
        "INSERT INTO session (\(columns), updated_at, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    static let updateSQL = """
        UPDATE session SET timestamp = ?3, agent_group_id = ?4, agent_group_name = ?5, agent_id = ?6, channel_type = ?7,
            client_user_id = ?8, client_user_nickname = ?9, duration = ?10, end_status = ?11, satisfaction = ?12, updated_at = ?13
        WHERE source = ?1 AND session_id = ?2
        """

    static func arguments(_ session: Session) -> StatementArguments {
        [
            session.source, session.sessionID, session.timestamp, session.agentGroupID, session.agentGroupName, session.agentID,
            session.channelType, session.clientUserID, session.clientUserNickName, session.duration, session.endStatus,
            session.satisfaction,
        ]
    }

    /// The session in the current row of `statement`, which selects ``columns`` of `source`. The
    /// columns are read in place (no row copy); the source is the one asked for, not read again.
    static func decode(_ statement: Statement, source: String) -> Session {
        let row = statement.sqliteStatement
        return Session(
            source: source, sessionID: text(row, 1), agentGroupID: text(row, 3), agentGroupName: text(row, 4), agentID: text(row, 5),
            channelType: text(row, 6), clientUserID: text(row, 7), clientUserNickName: text(row, 8), duration: Int(sqlite3_column_int64(row, 9)),
            endStatus: text(row, 10), satisfaction: sqlite3_column_type(row, 11) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(row, 11)),
            timestamp: Int(sqlite3_column_int64(row, 2)))
    }

    /// A text column of the current row (invalid UTF-8 repaired, as GRDB does).
    @inline(__always)
    private static func text(_ row: SQLiteStatement, _ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(row, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(row, column))), as: UTF8.self)
    }

    /// The stored versions of `ids` of `source`, by `SessionId`.
    private static func existing(_ db: Database, source: String, ids: [String]) throws -> [String: Session] {
        guard !ids.isEmpty else { return [:] }
        let placeholders = databaseQuestionMarks(count: ids.count)
        var arguments: StatementArguments = [source]
        _ = arguments.append(contentsOf: StatementArguments(ids))
        let statement = try db.makeStatement(sql: "SELECT \(columns) FROM session WHERE source = ? AND session_id IN (\(placeholders))")
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        var found: [String: Session] = [:]
        while try rows.next() != nil {
            let session = decode(statement, source: source)
            found[session.sessionID] = session
        }
        return found
    }
}
