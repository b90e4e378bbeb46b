import DeskAPI

/// A session of the simulated application and when the API shows what of it.
public struct SimulatedSession: Sendable, Equatable {
    /// The record as it is once complete (with its rating, if it gets one).
    public var record: SessionRecord
    /// Unix seconds from which the API returns the record.
    public var visibleAt: Int
    /// Unix seconds from which the API returns the rating; before that the record shows as not
    /// rated. `nil` when the rating is there from the start.
    public var ratedAt: Int?

    public init(record: SessionRecord, visibleAt: Int, ratedAt: Int? = nil) {
        self.record = record
        self.visibleAt = visibleAt
        self.ratedAt = ratedAt
    }

    /// The record as the API shows it at `now`, or `nil` when it is not visible yet.
    public func visibleRecord(at now: Int) -> SessionRecord? {
        guard now >= visibleAt else { return nil }
        if let ratedAt, now < ratedAt {
            var unrated = record
            unrated.satisfaction = nil
            return unrated
        }
        return record
    }

    /// The next time after `now` at which what the API shows of this session changes.
    func nextChange(after now: Int) -> Int? {
        if now < visibleAt { return visibleAt }
        if let ratedAt, now < ratedAt { return ratedAt }
        return nil
    }
}
