import GRDB
import Rules

extension SessionStore {
    /// Calls `body` with the sessions of `source` (or of every source) whose `Timestamp` lies in
    /// `from...to`, in `Timestamp` order, `chunkSize` at a time, so an export or a replay of
    /// months of records stays small in memory.
    ///
    /// It reads in one read transaction: one cursor per source over the `(source, timestamp)`
    /// index, merged by time, so the cost grows with the sessions read. The sessions are those of
    /// one snapshot of the database; writers are not blocked meanwhile. Sessions with the same
    /// `Timestamp` come by source, then by `SessionId`.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read; whatever `body` throws.
    public func forEachSession(
        source: String?, from: Int, to: Int, chunkSize: Int = 5000, _ body: ([Session]) throws -> Void
    ) throws {
        do {
            try writer.read { db in
                let sources = try source.map { [$0] } ?? Self.storedSources(db)
                let sql = "SELECT \(Self.columns) FROM session WHERE source = ? AND timestamp BETWEEN ? AND ? ORDER BY timestamp, session_id"
                var cursors: [RowCursor] = []
                var heads: [Session?] = []
                for name in sources {
                    let cursor = try Row.fetchCursor(db.makeStatement(sql: sql), arguments: [name, from, to])
                    heads.append(try cursor.next().map(Self.decode))
                    cursors.append(cursor)
                }
                var chunk: [Session] = []
                chunk.reserveCapacity(max(1, chunkSize))
                while true {
                    var earliest: Int?
                    for (index, head) in heads.enumerated() {
                        guard let head else { continue }
                        if let current = earliest, let best = heads[current], best.timestamp <= head.timestamp { continue }
                        earliest = index
                    }
                    guard let index = earliest, let session = heads[index] else { break }
                    chunk.append(session)
                    heads[index] = try cursors[index].next().map(Self.decode)
                    if chunk.count >= chunkSize {
                        try body(chunk)
                        chunk.removeAll(keepingCapacity: true)
                    }
                }
                if !chunk.isEmpty { try body(chunk) }
                // The pages this scan read are of no use to the next reader of the connection.
                db.releaseMemory()
            }
        } catch let error as DatabaseError {
            throw Self.classify(error, path: path)
        }
    }

    /// The sources that have sessions, in order: one index lookup per source, not a scan of the
    /// table.
    static func storedSources(_ db: Database) throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                WITH RECURSIVE stored(source) AS (
                    SELECT min(source) FROM session
                    UNION ALL
                    SELECT (SELECT min(source) FROM session WHERE source > stored.source) FROM stored WHERE stored.source IS NOT NULL)
                SELECT source FROM stored WHERE source IS NOT NULL
                """)
    }
}
