import Foundation
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
    /// The sessions are read on the database's reader thread while `body` runs on the caller's
    /// with the chunk before, so reading and using them overlap; at most two chunks wait. `body`
    /// must not use the store.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read; whatever `body` throws.
    public func forEachSession(
        source: String?, from: Int, to: Int, chunkSize: Int = 1000, _ body: ([Session]) throws -> Void
    ) throws {
        try readChunks(source: source, from: from, to: to, chunkSize: chunkSize, newestFirst: false) { try body($0) }
    }

    /// Calls `body` with each session of `source` (or of every source) whose `Timestamp` lies in
    /// `from...to`, one at a time in the order of ``forEachSession(source:from:to:chunkSize:_:)``
    /// and read the same way: the form for feeding a rule engine, as each session is handed over
    /// and dropped, without a copy kept. `body` must not use the store.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read; whatever `body` throws.
    public func replay(source: String?, from: Int, to: Int, _ body: (Session) throws -> Void) throws {
        try readChunks(source: source, from: from, to: to, chunkSize: 1000, newestFirst: true) { chunk in
            while let session = chunk.popLast() { try body(session) }
        }
    }

    /// Reads chunks on the database's reader thread and hands each to `consume` on the caller's;
    /// with `newestFirst`, each chunk's sessions are reversed, so that taking them off its end
    /// gives them in time order.
    private func readChunks(
        source: String?, from: Int, to: Int, chunkSize: Int, newestFirst: Bool, _ consume: (inout [Session]) throws -> Void
    ) throws {
        let chunks = SessionChunks(capacity: 2)
        let chunkSize = max(1, chunkSize)
        writer.asyncRead { database in
            do {
                let db = try database.get()
                try Self.readSessions(db, source: source, from: from, to: to, chunkSize: chunkSize, newestFirst: newestFirst, into: chunks)
                // The pages this scan read are of no use to the next reader of the connection.
                db.releaseMemory()
                chunks.finish(failure: nil)
            } catch {
                chunks.finish(failure: error)
            }
        }
        do {
            while var chunk = try chunks.take() {
                do {
                    try consume(&chunk)
                } catch {
                    chunks.stop()
                    throw error
                }
            }
        } catch let error as DatabaseError {
            throw Self.classify(error, path: path)
        }
    }

    /// Reads the sessions for ``readChunks(source:from:to:chunkSize:newestFirst:_:)`` into
    /// `chunks`, until the last or until the consumer stops.
    private static func readSessions(
        _ db: Database, source: String?, from: Int, to: Int, chunkSize: Int, newestFirst: Bool, into chunks: SessionChunks
    ) throws {
        let sources = try source.map { [$0] } ?? storedSources(db)
        var readers = try sources.map { try SourceSessions(db, source: $0, from: from, to: to) }
        var heads = try readers.indices.map { try readers[$0].next() }
        var chunk: [Session] = []
        chunk.reserveCapacity(chunkSize)
        while true {
            // The earliest head; on a tie, the first source.
            var earliest = -1
            var earliestTime = Int.max
            for index in heads.indices {
                if let time = heads[index]?.timestamp, time < earliestTime || earliest < 0 {
                    earliest = index
                    earliestTime = time
                }
            }
            guard earliest >= 0, let session = heads[earliest].take() else { break }
            chunk.append(session)
            heads[earliest] = try readers[earliest].next()
            if chunk.count >= chunkSize {
                if newestFirst { chunk.reverse() }
                guard chunks.put(chunk) else { return }
                chunk = []
                chunk.reserveCapacity(chunkSize)
            }
        }
        if newestFirst { chunk.reverse() }
        if !chunk.isEmpty { _ = chunks.put(chunk) }
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

/// One source's sessions with a `Timestamp` in a range, by `Timestamp` then `SessionId`.
///
/// SQLite walks the `(source, timestamp)` index; the few sessions that share a second are put in
/// `SessionId` order here. Asking SQLite for that order would make it sort every second's rows.
struct SourceSessions {
    private let source: String
    private let statement: Statement
    private let rows: RowCursor
    /// The rest of the current second's sessions, the next one last.
    private var second: [Session] = []
    /// The first session after them, read ahead.
    private var ahead: Session?

    init(_ db: Database, source: String, from: Int, to: Int) throws {
        self.source = source
        statement = try db.makeStatement(
            sql: "SELECT \(SessionStore.columns) FROM session WHERE source = ? AND timestamp BETWEEN ? AND ? ORDER BY timestamp")
        rows = try Row.fetchCursor(statement, arguments: [source, from, to])
        ahead = try read()
    }

    mutating func next() throws -> Session? {
        if let session = second.popLast() { return session }
        guard let first = ahead.take() else { return nil }
        ahead = try read()
        guard ahead?.timestamp == first.timestamp else { return first }
        second.append(first)
        while ahead?.timestamp == first.timestamp, let session = ahead.take() {
            second.append(session)
            ahead = try read()
        }
        // Descending, so that the smallest `SessionId` comes off the end first; byte order, as SQLite compares.
        second.sort { $1.sessionID.utf8.lexicographicallyPrecedes($0.sessionID.utf8) }
        return second.popLast()
    }

    private func read() throws -> Session? {
        guard try rows.next() != nil else { return nil }
        return SessionStore.decode(statement, source: source)
    }
}

/// Chunks of sessions handed from the thread that reads them to the thread that uses them.
final class SessionChunks: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    // Guarded by `condition`.
    private var waiting: [[Session]] = []
    private var isFinished = false
    private var failure: (any Error)?
    private var isStopped = false

    /// - Parameter capacity: how many chunks may wait to be taken.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Hands over `chunk`, waiting while `capacity` chunks wait; false when the consumer stopped.
    func put(_ chunk: [Session]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= capacity, !isStopped { condition.wait() }
        guard !isStopped else { return false }
        waiting.append(chunk)
        condition.broadcast()
        return true
    }

    /// Says that no chunk follows, and why when reading failed.
    func finish(failure: (any Error)?) {
        condition.lock()
        defer { condition.unlock() }
        isFinished = true
        self.failure = failure
        condition.broadcast()
    }

    /// The next chunk, waiting for it; `nil` after the last. Throws the reader's failure once the
    /// chunks read before it were taken.
    func take() throws -> [Session]? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty, !isFinished { condition.wait() }
        if !waiting.isEmpty {
            condition.broadcast()
            return waiting.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Tells the reader to stop and waits until it did.
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        isStopped = true
        waiting.removeAll()
        condition.broadcast()
        while !isFinished { condition.wait() }
    }
}
