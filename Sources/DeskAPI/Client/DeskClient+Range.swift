/// The result of reading every record of a time range.
public struct RangeRead: Sendable {
    /// Each record once (by `SessionId`, the last version seen), ordered by `Timestamp` then `SessionId`.
    public var records: [SessionRecord]
    /// `TotalCount` of the last page read.
    public var totalCount: Int
    /// Pages fetched, over all passes.
    public var pages: Int
    /// How many times the range was paged through.
    public var passes: Int
    /// Whether at least `TotalCount` distinct records were collected: nothing can have been
    /// skipped by the result set shifting between pages.
    public var isComplete: Bool { records.count >= totalCount }
}

extension DeskClient {
    /// The most pages one pass over a range may take (a million records); more means the answer
    /// cannot be trusted.
    static let maxPagesPerPass = 10_000

    /// Reads every record with a `Timestamp` in `start...end`.
    ///
    /// The API pages by `Offset` over a result set that may grow while it is read (late records
    /// appear in the middle of it), so one pass can skip a record that moved past the page
    /// boundary. The client collects records by `SessionId` and pages through the range again,
    /// up to `maxPasses` times, until it holds at least `TotalCount` distinct records. Records
    /// are only ever added to a range, so that count proves nothing was missed.
    public func readRange(start: Int, end: Int, maxPasses: Int = 3) async throws -> RangeRead {
        var collected: [String: SessionRecord] = [:]
        var pages = 0
        var passes = 0
        var totalCount = 0
        repeat {
            passes += 1
            var offset = 0
            var passPages = 0
            totalCount = 0
            // The next page is requested while this one is taken apart, on the guess that this one
            // is full; when it is not, the guess is dropped and the right offset asked for.
            var prefetched: (offset: Int, page: Task<CDRListPage, any Error>)?
            defer { prefetched?.page.cancel() }
            while true {
                let page: CDRListPage
                if let ahead = prefetched, ahead.offset == offset {
                    page = try await ahead.page.value
                } else {
                    prefetched?.page.cancel()
                    page = try await fetchPage(CDRListQuery(startTimestamp: start, endTimestamp: end, limit: CDRListQuery.maxLimit, offset: offset))
                }
                prefetched = nil
                if offset + CDRListQuery.maxLimit < max(totalCount, page.totalCount), page.records.count == CDRListQuery.maxLimit {
                    let query = CDRListQuery(
                        startTimestamp: start, endTimestamp: end, limit: CDRListQuery.maxLimit, offset: offset + CDRListQuery.maxLimit)
                    prefetched = (query.offset, Task { try await self.fetchPage(query) })
                }
                pages += 1
                passPages += 1
                // The largest count seen in the pass: a smaller one later must not end it early.
                totalCount = max(totalCount, page.totalCount)
                for record in page.records {
                    collected[record.sessionID] = record
                }
                // Advance by what came back, in case the server serves pages smaller than asked.
                offset += page.records.count
                if offset >= totalCount || page.records.isEmpty { break }
                if passPages >= Self.maxPagesPerPass {
                    throw DeskAPIError(
                        source: source.name,
                        failure: .invalidResponse(reason: "TotalCount \(totalCount) needs more than \(Self.maxPagesPerPass) pages", excerpt: ""),
                        failureClass: .rejected(hint: "read a shorter time range"), url: source.baseURL + DeskSource.path, attempts: passPages)
                }
            }
        } while collected.count < totalCount && passes < maxPasses
        let records = collected.values.sorted { ($0.timestamp, $0.sessionID) < ($1.timestamp, $1.sessionID) }
        return RangeRead(records: records, totalCount: totalCount, pages: pages, passes: passes)
    }
}
