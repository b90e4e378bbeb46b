import Rules

/// What one ``SessionStore/ingest(_:source:coveredUntil:now:)`` call changed.
public struct IngestResult: Sendable, Equatable {
    /// Records that were not in the store.
    public var inserted: Int
    /// Records that were, with at least one field changed (a late rating, say).
    public var updated: Int
    /// Records that were, unchanged.
    public var unchanged: Int
    /// The previous version of each updated record, for aggregates that must be corrected.
    public var previous: [Session]

    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, previous: [Session] = []) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
        self.previous = previous
    }
}

/// How far a source has been read.
public struct IngestCursor: Sendable, Equatable {
    public var source: String
    /// Every record with a `Timestamp` up to here that was visible when it was read is stored.
    public var coveredUntil: Int
    /// When the cursor last moved (Unix seconds).
    public var updatedAt: Int

    public init(source: String, coveredUntil: Int, updatedAt: Int) {
        self.source = source
        self.coveredUntil = coveredUntil
        self.updatedAt = updatedAt
    }
}
