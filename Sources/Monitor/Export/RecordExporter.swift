import DeskAPI
import Foundation

/// Exports the records of a time range as JSON Lines: one record per line with the API's field
/// names, each record once, in `Timestamp` order.
///
/// Long ranges are read in slices. Slices are queried with one second of overlap on each side
/// and each slice keeps only the records whose `Timestamp` falls inside it, so a record is
/// written exactly once whether or not the API treats the range ends as inclusive.
public struct RecordExporter: Sendable {
    /// Progress after each slice.
    public struct Progress: Sendable {
        public var records: Int
        public var sliceEnd: Int
        public var from: Int
        public var to: Int
        /// Slices that ended with fewer distinct records than the API's `TotalCount`.
        public var incompleteSlices: Int

        /// Share of the range done, 0...1.
        public var fraction: Double { to > from ? Double(sliceEnd - from) / Double(to - from) : 1 }
    }

    public var client: DeskClient
    public var sliceLength: Int

    public init(client: DeskClient, sliceLength: Int = 3600) {
        self.client = client
        self.sliceLength = max(1, sliceLength)
    }

    /// Reads `from...to` and hands each slice's records to `write`, in order.
    @discardableResult
    public func export(
        from: Int, to: Int, write: (ArraySlice<SessionRecord>) throws -> Void, progress: (Progress) -> Void = { _ in }
    ) async throws -> Progress {
        var state = Progress(records: 0, sliceEnd: from, from: from, to: to, incompleteSlices: 0)
        var sliceStart = from
        while sliceStart <= to {
            let sliceEnd = min(to, sliceStart + sliceLength - 1)
            let read = try await client.readRange(start: sliceStart - 1, end: sliceEnd + 1)
            if !read.isComplete { state.incompleteSlices += 1 }
            let records = read.records.filter { (sliceStart...sliceEnd).contains($0.timestamp) }
            try write(records[...])
            state.records += records.count
            state.sliceEnd = sliceEnd
            progress(state)
            if sliceEnd == to { break }
            sliceStart = sliceEnd + 1
        }
        return state
    }
}
