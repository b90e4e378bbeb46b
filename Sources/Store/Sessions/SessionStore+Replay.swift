import GRDB
import Rules

extension SessionStore {
    /// Calls `body` with the sessions of `source` (or of every source) whose `Timestamp` lies in
    /// `from...to`, in `Timestamp` order, `chunkSize` at a time, so an export of months of
    /// records stays small in memory. See ``replay(source:from:to:_:)`` for the order and the
    /// snapshot.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read; whatever `body` throws.
    public func forEachSession(
        source: String?, from: Int, to: Int, chunkSize: Int = 5000, _ body: ([Session]) throws -> Void
    ) throws {
        var chunk: [Session] = []
        chunk.reserveCapacity(max(1, chunkSize))
        try replay(source: source, from: from, to: to) { session in
            chunk.append(session)
            if chunk.count >= chunkSize {
                try body(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { try body(chunk) }
    }

    /// Calls `body` with each session of `source` (or of every source) whose `Timestamp` lies in
    /// `from...to`, one at a time in `Timestamp` order: the form for feeding a rule engine, as
    /// each session is handed over as it is read, without a copy kept.
    ///
    /// It reads in one read transaction: one cursor per source over the `(source, timestamp)`
    /// index, merged by time, so the cost grows with the sessions read. The sessions are those of
    /// one snapshot of the database; writers are not blocked meanwhile. Sessions with the same
    /// `Timestamp` come by source, then by `SessionId`.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read; whatever `body` throws.
    public func replay(source: String?, from: Int, to: Int, _ body: (Session) throws -> Void) throws {
        do {
            try writer.read { db in
                let sources: [String]
                if let source {
                    sources = [source]
                } else {
                    sources = try String.fetchAll(db, sql: "SELECT DISTINCT source FROM session ORDER BY source")
                }
                let sql = "SELECT \(Self.columns) FROM session WHERE source = ? AND timestamp BETWEEN ? AND ? ORDER BY timestamp, session_id"
                var cursors: [RowCursor] = []
                var heads: [Session?] = []
                for name in sources {
                    let cursor = try Row.fetchCursor(db.makeStatement(sql: sql), arguments: [name, from, to])
                    heads.append(try cursor.next().map(Self.decode))
                    cursors.append(cursor)
                }
                while true {
                    var earliest: Int?
                    var earliestTime = Int.max
                    for index in heads.indices {
                        guard let time = heads[index]?.timestamp, time < earliestTime else { continue }
                        earliest = index
                        earliestTime = time
                    }
                    // Taken out of `heads`, not copied: the session goes to `body` and is gone.
                    guard let index = earliest, let session = heads[index].take() else { break }
                    heads[index] = try cursors[index].next().map(Self.decode)
                    try body(session)
                }
            }
        } catch let error as DatabaseError {
            throw Self.classify(error, path: path)
        }
    }
}
