import DeskAPI
import Synchronization

/// The health of every source, updated by the pollers and the API clients, read by the status
/// server and the metrics.
public final class SourceHealthBoard: Sendable {
    private let sources: Mutex<[String: SourceHealth]>

    public init(sources names: [String] = []) {
        sources = Mutex(Dictionary(uniqueKeysWithValues: names.map { ($0, SourceHealth(source: $0)) }))
    }

    /// The health of every source, by name.
    public var snapshot: [SourceHealth] {
        sources.withLock { $0.values.sorted { $0.source < $1.source } }
    }

    /// The health of `source`.
    public func health(of source: String) -> SourceHealth {
        sources.withLock { $0[source] ?? SourceHealth(source: source) }
    }

    /// A ``DeskClient`` observer that counts the client's calls, pages and retries for `source`.
    public func observer(for source: String) -> @Sendable (DeskClientEvent) -> Void {
        { [self] event in
            update(source) { health in
                switch event {
                case .call(let result, _): health.apiCalls[Self.label(result), default: 0] += 1
                case .page: health.pages += 1
                case .retry: health.retries += 1
                case .signatureRenewed: break
                case .invalidRecords(let count): health.invalidRecords += count
                }
            }
        }
    }

    /// The call result as a counter label: known error codes as they are, any other numeric code
    /// as `other_error`, so a misbehaving server cannot grow the set of labels without bound.
    static func label(_ result: String) -> String {
        guard let code = Int(result) else { return result }
        return DeskErrorCodes.meaning(of: code) == nil ? "other_error" : result
    }

    func update(_ source: String, _ body: (inout SourceHealth) -> Void) {
        sources.withLock { sources in
            var health = sources[source] ?? SourceHealth(source: source)
            body(&health)
            sources[source] = health
        }
    }
}
