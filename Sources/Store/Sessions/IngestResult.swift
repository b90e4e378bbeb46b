import Rules

/// What one ``SessionStore/ingest(_:source:coveredUntil:now:)`` call changed.
public struct IngestResult: Sendable, Equatable {
    /// Records that were not in the store.
    public var inserted: Int
    /// Records that were, with at least one field changed (a late rating, say).
    public var updated: Int
    /// Records that were, unchanged.
    public var unchanged: Int
    /// Each inserted record (with no old copy) and each updated one (with the copy it
    /// replaced), in the order given: what window aggregates must add and correct.
    public var changes: [SessionChange]

    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, changes: [SessionChange] = []) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
        self.changes = changes
    }
}

/// A session that is new to the store (`old` is `nil`) or that replaced a stored copy.
public struct SessionChange: Sendable, Equatable {
    public var old: Session?
    public var new: Session

    public init(old: Session?, new: Session) {
        self.old = old
        self.new = new
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
