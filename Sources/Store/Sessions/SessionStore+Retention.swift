import GRDB

extension SessionStore {
    /// Deletes at most `limit` sessions of `source` older than `cutoff` in one short
    /// transaction; returns how many it deleted.
    public func pruneBatch(source: String, olderThan cutoff: Int, limit: Int = 1000) throws -> Int {
        try write { db in try Self.deleteBatch(db, source: source, olderThan: cutoff, limit: limit) }
    }

    private static func deleteBatch(_ db: Database, source: String, olderThan cutoff: Int, limit: Int) throws -> Int {
        try db.execute(
            sql: "DELETE FROM session WHERE id IN (SELECT id FROM session WHERE source = ?1 AND timestamp < ?2 LIMIT ?3)",
            arguments: [source, cutoff, limit])
        return db.changesCount
    }

    /// Deletes every session and alert transition older than `cutoff`, in small batches with a
    /// pause between them, so ingestion (which writes in between) is never held up for long.
    /// Returns how many sessions it deleted.
    public func prune(olderThan cutoff: Int, batchSize: Int = 1000) async throws -> Int {
        var deleted = 0
        for source in try sources() {
            while true {
                try Task.checkCancellation()
                let count = try await write { db in try Self.deleteBatch(db, source: source, olderThan: cutoff, limit: batchSize) }
                deleted += count
                if count < batchSize { break }
                await Task.yield()
            }
        }
        while try await write({ db in
            try db.execute(
                sql: "DELETE FROM alert_transition WHERE id IN (SELECT id FROM alert_transition WHERE at < ? LIMIT ?)",
                arguments: [cutoff, batchSize])
            return db.changesCount
        }) >= batchSize {
            try Task.checkCancellation()
            await Task.yield()
        }
        return deleted
    }

    /// The sources that have sessions.
    public func sources() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT source FROM session ORDER BY source") }
    }
}
