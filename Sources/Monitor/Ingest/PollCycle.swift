/// Polls several sources at once; one source failing or hanging on retries never holds up the
/// others.
public enum PollCycle {
    /// The outcome of one source's poll.
    public enum Outcome: Sendable {
        case polled(SourcePoller.Report)
        case failed(source: String, error: any Error)
    }

    /// Polls every source at `now`, concurrently, and returns the outcomes in source order.
    public static func run(_ pollers: [SourcePoller], now: Int) async -> [Outcome] {
        await withTaskGroup(of: (Int, Outcome).self) { group in
            for (index, poller) in pollers.enumerated() {
                group.addTask {
                    do {
                        return (index, .polled(try await poller.poll(now: now)))
                    } catch {
                        return (index, .failed(source: poller.source, error: error))
                    }
                }
            }
            var outcomes: [(Int, Outcome)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
