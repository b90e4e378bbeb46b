import DeskAPI
import Logging
import Rules
import Store

/// Reads one source into the store: each poll reads `(cursor − lookback, now]` slice by slice
/// and commits each slice's records together with the cursor.
///
/// - A record that shows up in the API up to `lookback` after its `Timestamp` is stored: every
///   poll reads again the last `lookback` before the previous poll's `now`.
/// - A record that comes back with changed fields (a rating given late) is updated.
/// - The first poll of a source reads back `backfill`, at the source's pace.
/// - The cursor moves only after a slice is stored, in the same transaction, so a crash at any
///   moment leaves neither a gap (the restart reads from the old cursor) nor a duplicate (the
///   store's key makes a second write an update).
public final class SourcePoller: Sendable {
    /// What one poll did.
    public struct Report: Sendable, Equatable {
        public var source: String
        /// The range read, inclusive.
        public var from: Int
        public var to: Int
        public var inserted: Int
        public var updated: Int
        public var pages: Int
    }

    public let source: String
    private let client: DeskClient
    private let store: SessionStore
    private let lookback: Int
    private let backfill: Int
    private let sliceLength: Int
    private let health: SourceHealthBoard
    private let logger: Logger
    private let onStored: @Sendable ([SessionChange]) -> Void

    /// - Parameters:
    ///   - sliceLength: the longest range one slice reads (and one transaction stores).
    ///   - onStored: called with every new or changed session (and the copy it replaced) of each
    ///     slice as soon as the slice is stored, so that a back-fill of days is never held in memory
    ///     at once.
    public init(
        client: DeskClient, store: SessionStore, lookback: Duration, backfill: Duration, sliceLength: Duration = .seconds(3600),
        health: SourceHealthBoard, logger: Logger, onStored: @escaping @Sendable ([SessionChange]) -> Void = { _ in }
    ) {
        self.onStored = onStored
        self.source = client.source.name
        self.client = client
        self.store = store
        self.lookback = Int(lookback.seconds)
        self.backfill = Int(backfill.seconds)
        self.sliceLength = max(60, Int(sliceLength.seconds))
        self.health = health
        var logger = logger
        logger[metadataKey: "desk.source"] = .string(client.source.name)
        self.logger = logger
    }

    /// The range the next poll at `now` reads: `(cursor − lookback, now]`, or the back-fill.
    public func range(now: Int) throws -> ClosedRange<Int> {
        let start: Int
        if let cursor = try store.cursor(source: source) {
            // A cursor ahead of the clock (the clock was set back) must not skip the present.
            start = min(cursor.coveredUntil, now) - lookback + 1
        } else {
            start = now - backfill + 1
        }
        return min(start, now)...now
    }

    /// The records of one slice, and whether every one of them was seen.
    struct SliceRead: Sendable {
        var records: [SessionRecord]
        var pages: Int
        var isComplete: Bool
    }

    /// Reads `start...end`; a range whose result set kept shifting while it was paged is split in
    /// halves, which need fewer pages each, until every part reads completely or is a minute long.
    private func readSlice(start: Int, end: Int) async throws -> SliceRead {
        let read = try await client.readRange(start: start, end: end)
        guard !read.isComplete, end - start >= 60 else {
            return SliceRead(records: read.records, pages: read.pages, isComplete: read.isComplete)
        }
        let middle = start + (end - start) / 2
        let first = try await readSlice(start: start, end: middle)
        let second = try await readSlice(start: middle + 1, end: end)
        var byID: [String: SessionRecord] = [:]
        for record in read.records + first.records + second.records { byID[record.sessionID] = record }
        return SliceRead(
            records: Array(byID.values), pages: read.pages + first.pages + second.pages, isComplete: first.isComplete && second.isComplete)
    }

    /// Stores one slice, with the cursor at its end when it was read completely.
    private func commit(_ read: SliceRead, coveredUntil: Int, now: Int, into report: inout Report) async throws {
        // A record far outside the range asked for is not what the API documents; keep it out
        // of the store (and the rule windows) and count it.
        let plausible = (report.from - 86_400)...(now + 86_400)
        let records = read.records.filter { plausible.contains($0.timestamp) }
        let result = try await store.ingest(
            records.map { Session($0, source: source) }, source: source, coveredUntil: read.isComplete ? coveredUntil : nil, now: now)
        report.inserted += result.inserted
        report.updated += result.updated
        report.pages += read.pages
        if !result.changes.isEmpty { onStored(result.changes) }
        let implausible = read.records.count - records.count
        if implausible > 0 || !read.isComplete {
            health.update(source) { health in
                health.implausibleRecords += implausible
                if !read.isComplete { health.incompleteSlices += 1 }
            }
        }
        if implausible > 0 {
            logger.warning("records with a Timestamp far outside the range were left out", metadata: ["desk.count": "\(implausible)"])
        }
        if !read.isComplete {
            logger.warning(
                "a slice kept changing while it was read; its records are stored and the next poll reads it again",
                metadata: ["poll.slice_end": "\(coveredUntil)"])
        }
    }

    /// One poll at `now`. Failures are recorded in the source's health and rethrown.
    @discardableResult
    public func poll(now: Int) async throws -> Report {
        do {
            let range = try range(now: now)
            var report = Report(source: source, from: range.lowerBound, to: range.upperBound, inserted: 0, updated: 0, pages: 0)
            // Each slice is stored while the next one is read; slices are committed in order, so
            // the cursor only ever moves over stored records.
            var sliceStart = range.lowerBound
            var pending: (read: SliceRead, end: Int)?
            while true {
                let (start, sliceEnd) = (sliceStart, min(range.upperBound, sliceStart + sliceLength - 1))
                async let next = readSlice(start: start, end: sliceEnd)
                if let pending { try await commit(pending.read, coveredUntil: pending.end, now: now, into: &report) }
                let read = try await next
                pending = (read, sliceEnd)
                // After a slice that could not be read completely the cursor must stay before it,
                // so later slices are not committed in this poll; the next poll starts there.
                if !read.isComplete || sliceEnd >= range.upperBound { break }
                sliceStart = sliceEnd
            }
            if let pending { try await commit(pending.read, coveredUntil: pending.end, now: now, into: &report) }
            // A back-fill (or catching up after an outage) filled the store's write cache with
            // pages the next polls do not need.
            if await store.releaseWriterMemory() { ProcessMemory.giveBackFreePages() }
            let newest = try store.newestTimestamp(source: source)
            health.update(source) { health in
                health.polls += 1
                health.lastSuccessfulPoll = now
                health.lastError = nil
                health.inserted += report.inserted
                health.updated += report.updated
                health.newestRecord = newest
            }
            logger.info(
                "poll complete",
                metadata: [
                    "poll.from": "\(report.from)", "poll.to": "\(report.to)", "poll.inserted": "\(report.inserted)",
                    "poll.updated": "\(report.updated)", "poll.pages": "\(report.pages)",
                    "poll.lag": "\(newest.map { String(now - $0) + "s" } ?? "none")",
                ])
            return report
        } catch {
            let kind: String
            switch error {
            case let error as DeskAPIError: kind = error.failureClass.name
            case is StoreError: kind = "store"
            case is CancellationError: throw error
            default: kind = "other"
            }
            health.update(source) { health in
                health.polls += 1
                health.failedPolls += 1
                health.lastError = .init(time: now, kind: kind, message: "\(error)")
            }
            logger.error("poll failed", metadata: ["poll.error": "\(error)", "poll.error_kind": "\(kind)"])
            throw error
        }
    }
}
